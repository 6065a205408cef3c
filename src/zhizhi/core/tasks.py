"""Kernel background work: the worker heartbeat."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhizhi.core.health import heartbeat_beat


@db_periodic_task(crontab(minute="*"))
def heartbeat() -> None:
    """Every minute: record that a worker is alive (shown on the health page)."""
    heartbeat_beat(name="worker")
