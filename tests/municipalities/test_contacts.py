"""The municipalities' general contact (website, phone) from the Organisatieportaal's file, on
every municipality's page with its source, and kept when the network corrects it."""

import datetime
import html
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from solidair.letters.delivery.addresses import council_address_failing_mark
from solidair.letters.models import CouncilAddress
from solidair.municipalities.models import ContactOrigin, Municipality, phone_display
from solidair.municipalities.reference import CONTACTS_FILE, contact_cells, general_contacts
from tests.factories import council_address_set, municipality
from tests.languages import translated

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_file_is_the_projects_own_and_reads_whole():
    lines = CONTACTS_FILE.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "refnis,name,email,website,phone,kbo,note,source_date"
    contacts = general_contacts()
    assert len(contacts) == len(lines) - 1 == 285
    assert sum(bool(row.email) for row in contacts.values()) == 270
    assert sum(bool(row.website) for row in contacts.values()) == 272
    assert sum(bool(row.phone) for row in contacts.values()) == 273
    # The merged municipalities' notes hold unquoted commas: they stay in the note.
    assert contacts["23106"].source_date is None and contacts["23106"].email == ""
    assert contact_cells(["1", "n", "", "", "", "", "merged on 2025-01-01", " no data", ""]) == [
        "1",
        "n",
        "",
        "",
        "",
        "",
        "merged on 2025-01-01, no data",
        "",
    ]


def test_every_municipality_has_the_website_and_phone_of_the_file():
    contacts = general_contacts()
    municipalities = {m.refnis: m for m in Municipality.objects.flemish()}
    assert set(municipalities) == set(contacts)
    for refnis, row in contacts.items():
        place = municipalities[refnis]
        assert (place.website, place.phone) == (row.website, row.phone), place.name_nl
        if row.website or row.phone:
            assert place.contact_origin == ContactOrigin.ORGANISATIEPORTAAL
            assert place.contact_verified_on == row.source_date
        else:
            assert place.contact_origin == ""
    assert Municipality.objects.flemish().exclude(website="").count() == 272
    assert Municipality.objects.flemish().exclude(phone="").count() == 273


def test_every_phone_number_reads_as_belgians_write_it():
    for row in general_contacts().values():
        if not row.phone:
            continue
        shown = phone_display(row.phone)
        if row.phone.startswith("+32"):
            # The national format: 0, the same digits, in groups ("03 870 16 11").
            assert shown.replace(" ", "") == "0" + row.phone.removeprefix("+32"), row.name
            assert re.fullmatch(r"0\d{1,3}( \d{2,3}){2,3}", shown), (row.name, shown)
        else:  # Liedekerke's, Kortrijk's and Roeselare's short numbers
            assert re.fullmatch(r"1\d{3}", shown), (row.name, shown)


@pytest.mark.parametrize(
    ("prefix", "heading", "source", "month"),
    [
        ("", "Het bestuur van Aartselaar", "Bron: %(source)s.", "december 2023"),
        ("/fr", "Het bestuur van %(name)s", "Bron: %(source)s.", "décembre 2023"),
    ],
)
def test_a_municipality_page_shows_its_website_phone_and_email_with_the_source(
    client, prefix, heading, source, month
):
    text = text_of(client.get(f"{prefix}/gemeenten/aartselaar/"))
    language = "fr" if prefix else "nl-be"
    if prefix:
        heading = translated(heading, "fr") % {"name": "Aartselaar"}
        source = translated(source, "fr")
        portal = translated("Organisatieportaal van de Vlaamse overheid", "fr")
    else:
        portal = "Organisatieportaal van de Vlaamse overheid"
    assert heading in text
    assert "www.aartselaar.be" in text and "03 870 16 11" in text
    assert "info@aartselaar.be" in text
    assert source % {"source": f"{portal}, {month}"} in text, language
    page = client.get(f"{prefix}/gemeenten/aartselaar/").content.decode()
    assert 'href="https://www.aartselaar.be"' in page
    assert 'href="tel:+3238701611"' in page
    assert 'href="mailto:info@aartselaar.be"' in page


def test_a_merged_municipality_without_contact_data_shows_no_empty_section(client):
    page = client.get("/gemeenten/pajottegem/").content.decode()
    assert "general-contact-title" not in page


def test_an_email_the_network_checked_says_so_and_one_that_does_not_work_is_not_shown(client):
    council_address_set(
        municipality("Boom"), "college@boom.be", last_verified=datetime.date(2026, 1, 5)
    )
    text = text_of(client.get("/gemeenten/boom/"))
    assert "college@boom.be" in text
    assert "Het e-mailadres werd nagekeken door het netwerk (januari 2026)." in text
    with transaction.atomic():
        council_address_failing_mark(
            address=CouncilAddress.objects.get(municipality__name_nl="Boom"),
            reason="550 User unknown",
            now=timezone.now(),
        )
    assert "college@boom.be" not in text_of(client.get("/gemeenten/boom/"))


def test_a_correction_by_the_network_is_kept_when_the_reference_data_loads_again(
    client, coordinator
):
    client.force_login(coordinator)
    place = municipality("Aartselaar")
    response = client.post(
        f"/beheer/municipalities/municipality/{place.pk}/change/",
        {
            "is_city": "",
            "website": "https://www.aartselaar.be/bestuur",
            "phone": "+3238701611",
            # The inlines of the change form, empty.
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            "former_municipalities-TOTAL_FORMS": "0",
            "former_municipalities-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    place.refresh_from_db()
    assert (place.website, place.contact_origin, place.contact_verified_on) == (
        "https://www.aartselaar.be/bestuur",
        ContactOrigin.NETWORK,
        timezone.localdate(),
    )
    call_command("load_reference_data", stdout=StringIO())
    place.refresh_from_db()
    assert place.website == "https://www.aartselaar.be/bestuur"
    text = text_of(client.get("/gemeenten/aartselaar/"))
    assert "Bron: nagekeken door het netwerk" in text
