"""Applying online: choosing the municipality, the steps of the draft, the link, submitting."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from post_office.models import Email

from solidair.applications.models import Application, token_hash
from solidair.applications.services import MAX_CONTACTS
from solidair.operations.mail import outbox_flush
from tests.applications.helpers import (
    APPLICANT,
    LINK,
    commitments_data,
    contacts_data,
    decision_data,
    fill,
    start,
    submitted,
    text_of,
)
from tests.factories import activity, make_member, municipality
from tests.helpers import pdf_bytes
from tests.webforms import PageForm

pytestmark = pytest.mark.django_db


class TestChoosingTheMunicipality:
    def test_it_asks_for_a_municipality(self, client):
        body = client.get("/aansluiten/").content.decode()
        assert "Sluit je gemeente aan bij het netwerk" in body
        assert 'name="gemeente"' in body

    def test_a_postal_code_leads_to_the_municipality(self, client):
        response = client.get("/aansluiten/", {"gemeente": "8500"})
        assert response["Location"] == "/aansluiten/gemeente/kortrijk/"

    def test_a_slug_from_the_municipality_page_leads_there(self, client):
        response = client.get("/aansluiten/", {"gemeente": "merelbeke-melle"})
        assert response["Location"] == "/aansluiten/gemeente/merelbeke-melle/"

    def test_an_unknown_name_says_so(self, client):
        body = client.get("/aansluiten/", {"gemeente": "Atlantis"}).content.decode()
        assert "We vonden geen plaats met de naam “Atlantis”." in body

    def test_a_member_is_told_it_is_one_with_its_page_and_the_portal(self, client):
        make_member("Gent")
        response = client.get("/aansluiten/gemeente/gent/")
        body = response.content.decode()
        assert "Gent is al een Solidaire Stad" in body
        assert 'href="/gemeenten/gent/"' in body
        assert 'href="/portaal/aanmelden/"' in body
        assert 'name="applicant_email"' not in body
        assert client.post("/aansluiten/gemeente/gent/", {}).status_code == 200
        assert not Application.objects.exists()

    def test_a_walloon_municipality_cannot_apply(self, client):
        namen = municipality("Namen")
        assert client.get("/aansluiten/", {"gemeente": "Namen"})["Location"] == (
            f"/aansluiten/gemeente/{namen.slug}/"
        )
        body = client.get(f"/aansluiten/gemeente/{namen.slug}/").content.decode()
        assert "ligt niet in Vlaanderen" in body
        assert 'name="applicant_email"' not in body

    def test_the_page_of_a_non_member_links_here(self, client):
        body = client.get("/gemeenten/kortrijk/").content.decode()
        assert 'href="/aansluiten/?gemeente=kortrijk"' in body
        make_member("Gent")
        assert "/aansluiten/" not in client.get("/gemeenten/gent/").content.decode()


class TestStarting:
    def test_it_makes_a_draft_and_mails_its_link(self, client, smtp):
        token = start(client)
        application = Application.objects.get()
        assert application.status == "draft"
        assert application.municipality.slug == "kortrijk"
        assert (application.applicant_name, application.applicant_email) == (
            "Sam Peeters",
            APPLICANT,
        )

        assert outbox_flush() == 1
        [message] = smtp.inbox.messages
        assert smtp.inbox.envelopes == [[APPLICANT]]
        assert message["Subject"] == "Je aanvraag voor Kortrijk: je link om verder te werken"
        assert LINK.search(text_of(message)).group(1) == token

    def test_only_a_hash_of_the_token_is_stored(self, client):
        token = start(client)
        application = Application.objects.get()
        assert application.token_hash == token_hash(token)
        stored = [str(value) for value in Application.objects.values().get().values()]
        assert token not in stored
        history = [str(v) for row in application.history.values() for v in row.values()]
        assert token not in history and application.token_hash not in history

    def test_errors_keep_what_was_typed(self, client):
        response = client.post(
            "/aansluiten/gemeente/kortrijk/",
            {
                "applicant_name": "Sam Peeters",
                "applicant_email": "geen-adres",
                "applicant_role": "",
            },
        )
        body = response.content.decode()
        assert 'role="alert"' in body
        assert "Voer een geldig e-mailadres in." in body
        assert 'value="Sam Peeters"' in body and 'value="geen-adres"' in body
        assert not Application.objects.exists()

    def test_the_honeypot_refuses_scripts(self, client):
        response = client.post(
            "/aansluiten/gemeente/kortrijk/",
            {
                "applicant_name": "Bot",
                "applicant_email": "bot@example.com",
                "applicant_role": "bot",
                "website": "https://spam.example",
            },
        )
        assert response.status_code == 400
        assert not Application.objects.exists()
        assert not Email.objects.exists()

    def test_starting_is_limited_per_address(self, client):
        for _ in range(5):
            start(client)
        response = client.post(
            "/aansluiten/gemeente/kortrijk/",
            {"applicant_name": "Sam", "applicant_email": APPLICANT.upper(), "applicant_role": "x"},
            REMOTE_ADDR="10.0.0.9",
        )
        assert response.status_code == 429
        assert "Even geduld" in response.content.decode()
        assert Application.objects.count() == 5

    def test_starting_is_limited_per_ip(self, client):
        for number in range(10):
            start(client, email=f"persoon{number}@kortrijk.be")
        response = client.post(
            "/aansluiten/gemeente/kortrijk/",
            {"applicant_name": "Sam", "applicant_email": "nog@kortrijk.be", "applicant_role": "x"},
        )
        assert response.status_code == 429
        assert Application.objects.count() == 10


class TestCommitments:
    def test_fewer_than_three_are_refused_with_a_dutch_message(self, client):
        token = start(client)
        response = client.post(
            f"/aansluiten/{token}/engagementen/", commitments_data(("reception", "housing"))
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "Kies minstens 3 engagementen; je koos er 2." in body
        # What was typed is still there.
        assert "Wat we doen voor housing." in body
        assert body.count("checked") >= 2
        assert not Application.objects.get().commitments.exists()

    def test_each_chosen_commitment_needs_a_description_and_other_a_title(self, client):
        token = start(client)
        data = commitments_data(("reception", "housing", "other"))
        data["omschrijving_housing"] = "  "
        response = client.post(f"/aansluiten/{token}/engagementen/", data)
        body = response.content.decode()
        assert "Beschrijf wat de gemeente doet voor dit engagement." in body
        assert "Geef een titel voor de andere activiteit." in body
        assert not Application.objects.get().commitments.exists()

    def test_three_with_descriptions_go_to_the_next_step(self, client):
        token = start(client)
        data = commitments_data(("reception", "housing", "other"), titel_other="Taalcafé")
        response = client.post(f"/aansluiten/{token}/engagementen/", data)
        assert response["Location"] == f"/aansluiten/{token}/beslissing/"
        saved = {c.activity.code: c for c in Application.objects.get().commitments.all()}
        assert set(saved) == {"reception", "housing", "other"}
        assert saved["other"].display_title == "Taalcafé"
        assert saved["housing"].description == "Wat we doen voor housing."


class TestDrafts:
    def test_a_draft_may_be_incomplete_and_is_resumed_through_the_link(self, client):
        token = start(client)
        response = client.post(
            f"/aansluiten/{token}/engagementen/", commitments_data(("reception",), action="concept")
        )
        assert response["Location"] == f"/aansluiten/{token}/engagementen/"
        assert Application.objects.get().commitments.count() == 1

        client.cookies.clear()  # another day, another browser: only the link
        body = client.get(f"/aansluiten/{token}/engagementen/").content.decode()
        assert "Wat we doen voor reception." in body
        assert 'name="kies_reception" id="id_kies_reception" checked' in body.replace(
            'type="checkbox" ', ""
        )
        overview = client.get(f"/aansluiten/{token}/").content.decode()
        assert "Kies minstens 3 engagementen; je koos er 1." in overview

    def test_an_unknown_link_is_a_404(self, client):
        start(client)
        assert client.get("/aansluiten/" + "0" * 64 + "/").status_code == 404
        assert client.get("/aansluiten/" + "0" * 64 + "/engagementen/").status_code == 404

    def test_an_incomplete_application_cannot_be_submitted(self, client, smtp):
        token = start(client)
        client.post(
            f"/aansluiten/{token}/engagementen/",
            commitments_data(("reception", "housing"), action="concept"),
        )
        response = client.post(f"/aansluiten/{token}/indienen/")
        body = response.content.decode()
        assert response.status_code == 200
        assert "Je aanvraag kan nog niet ingediend worden" in body
        assert "Kies minstens 3 engagementen; je koos er 2." in body
        assert "Geef minstens één contactpersoon." in body
        assert Application.objects.get().status == "draft"
        outbox_flush()
        assert len(smtp.inbox.messages) == 1  # the link only


class TestDecision:
    def test_a_future_date_is_refused(self, client):
        token = start(client)
        response = client.post(
            f"/aansluiten/{token}/beslissing/", decision_data(decision_date="01-01-2999")
        )
        assert (
            "De datum van de beslissing kan niet in de toekomst liggen."
            in response.content.decode()
        )

    def test_a_link_or_a_pdf_is_needed(self, client):
        token = start(client)
        response = client.post(f"/aansluiten/{token}/beslissing/", decision_data(decision_url=""))
        assert (
            "Geef een link naar de beslissing of laad ze op als PDF." in response.content.decode()
        )

    def test_a_pdf_is_stored_privately_and_shown_to_its_applicant(self, client, settings):
        token = start(client)
        upload = SimpleUploadedFile("besluit.pdf", pdf_bytes(), content_type="application/pdf")
        response = client.post(
            f"/aansluiten/{token}/beslissing/",
            decision_data(decision_url="", decision_document=upload),
        )
        assert response.status_code == 302
        application = Application.objects.get()
        assert application.decision_document.name.startswith("private/applications/")
        served = client.get(f"/aansluiten/{token}/beslissing/document/")
        assert served.status_code == 200
        assert served["Content-Type"] == "application/pdf"
        assert "sandbox" in served["Content-Security-Policy"]
        assert b"".join(served.streaming_content).startswith(b"%PDF-")

    def test_a_file_that_only_claims_to_be_pdf_is_refused(self, client):
        token = start(client)
        upload = SimpleUploadedFile(
            "besluit.pdf", b"%PDF-1.7\n<script>alert(1)</script>", content_type="application/pdf"
        )
        response = client.post(
            f"/aansluiten/{token}/beslissing/",
            decision_data(decision_url="", decision_document=upload),
        )
        body = response.content.decode()
        assert "Dit bestand is geen PDF." in body
        assert 'value="15-09-2025"' in body  # the rest is kept
        assert not Application.objects.get().decision_document

    def test_a_pdf_that_is_too_large_is_refused(self, client, settings):
        settings.UPLOAD_MAX_BYTES = 1000
        token = start(client)
        data = pdf_bytes() + b"%" + b"x" * 2000
        upload = SimpleUploadedFile("besluit.pdf", data, content_type="application/pdf")
        response = client.post(
            f"/aansluiten/{token}/beslissing/",
            decision_data(decision_url="", decision_document=upload),
        )
        assert "Dit bestand is te groot" in response.content.decode()
        assert not Application.objects.get().decision_document

    def test_a_good_pdf_is_kept_when_another_field_has_an_error(self, client):
        token = start(client)
        upload = SimpleUploadedFile("besluit.pdf", pdf_bytes(), content_type="application/pdf")
        response = client.post(
            f"/aansluiten/{token}/beslissing/",
            decision_data(decision_url="", decision_date="morgen", decision_document=upload),
        )
        body = response.content.decode()
        assert "Je PDF is in orde en bewaard" in body
        assert Application.objects.get().decision_document

    def test_the_private_file_is_reachable_by_nobody_else(
        self, client, django_user_model, coordinator
    ):
        token = start(client)
        upload = SimpleUploadedFile("besluit.pdf", pdf_bytes(), content_type="application/pdf")
        client.post(
            f"/aansluiten/{token}/beslissing/",
            decision_data(decision_url="", decision_document=upload),
        )
        application = Application.objects.get()
        name = application.decision_document.name
        other = start(client, email="iemand.anders@example.be")

        assert client.get(f"/aansluiten/{other}/beslissing/document/").status_code == 404
        assert client.get("/aansluiten/" + "f" * 64 + "/beslissing/document/").status_code == 404
        assert client.get("/bestanden/" + name).status_code == 404
        assert client.get("/bestanden/" + name.removeprefix("private/")).status_code == 404
        admin_url = f"/beheer/applications/application/{application.pk}/beslissing/"
        assert client.get(admin_url).status_code == 404
        user = django_user_model.objects.create_user("contact@example.be", "contact@example.be")
        client.force_login(user)
        assert client.get(admin_url).status_code == 404
        client.force_login(coordinator)
        assert client.get(admin_url).status_code == 200


def contacts_page(client, token: str) -> PageForm:
    response = client.get(f"/aansluiten/{token}/contactpersonen/")
    assert response.status_code == 200
    return PageForm(response.content.decode(), action="/contactpersonen/")


def person(form: PageForm, index: int, name: str, email: str, role: str = "Sociale dienst"):
    form.fill(f"contact-{index}-name", name)
    form.fill(f"contact-{index}-email", email)
    form.fill(f"contact-{index}-role", role)


def stored_contacts() -> list[tuple[str, str]]:
    return [(contact.name, contact.email) for contact in Application.objects.get().contacts.all()]


MEER = ("actie", "meer")
CONCEPT = ("actie", "concept")
VERDER = ("actie", "verder")


class TestContacts:
    def test_at_least_one_contact_is_needed(self, client):
        token = start(client)
        response = client.post(f"/aansluiten/{token}/contactpersonen/", contacts_data([]))
        assert "Geef minstens één contactpersoon." in response.content.decode()

    def test_add_another_saves_and_offers_an_empty_row(self, client):
        token = start(client)
        response = client.post(
            f"/aansluiten/{token}/contactpersonen/", contacts_data(action="meer")
        )
        assert response["Location"] == f"/aansluiten/{token}/contactpersonen/#nieuw"
        body = client.get(response["Location"]).content.decode()
        assert 'value="an.desmet@kortrijk.be"' in body
        assert 'name="contact-1-email"' in body
        assert 'name="contact-0-DELETE"' in body
        assert 'id="nieuw"' in body

    def test_every_person_added_one_after_the_other_is_kept(self, client):
        """Save and add another, twice, then save and continue: three persons, not the last."""
        token = start(client)
        for index, name in enumerate(["An", "Bo", "Cas"]):
            form = contacts_page(client, token)
            person(form, index, name, f"{name.lower()}@kortrijk.be")
            response = form.submit(client, VERDER if name == "Cas" else MEER)
            assert response.status_code == 302, response.content.decode()[:3000]
        assert stored_contacts() == [
            ("An", "an@kortrijk.be"),
            ("Bo", "bo@kortrijk.be"),
            ("Cas", "cas@kortrijk.be"),
        ]
        body = client.get(f"/aansluiten/{token}/").content.decode()
        assert all(name in body for name in ("an@kortrijk.be", "bo@kortrijk.be", "cas@kortrijk.be"))

    @pytest.mark.parametrize("button", [VERDER, CONCEPT, MEER])
    def test_saving_the_page_unchanged_keeps_everyone(self, client, button):
        token = start(client)
        fill(client, token)
        form = contacts_page(client, token)
        person(form, 1, "Bo", "bo@kortrijk.be")
        assert form.submit(client, MEER).status_code == 302
        assert contacts_page(client, token).submit(client, button).status_code == 302
        assert stored_contacts() == [
            ("An De Smet", "an.desmet@kortrijk.be"),
            ("Bo", "bo@kortrijk.be"),
        ]

    def test_a_contact_can_be_changed_and_another_removed(self, client):
        token = start(client)
        fill(client, token)
        form = contacts_page(client, token)
        person(form, 1, "Bo Claes", "bo@kortrijk.be")
        form.submit(client, MEER)
        form = contacts_page(client, token)
        form.tick("contact-0-DELETE")
        form.tick("contact-1-is_public", False)
        form.fill("contact-1-phone", "09 210 10 10")
        assert form.submit(client, VERDER).status_code == 302
        [contact] = Application.objects.get().contacts.all()
        assert (contact.email, contact.phone, contact.is_public) == (
            "bo@kortrijk.be",
            "09 210 10 10",
            False,
        )

    def test_an_address_twice_is_refused(self, client):
        token = start(client)
        twice = {"name": "An", "email": "an@kortrijk.be", "role": "x"}
        response = client.post(
            f"/aansluiten/{token}/contactpersonen/",
            contacts_data([twice, {**twice, "email": "AN@kortrijk.be"}]),
        )
        assert "staat er twee keer" in response.content.decode()

    def test_an_address_already_on_the_page_is_refused_in_a_draft_too(self, client):
        token = start(client)
        fill(client, token)
        form = contacts_page(client, token)
        person(form, 1, "Bo", "AN.DESMET@kortrijk.be")
        response = form.submit(client, CONCEPT)
        assert "staat er twee keer" in response.content.decode()
        assert stored_contacts() == [("An De Smet", "an.desmet@kortrijk.be")]

    def test_a_draft_keeps_a_person_not_complete_yet(self, client):
        token = start(client)
        form = contacts_page(client, token)
        form.fill("contact-0-name", "Bo Claes")
        response = form.submit(client, CONCEPT)
        assert response.status_code == 302
        assert stored_contacts() == [("Bo Claes", "")]
        form = contacts_page(client, token)
        assert form.value("contact-0-name") == "Bo Claes"
        overview = client.get(f"/aansluiten/{token}/").content.decode()
        assert "Contactpersoon 1 is nog niet volledig" in overview
        # "Opslaan en verder" asks for the rest, and keeps what was typed.
        response = form.submit(client, VERDER)
        body = response.content.decode()
        assert response.status_code == 200
        assert "Contactpersoon 1, e-mailadres: Dit veld is verplicht." in body
        assert 'value="Bo Claes"' in body

    def test_a_row_left_empty_is_nobody(self, client):
        token = start(client)
        fill(client, token)
        form = contacts_page(client, token)
        form.tick("contact-1-is_public", False)  # only the tick changed: still nobody
        assert form.submit(client, VERDER).status_code == 302
        assert stored_contacts() == [("An De Smet", "an.desmet@kortrijk.be")]

    def test_an_older_page_keeps_what_another_tab_added(self, client):
        token = start(client)
        fill(client, token)
        old_tab = contacts_page(client, token)
        new_tab = contacts_page(client, token)
        person(new_tab, 1, "Bo", "bo@kortrijk.be")
        assert new_tab.submit(client, MEER).status_code == 302
        # The first tab still shows An only; changing her there keeps Bo.
        old_tab.fill("contact-0-phone", "056 27 00 00")
        person(old_tab, 1, "Cas", "cas@kortrijk.be")
        assert old_tab.submit(client, CONCEPT).status_code == 302
        assert stored_contacts() == [
            ("An De Smet", "an.desmet@kortrijk.be"),
            ("Bo", "bo@kortrijk.be"),
            ("Cas", "cas@kortrijk.be"),
        ]
        assert Application.objects.get().contacts.get(name="An De Smet").phone == "056 27 00 00"

    def test_the_same_page_sent_twice_adds_nobody_twice(self, client):
        """The back button, or a second tab with the same typing: one Bo."""
        token = start(client)
        fill(client, token)
        form = contacts_page(client, token)
        person(form, 1, "Bo", "bo@kortrijk.be")
        assert form.submit(client, MEER).status_code == 302
        assert form.submit(client, MEER).status_code == 302
        assert stored_contacts() == [
            ("An De Smet", "an.desmet@kortrijk.be"),
            ("Bo", "bo@kortrijk.be"),
        ]

    def test_a_removal_elsewhere_holds_unless_the_person_was_changed_here(self, client):
        token = start(client)
        fill(client, token)
        form = contacts_page(client, token)
        person(form, 1, "Bo", "bo@kortrijk.be")
        form.submit(client, MEER)
        untouched, changed = contacts_page(client, token), contacts_page(client, token)
        remover = contacts_page(client, token)
        remover.tick("contact-0-DELETE")
        remover.tick("contact-1-DELETE")
        assert remover.submit(client, CONCEPT).status_code == 302
        assert untouched.submit(client, CONCEPT).status_code == 302
        assert stored_contacts() == []
        changed.fill("contact-1-role", "Schepen")
        assert changed.submit(client, CONCEPT).status_code == 302
        assert stored_contacts() == [("Bo", "bo@kortrijk.be")]

    def test_the_maximum_is_said_and_kept(self, client):
        token = start(client)
        for index in range(MAX_CONTACTS):
            form = contacts_page(client, token)
            # The last row offers no further one.
            assert (index < MAX_CONTACTS - 1) == (MEER in form.buttons())
            person(form, index, f"Persoon {index}", f"persoon{index}@kortrijk.be")
            assert form.submit(client, CONCEPT).status_code == 302
        body = client.get(f"/aansluiten/{token}/contactpersonen/").content.decode()
        assert f"Dit is het maximum van {MAX_CONTACTS} contactpersonen" in body
        assert MEER not in contacts_page(client, token).buttons()
        assert f'name="contact-{MAX_CONTACTS}-name"' not in body
        # A hand-made row beyond the maximum is refused with the same words.
        data = contacts_page(client, token).data(CONCEPT)
        data["contact-TOTAL_FORMS"] = [str(MAX_CONTACTS + 1)]
        data[f"contact-{MAX_CONTACTS}-name"] = ["Eén te veel"]
        response = client.post(f"/aansluiten/{token}/contactpersonen/", data)
        assert f"Een aanvraag heeft hoogstens {MAX_CONTACTS} contactpersonen." in (
            response.content.decode()
        )
        assert len(stored_contacts()) == MAX_CONTACTS

    def test_the_maximum_holds_across_tabs(self, client):
        token = start(client)
        for index in range(MAX_CONTACTS - 1):
            form = contacts_page(client, token)
            person(form, index, f"Persoon {index}", f"persoon{index}@kortrijk.be")
            form.submit(client, MEER)
        first, second = contacts_page(client, token), contacts_page(client, token)
        person(first, MAX_CONTACTS - 1, "Tiende", "tiende@kortrijk.be")
        assert first.submit(client, CONCEPT).status_code == 302
        person(second, MAX_CONTACTS - 1, "Elfde", "elfde@kortrijk.be")
        response = second.submit(client, CONCEPT)
        body = response.content.decode()
        assert response.status_code == 200
        assert f"Een aanvraag heeft hoogstens {MAX_CONTACTS} contactpersonen." in body
        assert 'value="Elfde"' in body  # what was typed is still there
        assert len(stored_contacts()) == MAX_CONTACTS


class TestOlderPages:
    """A step saved from a page shown before another tab's save keeps that save."""

    def test_commitments(self, client):
        token = start(client)
        client.post(f"/aansluiten/{token}/engagementen/", commitments_data())
        url = f"/aansluiten/{token}/engagementen/"
        old_tab = PageForm(client.get(url).content.decode(), action="/engagementen/")
        new_tab = PageForm(client.get(url).content.decode(), action="/engagementen/")
        new_tab.tick("kies_education")
        new_tab.fill("omschrijving_education", "Taallessen op school.")
        new_tab.fill("omschrijving_housing", "Een woonbegeleider.")
        assert new_tab.submit(client, VERDER).status_code == 302
        old_tab.tick("kies_network", False)
        assert old_tab.submit(client, CONCEPT).status_code == 302
        saved = {
            c.activity.code: c.description for c in Application.objects.get().commitments.all()
        }
        assert saved == {
            "reception": "Wat we doen voor reception.",
            "housing": "Een woonbegeleider.",
            "education": "Taallessen op school.",
        }

    def test_decision_and_applicant(self, client):
        token = start(client)
        client.post(f"/aansluiten/{token}/beslissing/", decision_data())
        url = f"/aansluiten/{token}/beslissing/"
        old_tab = PageForm(client.get(url).content.decode(), action="/beslissing/")
        new_tab = PageForm(client.get(url).content.decode(), action="/beslissing/")
        new_tab.fill("decision_url", "https://www.kortrijk.be/besluit-2")
        assert new_tab.submit(client, VERDER).status_code == 302
        old_tab.fill("decision_body", "college")
        old_tab.fill("decision_date", "16-09-2025")
        assert old_tab.submit(client, VERDER).status_code == 302
        application = Application.objects.get()
        assert (application.decision_body, str(application.decision_date)) == (
            "college",
            "2025-09-16",
        )
        assert application.decision_url == "https://www.kortrijk.be/besluit-2"

        url = f"/aansluiten/{token}/aanvrager/"
        old_tab = PageForm(client.get(url).content.decode(), action="/aanvrager/")
        new_tab = PageForm(client.get(url).content.decode(), action="/aanvrager/")
        new_tab.fill("applicant_role", "Schepen van welzijn")
        assert new_tab.submit(client, VERDER).status_code == 302
        old_tab.fill("applicant_name", "Sam Peeters-Claes")
        assert old_tab.submit(client, CONCEPT).status_code == 302
        application.refresh_from_db()
        assert (application.applicant_name, application.applicant_role) == (
            "Sam Peeters-Claes",
            "Schepen van welzijn",
        )


