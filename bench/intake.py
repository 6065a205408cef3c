"""Requests/s and p50/p99 latency of appeal intake over HTTP on PostgreSQL, with wrk on loopback.

A scratch PostgreSQL database gets the demo city with 3,000 appeals of history and the routing model trained on them
(`zhizhi demo --applications 0 --appeals 3000`) and an Open311 API key; `zhizhi serve` (gunicorn) then takes

    POST /open311/v2/requests.json   (form-encoded: api_key, service_code, lat, long, description)

from wrk, each request a different citizen's text. A request is checked in full and stored with a token before the
answer (`appeals.intake`); the task queue (Redis) registers the stored requests as appeals in batches and routes
them. Every answer must be 201 and every answered request must be stored (counted in the database afterwards).
The run is made twice: with no worker (intake alone; the requests wait), and with one `zhizhi worker` registering
and routing beside the server, as in production — for that run the script also reports how many appeals were
registered during it and how long the worker took after wrk stopped to register the last one. Target on 2 cores:
>= 300 requests/s with p99 < 250 ms. Times are reported, never asserted.

    .venv/bin/python bench/intake.py [--duration 15] [--connections 16] [--processes N]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from api import PSQL, PYTHON, ZHIZHI, Result, parse_wrk, run, server_log_problems, to_ms, wait_ready  # noqa: F401
from harness import HOST, REPO, facts, facts_line, free_port, say, stop_group

PG_DATABASE = "zhizhi_bench_intake"
PG_URL = f"postgres://postgres@localhost:5432/{PG_DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/13"
TARGET_PER_S, TARGET_P99_MS = 300, 250
WARMUP_SECONDS = 3

SETUP_CODE = """
from zhizhi.accounts.models import Department, User
from zhizhi.accounts.services import api_client_create
from zhizhi.appeals.models import Category
admin = User.objects.get(username="admin")
centre = Department.objects.get(code="359900-ZSJ-RX")
client, token = api_client_create(actor=admin, name="bench", department=centre, scopes=["open311", "departments:read"])
print("BENCH_TOKEN=" + token)
print("BENCH_SERVICE=" + Category.objects.filter(level=2).order_by("code").first().code)
"""

TEXTS = [
    "小区门口的路灯坏了一个多星期，晚上出行很不安全，请尽快派人维修。",
    "楼下餐馆油烟直排，窗户都不敢开，希望有关部门检查处理。",
    "工地晚上十一点以后还在施工，噪音很大，影响休息。",
    "公交站台的遮雨棚损坏，下雨天候车的老人没地方躲雨。",
    "小区垃圾已经三天没有清运，天气热了气味很大。",
]

LUA = """
counter = 0
texts = {TEXTS}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
  counter = counter + 1
  local text = texts[(counter % #texts) + 1]
  local fields = "api_key={KEY}&service_code={SERVICE}&lat=26.07&long=119.29"
  local body = fields .. "&description=" .. text .. "%EF%BC%88" .. counter .. "%EF%BC%89"
  return wrk.format(nil, nil, nil, body)
end
"""


def _lua(path: Path, key: str, service: str) -> None:
    texts = ", ".join(f'"{urllib.parse.quote(t)}"' for t in TEXTS)
    script = LUA.replace("{TEXTS}", "{" + texts + "}").replace("{KEY}", urllib.parse.quote(key))
    path.write_text(script.replace("{SERVICE}", service))


def _wrk(url: str, script: Path, connections: int, duration: int) -> str:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script), url]
    done = subprocess.run(args, capture_output=True, text=True, timeout=duration + 60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed with exit status {done.returncode}: {done.stderr.strip()[:300]}")
    return done.stdout


COUNTS_SQL = (
    "SELECT (SELECT count(*) FROM appeals_intake), (SELECT count(*) FROM appeals_intake WHERE appeal_id IS NULL), "
    "(SELECT count(*) FROM appeals_appeal), "
    "(SELECT count(*) FROM appeals_appeal WHERE channel = 'open311' AND routed_at IS NULL)"
)


def _counts(env: dict[str, str]) -> tuple[int, int, int, int]:
    """Requests stored, requests waiting for registration, appeals, Open311 appeals waiting for routing (one psql
    query: polling must not take the CPU the worker is measured on)."""
    psql = ["psql", "-U", "postgres", "-h", "localhost", "-d", PG_DATABASE, "-At", "-F", ",", "-c", COUNTS_SQL]
    done = subprocess.run(psql, env=env, capture_output=True, text=True, timeout=60, check=True)
    stored, waiting, appeals, unrouted = (int(n) for n in done.stdout.strip().split(","))
    return stored, waiting, appeals, unrouted


def _drained(env: dict[str, str], *, limit: float) -> tuple[float | None, float | None]:
    """Seconds until no stored request waits for registration and until no appeal waits for routing (polled);
    None for what did not happen within `limit` seconds."""
    started = time.monotonic()
    registered = None
    while time.monotonic() - started < limit:
        _stored, waiting, _appeals, unrouted = _counts(env)
        if waiting == 0 and registered is None:
            registered = time.monotonic() - started
        if waiting == 0 and unrouted == 0:
            return registered, time.monotonic() - started
        time.sleep(0.5)
    return registered, None


def measure(args: argparse.Namespace, env: dict[str, str], *, with_worker: bool) -> tuple[Result, dict[str, Any]]:
    """One run against a fresh server: the result row (every answered request checked to be stored) and, with a
    worker, what it registered."""
    processes = args.processes or 2 * (os.cpu_count() or 1) + 1
    result = Result("postgres", "with worker" if with_worker else "intake only", processes, 4, args.connections, 0)
    worker_report: dict[str, Any] = {}
    var_dir = Path(env["ZHIZHI_VAR_DIR"])
    log = var_dir / f"serve-{int(with_worker)}.log"
    server = worker = None
    try:
        port = free_port()
        base = f"http://{HOST}:{port}"
        with log.open("wb") as sink:
            server = subprocess.Popen(
                [str(ZHIZHI), "serve", "--host", HOST, "--port", str(port), "--processes", str(processes)],
                env=env,
                cwd=REPO,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            if with_worker:
                worker = subprocess.Popen(
                    [str(ZHIZHI), "worker"],
                    env=env,
                    cwd=REPO,
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        wait_ready(server, base, env["BENCH_TOKEN"])
        url = f"{base}/open311/v2/requests.json"
        _wrk(url, var_dir / "intake.lua", args.connections, WARMUP_SECONDS)
        if with_worker and _drained(env, limit=600)[1] is None:  # the backlog of the run without a worker
            raise RuntimeError("the worker did not register and route the waiting requests within 600 s")
        stored_before, _waiting, appeals_before, _unrouted = _counts(env)
        parse_wrk(_wrk(url, var_dir / "intake.lua", args.connections, args.duration), result)
        result.duration_s = args.duration
        stored_after, waiting, appeals_after, unrouted = _counts(env)
        stored = stored_after - stored_before
        say(f"  {result.endpoint}: {result.requests} answered, {stored} stored, {waiting} waiting")
        answered = result.requests - result.non_2xx
        if not answered <= stored <= answered + args.connections:  # wrk does not count the replies it cut off
            result.error = f"{result.requests} requests answered but {stored} stored"
        if with_worker:
            registered, routed = _drained(env, limit=600)
            worker_report = {
                "registered_during_run": appeals_after - appeals_before,
                "waiting_at_end": waiting,
                "unrouted_at_end": unrouted,
                "seconds_after_run_until_all_registered": None if registered is None else round(registered, 1),
                "seconds_after_run_until_all_routed": None if routed is None else round(routed, 1),
            }
            say(f"  worker: {worker_report}")
            if routed is None:
                result.error = result.error or "appeals still waiting 600 s after the run"
        problems = server_log_problems(log)
        if problems:
            result.error = result.error or f"{len(problems)} error lines in the logs: {problems[0][:150]}"
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        result.error = str(exc)
        say(f"  FAILED: {exc}")
    finally:
        for process in (worker, server):
            if process is not None:
                stop_group(process)
    return result, worker_report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds of each measured wrk run (default 15)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--processes", type=int, default=0, help="server processes (default 2 x cores + 1)")
    args = parser.parse_args()
    for tool in ("wrk", "psql", "redis-cli"):
        if shutil.which(tool) is None:
            say(f"{tool} is not installed")
            return 2
    machine = facts(PYTHON, sqlite=False, postgres=True)
    when = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    say(f"bench/intake.py {when}: wrk -t2 -c{args.connections} -d{args.duration}s, POST Open311 requests")
    say(facts_line(machine))
    var_dir = Path(tempfile.mkdtemp(prefix="zhizhi-bench-intake-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIZHI_")}
    env.update(
        PYTHONUNBUFFERED="1",
        ZHIZHI_VAR_DIR=str(var_dir),
        ZHIZHI_DEBUG="0",
        ZHIZHI_DATABASE_URL=PG_URL,
        ZHIZHI_REDIS_URL=REDIS_URL,
    )
    results: list[Result] = []
    worker_reports: list[dict[str, Any]] = []
    try:
        subprocess.run(["redis-cli", "-n", "13", "flushdb"], capture_output=True, check=False, timeout=30)
        run([*PSQL, f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"], env, 60, "drop database")
        run([*PSQL, f"CREATE DATABASE {PG_DATABASE}"], env, 60, "create database")
        run([str(ZHIZHI), "migrate", "--noinput", "-v", "0"], env, 600, "zhizhi migrate")
        demo = [str(ZHIZHI), "demo", "--applications", "0", "--appeals", "3000"]
        run(demo, env, 1800, "zhizhi demo (3,000 appeals, routing model)")
        out = run([str(ZHIZHI), "shell", "-c", SETUP_CODE], env, 120, "API key")
        values = dict(line.split("=", 1) for line in out.splitlines() if line.startswith("BENCH_"))
        env["BENCH_TOKEN"] = values["BENCH_TOKEN"]
        _lua(var_dir / "intake.lua", values["BENCH_TOKEN"], values["BENCH_SERVICE"])
        for with_worker in (False, True):
            result, worker_report = measure(args, env, with_worker=with_worker)
            results.append(result)
            worker_reports.append(worker_report)
            time.sleep(2)
    finally:
        subprocess.run([*PSQL, f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"], capture_output=True, check=False)
        subprocess.run(["redis-cli", "-n", "13", "flushdb"], capture_output=True, check=False, timeout=30)
        shutil.rmtree(var_dir, ignore_errors=True)

    say("")
    say("mode            server    requests  requests/s  p50 ms  p99 ms  non-2xx  target (>=300/s, p99<250ms)")
    for r in results:
        met = (r.requests_per_s or 0) >= TARGET_PER_S and (r.p99_ms or 1e9) < TARGET_P99_MS and not r.error
        say(
            f"{r.endpoint:<15} {r.processes}p x 4t  {r.requests:>8}  {r.requests_per_s or 0:>10.1f}  "
            f"{r.p50_ms or 0:>6.1f}  {r.p99_ms or 0:>6.1f}  {r.non_2xx:>7}  {'met' if met else 'NOT met'}"
            + (f"  FAILED: {r.error[:80]}" if r.error else "")
        )
    say(facts_line(machine))
    for r, worker_report in zip(results, worker_reports, strict=True):
        if worker_report:
            say(f"{r.endpoint}: {worker_report}")
    rows = [{**asdict(r), "worker": w} for r, w in zip(results, worker_reports, strict=True)]
    say(json.dumps({"benchmark": "intake", "date": when, "machine": machine, "results": rows}))
    return 1 if any(r.error or r.non_2xx for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
