import pytest

from solidair.letters.models import LetterCount, LetterTemplate
from solidair.operations.pagecache import content_version
from tests.factories import make_member

pytestmark = pytest.mark.django_db

DETAILS = {
    "naam": "An Peeters",
    "email": "an@example.be",
    "telefoon": "",
    "bestuur": "gemeente",
    "persoonlijke_alinea": "",
    "keuze_1": "",
    "keuze_2": "",
    "keuze_3": "",
}


class TestStart:
    def test_it_asks_for_the_municipality(self, client):
        body = client.get("/brief/").content.decode()
        assert "In welke gemeente woon je?" in body

    def test_a_slug_from_a_municipality_page_goes_to_the_form(self, client):
        response = client.get("/brief/", {"gemeente": "merelbeke-melle"})
        assert response.url == "/brief/merelbeke-melle/"

    def test_a_postal_code_or_old_name_goes_to_the_form(self, client):
        assert client.get("/brief/", {"gemeente": "9820"}).url == "/brief/merelbeke-melle/"
        assert client.get("/brief/", {"gemeente": "Merelbeke"}).url == "/brief/merelbeke-melle/"

    def test_several_matches_give_a_choice(self, client):
        body = client.get("/brief/", {"gemeente": "Heist"}).content.decode()
        assert 'href="/brief/heist-op-den-berg/"' in body

    def test_outside_flanders_says_the_network_is_flemish(self, client):
        body = client.get("/brief/", {"gemeente": "Namur"}).content.decode()
        assert "Vlaams netwerk" in body

    def test_no_match_says_so(self, client):
        body = client.get("/brief/", {"gemeente": "qqqqxxxx"}).content.decode()
        assert "We vonden geen plaats" in body


class TestCompose:
    def test_the_form_prefills_the_title_from_the_data(self, client):
        body = client.get("/brief/aalst/").content.decode()
        assert 'value="stad" id="id_bestuur_1" required checked' in body

    def test_a_member_is_offered_the_thank_you_letter(self, client):
        make_member("Gent")
        body = client.get("/brief/gent/").content.decode()
        assert "Gent is al een Solidaire Stad" in body
        assert "Opvangplaatsen" in body

    def test_a_brussels_municipality_has_no_letter(self, client):
        assert client.get("/brief/elsene/").status_code == 404

    def test_valid_details_show_the_preview_and_the_downloads(self, client):
        response = client.post("/brief/merelbeke-melle/", DETAILS)
        body = response.content.decode()
        assert "Je brief is klaar" in body
        assert "Merelbeke-Melle, " in body
        assert "als inwoners van Merelbeke-Melle" in body
        for fmt in ("docx", "pdf", "txt"):
            assert f'action="/brief/merelbeke-melle/download/{fmt}/"' in body
        assert 'name="naam" value="An Peeters"' in body

    def test_errors_are_shown_next_to_the_fields_and_nothing_is_lost(self, client):
        details = {**DETAILS, "email": "geen-adres", "persoonlijke_alinea": "Mijn tekst"}
        response = client.post("/brief/merelbeke-melle/", details)
        body = response.content.decode()
        assert response.status_code == 200
        assert "Kijk je gegevens even na" in body
        assert "Voer een geldig e-mailadres in." in body
        assert "Mijn tekst" in body
        assert 'value="An Peeters"' in body

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("naam", "", "Dit veld is verplicht."),
            ("naam", "x" * 101, "niet meer dan 100 tekens"),
            ("telefoon", "bel me", "telefoonnummer"),
            ("persoonlijke_alinea", "a\x07b", "tekens die niet in een brief"),
            ("naam", "a\x00b", "Null-tekens zijn niet toegestaan."),
            ("keuze_2", "reception", "maar één keer"),
        ],
    )
    def test_it_validates_in_dutch(self, client, field, value, message):
        details = {**DETAILS, "keuze_1": "reception", field: value}
        body = client.post("/brief/merelbeke-melle/", details).content.decode()
        assert message in body

    def test_markup_is_shown_as_text(self, client):
        details = {**DETAILS, "persoonlijke_alinea": "<script>alert(1)</script>"}
        body = client.post("/brief/merelbeke-melle/", details).content.decode()
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body

    def test_editing_returns_to_the_filled_form(self, client):
        response = client.post("/brief/merelbeke-melle/", {**DETAILS, "bewerken": "1"})
        body = response.content.decode()
        assert "Toon mijn brief" in body
        assert 'value="An Peeters"' in body

    def test_a_composed_letter_is_counted_without_personal_data(self, client):
        client.post("/brief/merelbeke-melle/", DETAILS)
        count = LetterCount.objects.get()
        assert (count.municipality.name_nl, count.count) == ("Merelbeke-Melle", 1)

    def test_counting_letters_keeps_the_cached_pages(self, client):
        """Every preview counts: if counting changed the page cache's content version, every
        preview would empty the cache of every public page."""
        client.post("/brief/merelbeke-melle/", DETAILS)  # the day's first: the row is made
        version = content_version()
        client.post("/brief/merelbeke-melle/", DETAILS)
        assert content_version() == version
        assert LetterCount.objects.get().count == 2

    def test_it_is_rate_limited(self, client, settings):
        from django.core.cache import cache

        cache.clear()
        responses = [client.post("/brief/merelbeke-melle/", DETAILS) for _ in range(21)]
        assert responses[-1].status_code == 429
        assert "Even geduld" in responses[-1].content.decode()


