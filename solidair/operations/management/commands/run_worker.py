"""The background worker: django-tasks' database queue; the e-mail outbox and the periodic jobs
beside it, each in a thread of its own."""

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.management.base import CommandError
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from solidair.lib.typst import render_processes
from solidair.operations.health import HEARTBEAT_SECONDS, heartbeat_beat
from solidair.operations.mail import outbox_flush
from solidair.operations.periodic import periodic_run

logger = logging.getLogger(__name__)


class Loop(threading.Thread):
    """Runs ``step`` every ``interval`` seconds beside the task worker in the main thread, so
    that a long task does not hold up mail and a slow SMTP server does not hold up tasks.
    ``step`` gets the loop's stop event (a long step may end early when it is set)."""

    def __init__(
        self, *, name: str, interval: float, step: Callable[[threading.Event], object]
    ) -> None:
        super().__init__(name=name, daemon=True)
        self.interval = interval
        self.step = step
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            close_old_connections()
            try:
                self.step(self.stopping)
            except Exception:
                logger.exception("%s failed; trying again in %s s.", self.name, self.interval)
            finally:
                close_old_connections()
            self.stopping.wait(self.interval)
        connection.close()

    def stop(self) -> None:
        """Let the current step finish (a mail: at most EMAIL_TIMEOUT), then stop."""
        self.stopping.set()
        self.join()


class Command(DBWorkerCommand):
    help = (
        "Run the background worker: the tasks of django-tasks' database queue, the e-mail "
        "outbox every --mail-interval seconds and the periodic jobs every --jobs-interval "
        "seconds. With --batch: run the waiting tasks and the periodic jobs, send the mail that "
        "is due, and stop."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Reloading would run the outbox loop in the reloader's parent too.
        parser.set_defaults(reload=False)
        parser.add_argument(
            "--mail-interval",
            type=float,
            default=2.0,
            help="Seconds between two flushes of the outbox (default: %(default)s).",
        )
        parser.add_argument(
            "--lockfile",
            default=None,
            help="Lock file that keeps a second worker from sending the outbox "
            "(default: settings.MAIL_LOCK_FILE).",
        )
        parser.add_argument(
            "--jobs-interval",
            type=float,
            default=60.0,
            help="Seconds between two runs of the periodic jobs (default: %(default)s).",
        )

    def handle(self, *, reload, mail_interval, jobs_interval, **options):
        if reload:
            raise CommandError("run_worker does not reload; restart it after changing code.")
        if mail_interval <= 0 or jobs_interval <= 0:
            raise CommandError("--mail-interval and --jobs-interval must be more than 0 seconds.")
        # Letters' PDFs in processes of their own, started at the first PDF, stopped at the end.
        with render_processes(settings.PDF_RENDER_PROCESSES):
            self._run(mail_interval=mail_interval, jobs_interval=jobs_interval, **options)

    def _run(self, *, batch, mail_interval, lockfile, jobs_interval, **options):
        if batch:
            heartbeat_beat()
            super().handle(batch=True, reload=False, **options)
            periodic_run()
            outbox_flush(lockfile=lockfile)
            return
        loops = [
            Loop(
                name="outbox",
                interval=mail_interval,
                step=lambda stop: outbox_flush(lockfile=lockfile, stop=stop),
            ),
            Loop(name="periodic jobs", interval=jobs_interval, step=lambda stop: periodic_run()),
            # Tells /gezondheid/ that the worker is alive (a row in the database).
            Loop(
                name="heartbeat",
                interval=HEARTBEAT_SECONDS,
                step=lambda stop: heartbeat_beat(),
            ),
        ]
        for loop in loops:
            loop.start()
        try:
            # Returns, or raises SystemExit from its signal handler, on SIGINT or SIGTERM.
            super().handle(batch=False, reload=False, **options)
        finally:
            for loop in loops:
                loop.stop()
