import io

import pytest
from django.core.management import call_command

from solidair.membership.models import MembershipStatus
from tests.factories import activity, make_member, municipality
from tests.helpers import redis_test_url

pytestmark = pytest.mark.django_db


def test_a_second_visit_is_served_from_the_cache(client, django_assert_num_queries):
    make_member("Gent")
    first = client.get("/gemeenten/")
    with django_assert_num_queries(0):
        second = client.get("/gemeenten/")
    assert second.content == first.content


def test_a_new_member_shows_at_once(client):
    make_member("Gent")
    assert "Brugge" not in client.get("/gemeenten/").content.decode()
    make_member("Brugge")
    assert "Brugge" in client.get("/gemeenten/").content.decode()


def test_a_status_change_shows_at_once_on_the_page_and_in_the_api(client):
    membership = make_member("Gent")
    assert "Gent is een Solidaire Stad" in client.get("/gemeenten/gent/").content.decode()
    assert client.get("/api/v1/municipalities/44021/").json()["is_member"] is True
    membership.status = MembershipStatus.SUSPENDED
    membership.save()
    assert "geschorst" in client.get("/gemeenten/gent/").content.decode()
    assert client.get("/api/v1/municipalities/44021/").json()["is_member"] is False


def test_a_theme_added_to_an_initiative_shows_at_once(client):
    from tests.factories import InitiativeFactory

    initiative = InitiativeFactory(municipality=municipality("Gent"))
    assert "Onderwijs" not in client.get(f"/initiatieven/{initiative.pk}/").content.decode()
    initiative.themes.add(activity("education"))
    assert "Onderwijs" in client.get(f"/initiatieven/{initiative.pk}/").content.decode()


def test_reloading_reference_data_invalidates_pages(client):
    from solidair.municipalities.models import PostalCode

    PostalCode.objects.filter(code="9820").delete()
    assert client.get("/zoeken/", {"q": "9820"}).status_code == 200  # "no such postal code"
    call_command("load_reference_data", stdout=io.StringIO())
    assert client.get("/zoeken/", {"q": "9820"}).status_code == 302


def test_the_back_office_is_never_cached(client):
    client.get("/beheer/login/")
    response = client.get("/beheer/login/")
    assert response.status_code == 200
    assert "csrftoken" in response.cookies


def test_it_can_be_turned_off(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/netwerk/")
    # Activities, partners and the reception places of the members: asked every time.
    with django_assert_num_queries(3):
        client.get("/netwerk/")


def test_deploy_check_warns_about_a_per_process_cache(settings):
    from solidair.operations.pagecache import check_shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in check_shared_cache(None)] == ["solidair.W001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    assert check_shared_cache(None) == []


@pytest.fixture
def redis_cache(settings):
    """The production cache: Redis on 127.0.0.1:6379, a database of its own for tests."""
    import redis

    url = redis_test_url()
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def test_with_redis_a_change_shows_at_once_and_hits_skip_the_database(
    client, redis_cache, django_assert_num_queries
):
    make_member("Gent")
    client.get("/gemeenten/")
    with django_assert_num_queries(0):
        assert "Brugge" not in client.get("/gemeenten/").content.decode()
    make_member("Brugge")
    assert "Brugge" in client.get("/gemeenten/").content.decode()


def test_a_page_cached_during_the_transaction_is_not_served_after_the_commit(
    reference_data, client
):
    """A request served between a change and its commit still reads the old rows: the page it
    caches must not outlive the commit."""
    from django.db import transaction
    from django.http import HttpResponse
    from django.test import RequestFactory

    from solidair.operations.pagecache import PublicPageCacheMiddleware

    make_member("Gent")
    before = client.get("/gemeenten/")
    assert "Brugge" not in before.content.decode()
    language = before.wsgi_request.LANGUAGE_CODE
    with transaction.atomic():
        make_member("Brugge")
        make_member("Oostende")  # a second change in the same transaction
        # A concurrent request (another connection: it does not see Brugge yet) renders and
        # caches the old directory under the current content version.
        concurrent = RequestFactory().get("/gemeenten/")
        concurrent.LANGUAGE_CODE = language
        PublicPageCacheMiddleware(lambda request: HttpResponse("the old directory"))(concurrent)
        assert client.get("/gemeenten/").content == b"the old directory"
    assert "Brugge" in client.get("/gemeenten/").content.decode()


def test_a_rolled_back_savepoint_does_not_cancel_the_bump_on_commit(reference_data, client):
    from django.db import transaction
    from django.http import HttpResponse
    from django.test import RequestFactory

    from solidair.operations.pagecache import PublicPageCacheMiddleware

    language = client.get("/gemeenten/").wsgi_request.LANGUAGE_CODE
    with transaction.atomic():
        try:
            with transaction.atomic():
                make_member("Gent")
                raise RuntimeError
        except RuntimeError:
            pass
        make_member("Brugge")
        concurrent = RequestFactory().get("/gemeenten/")
        concurrent.LANGUAGE_CODE = language
        PublicPageCacheMiddleware(lambda request: HttpResponse("the old directory"))(concurrent)
        assert client.get("/gemeenten/").content == b"the old directory"
    assert "Brugge" in client.get("/gemeenten/").content.decode()
