"""The task queue: SQLite by default, Redis when ZHIZHI_REDIS_URL is set — checked against a real Redis."""

import os
import subprocess
import sys
import textwrap

import pytest

REDIS_URL = os.environ.get("ZHIZHI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

SCRIPT = textwrap.dedent(
    """
    import django, json
    django.setup()
    from huey.contrib.djhuey import HUEY
    from zhizhi.core.tasks import heartbeat
    HUEY.flush()
    heartbeat()
    pending = HUEY.pending_count()
    task = HUEY.dequeue()
    print(json.dumps({"class": type(HUEY).__name__, "pending": pending, "task": task.name if task else None}))
    HUEY.flush()
    """
)


def _run(env_extra: dict[str, str], tmp_path) -> dict:
    import json

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zhizhi.config.settings", "ZHIZHI_VAR_DIR": str(tmp_path)}
    env.update(env_extra)
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_redis_queue_when_configured(tmp_path):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: start it (see .ci/run)")
    outcome = _run({"ZHIZHI_REDIS_URL": REDIS_URL}, tmp_path)
    assert outcome == {"class": "RedisHuey", "pending": 1, "task": "heartbeat"}


def test_sqlite_queue_by_default(tmp_path):
    outcome = _run({"ZHIZHI_REDIS_URL": ""}, tmp_path)
    assert outcome["class"] == "SqliteHuey" and outcome["pending"] == 1
    assert (tmp_path / "queue.sqlite3").exists()
