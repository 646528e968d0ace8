"""Brochures and recommendations in the browser: axe (WCAG 2.1 AA) on the public pages."""

import datetime

import pytest

from solidair.network.brochures import brochure_generate
from solidair.network.models import Level, Position, Recommendation, StepStatus
from tests.factories import activity
from tests.network.helpers import make_meeting

D = datetime.date


@pytest.fixture
def learning(site, settings, tmp_path):
    from solidair.initiatives.models import Initiative

    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = make_meeting("Wonen na de opvang", D(2026, 3, 14), theme="Huisvesting")
    Initiative.objects.get(title="Buddywerking voor nieuwkomers").meetings.add(meeting)
    brochure_generate(meeting=meeting, introduction="Welkom.")
    brochure_generate(meeting=meeting)
    minister = Position.objects.create(
        title="Vlaams minister van Binnenlands Bestuur, Samenleven en Inburgering",
        level=Level.FLEMISH,
    )
    minister.holders.create(name="Bart Somers", start=D(2019, 10, 2), end=D(2024, 9, 30))
    minister.holders.create(name="Hilde Crevits", start=D(2024, 10, 1))
    flemish = Recommendation.objects.create(
        title="Meer begeleiding naar een woning",
        text="De Vlaamse overheid voorziet middelen.\n\nEn volgt op.",
        level=Level.FLEMISH,
        meeting=meeting,
        addressee=minister,
    )
    flemish.steps.create(status=StepStatus.FORMULATED, date=D(2024, 5, 14))
    flemish.steps.create(status=StepStatus.SENT, date=D(2024, 6, 1), url="https://example.be/brief")
    flemish.steps.create(
        status=StepStatus.ANSWERED, date=D(2024, 12, 2), note="Het antwoord van de minister."
    )
    local = Recommendation.objects.create(
        title="Een buddy voor elk gezin",
        text="Lokale besturen.",
        level=Level.LOCAL,
        meeting=meeting,
    )
    local.activities.set([activity("housing"), activity("volunteering")])
    return {"meeting": meeting, "flemish": flemish, "minister": minister}


@pytest.mark.browser
def test_brochure_and_recommendation_pages_are_accessible(page, site, learning, assert_accessible):
    page.goto(site.url + "/netwerk/brochures/")
    assert page.get_by_role("heading", level=1).inner_text() == "Brochures van goede praktijken"
    assert page.locator("tbody tr").count() == 2
    assert_accessible(page)

    page.goto(site.url + learning["meeting"].get_absolute_url())
    assert page.get_by_text("Download de brochure (versie 2)").is_visible()
    assert page.get_by_text("Meer begeleiding naar een woning").is_visible()
    assert_accessible(page)

    # A filter applied through the GET form, then one with an empty result.
    page.goto(site.url + "/netwerk/aanbevelingen/")
    page.select_option("#id_niveau", "local")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon").click()
    assert "niveau=local" in page.url
    assert page.get_by_text("Een buddy voor elk gezin").is_visible()
    assert page.get_by_text("Meer begeleiding naar een woning").count() == 0
    assert_accessible(page)
    page.goto(site.url + f"/netwerk/aanbevelingen/?niveau=federal&aan={learning['minister'].pk}")
    assert page.get_by_text("Geen enkele aanbeveling voldoet aan deze filters.").is_visible()
    assert_accessible(page)

    page.goto(site.url + learning["flemish"].get_absolute_url())
    timeline = page.locator("ol.timeline")
    assert "Bart Somers" in timeline.inner_text() and "Hilde Crevits" in timeline.inner_text()
    assert_accessible(page)
