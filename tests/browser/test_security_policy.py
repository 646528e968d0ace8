"""The strict Content-Security-Policy breaks nothing: no page, the back-office included, makes
the browser refuse a script, a style or an image."""

import pytest
from django.contrib.auth import get_user_model

PUBLIC = (
    "/",
    "/gemeenten/",
    "/gemeenten/merelbeke-melle/",
    "/gemeenten/aalst/",
    "/zoeken/?q=sint",
    "/initiatieven/",
    "/netwerk/",
    "/brief/",
    "/portaal/aanmelden/",
    "/aansluiten/",
    "/deze-pagina-bestaat-niet/",
)
ADMIN = (
    "/beheer/",
    "/beheer/membership/membership/",
    "/beheer/membership/membership/add/",
    "/beheer/initiatives/initiative/add/",
    "/beheer/municipalities/municipality/",
    "/beheer/letters/lettertemplate/",
    "/beheer/post_office/email/",
    "/beheer/post_office/emailtemplate/add/",
    "/beheer/applications/application/",
)


@pytest.fixture
def refused(page) -> list[str]:
    """What the browser refused under the policy, from its console."""
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


@pytest.mark.browser
def test_public_pages_run_under_the_policy(page, site, refused):
    for path in PUBLIC:
        page.goto(site.url + path)
        assert page.locator("h1").count() == 1, path
        # The stylesheet applied: the skip link is moved out of sight until it has focus.
        assert page.locator(".skip-link").bounding_box()["x"] < -900, path
    assert refused == []


@pytest.mark.browser
def test_the_back_office_runs_under_the_policy(page, site, refused):
    get_user_model().objects.create_superuser("coordinator", "c@example.be", "x-secret-9")
    page.goto(site.url + "/beheer/login/")
    page.get_by_label("Gebruikersnaam").fill("coordinator")
    page.get_by_label("Wachtwoord").fill("x-secret-9")
    page.get_by_role("button", name="Aanmelden").click()
    from post_office.models import Email

    from solidair.municipalities.models import Municipality

    municipality = Municipality.objects.order_by("pk").first()
    municipality.save()  # a history row: its page has simple-history's style attribute
    mail = Email.objects.create(
        from_email="a@example.be", to=["b@example.be"], subject="Dag", html_message="<p>Dag</p>"
    )
    for path in (
        *ADMIN,
        f"/beheer/municipalities/municipality/{municipality.pk}/history/",
        f"/beheer/post_office/email/{mail.pk}/change/",
    ):
        response = page.goto(site.url + path)
        assert response.status == 200, path
    # The admin's own scripts (from 'self') ran.
    page.goto(site.url + "/beheer/membership/membership/add/")
    assert page.locator("script[src*='admin/js/']").count() > 0
    assert page.evaluate("typeof django !== 'undefined' && typeof django.jQuery") == "function"
    assert refused == []


@pytest.mark.browser
def test_the_check_sees_a_refusal(page, site, refused):
    """Guards the tests above against passing vacuously."""
    page.goto(site.url + "/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    page.wait_for_timeout(200)
    assert refused and "style-src" in refused[0]
