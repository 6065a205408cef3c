"""What the health page shows: database, queue, and when a worker was last seen."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from zhizhi.core.models import WorkerHeartbeat

WORKER_STALE_AFTER = timedelta(minutes=3)


def heartbeat_beat(*, name: str) -> None:
    """Record that the worker called `name` is alive now."""
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"last_seen": timezone.now()})


@dataclass(frozen=True)
class HealthReport:
    database_ok: bool
    database_vendor: str
    database_error: str
    queue_ok: bool
    queue_backend: str
    queue_pending: int | None
    queue_error: str
    worker_last_seen: datetime | None

    @property
    def worker_ok(self) -> bool:
        return self.worker_last_seen is not None and timezone.now() - self.worker_last_seen < WORKER_STALE_AFTER

    @property
    def ok(self) -> bool:
        return self.database_ok and self.queue_ok and self.worker_ok


def health_report() -> HealthReport:
    """Probe the database and the queue, and read the last heartbeat."""
    database_ok, database_error = True, ""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any failure is what the page must show
        database_ok, database_error = False, str(exc)
    queue_ok, queue_error, pending = True, "", None
    try:
        pending = HUEY.pending_count()
    except Exception as exc:
        queue_ok, queue_error = False, str(exc)
    beat = WorkerHeartbeat.objects.filter(name="worker").first() if database_ok else None
    return HealthReport(
        database_ok=database_ok,
        database_vendor=connection.vendor,
        database_error=database_error,
        queue_ok=queue_ok,
        queue_backend=type(HUEY).__name__,
        queue_pending=pending,
        queue_error=queue_error,
        worker_last_seen=beat.last_seen if beat else None,
    )
