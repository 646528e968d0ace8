"""The page cache's fast path (solidair/operations/pagecache.py, PageCacheFastPath in
solidair/wsgi.py): hits answered before Django, with the answer Django gives, and never to whom
it does not fit."""

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from werkzeug.test import Client

from solidair.operations.pagecache import (
    EDGE_HEADER,
    FAST_KEY_PREFIX,
    PageCacheFastPath,
    fast_path_key,
)
from tests.factories import make_member
from tests.helpers import redis_test_url

pytestmark = pytest.mark.django_db

PAGES = (
    "/",
    "/gemeenten/",
    "/gemeenten/gent/",
    "/fr/gemeenten/",
    "/initiatieven/",
    "/api/v1/municipalities/",
    "/api/v1/municipalities/?lang=fr",
)


class CountingApp:
    """Django's WSGI application, counting the requests that reach it."""

    def __init__(self):
        self.django = get_wsgi_application()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.django(environ, start_response)


@pytest.fixture
def wsgi():
    """The fast path around Django, called as gunicorn calls it (in this thread, so inside the
    test's transaction: like Django's test client, without closing the connection after each
    request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    django = CountingApp()
    try:
        yield (
            Client(PageCacheFastPath(django), use_cookies=False),
            Client(django, use_cookies=False),
            django,
        )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def answer(response):
    """Status, headers and body; without the edge's header, which only the fast path adds."""
    headers = sorted(
        (name, value) for name, value in response.headers.items() if name != EDGE_HEADER
    )
    return response.status, headers, response.get_data()


@pytest.mark.parametrize("path", PAGES)
def test_a_hit_is_the_answer_django_gives_without_django(wsgi, path, django_assert_num_queries):
    fast, slow, django = wsgi
    make_member("Gent")
    first = fast.get(path)
    assert first.status_code == 200
    assert django.calls == 1
    with django_assert_num_queries(0):
        hit = fast.get(path)
    assert django.calls == 1  # not through Django
    through_django = slow.get(path)  # the middleware's hit: the slow path
    assert django.calls == 2
    assert answer(hit) == answer(first) == answer(through_django)
    # nginx may keep what the fast path keeps (the edge), for PAGE_CACHE_EDGE_SECONDS.
    assert first.headers[EDGE_HEADER] == hit.headers[EDGE_HEADER] == "1"
    assert EDGE_HEADER not in through_django.headers


@pytest.mark.parametrize(
    "headers",
    [{"Accept-Language": "fr"}, {"Accept-Language": "en-GB,en;q=0.8"}, {"Accept-Encoding": "gzip"}],
)
def test_the_headers_the_answer_varies_on_are_in_the_key(wsgi, headers):
    fast, slow, django = wsgi
    make_member("Gent")
    plain = fast.get("/api/v1/municipalities/")
    varied = fast.get("/api/v1/municipalities/", headers=headers)
    assert django.calls == 2  # not the plain answer
    hit = fast.get("/api/v1/municipalities/", headers=headers)
    assert django.calls == 2
    assert (
        answer(hit)
        == answer(varied)
        == answer(slow.get("/api/v1/municipalities/", headers=headers))
    )
    assert answer(varied) != answer(plain)


def test_head_is_answered_from_the_get(wsgi):
    fast, slow, django = wsgi
    make_member("Gent")
    fast.get("/gemeenten/")
    head = fast.head("/gemeenten/")
    assert django.calls == 1
    through_django = slow.head("/gemeenten/")
    assert head.status == through_django.status
    assert answer(head)[1] == answer(through_django)[1]
    assert head.headers[EDGE_HEADER] == "1"
    assert head.get_data() == b""


def test_a_change_shows_at_once(wsgi):
    fast, _slow, _django = wsgi
    make_member("Gent")
    assert "Brugge" not in fast.get("/gemeenten/").get_data(as_text=True)
    assert "Brugge" not in fast.get("/gemeenten/").get_data(as_text=True)  # a hit
    make_member("Brugge")
    assert "Brugge" in fast.get("/gemeenten/").get_data(as_text=True)


def test_a_status_change_shows_at_once_on_the_page_and_in_the_api(wsgi):
    from solidair.membership.models import MembershipStatus

    fast, _slow, _django = wsgi
    membership = make_member("Gent")
    for _ in range(2):  # a miss, then a hit
        assert "Gent is een Solidaire Stad" in fast.get("/gemeenten/gent/").get_data(as_text=True)
        assert fast.get("/api/v1/municipalities/44021/").json["is_member"] is True
    membership.status = MembershipStatus.SUSPENDED
    membership.save()
    assert "geschorst" in fast.get("/gemeenten/gent/").get_data(as_text=True)
    assert fast.get("/api/v1/municipalities/44021/").json["is_member"] is False


