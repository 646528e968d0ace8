"""Periodic jobs: reminders, follow-ups, check-ins, erasure. The worker runs them every minute.

A job is a function ``job(*, now: datetime) -> str`` named by its dotted path in
``settings.PERIODIC_JOBS``. It must be idempotent: it finds what is due from the database (never
from how long ago it last ran), does it, marks it done in the same transaction, and returns a
one-line summary for the log (counts, never names). Running it twice, or after a pause of a
week, does the same work once. ``now`` is passed in so that tests control the clock.

One run at a time on a machine (a kernel lock, like the outbox's). With workers on several
machines, jobs that send mail lock their rows (``select_for_update(skip_locked=True)``).
"""

import fcntl
import logging
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

Job = Callable[..., str]


def periodic_jobs() -> dict[str, Job]:
    return {name: import_string(path) for name, path in settings.PERIODIC_JOBS.items()}


def periodic_run(
    *, now: datetime | None = None, only: str | None = None, lockfile: str | None = None
) -> dict[str, str]:
    """Run every job (or ``only`` that one); return each job's summary, or its error.

    A failing job is logged and does not keep the others from running.
    """
    jobs = periodic_jobs()
    if only is not None:
        if only not in jobs:
            raise KeyError(f"No periodic job named {only!r}; known: {', '.join(sorted(jobs))}")
        jobs = {only: jobs[only]}
    results: dict[str, str] = {}
    with open(lockfile or settings.PERIODIC_LOCK_FILE, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.info("Periodic jobs are already running (%s).", lock.name)
            return results
        for name, job in jobs.items():
            try:
                results[name] = job(now=now or timezone.now()) or ""
            except Exception as error:
                logger.exception("Periodic job %s failed.", name)
                results[name] = f"failed: {type(error).__name__}"
            else:
                if results[name]:
                    logger.info("Periodic job %s: %s", name, results[name])
    return results