class TestDownload:
    def test_the_text_version_has_numbered_notes_at_the_end(self, client):
        make_member("Gent")
        response = client.post("/brief/merelbeke-melle/download/txt/", DETAILS)
        text = response.content.decode()
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert (
            'filename="brief-solidaire-gemeente-merelbeke-melle.txt"'
            in (response["Content-Disposition"])
        )
        notes = text[text.index("\nNoten\n") :]
        assert "[1] https://www.caritasinternational.be/" in notes
        assert "[2] Gent trad al toe tot het netwerk" in notes
        assert response["Cache-Control"] == "no-store"

    def test_it_needs_post(self, client):
        assert client.get("/brief/merelbeke-melle/download/txt/").status_code == 405

    def test_an_unknown_format_is_not_found(self, client):
        assert client.post("/brief/merelbeke-melle/download/odt/", DETAILS).status_code == 404

    def test_invalid_details_go_back_to_the_form(self, client):
        response = client.post("/brief/merelbeke-melle/download/txt/", {**DETAILS, "email": ""})
        assert response.url == "/brief/merelbeke-melle/"


class TestGuide:
    def test_it_explains_the_steps_in_plain_dutch(self, client):
        body = client.get("/brief/hoe/").content.decode()
        for words in (
            "college van burgemeester en schepenen",
            "verzoekschrift",
            "huishoudelijk reglement",
            "20 dagen",
            "Volg je brief op",
            "Zoek anderen",
            "Neem contact op met het netwerk",
        ):
            assert words in body


class TestTemplateAdmin:
    @pytest.fixture
    def coordinator(self, client, coordinator):
        """The suite's coordinator (tests/conftest.py), signed in on ``client``."""
        client.force_login(coordinator)
        return coordinator

    def form(self, template, **changes):
        return {
            "salutation": template.salutation,
            "body": template.body,
            "closing": template.closing,
            "published": "on",
            "change_note": "",
            **changes,
        }

    def test_editing_saves_a_new_version_and_keeps_the_old(self, client, coordinator):
        template = LetterTemplate.objects.current("join")
        response = client.post(
            f"/beheer/letters/lettertemplate/{template.pk}/change/",
            self.form(template, body=template.body + "\n\nNog een alinea voor {gemeente}."),
        )
        assert response.status_code == 302
        newest = LetterTemplate.objects.current("join")
        assert newest.version == template.version + 1
        assert newest.created_by == coordinator
        template.refresh_from_db()
        assert "Nog een alinea" not in template.body
        body = client.post("/brief/merelbeke-melle/", DETAILS).content.decode()
        assert "Nog een alinea voor Merelbeke-Melle." in body

    def test_an_invalid_template_is_refused_with_a_dutch_message(self, client, coordinator):
        template = LetterTemplate.objects.current("join")
        response = client.post(
            f"/beheer/letters/lettertemplate/{template.pk}/change/",
            self.form(template, body="Beste {voornaam}, ^[open"),
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "onbekend veld {voornaam}" in body
        assert "niet gesloten" in body
        assert LetterTemplate.objects.current("join").pk == template.pk
