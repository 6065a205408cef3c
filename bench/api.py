"""Requests/s and p50/p99 latency of two read endpoints of the JSON API, on SQLite and on PostgreSQL, with wrk.

For each database: a scratch var dir, `zhizhi migrate`, `zhizhi demo` (the demo city), an API token issued through
`zhizhi shell`, then `zhizhi serve` (gunicorn) on a free loopback port and wrk against

    GET /api/v1/departments?page_size=50
    GET /api/v1/divisions?parent=<a county-level parent>&page_size=50

with `Authorization: Bearer <token>`. Prints a table, the machine it ran on and one JSON line. Times are reported,
never asserted. Exit status: 0 measured, 1 a server or endpoint failed or answered non-2xx under load, 2 a tool is
missing (wrk, psql, the project's .venv).

    .venv/bin/python bench/api.py [--db sqlite|postgres|both] [--duration 10] [--connections 16]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from harness import HOST, REPO, facts, facts_line, free_port, say, stop_group

BIN = REPO / ".venv" / "bin"
ZHIZHI = BIN / "zhizhi"
PYTHON = BIN / "python"
PG_DATABASE = "zhizhi_bench"
PG_URL = f"postgres://postgres@localhost:5432/{PG_DATABASE}"
PSQL = ["psql", "-U", "postgres", "-h", "localhost", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc"]
DEFAULT_PARENT = "359902"
SCOPES = ["divisions:read", "departments:read", "persons:read", "enterprises:read"]
READY_TIMEOUT = 90.0
WARMUP_SECONDS = 2

TOKEN_CODE = f"""
from zhizhi.accounts.models import Department, User
from zhizhi.accounts.services import api_client_create
admin = User.objects.get(username="admin")
department = Department.objects.order_by("pk").first()
client, token = api_client_create(actor=admin, name="bench", department=department, scopes={SCOPES!r})
print("BENCH_TOKEN=" + token)
"""

# Loopback only, whatever proxy the environment names.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_LATENCY = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.MULTILINE)


@dataclass
class Result:
    database: str
    endpoint: str
    processes: int
    threads: int
    connections: int
    duration_s: int
    requests: int = 0
    requests_per_s: float = 0.0
    p50_ms: float | None = None
    p99_ms: float | None = None
    non_2xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)
    error: str = ""


def run(args: list[str], env: dict[str, str], timeout: float, what: str) -> str:
    """Run a setup command to completion; raise with its output's tail if it fails."""
    started = time.monotonic()
    try:
        done = subprocess.run(
            args,
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"{what}: no result after {timeout:.0f} s") from exc
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-30:])
        raise RuntimeError(f"{what} failed with exit status {done.returncode}:\n{tail}")
    say(f"  {what}: {time.monotonic() - started:.1f} s")
    return done.stdout


def get_json(url: str, token: str, timeout: float = 10) -> tuple[int, Any]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        body = exc.read()[:500].decode(errors="replace")
        return exc.code, body


def wait_ready(process: subprocess.Popen[Any], base: str, token: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"zhizhi serve exited with status {process.returncode} before answering")
        with contextlib.suppress(OSError):
            status, _ = get_json(f"{base}/api/v1/departments?page_size=1", token, timeout=5)
            if status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"zhizhi serve did not answer within {READY_TIMEOUT:.0f} s")


def pick_parent(base: str, token: str) -> str:
    """359902 if it has child divisions, otherwise the parent with the most children that the API lists."""
    status, body = get_json(f"{base}/api/v1/divisions?parent={DEFAULT_PARENT}&page_size=50", token)
    if status == 200 and body.get("items"):
        return DEFAULT_PARENT
    children: dict[str, int] = {}
    for page in range(1, 21):
        status, body = get_json(f"{base}/api/v1/divisions?page={page}&page_size=200", token)
        if status != 200 or not body.get("items"):
            break
        for item in body["items"]:
            if item.get("parent_code"):
                children[item["parent_code"]] = children.get(item["parent_code"], 0) + 1
    if not children:
        raise RuntimeError(f"no division with children found through the API (last answer {status}: {body!s:.200})")
    return max(children, key=lambda code: children[code])


