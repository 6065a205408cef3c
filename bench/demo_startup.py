"""Time from `make demo` in a fresh clone until `/`, `/api/v1/docs` and `/admin/` answer 200, and again on a re-run.

The acceptance point: "From a fresh clone, `make demo` serves `/`, `/api/v1/docs` and `/admin/` with status 200; a
second `make demo` reuses the environment and is serving within 20 seconds."

Clones the repository this script lives in (committed files only) into a temporary directory, runs `make demo`
there with ZHIZHI_PORT set to a free loopback port, polls the three pages every 0.5 s (following redirects), stops
the whole process group, then runs `make demo` a second time in the same clone. The first run installs everything
(virtualenv, pip, npm, migrations, demo data) and takes minutes. Times are reported, never asserted: exit status 1
only if a run failed to serve, 0 otherwise.

    .venv/bin/python bench/demo_startup.py [--keep]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from harness import HOST, facts, facts_line, free_port, load_average, say, stop_group

PAGES = ("/", "/api/v1/docs", "/admin/")
POLL_SECONDS = 0.5
FIRST_TIMEOUT = 900.0
SECOND_TIMEOUT = 120.0
TARGET_SECONDS = 20.0
STOP_GRACE = 10.0

# Loopback only, whatever proxy the environment names.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Run:
    name: str
    log: str
    served: bool = False
    seconds: float | None = None
    exit_status: int | None = None
    last_status: dict[str, str] | None = None
    error: str = ""


def port_free(port: int) -> bool:
    """Nothing listens on the port (connections of the stopped server left in TIME_WAIT do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def status_of(url: str) -> str:
    """The final status after redirects, or the reason there is none."""
    try:
        with _OPENER.open(url, timeout=5) as response:
            response.read()
            return str(response.status)
    except urllib.error.HTTPError as exc:
        return str(exc.code)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return type(reason).__name__ if not isinstance(reason, str) else reason


def repo_root() -> Path:
    here = Path(__file__).resolve().parent
    out = subprocess.run(
        ["git", "-C", str(here), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
    )
    return Path(out.stdout.strip())


def clean_env(repo: Path, port: int) -> dict[str, str]:
    """The caller's environment without Zhizhi settings or an activated virtualenv, plus ZHIZHI_PORT."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIZHI_") and k != "VIRTUAL_ENV"}
    venv_bin = str(repo / ".venv" / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin)
    env["ZHIZHI_PORT"] = str(port)
    return env


def wait_port_free(port: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_free(port):
            return True
        time.sleep(0.5)
    return False


def demo_run(run: Run, clone: Path, env: dict[str, str], port: int, timeout: float) -> None:
    """Start `make demo`, wait until every page answers 200 (or failure or timeout), then stop it."""
    urls = {page: f"http://{HOST}:{port}{page}" for page in PAGES}
    say(f"\n== {run.name}: make demo (ZHIZHI_PORT={port}, timeout {timeout:.0f} s), log {run.log}")
    with open(run.log, "wb") as sink:
        started = time.monotonic()
        process = subprocess.Popen(
            ["make", "demo"], cwd=clone, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        statuses: dict[str, str] = {}
        next_report = started + 30
        while time.monotonic() - started < timeout:
            statuses = {page: status_of(url) for page, url in urls.items()}
            if all(status == "200" for status in statuses.values()):
                run.seconds = round(time.monotonic() - started, 2)
                run.served = True
                break
            if process.poll() is not None:
                run.exit_status = process.returncode
                run.error = f"make demo exited with status {process.returncode} before serving"
                break
            if time.monotonic() >= next_report:
                say(f"  {time.monotonic() - started:5.0f} s: {statuses}")
                next_report += 30
            time.sleep(POLL_SECONDS)
        else:
            run.error = f"not all pages answered 200 within {timeout:.0f} s"
        run.last_status = statuses
    finally:
        if process.poll() is None:
            stop_group(process, STOP_GRACE)
            run.exit_status = process.returncode
        else:
            stop_group(process, STOP_GRACE)  # the server may have left children behind in the group
    if run.served:
        say(f"  all of {', '.join(PAGES)} answered 200 after {run.seconds:.1f} s")
    else:
        say(f"  FAILED: {run.error}; last statuses {run.last_status}")
    if not wait_port_free(port):
        run.error = (run.error + "; " if run.error else "") + f"port {port} still in use after stopping"
        say(f"  port {port} is still in use after stopping make demo")


def tail(path: str, lines: int = 30) -> str:
    text = Path(path).read_text(errors="replace") if Path(path).exists() else ""
    return "\n".join("    " + line for line in text.splitlines()[-lines:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary clone and logs for inspection")
    args = parser.parse_args()
    for tool in ("git", "make"):
        if shutil.which(tool) is None:
            say(f"{tool} is not installed: apt-get install {tool}")
            return 2

    repo = repo_root()
    commit = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    when = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    load_at_start = load_average()
    tmp = Path(tempfile.mkdtemp(prefix="zhizhi-demo-startup-"))
    clone = tmp / "zhizhi"
    runs = [
        Run("first run (fresh clone)", str(tmp / "first.log")),
        Run("second run (same clone)", str(tmp / "second.log")),
    ]
    say(f"bench/demo_startup.py {when}: clone of {repo} at {commit} (committed files only) into {clone}")
    if dirty:
        say(f"  note: {len(dirty.splitlines())} uncommitted change(s) in {repo} are not part of the clone")
    try:
        subprocess.run(["git", "clone", "--quiet", str(repo), str(clone)], check=True, timeout=300)
        port = free_port()
        env = clean_env(repo, port)
        demo_run(runs[0], clone, env, port, FIRST_TIMEOUT)
        if runs[0].served:
            plan = subprocess.run(
                ["make", "-n", "demo"], cwd=clone, env=env, capture_output=True, text=True, timeout=60, check=False
            )
            say("  `make -n demo` before the second run would execute:")
            for line in plan.stdout.splitlines()[:20]:
                say(f"    {line}")
            demo_run(runs[1], clone, env, port, SECOND_TIMEOUT)
        else:
            runs[1].error = "not run: the first run did not serve"

        python = clone / ".venv" / "bin" / "python"
        machine = facts(python if python.exists() else Path(sys.executable), sqlite=True)
        machine["load_average_at_start"] = load_at_start
        first, second = runs
        say("\n== result")
        say(f"first run (fresh clone: install + migrate + demo data + serve): {fmt(first)}")
        say(f"second run (reused environment):                                  {fmt(second)}")
        within = "yes" if second.served and second.seconds is not None and second.seconds <= TARGET_SECONDS else "no"
        say(f"second run within {TARGET_SECONDS:.0f} s: {within}")
        say(facts_line(machine))
        for run in runs:
            if not run.served and Path(run.log).exists():
                say(f"\nlast 30 lines of the {run.name} log ({run.log}):\n{tail(run.log)}")
        say(
            json.dumps(
                {
                    "benchmark": "demo_startup",
                    "date": when,
                    "commit": commit,
                    "machine": machine,
                    "runs": [asdict(run) for run in runs],
                    "second_within_20s": within == "yes",
                },
                ensure_ascii=False,
            )
        )
        return 0 if all(run.served for run in runs) else 1
    finally:
        if args.keep:
            say(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def fmt(run: Run) -> str:
    if run.served:
        return f"{run.seconds:.1f} s"
    return f"FAILED ({run.error})"


if __name__ == "__main__":
    sys.exit(main())
