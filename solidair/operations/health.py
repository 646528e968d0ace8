"""/gezondheid/: is this instance able to serve, and is the rest of the platform working?

For a monitor (and a load balancer that wants one): JSON with one word per part and two counts,
status 200 when every part is well and 503 when one is not. It reveals nothing else: no
versions, host names or error texts (those go to the log).
"""

import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models.functions import Coalesce
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from post_office.models import STATUS, Email

from solidair.operations.mail import REFUSED
from solidair.operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

WORKER = "run_worker"
# The worker tells it is alive this often.
HEARTBEAT_SECONDS = 30
CACHE_PROBE_KEY = "health:probe"


def heartbeat_beat(*, name: str = WORKER, now: datetime | None = None) -> None:
    """Record that a worker is alive (run_worker's heartbeat loop)."""
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"beat_at": now or timezone.now()})


def check_database(*, now: datetime) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_cache(*, now: datetime) -> bool:
    value = secrets.token_hex(8)
    cache.set(CACHE_PROBE_KEY, value, 30)
    return cache.get(CACHE_PROBE_KEY) == value


def outbox_counts(*, now: datetime) -> dict[str, int]:
    """Mail that should have gone out more than HEALTH_OUTBOX_MAX_MINUTES ago (a retry waiting
    for its time is not late), and mail given up on in the last day. A mail the recipient's
    server refused for good is not an outage: coordinators deal with it (a council's address
    that does not work), so it is not counted."""
    waiting = Email.objects.filter(status__in=(STATUS.queued, STATUS.requeued))
    late = waiting.annotate(due=Coalesce("scheduled_time", "created")).filter(
        due__lt=now - timedelta(minutes=settings.HEALTH_OUTBOX_MAX_MINUTES)
    )
    failed = Email.objects.filter(
        status=STATUS.failed, last_updated__gte=now - timedelta(days=1)
    ).exclude(logs__exception_type=REFUSED)
    return {"late": late.count(), "failed": failed.count()}


def check_worker(*, now: datetime) -> bool:
    limit = now - timedelta(seconds=settings.HEALTH_WORKER_MAX_SECONDS)
    return WorkerHeartbeat.objects.filter(name=WORKER, beat_at__gte=limit).exists()


def _run(name: str, check: Callable[..., bool], *, now: datetime) -> bool:
    try:
        return bool(check(now=now))
    except Exception:
        logger.exception("Health check %s failed.", name)
        return False


def health_report(*, now: datetime | None = None) -> tuple[bool, dict]:
    now = now or timezone.now()
    checks = {
        "database": _run("database", check_database, now=now),
        "cache": _run("cache", check_cache, now=now),
        "worker": _run("worker", check_worker, now=now),
    }
    counts: dict[str, int | None] = {"late": None, "failed": None}
    try:
        counts = outbox_counts(now=now)
    except Exception:
        logger.exception("Health check outbox failed.")
        checks["outbox"] = False
    else:
        checks["outbox"] = (
            counts["late"] == 0 and counts["failed"] <= settings.HEALTH_OUTBOX_MAX_FAILED
        )
    healthy = all(checks.values())
    return healthy, {
        "status": "ok" if healthy else "fail",
        "checks": {name: "ok" if ok else "fail" for name, ok in checks.items()},
        "outbox": counts,
    }


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)
