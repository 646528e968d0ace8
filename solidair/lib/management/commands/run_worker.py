"""The background worker: django-tasks' database queue, and the e-mail outbox beside it."""

import logging
import threading

from django.core.management.base import CommandError
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from solidair.lib.mail import outbox_flush

logger = logging.getLogger(__name__)


class OutboxLoop(threading.Thread):
    """Flushes the outbox every few seconds, beside the task worker in the main thread, so that a
    long task does not hold up mail and a slow SMTP server does not hold up tasks."""

    def __init__(self, *, interval: float, lockfile: str | None) -> None:
        super().__init__(name="outbox", daemon=True)
        self.interval = interval
        self.lockfile = lockfile
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            close_old_connections()
            try:
                outbox_flush(lockfile=self.lockfile, stop=self.stopping)
            except Exception:
                logger.exception("Flushing the outbox failed; trying again in %s s.", self.interval)
            finally:
                close_old_connections()
            self.stopping.wait(self.interval)
        connection.close()

    def stop(self) -> None:
        """Let the mail being sent finish (at most EMAIL_TIMEOUT), then stop."""
        self.stopping.set()
        self.join()


class Command(DBWorkerCommand):
    help = (
        "Run the background worker: the tasks of django-tasks' database queue, and the e-mail "
        "outbox every --mail-interval seconds. With --batch: run the waiting tasks, send the "
        "mail that is due, and stop."
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

    def handle(self, *, batch, reload, mail_interval, lockfile, **options):
        if reload:
            raise CommandError("run_worker does not reload; restart it after changing code.")
        if mail_interval <= 0:
            raise CommandError("--mail-interval must be more than 0 seconds.")
        if batch:
            super().handle(batch=True, reload=False, **options)
            outbox_flush(lockfile=lockfile)
            return
        outbox = OutboxLoop(interval=mail_interval, lockfile=lockfile)
        outbox.start()
        try:
            # Returns, or raises SystemExit from its signal handler, on SIGINT or SIGTERM.
            super().handle(batch=False, reload=False, **options)
        finally:
            outbox.stop()
