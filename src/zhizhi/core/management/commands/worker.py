"""`zhizhi worker`: run the background task consumer (Huey) with its periodic tasks."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from zhizhi.core.health import heartbeat_beat


class Command(BaseCommand):
    help = "Run the background worker: queued tasks and periodic tasks (heartbeat, SLA clocks, ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=None, help="worker threads (default from settings)")

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat_beat(name="worker")
        extra = ["--workers", str(options["workers"])] if options["workers"] else []
        call_command("run_huey", *extra)
