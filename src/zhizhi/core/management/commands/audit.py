"""`zhizhi audit verify`: recompute the audit chain and name the first broken entry."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhizhi.core.audit import audit_verify


class Command(BaseCommand):
    help = "Audit chain tools. `verify` recomputes every digest and names the first broken entry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if report.intact:
            self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} entries verified"))
            return
        raise CommandError(
            f"audit chain broken at entry #{report.broken_id}: {report.reason} "
            f"({report.checked} entries before it verified)"
        )