class TestSubmitting:
    def test_it_queues_and_mails_the_applicant_and_the_coordinators(self, client, smtp, settings):
        settings.COORDINATOR_EMAILS = ["coordinatie@example.be", "tweede@example.be"]
        application, token = submitted(client)
        assert application.submitted_at is not None

        assert outbox_flush() == 3
        _link_mail, confirmation, notice = smtp.inbox.messages
        assert smtp.inbox.envelopes[1] == [APPLICANT]
        assert confirmation["Subject"] == "We ontvingen je aanvraag voor Kortrijk"
        assert f"/aansluiten/{token}/" in text_of(confirmation)
        assert sorted(smtp.inbox.envelopes[2]) == ["coordinatie@example.be", "tweede@example.be"]
        assert notice["Subject"] == "Nieuwe aanvraag om aan te sluiten: Kortrijk"
        text = text_of(notice)
        assert f"/beheer/applications/application/{application.pk}/change/" in text
        assert "Sam Peeters" in text
        for code in ("reception", "housing", "network"):
            assert activity(code).label_nl in text

    def test_a_submitted_application_is_read_only_for_the_applicant(self, client):
        _application, token = submitted(client)
        body = client.get(f"/aansluiten/{token}/").content.decode()
        assert "De coördinatoren van het netwerk bekijken ze" in body
        assert "Dien de aanvraag in" not in body
        response = client.post(
            f"/aansluiten/{token}/engagementen/", commitments_data(("reception",), action="concept")
        )
        assert response["Location"] == f"/aansluiten/{token}/"
        assert Application.objects.get().commitments.count() == 3
        assert client.post(f"/aansluiten/{token}/indienen/").status_code == 200
        assert Application.objects.get().status == "submitted"

    def test_the_pages_behind_the_link_are_never_cached(self, client):
        token = start(client)
        response = client.get(f"/aansluiten/{token}/")
        assert "no-store" in response["Cache-Control"]


