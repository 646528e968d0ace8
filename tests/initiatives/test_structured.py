"""A practice's structured fields: on its public page in a fixed order, as filters of the
library (with the search still working), in the search index, and a migration that keeps
every practice written before them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from solidair.initiatives.models import Initiative
from tests.factories import ContactPersonFactory, InitiativeFactory, activity, municipality

LIBRARY = "/initiatieven/"


def titles(response):
    return [initiative.title for initiative in response.context["page"].object_list]


@pytest.fixture
def practices(db):
    InitiativeFactory(
        municipality=municipality("Leuven"),
        title="Buddy's voor jongeren",
        audience="minors",
        cost_band="small",
        result="Twintig jongeren vonden een opleiding.",
        approach="Elke jongere krijgt een mentor uit de buurt.",
        themes=[activity("education")],
    )
    InitiativeFactory(
        municipality=municipality("Gent"),
        title="Woonbox",
        audience="refugees",
        cost_band="large",
        people_reached=140,
        people_reached_year=2025,
        themes=[activity("housing")],
    )
    InitiativeFactory(municipality=municipality("Brugge"), title="Oud initiatief")


@pytest.mark.django_db
class TestLibraryFilters:
    def test_it_filters_on_for_whom(self, client, practices):
        assert titles(client.get(LIBRARY, {"voor_wie": "minors"})) == ["Buddy's voor jongeren"]

    def test_it_filters_on_the_cost_band(self, client, practices):
        assert titles(client.get(LIBRARY, {"kosten": "large"})) == ["Woonbox"]

    def test_it_keeps_those_with_results_in_words_or_numbers(self, client, practices):
        assert titles(client.get(LIBRARY, {"met_resultaat": "on"})) == [
            "Woonbox",
            "Buddy's voor jongeren",
        ]

    def test_filters_combine_with_the_commitment_and_the_search(self, client, practices):
        assert titles(client.get(LIBRARY, {"met_resultaat": "on", "engagement": "housing"})) == [
            "Woonbox"
        ]
        assert titles(client.get(LIBRARY, {"q": "woonbox", "voor_wie": "minors"})) == []
        assert titles(client.get(LIBRARY, {"q": "mentor", "voor_wie": "minors"})) == [
            "Buddy's voor jongeren"
        ]

    def test_an_unknown_choice_is_ignored_not_an_error(self, client, practices):
        response = client.get(LIBRARY, {"voor_wie": "iedereen", "kosten": "gratis"})
        assert response.status_code == 200
        assert len(titles(response)) == 3

    def test_the_filters_are_labelled_in_french(self, client, practices):
        body = client.get("/fr/initiatieven/").content.decode()
        assert '<label for="id_voor_wie">Pour qui</label>' in body
        assert "Mineurs étrangers non accompagnés" in body
        assert "Uniquement avec des résultats" in body


@pytest.mark.django_db
def test_the_search_finds_words_of_the_structured_fields(client):
    from solidair.initiatives.services import initiative_search_refresh

    initiative = InitiativeFactory(
        municipality=municipality("Gent"),
        title="Samen sterk",
        to_copy="Een halftijdse coördinator en een lokaal.",
        local_partners="De bibliotheek.",
    )
    initiative_search_refresh(initiative=initiative)
    assert titles(client.get(LIBRARY, {"q": "coördinator"})) == ["Samen sterk"]
    assert titles(client.get(LIBRARY, {"q": "bibliotheek"})) == ["Samen sterk"]


@pytest.mark.django_db
class TestThePublicPage:
    def full(self, **changes):
        gent = municipality("Gent")
        data = {
            "municipality": gent,
            "title": "Woonbox",
            "aim": "Een eerste woning voor wie erkend is.",
            "audience": "refugees",
            "audience_note": "Alleenstaanden.",
            "approach": "De stad huurt woningen en verhuurt ze door.",
            "result": "Negen op tien vonden daarna zelf een woning.",
            "people_reached": 140,
            "people_reached_year": 2025,
            "started_year": 2021,
            "cost_band": "large",
            "funding": "Eigen middelen en een Vlaamse subsidie.",
            "local_partners": "Het OCMW en sociale verhuurkantoren.",
            "to_copy": "Een woonbegeleider en tien woningen.",
            "contact": ContactPersonFactory(
                municipality=gent, name="Sara Wonen", email="sara@gent.be", is_public=True
            ),
            "themes": [activity("housing")],
        }
        data.update(changes)
        return InitiativeFactory(**data)

    def test_it_shows_the_fields_under_headings_in_their_order(self, client):
        body = client.get(self.full().get_absolute_url()).content.decode()
        order = [
            "<h2>Doel</h2>",
            "<h2>Voor wie</h2>",
            'Erkende vluchtelingen en subsidiair beschermden: <span lang="nl">Alleenstaanden.',
            "<h2>Aanpak</h2>",
            "<h2>Resultaat</h2>",
            "140 mensen bereikt",
            "(in 2025)",
            "<h2>Kosten en financiering</h2>",
            "Meer dan 25.000 euro per jaar",
            "<h2>Partners</h2>",
            "<h2>Wat heb je nodig om het over te nemen</h2>",
            "<h2>Draagt bij aan</h2>",
            "<h2>Contact</h2>",
            'href="mailto:sara@gent.be"',
        ]
        positions = [body.find(part) for part in order]
        assert -1 not in positions, [p for p, at in zip(order, positions, strict=True) if at == -1]
        assert positions == sorted(positions)
        assert "Gestart in 2021" in body

    def test_in_french_the_headings_and_choices_are_french(self, client):
        body = client.get("/fr" + self.full().get_absolute_url()).content.decode()
        assert "<h2>Objectif</h2>" in body and "Plus de 25 000 euros par an" in body
        assert "140 personnes atteintes" in body

    def test_a_contact_that_is_not_public_is_not_shown(self, client):
        hidden = ContactPersonFactory(
            municipality=municipality("Gent"), email="geheim@gent.be", is_public=False
        )
        body = client.get(self.full(contact=hidden).get_absolute_url()).content.decode()
        assert "geheim@gent.be" not in body and "<h2>Contact</h2>" not in body

    def test_a_practice_without_them_shows_no_empty_headings(self, client):
        initiative = InitiativeFactory(municipality=municipality("Gent"), title="Alleen tekst")
        body = client.get(initiative.get_absolute_url()).content.decode()
        assert "Wat de gemeente doet." in body
        for heading in ("Doel", "Voor wie", "Aanpak", "Resultaat", "Kosten en financiering"):
            assert f"<h2>{heading}</h2>" not in body

    def test_the_contact_must_be_of_the_practices_municipality(self):
        from django.core.exceptions import ValidationError

        elsewhere = ContactPersonFactory(municipality=municipality("Leuven"))
        initiative = self.full(contact=elsewhere)
        with pytest.raises(ValidationError) as error:
            initiative.full_clean(exclude=["themes", "partners"])
        assert "contact" in error.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_practice_as_it_was(reference_data):
    before = [("initiatives", "0004_search_index")]
    after = [("initiatives", "0005_structured_fields")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    place = old.get_model("municipalities", "Municipality").objects.get(name_nl="Gent")
    written = old.get_model("initiatives", "Initiative").objects.create(
        municipality_id=place.pk,
        title="Geschreven als één tekst",
        summary="Kort.",
        text="<p>Het hele verhaal.</p>",
        is_highlighted=True,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    initiative = Initiative.objects.get(pk=written.pk)
    assert (initiative.title, initiative.summary, initiative.text) == (
        "Geschreven als één tekst",
        "Kort.",
        "<p>Het hele verhaal.</p>",
    )
    assert initiative.is_highlighted and initiative.municipality.name_nl == "Gent"
    assert initiative.aim == "" and initiative.audience == "" and initiative.contact is None
    assert initiative.people_reached is None and not initiative.has_results


@pytest.mark.django_db
def test_the_library_cards_show_the_facts_that_compare(client, practices):
    body = client.get(LIBRARY).content.decode()
    assert "Voor wie: Erkende vluchtelingen en subsidiair beschermden · 140 mensen bereikt" in body
    assert "Meer dan 25.000 euro per jaar" in body


@pytest.mark.django_db
def test_coordinators_edit_the_structured_fields_in_the_admin(coordinator_client):
    initiative = InitiativeFactory(municipality=municipality("Gent"), title="In de admin")
    url = f"/beheer/initiatives/initiative/{initiative.pk}/change/"
    body = coordinator_client.get(url).content.decode()
    for legend in ("Doel en doelgroep", "Resultaat", "Kosten en financiering"):
        assert legend in body
    for name in ("aim", "audience", "people_reached", "cost_band", "to_copy", "contact"):
        assert f'name="{name}"' in body
    response = coordinator_client.get("/beheer/initiatives/initiative/", {"audience": "refugees"})
    assert response.status_code == 200
