import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from solidair.network.models import (
    Level,
    Position,
    Recommendation,
    RecommendationStep,
    StepStatus,
)
from solidair.network.recommendations import (
    recommendation_current_step,
    recommendation_list,
    recommendation_timeline,
)
from tests.factories import activity
from tests.network.helpers import make_meeting

D = datetime.date


@pytest.fixture
def minister(db):
    position = Position.objects.create(
        title="Vlaams minister van Binnenlands Bestuur, Samenleven en Inburgering",
        level=Level.FLEMISH,
    )
    position.holders.create(name="Bart Somers", start=D(2019, 10, 2), end=D(2024, 9, 30))
    position.holders.create(name="Hilde Crevits", start=D(2024, 10, 1))
    return position


@pytest.fixture
def meeting(db):
    return make_meeting("Samenleven in diversiteit", D(2024, 5, 14))


def recommendation(meeting, addressee=None, **extra) -> Recommendation:
    defaults = {"title": "Meer begeleiding", "text": "Tekst.", "level": Level.FLEMISH}
    return Recommendation.objects.create(
        meeting=meeting, addressee=addressee, **{**defaults, **extra}
    )


def step(rec, status, day, **extra) -> RecommendationStep:
    return rec.steps.create(status=status, date=day, **extra)


def test_the_status_is_the_latest_step_and_holders_follow_the_government(meeting, minister):
    rec = recommendation(meeting, minister)
    step(rec, StepStatus.FORMULATED, D(2024, 5, 14))
    step(rec, StepStatus.SENT, D(2024, 6, 1), url="https://example.be/brief")
    # Entered later but dated earlier than the answer: order is by date.
    step(rec, StepStatus.PENDING, D(2025, 3, 1))
    step(rec, StepStatus.ANSWERED, D(2024, 11, 20), note="We bekijken het.")

    assert recommendation_current_step(rec).status == StepStatus.PENDING
    assert recommendation_list().get(pk=rec.pk).status == StepStatus.PENDING
    timeline = recommendation_timeline(rec)
    assert [entry.step.status for entry in timeline] == [
        "formulated",
        "sent",
        "answered",
        "pending",
    ]
    assert [entry.holder.name for entry in timeline] == [
        "Bart Somers",
        "Bart Somers",
        "Hilde Crevits",
        "Hilde Crevits",
    ]
    assert minister.holder_on(D(2024, 9, 30)).name == "Bart Somers"
    assert minister.holder_on(D(2019, 1, 1)) is None


def test_the_page_shows_the_timeline_with_holders_and_activities(client, meeting, minister):
    rec = recommendation(meeting, minister, level=Level.LOCAL, title="Lokale buddywerking")
    rec.activities.set([activity("housing")])
    step(rec, StepStatus.SENT, D(2024, 6, 1), url="https://example.be/brief")
    step(rec, StepStatus.ANSWERED, D(2024, 12, 2), note="Antwoord van de minister.")
    body = client.get(rec.get_absolute_url()).content.decode()
    assert "Lokale buddywerking" in body
    assert "Bart Somers" in body and "Hilde Crevits" in body
    assert body.index("Bart Somers") < body.index("Hilde Crevits")
    assert "Antwoord van de minister." in body
    assert 'href="https://example.be/brief"' in body
    assert activity("housing").label in body
    assert "beantwoord (2 december 2024)" in body.lower()


def test_an_unpublished_recommendation_is_not_found(client, meeting):
    rec = recommendation(meeting, published=False, title="Geheim")
    assert client.get(rec.get_absolute_url()).status_code == 404
    assert "Geheim" not in client.get("/netwerk/aanbevelingen/").content.decode()


def test_the_list_filters_by_level_status_and_addressee(client, meeting, minister):
    federal = Position.objects.create(title="Staatssecretaris voor Asiel", level=Level.FEDERAL)
    a = recommendation(meeting, minister, title="Aanbeveling Alfa")
    step(a, StepStatus.SENT, D(2024, 6, 1), url="https://example.be/a")
    b = recommendation(meeting, federal, title="Aanbeveling Bravo", level=Level.FEDERAL)
    step(b, StepStatus.SENT, D(2024, 6, 1), url="https://example.be/b")
    step(b, StepStatus.REJECTED, D(2024, 9, 1))
    recommendation(meeting, title="Aanbeveling Charlie", level=Level.LOCAL)

    def titles(query: str) -> set[str]:
        body = client.get("/netwerk/aanbevelingen/" + query).content.decode()
        return {t for t in ("Alfa", "Bravo", "Charlie") if f"Aanbeveling {t}" in body}

    assert titles("") == {"Alfa", "Bravo", "Charlie"}
    assert titles("?niveau=federal") == {"Bravo"}
    federal_page = client.get("/netwerk/aanbevelingen/?niveau=federal").content.decode()
    assert "status: afgewezen (1 september 2024)" in federal_page
    assert "aan: Staatssecretaris voor Asiel" in federal_page
    assert titles("?status=sent") == {"Alfa"}  # Bravo's latest step is the rejection
    assert titles("?status=rejected") == {"Bravo"}
    assert titles(f"?aan={minister.pk}") == {"Alfa"}
    assert titles(f"?aan={minister.pk}&niveau=local") == set()
    body = client.get(f"/netwerk/aanbevelingen/?aan={minister.pk}&niveau=local").content.decode()
    assert "Geen enkele aanbeveling voldoet aan deze filters." in body
    assert 'value="local" selected' in body  # the choice is kept
    bad = client.get("/netwerk/aanbevelingen/?niveau=provinciaal")
    assert bad.status_code == 200 and "Kijk je gegevens even na" in bad.content.decode()


