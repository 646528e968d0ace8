"""The good-practice search: every word shown on a practice and its municipality finds it, in
any form people write it, the best matches first; the index follows every change."""

import io

import pytest
from django.core.management import call_command

from solidair.initiatives.models import Initiative, InitiativeLink, SubProject
from solidair.initiatives.services import initiative_search_refresh
from solidair.network.models import PartnerOrganisation
from tests.factories import InitiativeFactory, activity, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """The same search twice in a test must render twice (the test reads the page's context)."""
    settings.PAGE_CACHE_SECONDS = 0


def found(client, query: str, path: str = "/initiatieven/") -> list[str]:
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return [initiative.title for initiative in response.context["page"].object_list]


@pytest.fixture
def practice():
    """A practice with everything its page shows: sub-projects, partners, themes, links."""
    initiative = InitiativeFactory(
        municipality=municipality("Pajottegem"),
        title="Buddywerking",
        summary="Buddy's helpen psychisch kwetsbare mensen.",
        text="<p>Samen met jou zetten ze de stap naar de buitenwereld.</p>",
        themes=[activity("participation")],
        image_alt="Twee wandelaars aan de Leie",
    )
    initiative.partners.set([PartnerOrganisation.objects.create(name="Vzw Zonnebloem")])
    SubProject.objects.create(
        initiative=initiative, title="Wandelclub Compagnons", description="Elke zondag."
    )
    InitiativeLink.objects.create(
        initiative=initiative, label="Inschrijvingsformulier", url="https://pajottegem.be/buddy"
    )
    initiative_search_refresh(initiative=initiative)
    InitiativeFactory(
        municipality=municipality("Gent"),
        title="Vzw Thope",
        summary="Betaalbare woningen voor vluchtelingen.",
        text="<p>Een wekelijks taalcafé voor nieuwkomers.</p>",
        themes=[activity("housing")],
    )
    return initiative


@pytest.mark.parametrize(
    "forms",
    [
        ("buddys", "buddy's", "buddy", "Buddy’s", "BUDDY"),
        ("vluchtelingen", "vluchteling", "Vluchtelingen"),
        ("taalcafé", "taalcafe", "TAALCAFES"),
    ],
)
def test_forms_of_a_word_find_the_same(client, practice, forms):
    results = {query: found(client, query) for query in forms}
    assert len({tuple(r) for r in results.values()}) == 1, results
    assert results[forms[0]]


@pytest.mark.parametrize(
    "query",
    [
        "compagnons",  # a sub-project's title
        "zondag",  # its description
        "Zonnebloem",  # a partner
        "inschrijvingsformulier",  # a link's label
        "wandelaars",  # the image's description
        "verenigingsleven",  # the theme, in Dutch
        "leisure",  # in English
        "loisirs",  # in French
        "Pajottegem",  # the municipality
        "Gooik",  # a former municipality merged into it
        "buitenwereld",  # the text
    ],
)
def test_it_finds_what_the_practice_and_its_municipality_show(client, practice, query):
    assert found(client, query) == ["Buddywerking"]


def test_the_theme_in_french_is_what_a_french_visitor_sees(client, practice):
    label = activity("participation").label_fr
    assert found(client, label, "/fr/initiatieven/")[0] == "Buddywerking"


def test_the_french_name_of_the_municipality(client, practice):
    assert found(client, "Gand", "/fr/initiatieven/") == ["Vzw Thope"]


def test_more_terms_first_then_title_then_summary_then_the_rest(client):
    gent = municipality("Gent")
    InitiativeFactory(municipality=gent, title="A: niets", summary="Iets anders.")
    InitiativeFactory(
        municipality=gent, title="B: in de tekst", text="Een naaiatelier voor vrouwen."
    )
    InitiativeFactory(municipality=gent, title="C: in de samenvatting", summary="Naaiatelier.")
    InitiativeFactory(municipality=gent, title="D: Naaiatelier in de titel")
    InitiativeFactory(
        municipality=gent, title="E: beide", text="Een naaiatelier en een fietsherstelplaats."
    )

    # No initiative has both words: those with one of them, more terms first, then where.
    assert found(client, "naaiatelier kookles") == [
        "D: Naaiatelier in de titel",
        "C: in de samenvatting",
        "B: in de tekst",
        "E: beide",
    ]
    page = client.get("/initiatieven/", {"q": "naaiatelier kookles"}).content.decode()
    assert "de beste treffers eerst" in page
    assert "Geen initiatief bevat al je zoekwoorden" in page


def test_every_term_wins_over_some_terms(client):
    gent = municipality("Gent")
    InitiativeFactory(municipality=gent, title="Naaiatelier", summary="Iets anders.")
    InitiativeFactory(
        municipality=gent, title="Beide", text="Een naaiatelier en een fietsherstelplaats."
    )
    InitiativeFactory(municipality=municipality("Leuven"), title="Fietsherstelplaats")

    assert found(client, "naaiatelier fietsherstelplaats") == ["Beide"]
    assert found(client, "naaiatelier gent") == ["Naaiatelier", "Beide"]
    page = client.get("/initiatieven/", {"q": "naaiatelier gent"}).content.decode()
    assert "Geen initiatief bevat al je zoekwoorden" not in page
    # The filters first: in Vlaams-Brabant only the Leuven initiative has one of the words.
    response = client.get(
        "/initiatieven/", {"q": "naaiatelier fietsherstelplaats", "provincie": "vlaams-brabant"}
    )
    assert [i.title for i in response.context["page"].object_list] == ["Fietsherstelplaats"]


