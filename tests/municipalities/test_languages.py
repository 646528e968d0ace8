"""Names in the reader's language, and content that exists only in Dutch said to be Dutch."""

import pytest
from django.urls import translate_url
from django.utils import translation

from solidair.membership.selectors import directory_all, directory_members
from tests.factories import InitiativeFactory, make_member, municipality
from tests.languages import translated

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
DUTCH_ONLY = "Deze inhoud is alleen in het Nederlands beschikbaar."


def url_in(path: str, language: str) -> str:
    """The page in ``language``: under its URL prefix once the site has them (the header
    alone decides before that)."""
    return translate_url(path, language)


def h1(body: str) -> str:
    return body.split("<h1", 1)[1].split("</h1>", 1)[0]


class TestNames:
    def test_the_page_of_a_municipality_is_titled_in_the_readers_language(self, client):
        french = h1(client.get(url_in("/gemeenten/antwerpen/", "fr"), **FRENCH).content.decode())
        assert french == '>Anvers <span class="muted" lang="nl">(Antwerpen)</span>'
        dutch = h1(client.get("/gemeenten/antwerpen/").content.decode())
        assert dutch == '>Antwerpen <span class="muted" lang="fr">(Anvers)</span>'
        english = h1(client.get(url_in("/gemeenten/antwerpen/", "en"), **ENGLISH).content.decode())
        assert english == dutch

    def test_a_name_without_a_french_form_is_shown_once(self, client):
        assert (
            h1(client.get(url_in("/gemeenten/diest/", "fr"), **FRENCH).content.decode()) == ">Diest"
        )

    def test_the_directory_sorts_by_the_name_shown(self):
        with translation.override("fr"):
            french = [m.name for m in directory_all()]
        with translation.override("nl-be"):
            dutch = [m.name for m in directory_all()]
        assert french.index("Courtrai") < french.index("Diest")
        assert dutch.index("Kortrijk") > dutch.index("Diest")
        assert "Kortrijk" not in french and "Courtrai" not in dutch

    def test_members_are_sorted_by_the_name_shown_too(self):
        for name in ("Kortrijk", "Diest", "Leuven"):
            make_member(name)
        with translation.override("fr"):
            assert [m.municipality.name for m in directory_members()] == [
                "Courtrai",
                "Diest",
                "Louvain",
            ]
        with translation.override("nl-be"):
            dutch = [m.municipality.name for m in directory_members()]
        assert dutch == [
            "Diest",
            "Kortrijk",
            "Leuven",
        ]

    def test_a_french_reader_finds_antwerp_as_anvers(self, client):
        response = client.get(url_in("/zoeken/", "fr"), {"q": "Anvers"}, **FRENCH)
        if response.status_code == 302:
            assert response.url.endswith("/gemeenten/antwerpen/")
        else:
            assert 'href="/gemeenten/antwerpen/"' in response.content.decode()

    def test_a_french_reader_is_offered_both_deurnes_in_french(self, client):
        body = client.get(url_in("/zoeken/", "fr"), {"q": "Deurne"}, **FRENCH).content.decode()
        assert "Vouliez-vous dire…" in body
        assert "Deurne (2100) fait partie de Anvers." in body
        assert "Deurne (3290) fait partie de Diest." in body
        assert "(province de Brabant flamand)" in body

    def test_a_french_reader_lands_on_the_district_with_a_french_notice(self, client):
        response = client.get(url_in("/zoeken/", "fr"), {"q": "B-2100 Deurne"}, **FRENCH)
        assert response.status_code == 302
        assert response.url == "/fr/gemeenten/antwerpen/?van=deurne"
        body = client.get(response.url, **FRENCH).content.decode()
        assert "Deurne (2100) fait partie de Anvers." in body

    def test_a_locality_with_a_french_name_is_found_and_named_in_french(self, client):
        response = client.get(url_in("/zoeken/", "fr"), {"q": "fouron le comte"}, **FRENCH)
        assert response.status_code == 302
        body = client.get(response.url, **FRENCH).content.decode()
        assert "Fouron-Le-Comte (3798) fait partie de Fourons." in body


class TestDutchOnlyContent:
    @pytest.fixture
    def initiative(self):
        return InitiativeFactory(
            municipality=municipality("Antwerpen"),
            title="Buddyproject",
            summary="Inwoners helpen nieuwkomers.",
            text="<p>Elke week een ontmoeting.</p>",
        )

    def test_a_french_page_shows_it_in_dutch_with_one_note(self, client, initiative):
        body = client.get(
            url_in(f"/initiatieven/{initiative.pk}/", "fr"), **FRENCH
        ).content.decode()
        assert body.count(translated(DUTCH_ONLY, "fr")) == 1
        assert '<h1 lang="nl">Buddyproject</h1>' in body
        assert '<p class="lead" lang="nl">Inwoners helpen nieuwkomers.</p>' in body
        assert '<div class="prose" lang="nl"><p>Elke week een ontmoeting.</p></div>' in body

    def test_the_dutch_page_has_no_note(self, client, initiative):
        body = client.get(f"/initiatieven/{initiative.pk}/").content.decode()
        assert DUTCH_ONLY not in body

    def test_a_list_of_cards_has_one_note_not_one_per_card(self, client, initiative):
        InitiativeFactory(municipality=municipality("Gent"), title="Taalcafé")
        body = client.get(url_in("/initiatieven/", "en"), **ENGLISH).content.decode()
        assert body.count(translated(DUTCH_ONLY, "en")) == 1
        assert body.count('<h2 lang="nl">') == 2

    def test_a_members_page_notes_its_dutch_texts_once(self, client, initiative):
        membership = make_member("Antwerpen")
        membership.public_text = "Antwerpen vangt 300 mensen op."
        membership.save()
        body = client.get(url_in("/gemeenten/antwerpen/", "fr"), **FRENCH).content.decode()
        assert body.count(translated(DUTCH_ONLY, "fr")) == 1
        assert '<div class="prose" lang="nl"><p>Antwerpen vangt 300 mensen op.</p></div>' in body

    def test_the_brochures_page_says_the_brochures_are_dutch(self, client):
        body = client.get(url_in("/netwerk/brochures/", "fr"), **FRENCH).content.decode()
        assert translated("De brochures zijn alleen in het Nederlands beschikbaar.", "fr") in body
        assert "De brochures zijn alleen" not in client.get("/netwerk/brochures/").content.decode()
