"""Service hall throughput and search latency, in-process through the service functions, on SQLite and PostgreSQL.

1. Full application lifecycles per second: `application_submit` (one uploaded PDF and one reused certificate) ->
   `task_complete` accept -> review pass -> decide approve, which issues an e-certificate. The item is the demo
   catalogue's 户口迁入 (standard process at the 公安局, which has a clerk, a reviewer and a head): material m1
   reuses the applicant's household register, m2 is an uploaded PDF of the ID card. After a warm-up, N lifecycles
   one after another, with the time of each step (the task lookup included); on PostgreSQL also 2 worker
   processes in parallel, each with its own connection and its own applicants, and their combined rate.
2. Catalogue search: the demo catalogue imported through `catalogue_import`, then cloned to `--items` items with
   varied names, keywords and departments (rows written directly, search text through `search_body` and
   `search_index_update`), then `--queries` realistic Chinese queries through `selectors.item_list(q=...)`:
   p50/p95/p99 in ms.

Each database runs in a child process of its own (django.setup() reads the database from the environment): a
scratch ZHIZHI_VAR_DIR (tempfile, removed at the end), SQLite in it, or for PostgreSQL a database
`zhizhi_bench_sh` created and dropped with `psql -U postgres -h localhost`; `migrate`; the demo city
(`demo_generate(..., applications=0, appeals=0)`: departments, staff, catalogue, certificate registers) with one
person per lifecycle, and accounts for them. Prints the machine, the numbers, and one JSON line; nothing is
asserted on time. Exit status: 0 measured, 1 a setup step or lifecycle failed, 2 a tool is missing.

    .venv/bin/python bench/servicehall.py [--db sqlite|postgres|both] [--lifecycles 300] [--items 5000]
        [--queries 500] [--profile]

--profile runs the single-process lifecycles under cProfile and prints the 15 most expensive functions.
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
from pathlib import Path
from typing import Any

from harness import REPO, facts, facts_line, say

PYTHON = REPO / ".venv" / "bin" / "python"
PG_DATABASE = "zhizhi_bench_sh"
PG_URL = f"postgres://postgres@localhost:5432/{PG_DATABASE}"
PSQL = ["psql", "-U", "postgres", "-h", "localhost", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc"]
ITEM_CODE = "11359900MB152974X1060106002000"  # 户口迁入（购房、投靠、就业落户）, 359900-GAJ
DEPARTMENT = "359900-GAJ"
WARMUP = 20
WORKERS = (2, 5)  # on PostgreSQL: one process per core, and gunicorn's 2 × cores + 1 of `zhizhi serve`
STEPS = ("submit", "accept", "review", "decide")
RESULT_PREFIX = "BENCH_RESULT="

# What citizens type into the catalogue's search box: everyday words, official names, two words, and a few that
# match nothing.
QUERIES = (
    "开饭店", "低保", "营业执照", "身份证换领", "建设工程规划", "失业保险金", "出生医学证明", "户口迁入",
    "刻公章", "发票", "社保卡", "退休", "异地就医", "驾驶证换证", "教师资格证", "法律援助", "高龄津贴",
    "排污许可", "危险化学品", "种子经营", "旅行社", "货车运输", "施工许可", "挖马路", "户外广告",
    "二手房过户", "土地纠纷", "举报奖励", "卫生许可证", "个体户", "开公司", "新生儿医保", "灵活就业",
    "退役军人优待证", "落户", "食品经营许可证", "最低生活保障", "养老金", "公司注册", "身份证到期",
    "宝宝出生", "买房落户", "开餐馆 营业执照", "新生儿 落户", "房子 过户", "失业 金", "企业 参保",
    "驾驶证 到期", "身份证 丢了", "开 超市", "办理 低保", "申请 教师资格", "道路 挖掘", "广告 牌",
    "火星移民", "量子计算机", "宠物美容", "xyzzy",
)  # fmt: skip
VARIANTS = ("", "（新办）", "（变更）", "（延续）", "（注销）", "（补办）", "（换发）", "（备案）")
VARIANT_WORDS = ("", "新办", "变更", "延续", "注销", "补办", "换发", "备案")


# -- the parent: one child process per database ------------------------------------------------------------------

REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of its own, flushed after the run


def _redis_up() -> bool:
    try:
        done = subprocess.run(["redis-cli", "-n", "14", "ping"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.stdout.strip() == "PONG"


def _redis_flush() -> None:
    if _redis_up():
        subprocess.run(["redis-cli", "-n", "14", "flushdb"], capture_output=True, timeout=10)


def run_child(database: str, args: argparse.Namespace, base_env: dict[str, str]) -> dict[str, Any]:
    """Bench one database in a child process with its own settings; return what it measured."""
    var_dir = Path(tempfile.mkdtemp(prefix=f"zhizhi-bench-sh-{database}-"))
    env = {**base_env, "ZHIZHI_VAR_DIR": str(var_dir), "ZHIZHI_DEBUG": "0", "ZHIZHI_LOG_LEVEL": "WARNING"}
    if database == "postgres":
        env["ZHIZHI_DATABASE_URL"] = PG_URL
        if _redis_up():  # production's setting: PostgreSQL with the task queue in Redis
            env["ZHIZHI_REDIS_URL"] = REDIS_URL
    queue = "Redis" if "ZHIZHI_REDIS_URL" in env else "SQLite (var/queue.sqlite3)"
    say(f"\n== {database}: var dir {var_dir}, task queue {queue}")
    result: dict[str, Any] = {"database": database, "queue": queue}
    try:
        if database == "postgres":
            for sql in (f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)", f"CREATE DATABASE {PG_DATABASE}"):
                subprocess.run([*PSQL, sql], env=env, check=True, capture_output=True, timeout=60)
        command = [str(PYTHON), __file__, "--child", database, "--lifecycles", str(args.lifecycles)]
        command += ["--items", str(args.items), "--queries", str(args.queries)]
        if args.profile:
            command.append("--profile")
        process = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(RESULT_PREFIX):
                result.update(json.loads(line.removeprefix(RESULT_PREFIX)))
            else:
                say(line.rstrip("\n"))
        if process.wait() != 0:
            result["error"] = result.get("error") or f"child exited with status {process.returncode}"
    except (OSError, subprocess.SubprocessError) as exc:
        result["error"] = str(exc)
    finally:
        if database == "postgres":
            _redis_flush()
            subprocess.run(
                [*PSQL, f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"],
                env=env,
                capture_output=True,
                timeout=60,
                check=False,
            )
        shutil.rmtree(var_dir, ignore_errors=True)
    if result.get("error"):
        say(f"  FAILED: {result['error']}")
    return result


def print_results(results: list[dict[str, Any]]) -> None:
    header = ["database", "mode", "lifecycles", "seconds", "lifecycles/s", *(f"{s} ms" for s in STEPS)]
    rows = []
    for r in results:
        for run in r.get("lifecycle_runs", []):
            steps = run.get("step_ms", {})
            rows.append(
                [
                    r["database"],
                    run["mode"],
                    str(run["lifecycles"]),
                    f"{run['seconds']:.2f}",
                    f"{run['per_second']:.1f}",
                    *(f"{steps[s]:.1f}" if s in steps else "-" for s in STEPS),
                ]
            )
    table(header, rows)
    say("")
    header = ["database", "items", "queries", "no hits", "p50 ms", "p95 ms", "p99 ms", "max ms"]
    rows = []
    for r in results:
        s = r.get("search")
        if s:
            rows.append(
                [
                    r["database"],
                    str(s["items"]),
                    str(s["queries"]),
                    str(s["no_hits"]),
                    *(f"{s[k]:.2f}" for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")),
                ]
            )
    table(header, rows)


def table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        say("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--lifecycles", type=int, default=300, help="measured lifecycles per mode (default 300)")
    parser.add_argument("--items", type=int, default=5000, help="catalogue items to search (default 5000)")
    parser.add_argument("--queries", type=int, default=500, help="search queries (default 500)")
    parser.add_argument("--profile", action="store_true", help="cProfile the single-process lifecycles")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.lifecycles < 2 or args.items < 1 or args.queries < 1:
        parser.error("--lifecycles must be at least 2, --items and --queries at least 1")
    if args.child:
        return child_main(args)

    if not PYTHON.exists():
        say(f"{PYTHON} is missing: run `make install` first")
        return 2
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if "postgres" in databases:
        if shutil.which("psql") is None:
            say("psql is not installed: apt-get install postgresql-client")
            return 2
        if subprocess.run(["pg_isready", "-h", "localhost", "-q"], check=False, timeout=30).returncode != 0:
            say("PostgreSQL is not accepting connections on localhost:5432")
            return 2
    machine = facts(PYTHON, sqlite="sqlite" in databases, postgres="postgres" in databases)
    when = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    say(
        f"bench/servicehall.py {when}: {args.lifecycles} lifecycles after {WARMUP} warm-up ones "
        f"(PostgreSQL also with {' and '.join(map(str, WORKERS))} workers), "
        f"{args.queries} queries over {args.items} items"
    )
    say(facts_line(machine))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIZHI_")}
    env["PYTHONUNBUFFERED"] = "1"
    results = [run_child(database, args, env) for database in databases]
    say("")
    print_results(results)
    say(facts_line(machine))
    say(
        json.dumps(
            {
                "benchmark": "servicehall",
                "date": when,
                "machine": machine,
                "options": {
                    "lifecycles": args.lifecycles,
                    "warmup": WARMUP,
                    "workers": list(WORKERS),
                    "items": args.items,
                    "queries": args.queries,
                    "item": ITEM_CODE,
                },
                "results": results,
            },
            ensure_ascii=False,
        )
    )
    return 1 if any(r.get("error") for r in results) else 0


# -- the child: everything below runs with Django set up for one database -------------------------------------


def django_setup() -> None:
    import logging

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhizhi.config.settings")
    import django

    django.setup()
    logging.getLogger("spiff").setLevel(logging.WARNING)  # a line per task state change otherwise


def child_main(args: argparse.Namespace) -> int:
    django_setup()
    from django.core.management import call_command

    result: dict[str, Any] = {}
    try:
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        from zhizhi.demo.generator import demo_generate

        needed = WARMUP + args.lifecycles + sum(w * (WARMUP // w + args.lifecycles // w) for w in WORKERS)
        demo_generate(persons=max(600, needed + 10), enterprises=100, applications=0, appeals=0)
        citizens = citizens_prepare(needed)
        took = time.monotonic() - started
        say(f"  setup (migrate, demo city, catalogue, registers, {citizens} accounts): {took:.1f} s")
        runs = []
        context = Lifecycles.load()
        context.run(range(WARMUP))
        runs.append(single_run(context, args))
        if args.child == "postgres":
            offset = WARMUP + args.lifecycles  # applicants the single-process run did not use
            for workers in WORKERS:
                runs.append(parallel_run(args, workers=workers, offset=offset))
                offset += workers * (WARMUP // workers + args.lifecycles // workers)
        result["lifecycle_runs"] = runs
        result["search"] = search_bench(args)
    except Exception as exc:  # report whatever broke, with the numbers measured so far
        import traceback

        traceback.print_exc()
        result["error"] = f"{type(exc).__name__}: {exc}"
    print(RESULT_PREFIX + json.dumps(result, ensure_ascii=False), flush=True)
    return 1 if "error" in result else 0


def citizens_prepare(count: int) -> int:
    """Accounts for the first `count` persons (each lifecycle has its own applicant, so no one's certificate list
    grows through the run)."""
    from django.contrib.auth.hashers import make_password

    from zhizhi.accounts.models import Person, User

    persons = list(Person.objects.filter(user__isnull=True).order_by("pk")[:count])
    password = make_password(None)
    User.objects.bulk_create([User(username=f"bench{p.pk}", name=p.name, password=password) for p in persons])
    users = dict(User.objects.filter(username__startswith="bench").values_list("username", "pk"))
    for person in persons:
        person.user_id = users[f"bench{person.pk}"]
    Person.objects.bulk_update(persons, ["user"])
    return len(persons)


class Lifecycles:
    """One applicant's full application, step by step, through the services."""

    PDF = (
        b"%PDF-1.4\n1 0 obj<< /Type /Catalog /Pages 2 0 R >>endobj\n2 0 obj<< /Type /Pages /Kids [] /Count 0 >>endobj\n"
        b"trailer<< /Root 1 0 R >>\n%%EOF\n"
    )

    def __init__(self, version: Any, staff: dict[str, Any], citizens: list[tuple[Any, Any, int]]) -> None:
        self.version = version
        self.staff = staff
        self.citizens = citizens
        self.step_seconds = dict.fromkeys(STEPS, 0.0)

    @classmethod
    def load(cls, *, offset: int = 0, stride: int = 1) -> Lifecycles:
        from zhizhi.accounts.models import Membership, Person
        from zhizhi.servicehall.models import Certificate, ServiceItem

        item = ServiceItem.objects.select_related("current").get(implementation_code=ITEM_CODE)
        codes = {m.code: m.certificate_type.code if m.certificate_type else None for m in item.current.materials.all()}
        if codes.get("m1") != "household_register" or "m2" not in codes:
            raise RuntimeError(f"item {ITEM_CODE} no longer has m1 (household register) and m2: {codes}")
        staff = {}
        for role in ("window_clerk", "reviewer", "department_head"):
            membership = Membership.objects.filter(department__code=DEPARTMENT, role=role).select_related("staff__user")
            staff[role] = membership.order_by("staff__employee_no").first().staff.user  # type: ignore[union-attr]
        persons = list(Person.objects.filter(user__username__startswith="bench").select_related("user").order_by("pk"))
        registers = dict(
            Certificate.objects.filter(type__code="household_register", application__isnull=True).values_list(
                "person_id", "pk"
            )
        )
        citizens = [(p.user, p, registers[p.pk]) for p in persons[offset::stride]]
        return cls(item.current, staff, citizens)

    def one(self, index: int) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from zhizhi.servicehall import services
        from zhizhi.servicehall.models import Task, TaskStatus

        user, person, register = self.citizens[index]
        started = time.perf_counter()
        application = services.application_submit(
            user=user,
            version=self.version,
            form_data={
                "move_reason": "购房落户",
                "address": "示范市中山区人民路18号2栋501室",
                "household_head": person.name,
                "relation": "户主",
                "contact_phone": "13900001111",
            },
            supplied=services.Supplied(
                uploads={"m2": SimpleUploadedFile("居民身份证.pdf", self.PDF, content_type="application/pdf")},
                reuse={"m1": register},
                consent=True,
            ),
        )
        now = time.perf_counter()
        self.step_seconds["submit"] += now - started
        for step, role, outcome in (
            ("accept", "window_clerk", "accept"),
            ("review", "reviewer", "pass"),
            ("decide", "department_head", "approve"),
        ):
            started = now
            task = Task.objects.get(application=application, spec=step, status=TaskStatus.OPEN)
            services.task_complete(actor=self.staff[role], task=task, outcome=outcome, opinion="同意")
            now = time.perf_counter()
            self.step_seconds[step] += now - started

    def run(self, indexes: range) -> float:
        """Run lifecycles for the given applicants; the wall-clock seconds they took."""
        started = time.perf_counter()
        for index in indexes:
            self.one(index)
        return time.perf_counter() - started