def test_stop_words_alone_still_search(client, practice):
    assert "Buddywerking" in found(client, "de")


def test_a_query_without_words_finds_nothing_and_says_so(client, practice):
    response = client.get("/initiatieven/", {"q": "!!! ???"})
    assert list(response.context["page"].object_list) == []
    assert "Geen initiatieven gevonden" in response.content.decode()


def test_unpublished_initiatives_are_not_found(client, practice):
    Initiative.objects.filter(pk=practice.pk).update(published=False)
    assert found(client, "buddy") == []


def test_the_search_combines_with_the_filters(client, practice):
    # One term each; "buddy" is in Buddywerking's title, "vluchtelingen" in Thope's summary.
    assert found(client, "vluchtelingen buddy") == ["Buddywerking", "Vzw Thope"]
    response = client.get("/initiatieven/", {"q": "vluchtelingen buddy", "engagement": "housing"})
    assert [i.title for i in response.context["page"].object_list] == ["Vzw Thope"]


def test_the_api_ranks_too(client, practice):
    response = client.get("/api/v1/initiatives/", {"q": "buddy pajottegem zondag"})
    assert [item["title"] for item in response.json()["items"]] == ["Buddywerking"]
    response = client.get("/api/v1/initiatives/", {"q": "taalcafe buddy"})
    assert [item["title"] for item in response.json()["items"]] == ["Buddywerking", "Vzw Thope"]


# --- The index follows every change -----------------------------------------------------------


@pytest.fixture
def coordinator(client, coordinator):
    """The suite's coordinator (tests/conftest.py), signed in on ``client``."""
    client.force_login(coordinator)
    return coordinator


def admin_form(initiative: Initiative, **changes) -> dict:
    data = {
        "municipality": initiative.municipality.pk,
        "title": initiative.title,
        "summary": initiative.summary,
        "text": initiative.text,
        "themes": [theme.pk for theme in initiative.themes.all()],
        "partners": [partner.pk for partner in initiative.partners.all()],
        "published": "on",
        "image_alt": initiative.image_alt,
        "source_note": "",
        "sub_projects-TOTAL_FORMS": "0",
        "sub_projects-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_sub_project_added_in_the_back_office_is_found(client, coordinator):
    initiative = InitiativeFactory(municipality=municipality("Gent"), title="Samen koken")
    assert found(client, "moestuin") == []

    response = client.post(
        f"/beheer/initiatives/initiative/{initiative.pk}/change/",
        admin_form(
            initiative,
            **{
                "sub_projects-TOTAL_FORMS": "1",
                "sub_projects-0-title": "Moestuin aan de Schelde",
                "sub_projects-0-description": "",
                "sub_projects-0-position": "1",
                "links-TOTAL_FORMS": "1",
                "links-0-label": "Kookboek",
                "links-0-url": "https://gent.be/kookboek",
                "links-0-position": "1",
            },
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert found(client, "moestuin") == ["Samen koken"]
    assert found(client, "kookboeken") == ["Samen koken"]


def test_a_title_changed_in_the_back_office_and_restored_from_history(client, coordinator):
    initiative = InitiativeFactory(municipality=municipality("Gent"), title="Fietsatelier")
    first_version = initiative.history.get()
    client.post(
        f"/beheer/initiatives/initiative/{initiative.pk}/change/",
        admin_form(initiative, title="Naaiatelier"),
    )
    assert found(client, "naaiatelier") == ["Naaiatelier"]
    assert found(client, "fietsatelier") == []

    url = f"/beheer/initiatives/initiative/{initiative.pk}/history/{first_version.pk}/"
    response = client.post(url, admin_form(initiative, title="Fietsatelier"))

    assert response.status_code == 302, response.content.decode()[:3000]
    assert found(client, "fietsatelier") == ["Fietsatelier"]
    assert found(client, "naaiatelier") == []


def test_a_partner_or_theme_renamed_is_found_by_its_new_name_at_once(client, practice, coordinator):
    partner = practice.partners.get()
    response = client.post(
        f"/beheer/network/partnerorganisation/{partner.pk}/change/",
        {"name": "Vzw Zonnestraal", "network_role": "", "url": "", "position": "100"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert found(client, "zonnestraal") == ["Buddywerking"]
    assert found(client, "zonnebloem") == []

    theme = activity("participation")
    theme.label_en = "Sociable leisure"
    theme.save()
    assert found(client, "sociable") == ["Buddywerking"]


def test_the_import_of_the_old_page_indexes_sub_projects(client, legacy_paths):
    page, letter = legacy_paths
    call_command("import_legacy_content", str(page), str(letter), verbosity=0)

    # Brugge's sub-projects: "Het buddyproject Compagnons rond vrije tijd", "... Vitaal".
    brugge = Initiative.objects.get(municipality__name_nl="Brugge")
    assert found(client, "compagnons") == [brugge.title]
    assert found(client, "Vitaal") == [brugge.title]


def test_rebuild_search_index_writes_every_index(client, practice, settings):
    settings.PAGE_CACHE_SECONDS = 600
    Initiative.objects.update(search_title="", search_summary="", search_body="")
    assert not client.get("/initiatieven/", {"q": "compagnons"}).context["page"].object_list

    call_command("rebuild_search_index", stdout=io.StringIO())

    # Not the page the cache kept before.
    response = client.get("/initiatieven/", {"q": "compagnons"})
    assert [i.title for i in response.context["page"].object_list] == ["Buddywerking"]
    assert found(client, "woningen") == ["Vzw Thope"]
