from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from solidair.initiatives.models import Initiative, SubProject
from solidair.membership.models import (
    Activity,
    Commitment,
    ContactPerson,
    Membership,
    Rung,
)
from solidair.municipalities.models import Municipality
from solidair.network import legacy
from solidair.network.legacy import (
    EDITORIAL,
    legacy_content_import,
    parse_contact,
    parse_letter_members,
    split_name,
)
from solidair.network.models import PartnerOrganisation

pytestmark = pytest.mark.django_db

IMPORTED_MODELS = (Membership, Commitment, Initiative, SubProject, ContactPerson)


def initiative_of(refnis: str) -> Initiative:
    return Initiative.objects.get(municipality__refnis=refnis)


def membership_of(refnis: str) -> Membership:
    return Membership.objects.current().get(municipality__refnis=refnis)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in IMPORTED_MODELS} | {
        "PartnerOrganisation": PartnerOrganisation.objects.count()
    }


def history_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in apps.get_models()
        if model._meta.model_name.startswith("historical")
    }


def read_texts(legacy_paths) -> tuple[str, str]:
    page, letter = legacy_paths
    return page.read_text(encoding="utf-8"), letter.read_text(encoding="utf-8")


# Members and initiatives


def test_it_imports_fifteen_members(imported):
    assert Membership.objects.active().count() == 15


def test_every_member_has_commitments_to_confirm(imported):
    assert Membership.objects.to_confirm().count() == 15
    assert not Membership.objects.filter(member_since__isnull=False).exists()


def test_it_imports_fourteen_highlighted_published_initiatives(imported):
    assert Initiative.objects.count() == 14
    assert Initiative.objects.filter(is_highlighted=True, published=True).count() == 14


def test_bornem_is_a_member_without_initiative_or_contact(imported):
    assert membership_of("12007").is_active
    assert not Initiative.objects.filter(municipality__name_nl="Bornem").exists()
    assert not ContactPerson.objects.filter(municipality__name_nl="Bornem").exists()


def test_brugge_has_three_sub_projects_in_order(imported):
    titles = list(initiative_of("31005").sub_projects.values_list("title", flat=True))
    assert titles == [
        "Het buddyproject Compagnons rond vrije tijd",
        "De toeleiding naar vrijwilligerswerk via het project ‘4you’ van Refu Interim",
        "De toeleiding naar sportverenigingen via het project Vitaal",
    ]


def test_veurne_contact_has_its_name_and_address_apart(imported):
    contact = ContactPerson.objects.get(municipality__refnis="38025")
    assert contact.name == "Tiebe De Bruycker"
    assert contact.email == "sociale.dienst@veurne.be"


def test_contacts_are_public_with_a_role(imported):
    assert ContactPerson.objects.count() == 13
    assert ContactPerson.objects.filter(is_public=True, role=legacy.CONTACT_ROLE).count() == 13


def test_hove_has_no_contact(imported):
    assert not ContactPerson.objects.filter(municipality__refnis="11021").exists()
    assert "Hove: no contact line on the page" in imported


def test_zwijndrecht_address_loses_its_full_stop_under_beveren_kruibeke_zwijndrecht(imported):
    contact = ContactPerson.objects.get(municipality__refnis="46030")
    assert contact.email == "welzijn@zwijndrecht.be"


@pytest.mark.parametrize(
    ("former", "refnis"),
    [("Merelbeke", "44088"), ("Tessenderlo", "71071"), ("Zwijndrecht", "46030")],
)
def test_a_merged_member_is_placed_on_its_new_municipality(imported, former, refnis):
    assert membership_of(refnis).is_active
    assert f"'{former}'" in initiative_of(refnis).source_note
    assert f"'{former}'" in membership_of(refnis).notes
    assert not Municipality.objects.filter(name_nl=former).exists()


def test_merelbeke_text_keeps_the_original_name(imported):
    assert "Het OCMW van Merelbeke organiseert" in initiative_of("44088").text


def test_genk_text_starts_with_stad_genk(imported):
    assert initiative_of("71016").text.startswith("<p>Stad Genk werkt samen")


def test_lichtervelde_text_starts_with_elke_vluchteling(imported):
    assert initiative_of("36011").text.startswith("<p>Elke vluchteling")


