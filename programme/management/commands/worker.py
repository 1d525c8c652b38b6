"""The task worker and the clock of periodic jobs, in one process (see programme/platform/schedule.py)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from programme.platform import schedule

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run background work: the tasks on the queue (emails, feeds, reminders, purges) and "
        "the periodic jobs when they are due. Run as many as you need; a periodic job never "
        "runs twice at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--tick", type=float, default=30.0, help="Seconds between looks at the schedule."
        )

    def handle(self, *args: Any, tick: float, **options: Any) -> None:
        stop = threading.Event()
        clock = threading.Thread(target=self._keep_time, args=(stop, tick), daemon=True)
        clock.start()
        try:
            if "RQBackend" in settings.TASKS["default"]["BACKEND"]:
                call_command(
                    "rqworker", "default", job_class="django_tasks_rq.Job", with_scheduler=True
                )
            else:
                call_command("db_worker", queue_name="default", reload=False)
        finally:
            stop.set()

    def _keep_time(self, stop: threading.Event, tick: float) -> None:
        while True:
            try:
                started = schedule.start_due()
                if started:
                    logger.info("Started %s", ", ".join(started))
            except Exception:  # the database was away: try again at the next tick
                logger.exception("The schedule could not be read")
            finally:
                close_old_connections()
            if stop.wait(tick):
                return