def test_never_for_a_signed_in_user(wsgi, client, django_user_model, settings):
    fast, _slow, django = wsgi
    make_member("Gent")
    fast.get("/gemeenten/")
    fast.get("/gemeenten/")
    assert django.calls == 1
    client.force_login(django_user_model.objects.create_user("coordinator", password="x"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = f"{settings.CSRF_COOKIE_NAME}=abc; {settings.SESSION_COOKIE_NAME}={session}"
    fast.get("/gemeenten/", headers={"Cookie": cookie})
    assert django.calls == 2
    # Nor with a pending message, or any other cookie but the CSRF cookie.
    fast.get("/gemeenten/", headers={"Cookie": "messages=abc"})
    assert django.calls == 3
    fast.get("/gemeenten/", headers={"Cookie": f"{settings.CSRF_COOKIE_NAME}=abc"})
    fast.get("/gemeenten/", headers={"Cookie": f"{settings.CSRF_COOKIE_NAME}=abc"})
    assert django.calls == 4  # kept apart from the answer without cookies, then a hit


@pytest.mark.parametrize(
    "path", ["/portaal/", "/fr/portaal/", "/aansluiten/", "/beheer/login/", "/gezondheid/"]
)
def test_never_for_the_portal_the_applications_or_the_back_office(wsgi, path):
    from django.core.cache import cache

    fast, _slow, django = wsgi
    assert fast_path_key({"REQUEST_METHOD": "GET", "PATH_INFO": path}) is None
    fast.get(path)
    fast.get(path)
    assert django.calls == 2
    assert not [key for key in cache._cache if FAST_KEY_PREFIX in key]  # LocMemCache's


def test_conditional_requests_go_to_django(wsgi):
    fast, _slow, django = wsgi
    make_member("Gent")
    first = fast.get("/api/v1/municipalities/")
    revalidated = fast.get(
        "/api/v1/municipalities/", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert revalidated.status_code == 304
    assert django.calls == 2


def test_a_post_or_an_error_is_not_kept(wsgi):
    fast, _slow, django = wsgi
    fast.get("/gemeenten/nergens/")
    assert fast.get("/gemeenten/nergens/").status_code == 404
    assert django.calls == 2
    fast.post("/zoeken/", data={"q": "9000"})
    fast.post("/zoeken/", data={"q": "9000"})
    assert django.calls == 4


def test_off_when_the_page_cache_is_off(wsgi, settings):
    settings.PAGE_CACHE_SECONDS = 0
    fast, _slow, django = wsgi
    fast.get("/gemeenten/")
    fast.get("/gemeenten/")
    assert django.calls == 2


def test_with_redis_one_round_trip_per_hit(wsgi, settings):
    """The production cache: the content version and the answer in one MGET."""
    import redis

    url = redis_test_url()
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "solidair.operations.cache.ResilientRedisCache",
            "LOCATION": url,
        }
    }
    from django.core.cache import cache

    cache.clear()
    fast, slow, django = wsgi
    make_member("Gent")
    first = fast.get("/gemeenten/")
    server = redis.Redis.from_url(url)
    before = server.info("commandstats")
    hit = fast.get("/gemeenten/")
    after = server.info("commandstats")
    assert django.calls == 1
    assert answer(hit) == answer(first) == answer(slow.get("/gemeenten/"))
    calls = {
        name: after[name]["calls"] - before.get(name, {"calls": 0})["calls"]
        for name in after
        if name != "cmdstat_info"
    }
    assert {name: count for name, count in calls.items() if count} == {"cmdstat_mget": 1}
    make_member("Brugge")
    assert "Brugge" in fast.get("/gemeenten/").get_data(as_text=True)
    cache.clear()


# --- The edge: X-Accel-Expires tells nginx what it may keep ---------------------------------


def test_the_edge_header_is_only_on_answers_kept_for_everybody(wsgi, client, django_user_model):
    from django.conf import settings

    fast, _slow, _django = wsgi
    make_member("Gent")
    assert fast.get("/gemeenten/").headers[EDGE_HEADER] == "1"
    client.force_login(django_user_model.objects.create_user("coordinator", password="x"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    not_for_the_edge = [
        fast.get("/gemeenten/", headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}),
        fast.get("/gemeenten/", headers={"Cookie": "messages=abc"}),
        fast.get("/gemeenten/nergens/"),  # 404
        fast.post("/zoeken/", data={"q": "9000"}),
        fast.get("/brief/gent/"),  # a form: it sets the CSRF cookie
        fast.get("/portaal/"),
        fast.get("/gezondheid/"),
        fast.get("/beheer/login/"),
        fast.get("/api/v1/municipalities/", headers={"Authorization": "Bearer x"}),
    ]
    for response in not_for_the_edge:
        assert EDGE_HEADER not in response.headers, (response.request.path, response.status)


def test_the_edge_follows_its_setting(wsgi, settings):
    fast, _slow, _django = wsgi
    make_member("Gent")
    settings.PAGE_CACHE_EDGE_SECONDS = 0
    assert EDGE_HEADER not in fast.get("/gemeenten/").headers  # a miss
    assert EDGE_HEADER not in fast.get("/gemeenten/").headers  # a hit
    settings.PAGE_CACHE_EDGE_SECONDS = 5
    assert fast.get("/gemeenten/").headers[EDGE_HEADER] == "5"


def test_pages_are_kept_compressed_and_apart_from_the_plain_ones(wsgi):
    import gzip

    fast, _slow, django = wsgi
    make_member("Gent")
    gzip_header = {"Accept-Encoding": "gzip, deflate, br"}
    plain = fast.get("/gemeenten/")
    compressed = fast.get("/gemeenten/", headers=gzip_header)
    again = fast.get("/gemeenten/", headers=gzip_header)
    assert django.calls == 2  # the second compressed answer is a hit
    assert "Content-Encoding" not in plain.headers
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed.headers["Vary"]
    assert gzip.decompress(compressed.get_data()) == plain.get_data()
    assert again.get_data() == compressed.get_data()  # compressed once, then kept
    assert len(compressed.get_data()) < len(plain.get_data()) / 2