def test_zwijndrecht_text_starts_with_vrijwilligers(imported):
    assert initiative_of("46030").text.startswith("<p>Vrijwilligers of buddy’s")


def test_no_text_keeps_a_sentence_whose_link_was_lost(imported):
    for text in Initiative.objects.values_list("text", flat=True):
        for phrase in ("Klik hier", "Lees er hier", "vind je hier", "hier terugvinden"):
            assert phrase not in text


def test_lost_links_are_reported_per_municipality(imported):
    assert "Link lost in the source, to be added by a coordinator:" in imported
    assert '  - Genk: "Klik hier voor meer info."' in imported
    assert '  - Merelbeke-Melle: "Lees er hier meer over!"' in imported
    assert '  - Puurs-Sint-Amands: "Meer info vind je hier."' in imported
    assert '  - Gent: "Andere initiatieven van de Stad Gent kan je hier terugvinden."' in imported


def test_texts_have_no_doubled_or_no_break_spaces(imported):
    for text in Initiative.objects.values_list("text", flat=True):
        assert "  " not in text
        assert "\xa0" not in text


def test_puurs_sint_amands_text_has_a_list_of_four_items(imported):
    text = initiative_of("12041").text
    assert text.count("<ul>") == 1
    assert text.count("<li>") == 4
    assert "<li>materiële ondersteuning</li>" in text


def test_hove_has_exactly_one_realised_reception_commitment(imported):
    commitments = list(membership_of("11021").commitments.all())
    assert [c.activity.code for c in commitments] == ["reception"]
    # "Realised" on the former page: a claim of the top rung, date unknown, no proof.
    assert commitments[0].rung == Rung.VISIBLE
    (record,) = commitments[0].rungs.all()
    assert (record.rung, record.date, record.is_proven) == (Rung.VISIBLE, None, False)
    assert record.evidence_note == "Vorige netwerkpagina 'Wat doen solidaire gemeenten?'"


def test_deinze_has_no_commitment_and_is_left_to_coordinators(imported):
    assert not membership_of("44083").commitments.exists()
    assert "  - Deinze: the buddy scheme" in imported
    assert list(initiative_of("44083").themes.values_list("code", flat=True)) == ["volunteering"]


def test_partners_of_initiatives_have_no_network_role(imported):
    partner = PartnerOrganisation.objects.get(name="Genks Comité voor Vluchtelingen")
    assert partner.network_role == ""
    assert list(initiative_of("71016").partners.all()) == [partner]


def test_every_imported_row_is_valid(imported):
    for model in IMPORTED_MODELS:
        for instance in model.objects.all():
            instance.full_clean()


def test_it_prints_a_summary_of_what_it_created(imported):
    assert (
        "Created: 15 memberships, 12 commitments, 14 initiatives, 3 sub-projects, "
        "13 contact persons, 4 partner organisations." in imported
    )
    assert "Could not place: nothing" in imported


# Running it again


def test_a_second_run_changes_nothing(run_import):
    run_import()
    before, history_before = counts(), history_counts()
    output = run_import()
    assert "Nothing changed: nothing created, nothing updated." in output
    assert "15 memberships: " in output
    assert counts() == before
    assert history_counts() == history_before


def test_a_coordinators_title_edit_survives_a_rerun(run_import):
    run_import()
    initiative = initiative_of("71016")
    initiative.title = "Genks Comité voor Vluchtelingen"
    initiative.save()
    run_import()
    assert list(
        Initiative.objects.filter(municipality__refnis="71016").values_list("title", flat=True)
    ) == ["Genks Comité voor Vluchtelingen"]


def test_a_rerun_does_not_bring_back_a_removed_commitment(run_import):
    run_import()
    membership_of("11021").commitments.all().delete()
    run_import()
    assert not membership_of("11021").commitments.exists()


