"""Council addresses: the CSV import, residents' suggestions and the back-office."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from solidair.letters.delivery.addresses import (
    council_address_suggestion_accept,
    council_address_suggestion_reject,
    council_addresses_import,
)
from solidair.letters.models import CouncilAddress, CouncilAddressSuggestion, SuggestionStatus
from solidair.municipalities.models import Municipality
from tests.factories import municipality

pytestmark = pytest.mark.django_db

GENT, BRUGGE, BRUSSEL, NAMEN = "44021", "31005", "21004", "92094"
HEADER = "refnis,email,source\n"


@pytest.fixture(autouse=True)
def _no_addresses_yet():
    """The importer's rules are shown from an empty table; the reference data's 270 addresses
    and the contacts file have tests of their own (test_reference_addresses.py). They go
    without a history row each (270 rows a test, for nothing the tests read)."""
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        CouncilAddress.objects.all().delete()


@pytest.fixture
def write_csv(tmp_path):
    def write(text: str, *, encoding: str = "utf-8", name: str = "adressen.csv"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


def run(path, *args: str) -> str:
    out = StringIO()
    call_command("import_council_addresses", str(path), *args, stdout=out)
    return out.getvalue()


def address_of(refnis: str) -> CouncilAddress:
    return CouncilAddress.objects.get(municipality__refnis=refnis)


def make_address(refnis: str = GENT, **fields) -> CouncilAddress:
    values = {
        "email": "college@gent.be",
        "source": "https://stad.gent/contact",
        "last_verified": datetime.date(2025, 1, 15),
    } | fields
    return CouncilAddress.objects.create(municipality=municipality_by_refnis(refnis), **values)


def municipality_by_refnis(refnis: str) -> Municipality:
    return Municipality.objects.get(refnis=refnis)


def suggest(name: str = "Gent", email: str = "burgemeester@gent.be") -> CouncilAddressSuggestion:
    return CouncilAddressSuggestion.objects.create(municipality=municipality(name), email=email)


@pytest.fixture
def coordinator():
    return User.objects.create_superuser(
        "coordinator", "coordinator@example.be", "x-secret-9", first_name="Els", last_name="Peeters"
    )


@pytest.fixture
def admin_client(client, coordinator):
    client.force_login(coordinator)
    return client


# Importing


def test_it_imports_valid_rows(write_csv):
    output = run(
        write_csv(
            HEADER + f"{GENT},college@gent.be,https://stad.gent/contact\n"
            f"{BRUGGE},college@brugge.be,telefonisch bevestigd\n"
        )
    )
    assert "Aangemaakt: 2, bijgewerkt: 0, ongewijzigd: 0, geweigerd: 0." in output
    gent = address_of(GENT)
    assert (gent.email, gent.source) == ("college@gent.be", "https://stad.gent/contact")
    assert gent.last_verified == timezone.localdate()
    assert address_of(BRUGGE).source == "telefonisch bevestigd"


def test_it_updates_a_changed_address(write_csv):
    make_address(GENT)
    output = run(write_csv(HEADER + f"{GENT},stadsbestuur@gent.be,https://stad.gent/college\n"))
    assert "Aangemaakt: 0, bijgewerkt: 1, ongewijzigd: 0, geweigerd: 0." in output
    assert "regel 2: Gent: college@gent.be → stadsbestuur@gent.be" in output
    gent = address_of(GENT)
    assert gent.email == "stadsbestuur@gent.be"
    assert gent.last_verified == timezone.localdate()


def test_a_second_run_changes_nothing(write_csv):
    path = write_csv(
        HEADER + f"{GENT},college@gent.be,telefonisch bevestigd\n"
        f"{BRUGGE},college@brugge.be,telefonisch bevestigd\n"
    )
    run(path)
    history = CouncilAddress.history.count()
    output = run(path)
    assert "Aangemaakt: 0, bijgewerkt: 0, ongewijzigd: 2, geweigerd: 0." in output
    assert CouncilAddress.history.count() == history


def test_a_rerun_on_a_later_day_keeps_the_date_of_the_check(write_csv):
    text = HEADER + f"{GENT},college@gent.be,telefonisch bevestigd\n"
    council_addresses_import(text=text, today=datetime.date(2025, 3, 1))
    report = council_addresses_import(text=text, today=datetime.date(2025, 9, 1))
    assert len(report.unchanged) == 1
    assert address_of(GENT).last_verified == datetime.date(2025, 3, 1)


def test_it_reads_the_optional_last_verified_column(write_csv):
    run(write_csv(f"refnis,email,source,last_verified\n{GENT},college@gent.be,bel,2024-11-05\n"))
    assert address_of(GENT).last_verified == datetime.date(2024, 11, 5)


def test_a_later_check_of_the_same_address_moves_the_date(write_csv):
    make_address(GENT, last_verified=datetime.date(2024, 1, 1))
    output = run(
        write_csv(
            "refnis,email,source,last_verified\n"
            f"{GENT},college@gent.be,https://stad.gent/contact,2025-02-01\n"
        )
    )
    assert "bijgewerkt: 1" in output
    assert address_of(GENT).last_verified == datetime.date(2025, 2, 1)


def test_an_older_row_does_not_overwrite_a_newer_check(write_csv):
    make_address(GENT, last_verified=datetime.date(2025, 6, 1))
    output = run(
        write_csv(f"refnis,email,source,last_verified\n{GENT},oud@gent.be,archief,2024-01-01\n")
    )
    assert "regel 2: het adres van Gent werd later nagekeken (2025-06-01) dan deze regel" in output
    assert "geweigerd: 1." in output
    assert address_of(GENT).email == "college@gent.be"


def test_it_handles_a_byte_order_mark(write_csv):
    output = run(write_csv(HEADER + f"{GENT},college@gent.be,bel\n", encoding="utf-8-sig"))
    assert "Aangemaakt: 1," in output
    assert address_of(GENT).email == "college@gent.be"


def test_it_reads_semicolons_and_windows_line_ends(write_csv):
    run(write_csv(f"refnis;email;source\r\n{GENT};college@gent.be;https://stad.gent/?a=1,2\r\n"))
    assert address_of(GENT).source == "https://stad.gent/?a=1,2"


def test_extra_columns_are_ignored_and_named(write_csv):
    output = run(write_csv(f"refnis,naam,email,source\n{GENT},Gent,college@gent.be,bel\n"))
    assert "Genegeerde kolommen: naam." in output
    assert address_of(GENT).email == "college@gent.be"


# Rows that are refused


def test_an_unknown_refnis_is_reported_with_its_line_and_not_imported(write_csv):
    output = run(write_csv(HEADER + f"{GENT},college@gent.be,bel\n99999,info@atlantis.be,bel\n"))
    assert "regel 3: onbekende REFNIS-code 99999" in output
    assert "Aangemaakt: 1, bijgewerkt: 0, ongewijzigd: 0, geweigerd: 1." in output
    assert CouncilAddress.objects.count() == 1


def test_an_invalid_email_is_reported_and_not_imported(write_csv):
    output = run(write_csv(HEADER + f"{GENT},x@,bel\n"))
    assert "regel 2: ongeldig e-mailadres 'x@'" in output
    assert not CouncilAddress.objects.exists()


@pytest.mark.parametrize(("refnis", "name"), [(BRUSSEL, "Brussel"), (NAMEN, "Namen")])
def test_a_municipality_outside_flanders_is_refused(write_csv, refnis, name):
    output = run(write_csv(HEADER + f"{refnis},college@example.be,bel\n"))
    assert f"regel 2: REFNIS-code {refnis} is geen Vlaamse gemeente ({name})" in output
    assert not CouncilAddress.objects.exists()


def test_a_municipality_merged_away_points_to_the_new_one(write_csv):
    output = run(write_csv(HEADER + "11007,college@borsbeek.be,bel\n"))
    assert (
        "regel 2: REFNIS-code 11007 is van Borsbeek, sinds 1 januari 2025 deel van Antwerpen "
        "(REFNIS-code 11002)" in output
    )
    assert not CouncilAddress.objects.exists()


def test_a_refnis_twice_in_the_file_refuses_both_rows(write_csv):
    output = run(
        write_csv(
            HEADER + f"{GENT},college@gent.be,bel\n"
            f"{BRUGGE},college@brugge.be,bel\n"
            f"{GENT},stad@gent.be,bel\n"
        )
    )
    assert f"regel 2: REFNIS-code {GENT} staat meer dan eens in het bestand (2, 4)" in output
    assert f"regel 4: REFNIS-code {GENT} staat meer dan eens in het bestand (2, 4)" in output
    assert list(CouncilAddress.objects.values_list("municipality__refnis", flat=True)) == [BRUGGE]


def test_every_problem_of_a_row_is_reported_at_once(write_csv):
    output = run(write_csv(HEADER + "4402,geen-adres,\n"))
    assert (
        "regel 2: ongeldige REFNIS-code '4402' (vijf cijfers verwacht); "
        "ongeldig e-mailadres 'geen-adres'; geen bron" in output
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("05/11/2024", "ongeldige datum '05/11/2024' in last_verified (verwacht: JJJJ-MM-DD)"),
        ("2024-02-30", "ongeldige datum '2024-02-30' in last_verified (verwacht: JJJJ-MM-DD)"),
        ("2999-01-01", "datum 2999-01-01 in last_verified ligt in de toekomst"),
    ],
)
def test_a_wrong_date_is_refused(write_csv, value, reason):
    output = run(
        write_csv(f"refnis,email,source,last_verified\n{GENT},college@gent.be,bel,{value}\n")
    )
    assert f"regel 2: {reason}" in output
    assert not CouncilAddress.objects.exists()


def test_a_row_with_too_many_fields_is_refused(write_csv):
    output = run(write_csv(HEADER + f"{GENT},college@gent.be,bel,op 3 maart\n"))
    assert "regel 2: 4 velden in plaats van 3" in output
    assert not CouncilAddress.objects.exists()


def test_line_numbers_count_blank_lines_and_quoted_line_breaks(write_csv):
    output = run(
        write_csv(
            HEADER + f'\n{GENT},college@gent.be,"bel\nop maandag"\n\n99999,x@atlantis.be,bel\n'
        )
    )
    assert "regel 6: onbekende REFNIS-code 99999" in output
    assert "2 regels met gegevens gelezen." in output


# The file as a whole


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("refnis,email\n44021,college@gent.be\n", "Kolom ontbreekt in de kopregel: source"),
        ("refnis\n44021\n", "Kolommen ontbreken in de kopregel: email, source"),
        ("44021,college@gent.be,bel\n", "De eerste regel is geen kopregel"),
        ("", "Het bestand is leeg"),
    ],
)
def test_a_file_without_the_columns_is_a_command_error(write_csv, text, message):
    with pytest.raises(CommandError, match=message):
        run(write_csv(text))
    assert not CouncilAddress.objects.exists()


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Het bestand bestaat niet"):
        run(tmp_path / "nope.csv")


def test_a_file_that_is_not_utf8_is_a_command_error(write_csv):
    with pytest.raises(CommandError, match="geen UTF-8"):
        run(
            write_csv(
                HEADER + f"{GENT},college@gent.be,bevestigd door schepen Hélène\n",
                encoding="latin-1",
            )
        )


def test_a_dry_run_reports_without_saving(write_csv):
    make_address(GENT)
    output = run(
        write_csv(HEADER + f"{GENT},stad@gent.be,bel\n{BRUGGE},college@brugge.be,bel\n"),
        "--dry-run",
    )
    assert "Aangemaakt: 1, bijgewerkt: 1, ongewijzigd: 0, geweigerd: 0." in output
    assert "Proefdraai: er is niets opgeslagen." in output
    assert list(CouncilAddress.objects.values_list("email", flat=True)) == ["college@gent.be"]


def test_it_counts_flemish_municipalities_still_without_an_address(write_csv):
    output = run(write_csv(HEADER + f"{GENT},college@gent.be,bel\n"))
    flemish = Municipality.objects.flemish().count()
    assert f"Vlaamse gemeenten zonder adres: {flemish - 1}." in output


def test_the_import_is_all_or_nothing(write_csv, monkeypatch):
    saved = []
    original = CouncilAddress.save

    def save_once(self, *args, **kwargs):
        if saved:
            raise RuntimeError("disk full")
        saved.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(CouncilAddress, "save", save_once)
    with pytest.raises(RuntimeError):
        run(write_csv(HEADER + f"{GENT},college@gent.be,bel\n{BRUGGE},college@brugge.be,bel\n"))
    assert not CouncilAddress.objects.exists()


def test_the_history_says_which_file_and_line(write_csv):
    run(write_csv(HEADER + f"{GENT},college@gent.be,bel\n", name="adressen-2025.csv"))
    record = address_of(GENT).history.get()
    assert record.history_change_reason == "ingevoerd uit adressen-2025.csv, regel 2"


# The model


def test_the_address_refuses_a_municipality_outside_flanders():
    address = CouncilAddress(
        municipality=municipality_by_refnis(BRUSSEL),
        email="college@brussel.be",
        source="bel",
        last_verified=datetime.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError, match="Brussel is geen Vlaamse gemeente"):
        address.full_clean()


def test_the_address_accepts_a_flemish_municipality():
    address = CouncilAddress(
        municipality=municipality("Gent"),
        email="college@gent.be",
        source="bel",
        last_verified=datetime.date(2025, 1, 1),
    )
    address.full_clean()


def test_a_suggestion_refuses_a_municipality_outside_flanders():
    suggestion = CouncilAddressSuggestion(
        municipality=municipality_by_refnis(BRUSSEL), email="college@brussel.be"
    )
    with pytest.raises(ValidationError, match="geen Vlaamse gemeente"):
        suggestion.full_clean()


def test_stale_means_not_checked_for_more_than_a_year():
    make_address(GENT, last_verified=datetime.date(2024, 3, 9))
    make_address(BRUGGE, email="college@brugge.be", last_verified=datetime.date(2024, 3, 10))
    stale = CouncilAddress.objects.stale(datetime.date(2025, 3, 10))
    assert [a.municipality.refnis for a in stale] == [GENT]


# Residents' suggestions


def test_accepting_a_suggestion_creates_the_address(coordinator):
    suggestion = suggest()
    council_address_suggestion_accept(suggestion=suggestion, user=coordinator)
    gent = address_of(GENT)
    assert gent.email == "burgemeester@gent.be"
    assert gent.source == "voorgesteld door een inwoner, nagekeken door Els Peeters"
    assert gent.last_verified == timezone.localdate()
    assert gent.history.get().history_user == coordinator
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert suggestion.reviewed_by == coordinator
    assert suggestion.reviewed_at is not None


def test_accepting_a_suggestion_replaces_a_known_address(coordinator):
    make_address(GENT)
    council_address_suggestion_accept(
        suggestion=suggest(), user=coordinator, source="nagekeken op stad.gent"
    )
    gent = address_of(GENT)
    assert (gent.email, gent.source) == ("burgemeester@gent.be", "nagekeken op stad.gent")
    assert gent.history.count() == 2


def test_rejecting_a_suggestion_keeps_the_address(coordinator):
    make_address(GENT)
    suggestion = suggest()
    council_address_suggestion_reject(suggestion=suggestion, user=coordinator)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert suggestion.reviewed_by == coordinator
    assert address_of(GENT).email == "college@gent.be"


def test_a_reviewed_suggestion_cannot_be_accepted(coordinator):
    suggestion = suggest()
    council_address_suggestion_reject(suggestion=suggestion, user=coordinator)
    with pytest.raises(ValidationError, match="al nagekeken"):
        council_address_suggestion_accept(suggestion=suggestion, user=coordinator)
    assert not CouncilAddress.objects.exists()


# The back-office


def test_the_address_list_loads(admin_client):
    make_address(GENT)
    body = admin_client.get("/beheer/letters/counciladdress/").content.decode()
    assert "college@gent.be" in body
    assert "ouder dan een jaar" in body
    assert 'href="https://stad.gent/contact"' in body


@pytest.mark.parametrize(
    ("query", "shown"),
    [("nagekeken=ouder-dan-een-jaar", True), ("nagekeken=2025", False), ("q=44021", True)],
)
def test_the_address_list_filters_and_searches(admin_client, query, shown):
    make_address(GENT, last_verified=datetime.date(2020, 5, 1))
    body = admin_client.get(f"/beheer/letters/counciladdress/?{query}").content.decode()
    assert ("college@gent.be" in body) is shown


def test_the_address_history_loads(admin_client):
    address = make_address(GENT)
    response = admin_client.get(f"/beheer/letters/counciladdress/{address.pk}/history/")
    assert response.status_code == 200


def test_the_add_form_suggests_today(admin_client):
    response = admin_client.get("/beheer/letters/counciladdress/add/")
    assert response.context["adminform"].form.initial["last_verified"] == timezone.localdate()


@pytest.mark.parametrize(("term", "offered"), [("Gent", True), ("Brussel", False)])
def test_the_municipality_autocomplete_offers_only_flemish_ones(admin_client, term, offered):
    response = admin_client.get(
        "/beheer/autocomplete/",
        {
            "app_label": "letters",
            "model_name": "counciladdress",
            "field_name": "municipality",
            "term": term,
        },
    )
    names = [result["text"] for result in response.json()["results"]]
    assert (term in names) is offered


def test_the_suggestion_list_loads(admin_client):
    make_address(GENT)
    suggest()
    body = admin_client.get("/beheer/letters/counciladdresssuggestion/").content.decode()
    assert "burgemeester@gent.be" in body
    assert "college@gent.be" in body  # the known address, to compare


def test_the_accept_action_updates_the_address(admin_client, coordinator):
    suggestion = suggest()
    response = admin_client.post(
        "/beheer/letters/counciladdresssuggestion/",
        {"action": "accept", "_selected_action": [suggestion.pk]},
        follow=True,
    )
    assert "1 voorstel aanvaard" in response.content.decode()
    assert address_of(GENT).history.get().history_user == coordinator


def test_the_reject_action_sets_the_status(admin_client):
    suggestion = suggest()
    admin_client.post(
        "/beheer/letters/counciladdresssuggestion/",
        {"action": "reject", "_selected_action": [suggestion.pk]},
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert not CouncilAddress.objects.exists()


def test_the_accept_action_refuses_two_suggestions_for_one_municipality(admin_client):
    first, second = suggest(), suggest(email="info@gent.be")
    response = admin_client.post(
        "/beheer/letters/counciladdresssuggestion/",
        {"action": "accept", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "Kies per gemeente één voorstel om te aanvaarden: Gent." in response.content.decode()
    assert not CouncilAddress.objects.exists()
