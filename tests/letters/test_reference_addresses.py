"""The councils' addresses from the reference data (the Organisatieportaal's contacts file):
loaded by the migrations for every municipality that has one, shown with their source, never
overwriting what the network checked, and importable with import_council_addresses."""

import datetime
import html
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from solidair.letters.delivery.addresses import (
    COUNCIL_ADDRESS_SOURCE,
    council_addresses_import,
    load_council_addresses,
)
from solidair.letters.models import CouncilAddress, CouncilAddressSuggestion
from solidair.municipalities import reference
from solidair.municipalities.models import ContactOrigin, Municipality
from solidair.municipalities.reference import (
    CONTACTS_BEFORE_MERGERS_FILE,
    CONTACTS_FILE,
    general_contacts,
    general_contacts_before_mergers,
)
from tests.factories import council_address_set, municipality
from tests.languages import translated

pytestmark = pytest.mark.django_db

SOURCE_DATE = datetime.date(2023, 12, 12)


def import_file(path, *args: str) -> str:
    out = StringIO()
    call_command("import_council_addresses", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def newer_contacts(tmp_path, monkeypatch):
    """A later version of the contacts file, with ``changes`` (REFNIS → e-mail) and a later
    date on every row; the reference loader then reads it."""

    def write(changes: dict[str, str], day: str = "2026-06-01"):
        lines = CONTACTS_FILE.read_text(encoding="utf-8").splitlines()
        out = [lines[0]]
        for line in lines[1:]:
            refnis, name, email, *rest = line.split(",")
            if rest[-1]:  # rows with a date
                rest[-1] = day
            out.append(",".join([refnis, name, changes.get(refnis, email), *rest]))
        path = tmp_path / "municipal-contacts-2025.csv"
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
        monkeypatch.setattr(reference, "CONTACTS_FILE", path)
        general_contacts.cache_clear()
        return path

    yield write
    general_contacts.cache_clear()


# --- The reference data, over every row of the file -----------------------------------------


def test_every_municipality_with_an_email_in_the_file_has_it_as_its_councils_address():
    contacts = general_contacts()
    assert len(contacts) == 285
    addresses = {
        address.municipality.refnis: address
        for address in CouncilAddress.objects.select_related("municipality")
    }
    with_email = {refnis for refnis, row in contacts.items() if row.email}
    assert len(with_email) == 270
    assert set(addresses) == with_email
    for refnis in with_email:
        address, row = addresses[refnis], contacts[refnis]
        assert address.municipality.name_nl == row.name
        assert (address.email, address.last_verified) == (row.email, row.source_date)
        assert (address.origin, address.source) == (
            ContactOrigin.ORGANISATIEPORTAAL,
            COUNCIL_ADDRESS_SOURCE,
        )
        assert not address.is_failing and not address.queue_held
    flemish = Municipality.objects.flemish()
    assert flemish.count() == 285
    assert flemish.filter(council_address__isnull=False).count() == 270


def test_the_15_without_an_email_are_the_merged_ones_and_three_the_source_left_blank():
    without = set(
        Municipality.objects.flemish()
        .filter(council_address__isnull=True)
        .values_list("name_nl", flat=True)
    )
    merged = set(
        Municipality.objects.flemish()
        .exclude(former_municipalities=None)
        .exclude(name_nl="Antwerpen")  # absorbed Borsbeek, kept its code and its address
        .values_list("name_nl", flat=True)
    )
    assert len(merged) == 12
    assert without == merged | {"Hoegaarden", "Brakel", "Herstappe"}


def test_every_former_municipality_of_a_merger_has_its_contacts_as_a_hint():
    from solidair.letters.delivery.addresses import predecessor_contacts
    from solidair.municipalities.models import FormerMunicipality

    before = general_contacts_before_mergers()
    assert len(before) == 300
    flemish_formers = FormerMunicipality.objects.filter(merged_into__region="flanders")
    assert flemish_formers.count() == 27
    for former in flemish_formers:
        assert before[former.refnis].name == former.name
        assert before[former.refnis].email  # every one had an address before the merger
    pajottegem = predecessor_contacts(municipality("Pajottegem"))
    assert [(c.name, c.email) for c in pajottegem] == [
        ("Galmaarden", "info@galmaarden.be"),
        ("Gooik", "info@gooik.be"),
        ("Herne", "gemeentebestuur@herne.be"),
    ]


def test_loading_the_reference_data_again_changes_nothing():
    history = CouncilAddress.history.count()
    before = list(CouncilAddress.objects.order_by("pk").values())
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert "council addresses created or updated: 0" in out.getvalue()
    assert list(CouncilAddress.objects.order_by("pk").values()) == before
    assert CouncilAddress.history.count() == history


def test_a_newer_file_updates_its_own_addresses_but_never_the_networks(newer_contacts, coordinator):
    from solidair.letters.delivery.addresses import council_address_save

    checked = CouncilAddress.objects.get(municipality__name_nl="Aartselaar")
    checked.email = "college@aartselaar.be"
    council_address_save(address=checked, changed={"email"}, by=coordinator)
    suggested = council_address_set(municipality("Boechout"), "schepencollege@boechout.be")
    newer_contacts(
        {
            "11001": "info2@aartselaar.be",  # Aartselaar: the network's own address stays
            "11004": "info2@boechout.be",  # Boechout: a suggestion the network accepted, stays
            "11005": "info2@boom.be",  # Boom: still the file's, follows the newer file
        }
    )
    changed = load_council_addresses(CouncilAddress, Municipality)
    assert changed == 268  # every address of the file's but the two of the network: a new date
    assert CouncilAddress.objects.get(pk=checked.pk).email == "college@aartselaar.be"
    assert CouncilAddress.objects.get(pk=suggested.pk).email == "schepencollege@boechout.be"
    boom = CouncilAddress.objects.get(municipality__name_nl="Boom")
    assert (boom.email, boom.last_verified) == ("info2@boom.be", datetime.date(2026, 6, 1))


def test_an_older_file_never_replaces_a_newer_one(newer_contacts):
    CouncilAddress.objects.filter(municipality__name_nl="Boom").update(
        email="nieuw@boom.be", last_verified=datetime.date(2026, 6, 1)
    )
    newer_contacts({}, day="2025-01-01")
    load_council_addresses(CouncilAddress, Municipality)
    assert CouncilAddress.objects.get(municipality__name_nl="Boom").email == "nieuw@boom.be"


def test_a_newer_file_with_another_address_clears_a_failure(newer_contacts):
    CouncilAddress.objects.filter(municipality__name_nl="Boom").update(
        failing_since=timezone.now(), failure_reason="550 User unknown"
    )
    newer_contacts({"11005": "info2@boom.be"})
    load_council_addresses(CouncilAddress, Municipality)
    boom = CouncilAddress.objects.get(municipality__name_nl="Boom")
    assert boom.email == "info2@boom.be" and not boom.is_failing


# --- import_council_addresses with the contacts file ----------------------------------------


def test_the_contacts_file_imports_into_an_empty_table(tmp_path):
    CouncilAddress.objects.all().delete()
    path = tmp_path / "contacten.csv"
    shutil.copy(CONTACTS_FILE, path)
    output = import_file(path)
    assert "285 regels met gegevens gelezen." in output
    assert "Zonder e-mailadres in het bestand (overgeslagen): 15." in output
    assert "Aangemaakt: 270, bijgewerkt: 0, ongewijzigd: 0, geweigerd: 0." in output
    assert "Vlaamse gemeenten zonder adres: 15." in output
    assert "Genegeerde kolommen" not in output
    hove = CouncilAddress.objects.get(municipality__name_nl="Hove")
    assert (hove.email, hove.last_verified, hove.origin) == (
        "informatie@hove.be",
        SOURCE_DATE,
        ContactOrigin.ORGANISATIEPORTAAL,
    )
    # The same file again, as the reference data loaded it: nothing changes.
    assert "Aangemaakt: 0, bijgewerkt: 0, ongewijzigd: 270, geweigerd: 0." in import_file(path)


def test_the_contacts_file_matches_what_the_migrations_loaded():
    report = council_addresses_import(text=CONTACTS_FILE.read_text(encoding="utf-8"))
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (0, 0, 270)
    assert report.refused == []


def test_the_contacts_file_never_overwrites_an_address_checked_more_recently(tmp_path, coordinator):
    council_address_set(
        municipality("Aartselaar"), "college@aartselaar.be", last_verified=datetime.date(2026, 1, 5)
    )
    # Checked by hand on the file's own day: the network's word counts.
    council_address_set(municipality("Boom"), "college@boom.be", last_verified=SOURCE_DATE)
    report = council_addresses_import(text=CONTACTS_FILE.read_text(encoding="utf-8"))
    refused = dict(report.refused)
    assert len(refused) == 2
    assert "werd later nagekeken (2026-01-05) dan deze regel (2023-12-12)" in refused[2]
    assert "op dezelfde dag (2023-12-12) door het netwerk nagekeken of aangepast" in refused[5]
    assert CouncilAddress.objects.get(municipality__name_nl="Aartselaar").email == (
        "college@aartselaar.be"
    )
    assert CouncilAddress.objects.get(municipality__name_nl="Boom").email == "college@boom.be"


def test_a_newer_contacts_file_replaces_an_older_check(newer_contacts):
    council_address_set(
        municipality("Aartselaar"), "oud@aartselaar.be", last_verified=datetime.date(2025, 3, 1)
    )
    path = newer_contacts({"11001": "info2@aartselaar.be"})
    output = import_file(path)
    assert "regel 2: Aartselaar: oud@aartselaar.be → info2@aartselaar.be" in output
    aartselaar = CouncilAddress.objects.get(municipality__name_nl="Aartselaar")
    assert aartselaar.origin == ContactOrigin.ORGANISATIEPORTAAL
    assert aartselaar.last_verified == datetime.date(2026, 6, 1)


def test_the_file_before_the_mergers_points_merged_municipalities_to_the_new_one(tmp_path):
    path = tmp_path / "voor-fusies.csv"
    shutil.copy(CONTACTS_BEFORE_MERGERS_FILE, path)
    report = council_addresses_import(text=path.read_text(encoding="utf-8"))
    refused = [reason for _line, reason in report.refused]
    assert len(refused) == 27  # the Flemish municipalities merged away
    assert all("sinds 1 januari 2025 deel van" in reason for reason in refused)
    assert any("is van Galmaarden, sinds 1 januari 2025 deel van Pajottegem" in r for r in refused)
    # The others are the same as in the 2025 file, which the migrations loaded.
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (0, 0, 270)
    assert report.without_email == 3  # Hoegaarden, Brakel, Herstappe


def test_a_contacts_row_with_an_email_but_no_date_is_refused():
    text = (
        "refnis,name,email,website,phone,kbo,note,source_date\n"
        "11001,Aartselaar,nieuw@aartselaar.be,,,,,\n"
    )
    report = council_addresses_import(text=text)
    assert report.refused == [(2, "geen datum in source_date")]


# --- Where residents and coordinators see it ------------------------------------------------

DETAILS = {
    "naam": "An Peeters",
    "email": "an@example.be",
    "telefoon": "",
    "bestuur": "gemeente",
    "persoonlijke_alinea": "",
    "keuze_1": "housing",
    "keuze_2": "",
    "keuze_3": "",
}


@pytest.mark.parametrize(
    ("prefix", "language", "month"),
    [
        ("", "nl-be", "december 2023"),
        ("/fr", "fr", "décembre 2023"),
        ("/en", "en", "December 2023"),
    ],
)
def test_the_letter_page_says_where_the_address_comes_from(client, prefix, language, month):
    page = client.post(f"{prefix}/brief/aartselaar/", DETAILS).content.decode()
    body = " ".join(html.unescape(page).split())
    phrase = (
        translated("adres uit het Organisatieportaal, %(month)s", language)
        if prefix
        else ("adres uit het Organisatieportaal, %(month)s")
    )
    assert f"info@aartselaar.be — {phrase % {'month': month}}." in body


def test_an_address_the_network_checked_says_so(client):
    council_address_set(
        municipality("Aartselaar"), "college@aartselaar.be", last_verified=datetime.date(2026, 1, 5)
    )
    body = " ".join(client.post("/brief/aartselaar/", DETAILS).content.decode().split())
    assert "via college@aartselaar.be — adres nagekeken door het netwerk, januari 2026." in body


def test_a_failing_address_is_said_on_the_letter_page_and_sending_still_works(client):
    CouncilAddress.objects.filter(municipality__name_nl="Aartselaar").update(
        failing_since=timezone.now(), failure_reason="550 User unknown"
    )
    body = " ".join(client.post("/brief/aartselaar/", DETAILS).content.decode().split())
    assert "Dit adres werkt op dit moment niet" in body
    assert 'href="/brief/aartselaar/adres-voorstellen/"' in body
    assert 'action="/brief/aartselaar/verstuur/#versturen"' in body


def test_a_municipality_without_an_email_gets_the_download_and_mailto_route(client):
    body = client.post("/brief/pajottegem/", DETAILS).content.decode()
    assert "We kennen het e-mailadres van het college van Pajottegem nog niet." in body
    assert 'href="mailto:?subject=' in body
    assert 'href="/brief/pajottegem/adres-voorstellen/"' in body
    assert "/brief/pajottegem/verstuur/" not in body


def test_the_back_office_lists_the_source_origin_and_date(client, coordinator):
    client.force_login(coordinator)
    body = client.get("/beheer/letters/counciladdress/?q=Aartselaar").content.decode()
    assert "info@aartselaar.be" in body
    assert "Organisatieportaal van het Agentschap Binnenland Bestuur" in body
    assert "Organisatieportaal (Vlaamse overheid)" in body  # the origin
    assert "12 december 2023" in body
    address = CouncilAddress.objects.get(municipality__name_nl="Aartselaar")
    detail = client.get(f"/beheer/letters/counciladdress/{address.pk}/change/").content.decode()
    assert "Organisatieportaal van het Agentschap Binnenland Bestuur" in detail
    assert 'value="12-12-2023"' in detail


def test_coordinators_see_the_predecessors_addresses_where_they_set_one(client, coordinator):
    client.force_login(coordinator)
    add = client.get("/beheer/letters/counciladdress/add/").content.decode()
    for name, email in (
        ("Pajottegem", "info@galmaarden.be"),
        ("Merelbeke-Melle", "gemeente@merelbeke.be"),
        ("Beveren-Kruibeke-Zwijndrecht", "info@zwijndrecht.be"),
    ):
        assert name in add and email in add
    assert "een spoor, geen bevestigd adres van het nieuwe bestuur" in add

    pajottegem = municipality("Pajottegem")
    address = council_address_set(pajottegem, "info@pajottegem.be")
    change = client.get(f"/beheer/letters/counciladdress/{address.pk}/change/").content.decode()
    assert "gemeentebestuur@herne.be" in change and "info@gooik.be" in change

    suggestion = CouncilAddressSuggestion.objects.create(
        municipality=pajottegem, email="college@pajottegem.be"
    )
    listing = client.get("/beheer/letters/counciladdresssuggestion/").content.decode()
    assert "info@galmaarden.be, info@gooik.be, gemeentebestuur@herne.be" in listing
    review = client.get(
        f"/beheer/letters/counciladdresssuggestion/{suggestion.pk}/change/"
    ).content.decode()
    assert "info@galmaarden.be" in review