def _run_summary(mode: str, lifecycles: int, seconds: float, steps: dict[str, float] | None) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "mode": mode,
        "lifecycles": lifecycles,
        "seconds": round(seconds, 3),
        "per_second": round(lifecycles / seconds, 2),
    }
    if steps is not None:
        summary["step_ms"] = {step: round(total / lifecycles * 1000, 2) for step, total in steps.items()}
    say(f"  {mode}: {lifecycles} lifecycles in {seconds:.2f} s = {summary['per_second']:.1f}/s")
    return summary


def single_run(context: Lifecycles, args: argparse.Namespace) -> dict[str, Any]:
    from zhizhi.servicehall.models import Application, Certificate

    context.step_seconds = dict.fromkeys(STEPS, 0.0)
    indexes = range(WARMUP, WARMUP + args.lifecycles)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        seconds = profiler.runcall(context.run, indexes)
        say("  cProfile of the single-process run, top 15 by own time:")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(15)
        say("  ... and by cumulative time:")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumtime").print_stats(25)
    else:
        seconds = context.run(indexes)
    approved = Application.objects.filter(status="approved").count()
    issued = Certificate.objects.filter(application__isnull=False).count()
    if approved != issued or approved < args.lifecycles + WARMUP:
        raise RuntimeError(f"{approved} approved applications but {issued} issued certificates")
    return _run_summary("1 process", args.lifecycles, seconds, context.step_seconds)