def test_the_import_is_all_or_nothing(legacy_paths, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(legacy, "_import_contacts", fail)
    page_text, letter_text = read_texts(legacy_paths)
    with pytest.raises(RuntimeError):
        legacy_content_import(page_text=page_text, letter_text=letter_text)
    assert Membership.objects.count() == 0
    assert Initiative.objects.count() == 0


# What it cannot place


def test_an_unknown_entry_is_reported_and_nothing_is_created_for_it(legacy_paths):
    page_text, letter_text = read_texts(legacy_paths)
    page_text += (
        "\n\n \u2022 Atlantis: De gemeente Atlantis vangt vluchtelingen op. Klik hier voor "
        "meer info.\n\n  Contactpersoon: info@atlantis.be\n"
    )
    report = legacy_content_import(page_text=page_text, letter_text=letter_text)
    assert report.page_entries == 15
    assert any("'Atlantis'" in line for line in report.not_placed)
    assert "Could not place (nothing imported for these):" in report.render()
    assert Initiative.objects.count() == 14
    assert not Initiative.objects.filter(text__contains="Atlantis").exists()
    assert not ContactPerson.objects.filter(email="info@atlantis.be").exists()
    assert Membership.objects.count() == 15


def test_a_contact_line_without_email_is_reported(legacy_paths):
    page_text, letter_text = read_texts(legacy_paths)
    page_text = page_text.replace(
        "Contactpersoon:\xa0bart.haerens@halle.be", "Contactpersoon: Bart"
    )
    report = legacy_content_import(page_text=page_text, letter_text=letter_text)
    assert "Halle: contact line without e-mail address: 'Contactpersoon: Bart'" in (
        report.not_placed
    )
    assert not ContactPerson.objects.filter(municipality__refnis="23027").exists()


def test_a_footnote_name_that_is_not_a_municipality_is_reported(legacy_paths):
    page_text, letter_text = read_texts(legacy_paths)
    letter_text = letter_text.replace("Bornem,", "Bornem, Atlantis,")
    report = legacy_content_import(page_text=page_text, letter_text=letter_text)
    assert "letter's footnote: 'Atlantis' is not a municipality" in report.not_placed
    assert Membership.objects.count() == 15


def test_an_entry_without_editorial_row_gets_a_title_from_its_text(legacy_paths, monkeypatch):
    monkeypatch.delitem(EDITORIAL, "24062")
    page_text, letter_text = read_texts(legacy_paths)
    report = legacy_content_import(page_text=page_text, letter_text=letter_text)
    assert initiative_of("24062").title.startswith("De Nomade is een open huis")
    assert not membership_of("24062").commitments.exists()
    assert any(note.startswith("Leuven: no editorial row") for note in report.notes)


# The command


def test_a_missing_path_is_a_command_error(legacy_paths, tmp_path):
    _, letter = legacy_paths
    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "import_legacy_content", str(tmp_path / "nope.txt"), str(letter), stdout=StringIO()
        )
    assert Membership.objects.count() == 0


# Parsing and the editorial table


@pytest.mark.parametrize(
    ("header", "name", "rest"),
    [
        ("GenkStad Genk werkt samen", "Genk", "Stad Genk werkt samen"),
        ("Brugge:\xa0 De gemeente", "Brugge", "De gemeente"),
        ("Asterix woont hier", None, "Asterix woont hier"),
        ("Atlantis: een stad", "Atlantis", "een stad"),
    ],
)
def test_split_name_separates_the_name_from_the_text(header, name, rest):
    assert split_name(header, ["Genk", "Gent", "Brugge", "As"]) == (name, rest)


def test_parse_contact_repairs_the_copy():
    contact = parse_contact("Contactpersoon: welzijn@zwijndrecht.be.")
    assert (contact.name, contact.email, contact.ignored) == ("", "welzijn@zwijndrecht.be", "")
    assert parse_contact("Contactpersoon: Jan") is None


def test_parse_letter_members_reads_the_footnote(legacy_paths):
    _, letter_text = read_texts(legacy_paths)
    names = parse_letter_members(letter_text)
    assert len(names) == 15
    assert names[0] == "Gent"
    assert names[-1] == "Puurs-Sint-Amands"
    assert "Bornem" in names


def test_every_editorial_row_names_a_municipality_and_known_activities():
    codes = set(Activity.objects.values_list("code", flat=True))
    for refnis, row in EDITORIAL.items():
        assert Municipality.objects.filter(refnis=refnis).exists(), refnis
        assert set(row.themes) <= codes
        assert set(row.commitments) <= set(row.themes)
