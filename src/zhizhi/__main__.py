"""The `zhizhi` console command: Django's manage.py for an installed Zhizhi."""

import os
import sys


def main() -> None:
    """Run a management command (`zhizhi serve`, `zhizhi worker`, `zhizhi demo`, `zhizhi migrate`, ...)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhizhi.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhizhi", *sys.argv[1:]])


if __name__ == "__main__":
    main()