def check_endpoint(base: str, path: str, token: str) -> str:
    status, body = get_json(f"{base}{path}", token)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}: {body!s:.300}")
    if not isinstance(body, dict) or not body.get("items"):
        raise RuntimeError(f"GET {path} answered 200 without items: {body!s:.300}")
    return f"200, {len(body['items'])} items of {body.get('count')}"


def to_ms(value: str, unit: str) -> float:
    return round(float(value) * _UNIT_MS[unit], 3)


def parse_wrk(output: str, result: Result) -> None:
    for percentile, value, unit in _LATENCY.findall(output):
        if percentile == "50":
            result.p50_ms = to_ms(value, unit)
        else:
            result.p99_ms = to_ms(value, unit)
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result.requests_per_s = float(match.group(1))
    if match := re.search(r"^\s*(\d+) requests in", output, re.MULTILINE):
        result.requests = int(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result.non_2xx = int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        result.socket_errors = dict(zip(("connect", "read", "write", "timeout"), map(int, match.groups()), strict=True))
    if result.p50_ms is None or not result.requests_per_s:
        result.error = "could not read wrk's output"


def wrk(url: str, token: str, connections: int, duration: int, latency: bool) -> str:
    threads = max(1, min(2, connections))
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s"]
    if latency:
        args.append("--latency")
    args += [url, "-H", f"Authorization: Bearer {token}"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=duration + 60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed with exit status {done.returncode}: {done.stderr.strip()[:300]}")
    return done.stdout


def server_log_problems(log: Path) -> list[str]:
    text = log.read_text(errors="replace") if log.exists() else ""
    return [
        line
        for line in text.splitlines()
        if "Traceback" in line or "WORKER TIMEOUT" in line or " ERROR " in line or "CRITICAL" in line
    ]


def bench_database(database: str, args: argparse.Namespace, token_env: dict[str, str]) -> list[Result]:
    cores = os.cpu_count() or 1
    processes = 2 if database == "sqlite" else 2 * cores + 1
    threads = args.server_threads
    var_dir = Path(tempfile.mkdtemp(prefix=f"zhizhi-bench-{database}-"))
    env = {**token_env, "ZHIZHI_VAR_DIR": str(var_dir), "ZHIZHI_DEBUG": "0"}
    if database == "postgres":
        env["ZHIZHI_DATABASE_URL"] = PG_URL
    results: list[Result] = []
    server: subprocess.Popen[Any] | None = None
    log = var_dir / "serve.log"
    say(f"\n== {database}: var dir {var_dir}")
    try:
        if database == "postgres":
            run([*PSQL, f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"], env, 60, "drop database")
            run([*PSQL, f"CREATE DATABASE {PG_DATABASE}"], env, 60, "create database")
        run([str(ZHIZHI), "migrate", "--noinput", "-v", "0"], env, 600, "zhizhi migrate")
        run([str(ZHIZHI), "demo"], env, 1200, "zhizhi demo")
        out = run([str(ZHIZHI), "shell", "-c", TOKEN_CODE], env, 120, "API token")
        tokens = [line.split("=", 1)[1].strip() for line in out.splitlines() if line.startswith("BENCH_TOKEN=")]
        if not tokens:
            raise RuntimeError(f"zhizhi shell printed no token: {out[-300:]}")
        token = tokens[-1]

        port = free_port()
        base = f"http://{HOST}:{port}"
        say(f"  zhizhi serve --port {port} --processes {processes} --threads {threads}")
        serve = [str(ZHIZHI), "serve", "--host", HOST, "--port", str(port)]
        with log.open("wb") as sink:
            server = subprocess.Popen(
                [*serve, "--processes", str(processes), "--threads", str(threads)],
                env=env,
                cwd=REPO,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started = time.monotonic()
        wait_ready(server, base, token)
        say(f"  serving after {time.monotonic() - started:.1f} s")

        parent = pick_parent(base, token)
        if parent != DEFAULT_PARENT:
            say(f"  division {DEFAULT_PARENT} has no children here; using parent={parent}")
        paths = ["/api/v1/departments?page_size=50", f"/api/v1/divisions?parent={parent}&page_size=50"]
        for path in paths:
            result = Result(database, path, processes, threads, args.connections, args.duration)
            results.append(result)
            try:
                say(f"  GET {path}: {check_endpoint(base, path, token)}")
                wrk(base + path, token, args.connections, WARMUP_SECONDS, latency=False)
                parse_wrk(wrk(base + path, token, args.connections, args.duration, latency=True), result)
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                result.error = str(exc)
                say(f"  FAILED: {exc}")
            if server.poll() is not None:
                raise RuntimeError(f"zhizhi serve exited with status {server.returncode} during the run")
    except (RuntimeError, OSError) as exc:
        say(f"  FAILED: {exc}")
        if not results:
            results.append(Result(database, "(setup)", processes, threads, args.connections, args.duration))
        results[-1].error = results[-1].error or str(exc)
    finally:
        if server is not None:
            stop_group(server)
        problems = server_log_problems(log)
        if problems:
            say(f"  server log: {len(problems)} error line(s), first ones:")
            for line in problems[:5]:
                say(f"    {line[:200]}")
        if any(r.error for r in results) and log.exists():
            say("  last 30 lines of the server log:")
            for line in log.read_text(errors="replace").splitlines()[-30:]:
                say(f"    {line}")
        if database == "postgres":
            subprocess.run(
                [*PSQL, f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"],
                capture_output=True,
                timeout=60,
                check=False,
            )
        shutil.rmtree(var_dir, ignore_errors=True)
    return results


def fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(results: list[Result]) -> None:
    header = ["database", "server", "endpoint", "requests", "req/s", "p50 ms", "p99 ms", "non-2xx", "socket errors"]
    rows = []
    for r in results:
        socket_errors = ", ".join(f"{k} {v}" for k, v in r.socket_errors.items() if v) or "0"
        rows.append(
            [
                r.database,
                f"{r.processes}p x {r.threads}t",
                r.endpoint.removeprefix("/api/v1/"),
                str(r.requests),
                fmt(r.requests_per_s, 1),
                fmt(r.p50_ms),
                fmt(r.p99_ms),
                str(r.non_2xx),
                socket_errors if not r.error else f"FAILED: {r.error.splitlines()[0][:60]}",
            ]
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        say("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each measured wrk run (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--server-threads", type=int, default=4, help="threads per gunicorn process (default 4)")
    args = parser.parse_args()
    if not 1 <= args.duration <= 600 or not 1 <= args.connections <= 1000:
        parser.error("--duration must be 1..600 s and --connections 1..1000")

    if shutil.which("wrk") is None:
        say("wrk is not installed: apt-get install wrk")
        return 2
    if not ZHIZHI.exists():
        say(f"{ZHIZHI} is missing: run `make install` first")
        return 2
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if "postgres" in databases:
        if shutil.which("psql") is None:
            say("psql is not installed: apt-get install postgresql-client")
            return 2
        ready = subprocess.run(["pg_isready", "-h", "localhost", "-q"], check=False, timeout=30).returncode == 0
        if not ready:
            say("PostgreSQL is not accepting connections on localhost:5432")
            return 2

    machine = facts(PYTHON, sqlite="sqlite" in databases, postgres="postgres" in databases)
    when = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    say(
        f"bench/api.py {when}: wrk -c{args.connections} -d{args.duration}s --latency after a {WARMUP_SECONDS} s warm-up"
    )
    say(facts_line(machine))

    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIZHI_")}
    env["PYTHONUNBUFFERED"] = "1"
    results: list[Result] = []
    for database in databases:
        results += bench_database(database, args, env)

    say("")
    print_table(results)
    say(facts_line(machine))
    say(
        json.dumps(
            {
                "benchmark": "api",
                "date": when,
                "machine": machine,
                "options": {"duration_s": args.duration, "connections": args.connections, "wrk_threads": 2},
                "results": [asdict(r) for r in results],
            },
            ensure_ascii=False,
        )
    )
    failed = [r for r in results if r.error]
    non_2xx = [r for r in results if r.non_2xx]
    if non_2xx:
        say(f"ERRORS UNDER LOAD: {len(non_2xx)} run(s) had non-2xx responses")
    return 1 if failed or non_2xx else 0


if __name__ == "__main__":
    sys.exit(main())