def test_the_list_is_paginated_and_has_an_empty_state(client, meeting):
    assert (
        "Er zijn nog geen aanbevelingen." in client.get("/netwerk/aanbevelingen/").content.decode()
    )
    for number in range(25):
        recommendation(meeting, title=f"Nummer {number:02d}", position=number)
    first = client.get("/netwerk/aanbevelingen/").content.decode()
    second = client.get("/netwerk/aanbevelingen/?pagina=2").content.decode()
    assert "Nummer 00" in first and "Nummer 20" not in first
    assert "Nummer 20" in second and "Pagina 2 van 2" in second


def test_a_sent_step_needs_its_letter(meeting):
    from django.core.exceptions import ValidationError

    rec = recommendation(meeting)
    with pytest.raises(ValidationError):
        RecommendationStep(
            recommendation=rec, status=StepStatus.SENT, date=D(2024, 6, 1)
        ).full_clean()
    RecommendationStep(
        recommendation=rec, status=StepStatus.ANSWERED, date=D(2024, 6, 1), note="Ja."
    ).full_clean()


def test_the_admin_refuses_activities_on_a_flemish_recommendation_and_a_non_pdf(
    coordinator_client, meeting, minister
):
    response = coordinator_client.post(
        "/beheer/network/recommendation/add/",
        {
            "title": "Vlaams",
            "text": "Tekst",
            "level": "flemish",
            "meeting": meeting.pk,
            "addressee": minister.pk,
            "activities": [activity("housing").pk],
            "published": "on",
            "position": 1,
            "steps-TOTAL_FORMS": 1,
            "steps-INITIAL_FORMS": 0,
            "steps-0-status": "sent",
            "steps-0-date": "2024-06-01",
            "steps-0-document": SimpleUploadedFile("brief.pdf", b"not a pdf"),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Alleen lokale aanbevelingen verwijzen naar engagementen" in body
    assert "Dit bestand is geen PDF" in body
    assert not Recommendation.objects.exists()


def test_without_steps_a_recommendation_is_formulated(client, meeting):
    rec = recommendation(meeting, title="Nog niets mee gebeurd")
    assert recommendation_list(status=StepStatus.FORMULATED).get() == rec
    body = client.get(rec.get_absolute_url()).content.decode()
    assert "geformuleerd (14 mei 2024)" in body
    assert "er zijn nog geen verdere stappen" in body


def test_holders_of_a_position_do_not_overlap(minister):
    from django.core.exceptions import ValidationError

    from solidair.network.models import PositionHolder

    with pytest.raises(ValidationError, match="overlapt met die van Hilde Crevits"):
        PositionHolder(position=minister, name="Nieuw", start=D(2029, 1, 1)).full_clean()
    minister.holders.filter(name="Hilde Crevits").update(end=D(2029, 6, 30))
    PositionHolder(position=minister, name="Nieuw", start=D(2029, 7, 1)).full_clean()


@settings(max_examples=40)
@given(
    params=st.dictionaries(
        st.sampled_from(["niveau", "status", "aan", "pagina", "x"]),
        st.text(max_size=20),
        max_size=4,
    )
)
def test_no_filter_input_breaks_the_list(client, meeting, minister, params):
    recommendation(meeting, minister, title="Altijd daar")
    response = client.get("/netwerk/aanbevelingen/", params)
    assert response.status_code == 200
    Recommendation.objects.all().delete()


def test_the_admin_pages_open(coordinator_client, meeting, minister):
    rec = recommendation(meeting, minister, title="In de lijst")
    step(rec, StepStatus.REJECTED, D(2024, 9, 1))
    for name in ("brochure", "position", "positionholder", "recommendation", "recommendationstep"):
        assert coordinator_client.get(f"/beheer/network/{name}/").status_code == 200
        assert coordinator_client.get(f"/beheer/network/{name}/add/").status_code == 200
    body = coordinator_client.get("/beheer/network/recommendation/").content.decode()
    assert "In de lijst" in body and "afgewezen" in body
    position_page = coordinator_client.get("/beheer/network/position/").content.decode()
    assert "Hilde Crevits" in position_page  # the holder today
    history = coordinator_client.get(f"/beheer/network/recommendation/{rec.pk}/history/")
    assert history.status_code == 200
