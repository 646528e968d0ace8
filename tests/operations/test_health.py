"""/gezondheid/: one word per part and two counts; 200 when all is well, 503 when a part is not,
and nothing else (no versions, host names or error texts)."""

import signal
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from post_office.models import STATUS, Email

from solidair.operations.health import heartbeat_beat
from solidair.operations.mail import mail_queue
from solidair.operations.models import WorkerHeartbeat

URL = "/gezondheid/"
ALL_OK = {"database": "ok", "cache": "ok", "worker": "ok", "outbox": "ok"}


def queue_mail(*, minutes_ago: int = 0, status: int = STATUS.queued) -> Email:
    email = mail_queue(to=["college@gent.be"], subject="Brief", text="Geacht college,")
    at = timezone.now() - timedelta(minutes=minutes_ago)
    Email.objects.filter(pk=email.pk).update(status=status, created=at, last_updated=at)
    return email


@pytest.mark.django_db
def test_it_reports_a_healthy_platform(client):
    heartbeat_beat()
    queue_mail(minutes_ago=2)  # waiting, not late

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": ALL_OK, "outbox": {"late": 0, "failed": 0}}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_is_never_cached(client):
    heartbeat_beat()
    assert client.get(URL).status_code == 200
    WorkerHeartbeat.objects.all().delete()

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "fail"


@pytest.mark.django_db
def test_it_rejects_post(client):
    assert client.post(URL).status_code == 405


def test_it_fails_without_a_database(client):
    # No django_db mark: pytest-django refuses every query, as a database that is down would.
    response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"database": "fail", "cache": "ok", "worker": "fail", "outbox": "fail"},
        "outbox": {"late": None, "failed": None},
    }


@pytest.mark.django_db
def test_it_fails_when_the_cache_is_down(client, settings, caplog):
    heartbeat_beat()
    # A Redis that is not there: nothing listens on port 1.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"] == {**ALL_OK, "cache": "fail"}
    # The error is in the log, not in the answer.
    assert "Health check cache failed." in caplog.text
    assert b"Error" not in response.content and b"127.0.0.1" not in response.content
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.django_db
def test_it_fails_when_mail_is_late(client, settings):
    heartbeat_beat()
    settings.HEALTH_OUTBOX_MAX_MINUTES = 15
    queue_mail(minutes_ago=16)
    queue_mail(minutes_ago=14)

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"] == {**ALL_OK, "outbox": "fail"}
    assert response.json()["outbox"] == {"late": 1, "failed": 0}


@pytest.mark.django_db
def test_a_retry_waiting_for_its_time_is_not_late(client):
    heartbeat_beat()
    email = queue_mail(minutes_ago=60, status=STATUS.requeued)
    Email.objects.filter(pk=email.pk).update(scheduled_time=timezone.now() + timedelta(minutes=8))

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["outbox"] == {"late": 0, "failed": 0}


@pytest.mark.django_db
def test_it_fails_when_too_much_mail_failed_in_a_day(client, settings):
    heartbeat_beat()
    settings.HEALTH_OUTBOX_MAX_FAILED = 2
    for _ in range(2):
        queue_mail(status=STATUS.failed)
    queue_mail(minutes_ago=25 * 60, status=STATUS.failed)  # more than a day ago: not counted

    assert client.get(URL).status_code == 200

    queue_mail(status=STATUS.failed)
    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"] == {**ALL_OK, "outbox": "fail"}
    assert response.json()["outbox"] == {"late": 0, "failed": 3}


@pytest.mark.django_db
def test_it_fails_when_the_worker_is_silent(client, settings):
    settings.HEALTH_WORKER_MAX_SECONDS = 180
    assert client.get(URL).json()["checks"]["worker"] == "fail"  # never started

    heartbeat_beat(now=timezone.now() - timedelta(seconds=181))
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"] == {**ALL_OK, "worker": "fail"}

    heartbeat_beat(now=timezone.now() - timedelta(seconds=170))
    assert client.get(URL).status_code == 200


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_the_worker_beats(client):
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("run_worker", "--batch", "--no-startup-delay", verbosity=0)
    finally:
        for number, handler in handlers.items():  # the worker installs its own
            signal.signal(number, handler)

    [beat] = WorkerHeartbeat.objects.all()
    assert timezone.now() - beat.beat_at < timedelta(seconds=30)
    assert client.get(URL).json()["checks"]["worker"] == "ok"


@pytest.mark.django_db
def test_the_site_serves_while_redis_is_down(client, settings, caplog):
    """The production cache backend answers as an empty cache when Redis is unreachable:
    pages render uncached, and the monitor sees the cache fail."""
    heartbeat_beat()
    settings.CACHES = {
        "default": {
            "BACKEND": "solidair.operations.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    page = client.get("/gemeenten/")
    health = client.get(URL)

    assert page.status_code == 200
    assert "Gemeenten" in page.content.decode()
    assert health.status_code == 503
    assert health.json()["checks"] == {**ALL_OK, "cache": "fail"}
    assert "Redis is unreachable (get): answering as an empty cache." in caplog.text
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
