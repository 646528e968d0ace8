"""absolute_url(): the one way to an address on the site for what leaves it; mailed_link():
the one way to answer a link with a token from a mail."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from solidair.web.links import LinkInvalid, absolute_url, mailed_link, mailed_link_view
from tests.factories import municipality as reference_municipality


def test_a_url_name_a_path_and_a_model_each_give_an_address_on_the_site(settings, db):
    settings.SITE_URL = "https://solidairegemeenten.be"
    municipality = reference_municipality("Gent")
    assert absolute_url("portal:sign_in") == "https://solidairegemeenten.be/portaal/aanmelden/"
    assert absolute_url("/gemeenten/") == "https://solidairegemeenten.be/gemeenten/"
    assert absolute_url(municipality) == "https://solidairegemeenten.be/gemeenten/gent/"
    assert absolute_url("municipalities:detail", kwargs={"slug": "gent"}) == (
        "https://solidairegemeenten.be/gemeenten/gent/"
    )


@pytest.mark.parametrize(("language", "prefix"), [("nl-be", ""), ("fr", "/fr"), ("en", "/en")])
def test_a_url_name_is_reversed_in_the_active_language(settings, language, prefix):
    settings.SITE_URL = "https://solidairegemeenten.be"
    with translation.override(language):
        assert absolute_url("portal:sign_in") == (
            f"https://solidairegemeenten.be{prefix}/portaal/aanmelden/"
        )


# --- mailed_link ------------------------------------------------------------------------------

PAGE = "links/page.html"
INVALID = "links/invalid.html"


@pytest.fixture
def templates(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {PAGE: "Button for {{ row }}.{{ error }}", INVALID: "This link is gone."},
                    )
                ]
            },
        }
    ]


class Action:
    """An action that records what it was called with and answers as it was told."""

    def __init__(self, answer=None):
        self.calls = []
        self.answer = answer

    def __call__(self, row):
        self.calls.append(row)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def _answer(method: str, row, act, **data) -> HttpResponse:
    request = getattr(RequestFactory(), method)("/link/", data)
    return mailed_link(
        request,
        row=row,
        template=PAGE,
        context=lambda row: {"row": row},
        act=act,
        invalid_template=INVALID,
    )


@pytest.mark.parametrize("method", ["get", "head", "post"])
def test_a_link_that_fits_nothing_gets_the_invalid_page_with_410_and_never_acts(templates, method):
    act = Action(HttpResponse("done"))
    response = _answer(method, None, act)
    assert response.status_code == 410
    if method != "head":
        assert response.content == b"This link is gone."
    assert act.calls == []


@pytest.mark.parametrize("method", ["get", "head"])
def test_get_and_head_show_the_page_with_the_button_and_never_act(templates, method):
    """Mail scanners open links: opening one changes nothing."""
    act = Action(HttpResponse("done"))
    response = _answer(method, "row 7", act)
    assert response.status_code == 200
    if method == "get":
        assert response.content == b"Button for row 7."
    assert act.calls == []


def test_post_acts_on_the_row_and_answers_what_the_action_answers(templates):
    act = Action(HttpResponse("done", status=202))
    response = _answer("post", "row 7", act)
    assert (response.status_code, response.content) == (202, b"done")
    assert act.calls == ["row 7"]


def test_an_action_that_answers_nothing_shows_the_page_again(templates):
    """A form with errors, a POST without the expected button."""
    act = Action(None)
    response = _answer("post", "row 7", act)
    assert (response.status_code, response.content) == (200, b"Button for row 7.")
    assert act.calls == ["row 7"]


def test_an_action_that_finds_its_row_used_meanwhile_gets_the_invalid_page(templates):
    """Two clicks at the same moment: the second gets the same page as any used link."""
    response = _answer("post", "row 7", Action(LinkInvalid()))
    assert (response.status_code, response.content) == (410, b"This link is gone.")


def test_the_context_may_be_a_plain_dict(templates):
    request = RequestFactory().get("/link/")
    response = mailed_link(
        request,
        row="row 7",
        template=PAGE,
        context={"row": "a dict", "error": " Oops."},
        act=Action(),
        invalid_template=INVALID,
    )
    assert response.content == b"Button for a dict. Oops."


def test_a_mailed_link_view_is_never_cached_and_answers_only_get_head_and_post():
    @mailed_link_view
    def view(request):
        return HttpResponse("page")

    factory = RequestFactory()
    for method in ("get", "head", "post"):
        response = view(getattr(factory, method)("/link/"))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    for method in ("put", "delete", "patch"):
        assert view(getattr(factory, method)("/link/")).status_code == 405
