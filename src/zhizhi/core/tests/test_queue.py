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
    assert outcome == {"class": "PriorityRedisHuey", "pending": 1, "task": "heartbeat"}


def test_sqlite_queue_by_default(tmp_path):
    outcome = _run({"ZHIZHI_REDIS_URL": ""}, tmp_path)
    assert outcome["class"] == "SqliteHuey" and outcome["pending"] == 1
    assert (tmp_path / "queue.sqlite3").exists()


def test_worker_process_runs_queued_tasks_and_beats(tmp_path):
    """A real `zhizhi worker` takes a notification's e-mail off the SQLite queue and records its heartbeat."""
    import time

    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIZHI_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"ZHIZHI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "zhizhi.config.settings"})
    zhizhi = [sys.executable, "-m", "zhizhi"]
    subprocess.run([*zhizhi, "migrate", "-v", "0"], env=env, check=True, timeout=120)  # noqa: S603
    enqueue = (
        "from django.db import transaction\n"
        "from zhizhi.accounts.models import User\n"
        "from zhizhi.notify.services import notification_send\n"
        "with transaction.atomic():\n"
        "    u = User.objects.create(username='w1', email='w1@example.org')\n"
        "    notification_send(recipient=u, title='队列测试', body='worker', channels=('inbox', 'email'))\n"
    )
    subprocess.run([*zhizhi, "shell", "-c", enqueue], env=env, check=True, timeout=60)  # noqa: S603
    assert not (tmp_path / "mail").exists() or not any((tmp_path / "mail").iterdir())  # nothing sent yet
    worker = subprocess.Popen([*zhizhi, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        sent: list = []
        while time.monotonic() < deadline and not sent:
            time.sleep(0.25)
            sent = list((tmp_path / "mail").glob("*.log")) if (tmp_path / "mail").exists() else []
        assert sent, "the worker did not deliver the queued e-mail within 30 s"
        message = sent[0].read_text(encoding="utf-8")
        assert "To: w1@example.org" in message and "worker" in message
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    check = "from zhizhi.core.models import WorkerHeartbeat as H; print(H.objects.filter(name='worker').count())"
    beats = subprocess.run([*zhizhi, "shell", "-c", check], env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert beats.stdout.strip().splitlines()[-1] == "1"
