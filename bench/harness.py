"""What the bench scripts share: the machine facts they print, and starting and stopping local processes."""

from __future__ import annotations

import contextlib
import os
import platform
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # benchmarks load loopback only


def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def _run(args: list[str], timeout: float = 20) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout or done.stderr).strip()


def cpu_model() -> str:
    return _first("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()


def memory_gib() -> float:
    kib = _first("/proc/meminfo", "MemTotal").split()
    return round(int(kib[0]) / 1024 / 1024, 1) if kib else 0.0


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return ""


def python_version(python: Path) -> str:
    return _run([str(python), "-c", "import platform; print(platform.python_version())"])


def sqlite_version(python: Path) -> str:
    """The SQLite library that `python` (the project's interpreter) links."""
    return _run([str(python), "-c", "import sqlite3; print(sqlite3.sqlite_version)"])


def postgres_version(host: str = "localhost", user: str = "postgres") -> str:
    out = _run(["psql", "-U", user, "-h", host, "-d", "postgres", "-tAc", "SHOW server_version"])
    return out.splitlines()[0].split()[0] if out and "error" not in out.lower() else ""


def facts(python: Path, *, sqlite: bool = True, postgres: bool = False) -> dict[str, object]:
    """Machine facts as a dict (for the JSON line)."""
    result: dict[str, object] = {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": memory_gib(),
        "python": python_version(python),
        "os": platform.platform(),
        "load_average_at_start": load_average(),
    }
    if sqlite:
        result["sqlite"] = sqlite_version(python)
    if postgres:
        result["postgresql"] = postgres_version()
    return result


def facts_line(facts_: dict[str, object]) -> str:
    """Machine facts on one line, for people."""
    parts = [
        f"CPU {facts_['cpu']}",
        f"{facts_['cores']} cores (os.cpu_count)",
        f"{facts_['memory_gib']} GiB RAM",
        f"Python {facts_['python']}",
    ]
    if "sqlite" in facts_:
        parts.append(f"SQLite {facts_['sqlite']}")
    if "postgresql" in facts_:
        parts.append(f"PostgreSQL {facts_['postgresql'] or 'unavailable'}")
    parts += [str(facts_["os"]), f"load average {facts_['load_average_at_start']}"]
    return "machine: " + " | ".join(parts)


def say(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def stop_group(process: subprocess.Popen[Any], grace: float = 10) -> None:
    """SIGTERM a process group, wait until all of it has gone, SIGKILL whatever is left after `grace` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        process.poll()
        time.sleep(0.2)
    else:
        say(f"  process group {process.pid} still alive after {grace:.0f} s: SIGKILL")
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