def test_submitting_is_limited_per_address(client):
    token = start(client)
    fill(client, token)
    for number in range(10):  # from ten addresses: only the per-address limit applies
        client.post(f"/aansluiten/{token}/indienen/", REMOTE_ADDR=f"10.0.0.{number + 1}")
    response = client.post(f"/aansluiten/{token}/indienen/", REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429


class TestLostLink:
    def test_the_links_of_open_applications_are_sent_again(self, client, smtp):
        token = start(client)
        other = start(client, slug="gent")
        response = client.post("/aansluiten/link/", {"email": APPLICANT.upper(), "website": ""})
        assert "Kijk in je mailbox" in response.content.decode()
        assert outbox_flush() == 3
        message = smtp.inbox.messages[-1]
        assert smtp.inbox.envelopes[-1] == [APPLICANT]
        assert message["Subject"] == "Je link om verder te werken aan je aanvraag"
        assert sorted(LINK.findall(text_of(message))) == sorted([token, other])

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(self, client):
        response = client.post("/aansluiten/link/", {"email": "niemand@example.be"})
        assert "Kijk in je mailbox" in response.content.decode()
        assert not Email.objects.exists()


def test_the_services_refuse_changes_to_a_submitted_application(client):
    from solidair.applications.forms import CommitmentsForm
    from solidair.applications.views import _save

    application, _token = submitted(client)
    form = CommitmentsForm(commitments_data(("reception",), action="concept"), draft=True)
    assert form.is_valid()
    with pytest.raises(ValidationError, match="kan niet meer aangepast worden: ze is ingediend"):
        _save("engagementen", application, form)
    assert application.commitments.count() == 3