def _worker(offset: int, stride: int, count: int, start_at: float, queue: Any) -> None:
    """A worker process: its own Django and connection, its own applicants; starts at an agreed moment."""
    try:
        django_setup()
        context = Lifecycles.load(offset=offset, stride=stride)
        context.run(range(WARMUP // stride))
        base = WARMUP // stride
        time.sleep(max(0.0, start_at - time.time()))
        began = time.time()
        context.step_seconds = dict.fromkeys(STEPS, 0.0)
        context.run(range(base, base + count))
        queue.put({"began": began, "ended": time.time(), "count": count, "steps": context.step_seconds})
    except Exception as exc:  # the parent reports it
        queue.put({"error": f"worker {offset}: {type(exc).__name__}: {exc}"})
        raise


def parallel_run(args: argparse.Namespace, *, workers: int, offset: int) -> dict[str, Any]:
    """`workers` processes at once, each with its own share of the applicants; rate over the common wall clock."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    spawn = multiprocessing.get_context("spawn")
    queue = spawn.Queue()
    each = args.lifecycles // workers
    start_at = time.time() + 4 + 2 * workers  # after each worker's set-up and warm-up
    processes = [
        spawn.Process(target=_worker, args=(offset + n, workers, each, start_at, queue), daemon=True)
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    reports = [queue.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    failed = [r["error"] for r in reports if "error" in r]
    if failed:
        raise RuntimeError("; ".join(failed))
    if any(r["began"] > start_at + 1 for r in reports):
        say("  note: a worker was still warming up at the agreed start; the rate below covers its late start")
    seconds = max(r["ended"] for r in reports) - min(r["began"] for r in reports)
    total = sum(r["count"] for r in reports)
    steps = {step: sum(r["steps"][step] for r in reports) for step in STEPS}
    return _run_summary(f"{workers} processes", total, seconds, steps)


# -- search ------------------------------------------------------------------------------------------------------


def catalogue_clone(total: int) -> int:
    """Clone the imported catalogue's items to `total` items with varied names, keywords and departments."""
    import random

    from django.utils import timezone, translation

    from zhizhi.accounts.models import Department
    from zhizhi.servicehall.models import ItemKind, ServiceItem, ServiceItemVersion, VersionStatus
    from zhizhi.servicehall.search import search_body, search_index_update

    rng = random.Random("bench/servicehall/catalogue")
    templates = list(
        ServiceItem.objects.filter(current__isnull=False)
        .select_related("current", "department")
        .prefetch_related("themes", "current__materials")
        .order_by("implementation_code")
    )
    departments = list(Department.objects.order_by("code"))
    counties = ["", "中山区", "东湖区", "西岭区", "南江县", "北山县", "临江市", "开发区"]
    existing = len(templates)
    made = 0
    names: set[str] = {t.current.name for t in templates}  # type: ignore[union-attr]
    now = timezone.now()
    serial = 0
    while existing + made < total:
        batch = []
        for _ in range(min(500, total - existing - made)):
            while True:
                serial += 1
                template = templates[serial % len(templates)]
                variant = rng.randrange(len(VARIANTS))
                county = rng.choice(counties)
                name = f"{county}{template.current.name}{VARIANTS[variant]}"  # type: ignore[union-attr]
                if name not in names or serial > 10 * total:
                    names.add(name)
                    break
            batch.append((template, name, VARIANT_WORDS[variant], county, rng.choice(departments), serial))
        items = ServiceItem.objects.bulk_create(
            [
                ServiceItem(implementation_code=f"BENCH{s:08d}", basic_code=t.basic_code, department=d)
                for t, _n, _w, _c, d, s in batch
            ]
        )
        versions = ServiceItemVersion.objects.bulk_create(
            [
                ServiceItemVersion(
                    item=item,
                    version=1,
                    status=VersionStatus.PUBLISHED,
                    name=name,
                    item_kind=t.current.item_kind,
                    acceptance_conditions=t.current.acceptance_conditions,
                    statutory_limit_days=t.current.statutory_limit_days,
                    promised_limit_days=t.current.promised_limit_days,
                    handling_kind=t.current.handling_kind,
                    service_objects=t.current.service_objects,
                    keywords=[*t.current.keywords, *([word] if word else []), *([county] if county else [])],
                    form_schema=t.current.form_schema,
                    process_id=t.current.process_id,
                    published_at=now,
                )
                for item, (t, name, word, county, _d, _s) in zip(items, batch, strict=True)
            ]
        )
        for item, version in zip(items, versions, strict=True):
            item.current = version
        ServiceItem.objects.bulk_update(items, ["current"])
        with translation.override("zh-hans"):
            for item, version, (template, *_rest) in zip(items, versions, batch, strict=True):
                other = [
                    item.department.name,
                    item.department.short_name,
                    str(ItemKind(version.item_kind).label),
                    *(theme.name for theme in template.themes.all()),
                    *(m.name for m in template.current.materials.all()),  # type: ignore[union-attr]
                    version.acceptance_conditions[:500],
                ]
                body = search_body(name=version.name, keywords=version.keywords, other=other)
                search_index_update(item=item, body=body)
        made += len(batch)
    return existing + made


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def search_bench(args: argparse.Namespace) -> dict[str, Any]:
    import random

    from zhizhi.servicehall.models import ServiceItem
    from zhizhi.servicehall.selectors import item_list

    started = time.monotonic()
    items = catalogue_clone(args.items)
    took = time.monotonic() - started
    say(f"  catalogue of {items} items (clones through search_body/search_index_update): {took:.1f} s")
    rng = random.Random("bench/servicehall/queries")
    queries = [QUERIES[i % len(QUERIES)] for i in range(args.queries)]
    rng.shuffle(queries)
    for query in QUERIES[:10]:  # warm-up: jieba's dictionary, the statement cache
        item_list(q=query)
    times: list[float] = []
    slowest: list[tuple[float, str, int]] = []
    no_hits = 0
    hits = 0
    for query in queries:
        began = time.perf_counter()
        found = item_list(q=query)
        times.append((time.perf_counter() - began) * 1000)
        slowest = sorted([*slowest, (times[-1], query, len(found))], reverse=True)[:5]
        no_hits += not found
        hits += len(found)
    summary = {
        "items": ServiceItem.objects.filter(is_active=True, current__isnull=False).count(),
        "queries": len(queries),
        "no_hits": no_hits,
        "mean_results": round(hits / len(queries), 1),
        "p50_ms": round(_percentile(times, 0.5), 3),
        "p95_ms": round(_percentile(times, 0.95), 3),
        "p99_ms": round(_percentile(times, 0.99), 3),
        "max_ms": round(max(times), 3),
        "slowest": [{"query": q, "ms": round(ms, 1), "results": n} for ms, q, n in slowest],
    }
    say(
        f"  search: {summary['queries']} queries over {summary['items']} items, p50 {summary['p50_ms']:.2f} ms, "
        f"p95 {summary['p95_ms']:.2f} ms, p99 {summary['p99_ms']:.2f} ms ({no_hits} without hits, "
        f"{summary['mean_results']} results on average)"
    )
    say("  slowest: " + ", ".join(f"{q} {ms:.0f} ms ({n} results)" for ms, q, n in slowest))
    return summary


if __name__ == "__main__":
    sys.exit(main())
