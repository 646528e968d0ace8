"""Reception places: the service, the member page and the network's totals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from solidair.membership.models import MembershipStatus, ReceptionCount
from solidair.membership.receptions import (
    reception_current,
    reception_network_totals,
    reception_report,
)
from tests.factories import make_member, municipality

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)


def count(name: str, counted_on: str, **places) -> None:
    reception_report(
        municipality=municipality(name),
        places=places,
        counted_on=datetime.date.fromisoformat(counted_on),
        by=None,
        today=TODAY,
    )


@pytest.fixture
def members(db):
    make_member("Gent")
    make_member("Leuven")
    make_member("Hove")
    count("Gent", "2026-01-15", loi_single=10, loi_family=20)
    count("Gent", "2026-09-01", loi_family=25)  # the newer count of families
    count("Leuven", "2026-06-30", loi_single=5, minors=3, other=0)
    return municipality("Gent")


def test_the_current_figure_is_the_latest_count_of_each_kind(members):
    figures = {f.kind: (f.places, f.counted_on) for f in reception_current(members)}
    assert figures == {
        "loi_single": (10, datetime.date(2026, 1, 15)),
        "loi_family": (25, datetime.date(2026, 9, 1)),
    }
    assert ReceptionCount.objects.filter(municipality=members).count() == 3  # history kept


def test_a_correction_on_the_same_date_replaces_the_figure(members):
    count("Gent", "2026-09-01", loi_family=26)
    figures = {f.kind: f.places for f in reception_current(members)}
    assert figures["loi_family"] == 26


def test_the_network_totals_sum_the_current_figures_of_active_members(members):
    count("Hove", "2026-10-01", loi_single=100)
    hove = municipality("Hove").memberships.get()
    hove.status = MembershipStatus.SUSPENDED
    hove.save()
    count("Antwerpen", "2026-10-02", loi_single=1000)  # not a member

    totals = reception_network_totals()
    assert {f.kind: f.places for f in totals.figures} == {
        "loi_single": 15,
        "loi_family": 25,
        "minors": 3,
        "other": 0,
    }
    assert totals.total == 43
    assert totals.municipalities == 2
    assert totals.first_counted_on == datetime.date(2026, 1, 15)
    assert totals.last_counted_on == datetime.date(2026, 9, 1)


def test_the_member_page_shows_the_figures_as_self_reported(members, client):
    body = client.get("/gemeenten/gent/").content.decode()
    assert "Zelf gemeld door de gemeente" in body
    assert '<th scope="row">LOI voor gezinnen</th><td>25</td><td>1 september 2026</td>' in body
    assert "Niet-begeleide minderjarigen" not in body  # not reported by Gent
    assert (
        "Er zijn nog geen opvangplaatsen gemeld." in client.get("/gemeenten/hove/").content.decode()
    )


def test_a_non_member_page_shows_no_figures(members, client):
    count("Antwerpen", "2026-10-02", loi_single=1000)
    body = client.get("/gemeenten/antwerpen/").content.decode()
    assert "Opvangplaatsen" not in body
    assert "1000" not in body


def test_the_network_page_shows_the_totals(members, client):
    body = client.get("/netwerk/").content.decode()
    assert "Opvangplaatsen in het netwerk" in body
    assert "Zelf gemeld door 2 leden, geteld tussen 15 januari 2026 en 1 september 2026" in body
    assert '<th scope="row">LOI voor alleenstaande volwassenen</th><td>15</td>' in body
    assert '<th scope="row">Samen</th><td>43</td>' in body


def test_the_network_page_without_figures(db, client):
    body = client.get("/netwerk/").content.decode()
    assert "Nog geen enkel lid meldde zijn opvangplaatsen." in body


@pytest.mark.parametrize(
    ("places", "counted_on", "field"),
    [
        ({"minors": -1}, "2026-01-01", "minors"),
        ({"minors": 10_001}, "2026-01-01", "minors"),
        ({"minors": None}, "2026-01-01", "__all__"),
        ({"minors": 1}, "2026-11-28", "counted_on"),
        ({"minors": 1}, "1999-12-31", "counted_on"),
    ],
)
def test_the_service_refuses_what_breaks_the_rules(db, places, counted_on, field):
    with pytest.raises(ValidationError) as refused:
        count("Gent", counted_on, **places)
    assert field in refused.value.message_dict
    assert not ReceptionCount.objects.exists()


def test_the_database_refuses_impossible_numbers(db):
    for places in (-1, 10_001):
        with pytest.raises(IntegrityError), transaction.atomic():
            ReceptionCount.objects.create(
                municipality=municipality("Gent"),
                kind="minors",
                places=places,
                counted_on=TODAY,
            )


def test_coordinators_report_and_see_the_history_in_the_admin(admin_client, admin_user):
    gent = municipality("Gent")
    response = admin_client.post(
        "/beheer/membership/receptioncount/add/",
        {"municipality": gent.pk, "kind": "minors", "places": "7", "counted_on": "2026-11-01"},
    )
    assert response.status_code == 302
    row = ReceptionCount.objects.get()
    assert (row.places, row.reported_by) == (7, admin_user)
    listing = admin_client.get(
        f"/beheer/membership/receptioncount/?municipality__id__exact={gent.pk}"
    ).content.decode()
    assert "Niet-begeleide minderjarigen" in listing or "niet-begeleide minderjarigen" in listing
    history = admin_client.get(
        f"/beheer/membership/receptioncount/{row.pk}/history/"
    ).content.decode()
    assert "admin" in history
