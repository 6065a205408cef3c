"""`zhizhi serve`: the production-grade web server (gunicorn), optionally with a worker beside it."""

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from zhizhi.config.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve the web application with gunicorn on ZHIZHI_HOST:ZHIZHI_PORT (127.0.0.1:8000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("ZHIZHI_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("ZHIZHI_PORT", "8000")))
        parser.add_argument("--processes", type=int, default=int(os.environ.get("ZHIZHI_WEB_PROCESSES", "0")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("ZHIZHI_WEB_THREADS", "4")))
        parser.add_argument("--with-worker", action="store_true", help="also start `zhizhi worker` alongside")

    def handle(self, *args: Any, **options: Any) -> None:
        sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        processes = options["processes"] or (1 if sqlite else 2 * (os.cpu_count() or 1) + 1)
        worker = None
        if options["with_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "zhizhi", "worker"])
        try:
            _Gunicorn(
                {
                    "bind": f"{options['host']}:{options['port']}",
                    "workers": processes,
                    "threads": options["threads"],
                    "accesslog": "-" if settings.DEBUG else None,
                    "errorlog": "-",
                    "timeout": 60,
                    "forwarded_allow_ips": settings.TRUSTED_PROXIES,
                    "control_socket_disable": True,  # several servers may share a machine
                }
            ).run()
        finally:
            if worker is not None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=20)
