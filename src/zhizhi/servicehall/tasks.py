"""Service hall background work: SLA clocks and the clean-up of upload files no application kept."""

from datetime import timedelta

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhizhi.servicehall.services import clocks_check
from zhizhi.servicehall.uploads import file_orphans_remove


@db_periodic_task(crontab(minute="15"))
def servicehall_clocks() -> dict[str, int]:
    """Every hour: warn handlers at 80% of an application's time and alert handlers and heads when overdue."""
    return clocks_check()


@db_periodic_task(crontab(minute="40", hour="3"))
def servicehall_orphan_files() -> int:
    """Every night: remove upload files that no stored file row references (a rolled-back submission's)."""
    return file_orphans_remove(older_than=timedelta(days=1))
