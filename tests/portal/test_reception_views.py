"""The portal's reception page: owner, outsider (a contact of Gent) and anonymous."""

import datetime

import pytest
from django.utils import timezone

from solidair.membership.models import ReceptionCount

pytestmark = pytest.mark.django_db

URL = "/portaal/merelbeke-melle/opvang/"


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.RATELIMIT_ENABLE = False


def report(**values):
    data = {"loi_single": "", "loi_family": "", "minors": "", "other": "", "counted_on": ""}
    data.update({key: str(value) for key, value in values.items()})
    return data


def test_it_shows_an_empty_form_with_today(member_client):
    response = member_client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Opvangplaatsen van Merelbeke-Melle" in body
    assert "Er zijn nog geen opvangplaatsen gemeld." in body
    assert "Nog geen tellingen." in body
    assert f'value="{timezone.localdate().isoformat()}"' in body
    assert '<label for="id_minors">Niet-begeleide minderjarigen' in body
    assert "<legend>Aantal plaatsen per soort</legend>" in body
    assert "private" in response["Cache-Control"]


def test_a_report_is_kept_with_its_date_and_author(member_client, member_contact, network):
    response = member_client.post(URL, report(loi_single=4, minors=0, counted_on="2026-09-01"))
    assert response.status_code == 302
    assert response.url == URL
    rows = {row.kind: row for row in ReceptionCount.objects.all()}
    assert set(rows) == {"loi_single", "minors"}  # empty fields are not reported
    assert rows["loi_single"].places == 4
    assert rows["minors"].places == 0
    assert rows["minors"].counted_on == datetime.date(2026, 9, 1)
    assert rows["minors"].reported_by == member_contact
    assert rows["minors"].history.get().history_user == member_contact

    body = member_client.get(URL).content.decode()
    assert "Bedankt! De opvangplaatsen zijn bewaard." in body
    assert (
        '<th scope="row">LOI voor alleenstaande volwassenen</th><td>4</td><td>1 september 2026</td>'
        in body
    )
    assert 'name="loi_single" value="4"' in body  # the next count starts from the current one


def test_a_new_count_keeps_the_old_one_as_history(member_client):
    member_client.post(URL, report(loi_family=10, counted_on="2026-01-10"))
    member_client.post(URL, report(loi_family=12, counted_on="2026-06-10"))
    body = member_client.get(URL).content.decode()
    assert '<th scope="row">LOI voor gezinnen</th><td>12</td><td>10 juni 2026</td>' in body
    assert "<td>10 januari 2026</td><td>LOI voor gezinnen</td><td>10</td>" in body
    assert ReceptionCount.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (report(loi_single=-1, counted_on="2026-01-10"), "Geef een aantal van 0 of meer."),
        (report(loi_single="drie", counted_on="2026-01-10"), "Geef een geheel aantal"),
        (report(loi_single=10001, counted_on="2026-01-10"), "hoogstens 10000"),
        (report(counted_on="2026-01-10"), "Vul minstens één aantal in."),
        (report(minors=2, counted_on="2999-01-01"), "kan niet in de toekomst liggen"),
        (report(minors=2, counted_on="1999-12-31"), "Geef een datum na 1 januari 2000."),
        (report(minors=2, counted_on="31/02/2026"), "Geef een geldige datum"),
        (report(minors=2), "Geef de datum van de telling."),
    ],
)
def test_it_refuses_what_breaks_the_rules_and_keeps_the_input(member_client, data, message):
    response = member_client.post(URL, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'role="alert"' in body
    assert "<title>Fout:" in body
    for name in ("loi_single", "minors"):
        if data[name]:
            assert f'name="{name}" value="{data[name]}"' in body
    assert not ReceptionCount.objects.exists()


def test_the_history_is_paginated(member_client, network):
    for day in range(1, 26):
        ReceptionCount.objects.create(
            municipality=network, kind="other", places=day, counted_on=datetime.date(2025, 1, day)
        )
    first = member_client.get(URL).content.decode()
    assert "Pagina 1 van 2" in first
    assert "<td>25 januari 2025</td>" in first
    second = member_client.get(URL + "?pagina=2").content.decode()
    assert "<td>1 januari 2025</td>" in second


def test_it_checks_the_outsider(outsider_client, network):
    assert outsider_client.get(URL).status_code == 404
    assert outsider_client.post(URL, report(minors=2, counted_on="2026-01-10")).status_code == 404
    assert not ReceptionCount.objects.exists()
    assert outsider_client.get("/portaal/gent/opvang/").status_code == 200


def test_it_sends_anonymous_to_sign_in(client, network):
    for response in (client.get(URL), client.post(URL, report(minors=2, counted_on="2026-01-10"))):
        assert response.status_code == 302
        assert response.url == "/portaal/aanmelden/"
    assert not ReceptionCount.objects.exists()


def test_it_rejects_other_methods(member_client):
    assert member_client.put(URL).status_code == 405
