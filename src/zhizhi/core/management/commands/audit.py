"""`zhizhi audit verify [--anchor ID:HASH]` and `zhizhi audit anchor`: check the chain, or print its newest link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhizhi.core.audit import audit_anchor, audit_verify


class Command(BaseCommand):
    help = (
        "Audit chain tools. `verify` recomputes every digest and names the first broken entry; with --anchor it also "
        "checks that an earlier-recorded newest entry is still there. `anchor` prints the newest entry as ID:HASH."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "anchor"])
        parser.add_argument("--anchor", default="", help="ID:HASH printed earlier by `zhizhi audit anchor`")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "anchor":
            self.stdout.write(audit_anchor())
            return
        report = audit_verify(anchor=options["anchor"])
        if report.intact:
            self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} entries verified"))
            return
        raise CommandError(
            f"audit chain broken at entry #{report.broken_id}: {report.reason} "
            f"({report.checked} entries before it verified)"
        )
