"""rate_limit(): the one decorator for views that limit, and rate_limited() for in-view counts."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory
from django_ratelimit.decorators import ratelimit

from solidair.web.ratelimits import is_limited, rate_limit, rate_limited, too_many

TEMPLATE = "limits/too_many.html"


@pytest.fixture(autouse=True)
def _templates(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {TEMPLATE: "Too many, {{ who|default:'someone' }}."},
                    )
                ]
            },
        }
    ]


def _post(address: str = "198.51.100.1", **data):
    return RequestFactory().post("/", data, REMOTE_ADDR=address)


def _get(address: str = "198.51.100.1"):
    return RequestFactory().get("/", REMOTE_ADDR=address)


def _address(group, request) -> str:
    return request.POST.get("email", "")


def test_a_request_over_the_limit_gets_the_page_with_429_and_the_view_does_not_run():
    calls = []

    @rate_limit(group="t-page", key="ip", rate="2/h", template=TEMPLATE)
    def view(request):
        calls.append(request)
        return HttpResponse("done")

    assert [view(_post()).status_code for _ in range(2)] == [200, 200]
    response = view(_post())
    assert response.status_code == 429
    assert response.content.decode() == "Too many, someone."
    assert len(calls) == 2


def test_counts_are_per_key_and_per_group():
    @rate_limit(group="t-one", key="ip", rate="1/h", template=TEMPLATE)
    def one(request):
        return HttpResponse("one")

    @rate_limit(group="t-two", key="ip", rate="1/h", template=TEMPLATE)
    def two(request):
        return HttpResponse("two")

    assert one(_post("198.51.100.1")).status_code == 200
    assert one(_post("198.51.100.1")).status_code == 429
    # Another address, and another group, have their own counts.
    assert one(_post("198.51.100.2")).status_code == 200
    assert two(_post("198.51.100.1")).status_code == 200


def test_two_views_with_one_group_share_its_count():
    @rate_limit(group="t-shared", key="ip", rate="1/h", template=TEMPLATE)
    def one(request):
        return HttpResponse("one")

    @rate_limit(group="t-shared", key="ip", rate="1/h", template=TEMPLATE)
    def two(request):
        return HttpResponse("two")

    assert one(_post()).status_code == 200
    assert two(_post()).status_code == 429


def test_methods_not_limited_pass_and_are_not_counted():
    @rate_limit(group="t-methods", key="ip", rate="1/h", template=TEMPLATE)
    def view(request):
        return HttpResponse("done")

    assert [view(_get()).status_code for _ in range(3)] == [200, 200, 200]
    assert view(_post()).status_code == 200
    assert view(_post()).status_code == 429
    assert view(_get()).status_code == 200


def test_methods_none_counts_every_method():
    @rate_limit(group="t-all", key="ip", rate="2/h", template=TEMPLATE, methods=None)
    def view(request):
        return HttpResponse("done")

    assert view(_get()).status_code == 200
    assert view(_post()).status_code == 200
    assert view(_get()).status_code == 429


def test_a_callable_key_counts_what_it_returns():
    @rate_limit(group="t-callable", key=_address, rate="1/h", template=TEMPLATE)
    def view(request):
        return HttpResponse("done")

    assert view(_post("198.51.100.1", email="a@example.org")).status_code == 200
    assert view(_post("198.51.100.2", email="a@example.org")).status_code == 429
    assert view(_post("198.51.100.1", email="b@example.org")).status_code == 200


def test_stacked_limits_each_count_every_request_and_answer_once():
    calls = []

    @rate_limit(group="t-stack-ip", key="ip", rate="1/h", template=TEMPLATE)
    @rate_limit(group="t-stack-address", key=_address, rate="3/h", template=TEMPLATE)
    def view(request):
        calls.append(request)
        return HttpResponse("done")

    assert view(_post(email="a@example.org")).status_code == 200
    assert view(_post(email="a@example.org")).status_code == 429  # over per IP
    # The address was counted also while the IP was over: from another IP, it is over at once.
    assert view(_post("198.51.100.2", email="a@example.org")).status_code == 200
    assert view(_post("198.51.100.3", email="a@example.org")).status_code == 429
    assert len(calls) == 2
    assert view.__name__ == "view"


def test_stacked_limits_with_two_pages_are_refused():
    with pytest.raises(ImproperlyConfigured):

        @rate_limit(group="t-a", key="ip", rate="1/h", template=TEMPLATE)
        @rate_limit(group="t-b", key="ip", rate="1/h", template="other/too_many.html")
        def view(request):
            return HttpResponse("done")


def test_without_a_template_the_view_runs_and_answers_at_its_own_point():
    @rate_limit(group="t-deferred", key="ip", rate="1/h")
    def view(request):
        if request.POST.get("missing"):
            return HttpResponse("not found", status=404)  # its own refusals come first
        if is_limited(request):
            return too_many(request, TEMPLATE, {"who": "Anna"})
        return HttpResponse("done")

    assert view(_post()).status_code == 200
    assert view(_post(missing="1")).status_code == 404
    response = view(_post())
    assert response.status_code == 429
    assert response.content.decode() == "Too many, Anna."
    assert not is_limited(_get())


def test_rate_limited_in_a_view_shares_the_decorators_count():
    @rate_limit(group="t-in-view", key="ip", rate="2/h", template=TEMPLATE)
    def view(request):
        return HttpResponse("done")

    assert view(_post()).status_code == 200
    request = _post()
    assert rate_limited(request, group="t-in-view", key="ip", rate="2/h") is False
    assert not is_limited(request)
    request = _post()
    assert rate_limited(request, group="t-in-view", key="ip", rate="2/h") is True
    assert is_limited(request)
    assert view(_post()).status_code == 429
    # A GET is not counted by default.
    assert rate_limited(_get(), group="t-in-view", key="ip", rate="2/h") is False


@pytest.mark.parametrize(("old", "new"), [({"method": "POST"}, {}), ({}, {"methods": None})])
def test_counts_made_by_django_ratelimits_decorator_go_on(old, new):
    """The same group, key, rate and methods name the same count in the cache."""

    @ratelimit(group="t-old", key="ip", rate="2/h", block=False, **old)
    def before(request):
        return HttpResponse("done")

    @rate_limit(group="t-old", key="ip", rate="2/h", template=TEMPLATE, **new)
    def after(request):
        return HttpResponse("done")

    before(_post())
    before(_post())
    assert after(_post()).status_code == 429
