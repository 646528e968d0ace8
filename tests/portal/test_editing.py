"""Keeping the page: what a contact changes in the portal shows on the public pages at once,
the rule of three holds at the portal's door, and every change reaches the coordinators
(over a real SMTP server) with who made it."""

import datetime
import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from solidair.initiatives.models import Initiative
from solidair.membership.models import (
    Commitment,
    CommitmentRung,
    CommitmentState,
    MembershipStatus,
    Rung,
)
from solidair.operations.mail import outbox_flush
from solidair.portal.models import PauseRequest
from tests.factories import CommitmentFactory, activity
from tests.helpers import image_bytes, pdf_bytes
from tests.languages import translated
from tests.portal.helpers import MERELBEKE_CONTACT

pytestmark = pytest.mark.django_db

BASE = "/portaal/merelbeke-melle"
PUBLIC = "/gemeenten/merelbeke-melle/"
COORDINATORS = ["coordinatie@solidairegemeenten.be"]


@pytest.fixture(autouse=True)
def _coordinators(settings):
    settings.COORDINATOR_EMAILS = COORDINATORS
    settings.SITE_URL = "https://solidairegemeenten.be"


def commitment(network, code: str) -> Commitment:
    return Commitment.objects.get(membership__municipality=network, activity__code=code)


def commitment_form(**changes) -> dict:
    """The commitment form as the factory's commitment fills it: on *beslist* since 1 March
    2024, running; ``rung3_reached="on"``, ``rung3_date=...`` and so on change it."""
    data = {
        "state": "active",
        "state_date": "",
        "state_note": "",
        "description": "",
        "rung1_reached": "on",
        "rung1_date": "2024-03-01",
    }
    for number in range(1, 5):
        for name in ("date", "evidence_url", "evidence_note"):
            data.setdefault(f"rung{number}_{name}", "")
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def only_mail(smtp):
    assert outbox_flush() == 1
    [message] = smtp.inbox.messages
    return message, message.get_body(("plain",)).get_content()


class TestPublicText:
    def test_it_shows_on_the_public_page_at_once(self, member_client, client, network):
        before = member_client.get(PUBLIC).content.decode()  # now in the page cache
        assert "Wij vangen" not in before
        response = member_client.post(
            f"{BASE}/tekst/", {"public_text": "  Wij vangen gezinnen op.\n\nEn <b>meer</b>.  "}
        )
        assert response.status_code == 302
        assert response.url == f"{BASE}/"
        assert "De publieke tekst is bewaard." in member_client.get(response.url).content.decode()

        body = member_client.get(PUBLIC).content.decode()
        assert "<p>Wij vangen gezinnen op.</p>" in body
        assert "<p>En &lt;b&gt;meer&lt;/b&gt;.</p>" in body  # plain text, escaped

    def test_the_coordinators_get_one_mail_with_who_and_a_history_link(
        self, member_client, network, smtp
    ):
        member_client.post(f"{BASE}/tekst/", {"public_text": "Nieuwe tekst"})
        message, text = only_mail(smtp)
        assert smtp.inbox.envelopes == [COORDINATORS]
        assert message["Subject"].strip() == "Portaal: Merelbeke-Melle — publieke tekst aangepast"
        assert f"Door: {MERELBEKE_CONTACT.lower()}" in text
        assert "publieke tekst: — → Nieuwe tekst" in text
        membership = network.memberships.get()
        assert (
            f"https://solidairegemeenten.be/beheer/membership/membership/{membership.pk}/history/"
            in text
        )

    def test_the_history_records_who(self, member_client, network):
        member_client.post(f"{BASE}/tekst/", {"public_text": "Nieuwe tekst"})
        record = network.memberships.get().history.first()
        assert record.history_user.email == MERELBEKE_CONTACT.lower()
        assert record.public_text == "Nieuwe tekst"

    def test_saving_without_a_change_mails_nobody(self, member_client, network, smtp):
        member_client.post(f"{BASE}/tekst/", {"public_text": ""})
        assert outbox_flush() == 0

    def test_too_long_a_text_is_refused_and_kept(self, member_client, network):
        response = member_client.post(f"{BASE}/tekst/", {"public_text": "x" * 5001})
        body = response.content.decode()
        assert response.status_code == 200
        assert "Kijk je gegevens even na" in body
        assert "x" * 5001 in body  # nothing typed is lost
        assert network.memberships.get().public_text == ""


class TestContacts:
    def test_a_contact_edits_a_colleague_but_not_their_address(
        self, member_client, network, client
    ):
        bram = network.contacts.get(name="Bram Claes")
        response = member_client.post(
            f"{BASE}/contacten/{bram.pk}/",
            {
                "name": "Bram Claes",
                "role": "Welzijnsambtenaar",
                "phone": "09 123 45 67",
                "is_public": "on",
                "email": "aanvaller@example.com",
            },
        )
        assert response.status_code == 302
        bram.refresh_from_db()
        assert (bram.role, bram.is_public) == ("Welzijnsambtenaar", True)
        assert bram.email == "bram.claes@merelbeke-melle.be"
        assert "Welzijnsambtenaar" in member_client.get(PUBLIC).content.decode()

    def test_a_contact_removes_a_colleague(self, member_client, network, smtp):
        bram = network.contacts.get(name="Bram Claes")
        page = member_client.get(f"{BASE}/contacten/{bram.pk}/verwijderen/").content.decode()
        assert "Ja, verwijder deze contactpersoon" in page
        assert member_client.post(f"{BASE}/contacten/{bram.pk}/verwijderen/").status_code == 302
        assert not network.contacts.filter(pk=bram.pk).exists()
        message, text = only_mail(smtp)
        assert "contactpersoon verwijderd" in message["Subject"]
        assert "bram.claes@merelbeke-melle.be" in text

    def test_a_contact_cannot_remove_themself(self, member_client, network):
        own = network.contacts.get(email=MERELBEKE_CONTACT)
        page = member_client.get(f"{BASE}/contacten/{own.pk}/verwijderen/").content.decode()
        assert "Je kan jezelf niet verwijderen" in page
        assert "Ja, verwijder" not in page
        response = member_client.post(f"{BASE}/contacten/{own.pk}/verwijderen/")
        assert response.status_code == 409
        assert network.contacts.filter(pk=own.pk).exists()

    def test_the_last_contact_stays(self, network):
        from django.core.exceptions import ValidationError

        from solidair.portal.editing import contact_remove
        from tests.helpers import contact_user

        bram = network.contacts.get(name="Bram Claes")
        network.contacts.exclude(pk=bram.pk).delete()
        with pytest.raises(ValidationError, match="laatste contactpersoon"):
            contact_remove(contact=bram, by=contact_user("iemand@example.be"))
        assert network.contacts.count() == 1


class TestInitiatives:
    def form(self, **changes):
        data = {
            "title": "Taallessen voor nieuwkomers",
            "summary": "Elke week.",
            "text": "<p>Vrijwilligers geven les.</p><script>alert(1)</script>",
            "themes": [activity("participation").pk, activity("education").pk],
            "image_alt": "",
            "published": "on",
        }
        data.update(changes)
        return data

    def test_a_contact_adds_one_with_an_image_resized_and_described(
        self, member_client, network, media, smtp
    ):
        image = SimpleUploadedFile("foto.png", image_bytes("PNG", (3000, 2000)), "image/png")
        response = member_client.post(
            f"{BASE}/initiatieven/nieuw/",
            self.form(image_upload=image, image_alt="Vrijwilligers en leerlingen rond een tafel"),
        )
        assert response.status_code == 302
        initiative = Initiative.objects.get(title="Taallessen voor nieuwkomers")
        assert initiative.municipality == network
        assert set(initiative.themes.values_list("code", flat=True)) == {
            "participation",
            "education",
        }
        assert initiative.image.name.startswith("public/initiatives/")
        with default_storage.open(initiative.image.name) as stored:
            assert max(Image.open(stored).size) == 1600  # resized server-side

        body = member_client.get(initiative.get_absolute_url()).content.decode()
        assert re.search(
            r'<img class="initiative__image" src="/bestanden/public/initiatives/[\w-]+\.jpg" '
            r'alt="Vrijwilligers en leerlingen rond een tafel" lang="nl">',
            body,
        )
        assert "<script>" not in body
        served = member_client.get(initiative.image_url)
        assert served.status_code == 200
        assert served["Content-Type"] == "image/jpeg"
        # One save of the form, one mail, though the themes were saved after the initiative.
        message, text = only_mail(smtp)
        assert "initiatief toegevoegd" in message["Subject"]
        assert "nieuw aangemaakt" in text

    def test_an_image_needs_its_description(self, member_client, network, media):
        image = SimpleUploadedFile("foto.jpg", image_bytes("JPEG", (100, 100)), "image/jpeg")
        response = member_client.post(f"{BASE}/initiatieven/nieuw/", self.form(image_upload=image))
        body = response.content.decode()
        assert response.status_code == 200
        assert "Beschrijf wat de afbeelding toont, voor wie ze niet ziet." in body
        assert "Taallessen voor nieuwkomers" in body  # kept
        assert not Initiative.objects.filter(title="Taallessen voor nieuwkomers").exists()

    def test_a_file_that_claims_to_be_an_image_is_refused(self, member_client, network, media):
        fake = SimpleUploadedFile("foto.png", b"<html><script>alert(1)</script>", "image/png")
        response = member_client.post(
            f"{BASE}/initiatieven/nieuw/", self.form(image_upload=fake, image_alt="Een foto")
        )
        assert "Dit bestand is geen afbeelding die we kunnen tonen" in response.content.decode()
        assert not Initiative.objects.filter(title="Taallessen voor nieuwkomers").exists()

    def test_a_contact_unpublishes_and_publishes_again(self, member_client, network, client, smtp):
        initiative = network.initiatives.get(title="Buddywerking voor nieuwkomers")
        url = initiative.get_absolute_url()
        assert client.get(url).status_code == 200
        data = self.form(title=initiative.title)
        del data["published"]
        assert member_client.post(f"{BASE}/initiatieven/{initiative.pk}/", data).status_code == 302
        # One mail for the fields and the themes together.
        message, text = only_mail(smtp)
        assert "initiatief aangepast" in message["Subject"]
        assert "gepubliceerd: ja → nee" in text
        assert "engagementen waaraan het bijdraagt: gewijzigd" in text
        assert "samenvatting: Een korte samenvatting. → Elke week." in text
        assert client.get(url).status_code == 404
        assert "niet gepubliceerd" in member_client.get(f"{BASE}/").content.decode()
        data["published"] = "on"
        member_client.post(f"{BASE}/initiatieven/{initiative.pk}/", data)
        assert client.get(url).status_code == 200

    def test_removing_the_image_removes_its_description(self, member_client, network, media):
        image = SimpleUploadedFile("foto.png", image_bytes("PNG", (50, 50)), "image/png")
        member_client.post(
            f"{BASE}/initiatieven/nieuw/", self.form(image_upload=image, image_alt="Foto")
        )
        initiative = Initiative.objects.get(title="Taallessen voor nieuwkomers")
        page = member_client.get(f"{BASE}/initiatieven/{initiative.pk}/").content.decode()
        assert 'alt="Foto"' in page and "Verwijder de afbeelding" in page
        member_client.post(
            f"{BASE}/initiatieven/{initiative.pk}/",
            self.form(image_alt="Foto", remove_image="on"),
        )
        initiative.refresh_from_db()
        assert not initiative.image and initiative.image_alt == ""

    PLAIN = (
        "Elke week komen we samen.\nOok in de vakantie.\n\n"
        "Wat we doen:\n- Nederlands oefenen\n- samen koken\n\n"
        "1. Schrijf je in\n2. Kom langs\n\n"
        "Meer op https://www.merelbeke-melle.be/taal of mail taal@merelbeke-melle.be."
    )
    PLAIN_HTML = (
        "<p>Elke week komen we samen.<br>Ook in de vakantie.</p>"
        "<p>Wat we doen:</p><ul><li>Nederlands oefenen</li><li>samen koken</li></ul>"
        "<ol><li>Schrijf je in</li><li>Kom langs</li></ol>"
        '<p>Meer op <a href="https://www.merelbeke-melle.be/taal" rel="noopener noreferrer">'
        "https://www.merelbeke-melle.be/taal</a> of mail "
        '<a href="mailto:taal@merelbeke-melle.be" rel="noopener noreferrer">'
        "taal@merelbeke-melle.be</a>.</p>"
    )

    def test_plain_text_keeps_paragraphs_lists_and_links(self, member_client, network, client):
        member_client.post(f"{BASE}/initiatieven/nieuw/", self.form(text=self.PLAIN))
        initiative = Initiative.objects.get(title="Taallessen voor nieuwkomers")
        assert initiative.text == self.PLAIN  # stored as written: the contact edits it again

        page = client.get(initiative.get_absolute_url()).content.decode()
        assert f'<div class="prose" lang="nl">{self.PLAIN_HTML}</div>' in page
        (item,) = client.get("/api/v1/initiatives/", {"q": "taallessen"}).json()["items"]
        assert item["text"] == self.PLAIN_HTML
        edit = member_client.get(f"{BASE}/initiatieven/{initiative.pk}/").content.decode()
        assert "- Nederlands oefenen\n- samen koken" in edit  # the form shows it as written

    @pytest.mark.parametrize(
        "hostile",
        [
            'Klik https://x.be/"onmouseover="alert(1) of javascript:alert(1)\n\n- a < b & c',
            "- <img src=x onerror=alert(1)>\n- <a href='javascript:alert(1)'>x</a>",
            'www.x.be/"><script>alert(1)</script>',
        ],
    )
    def test_hostile_plain_text_is_shown_harmless(self, member_client, network, client, hostile):
        member_client.post(f"{BASE}/initiatieven/nieuw/", self.form(text=hostile))
        initiative = Initiative.objects.get(title="Taallessen voor nieuwkomers")
        page = client.get(initiative.get_absolute_url()).content.decode()
        prose = page.split('<div class="prose" lang="nl">')[1].split("</div>")[0]
        tags = re.findall(r"<[^>]*>", prose)
        assert all(re.fullmatch(r"</?(p|br|ul|ol|li|a)( [^>]*)?>", tag) for tag in tags), tags
        assert not [tag for tag in tags if re.search(r"\son\w+=|javascript", tag)]
        assert all(
            re.fullmatch(r'<a (href="(https?|mailto):[^"]*" )?rel="noopener noreferrer">', tag)
            for tag in tags
            if tag.startswith("<a ")
        ), tags

    def test_the_library_search_follows_what_the_contact_writes(
        self, member_client, network, client
    ):
        member_client.post(f"{BASE}/initiatieven/nieuw/", self.form(text="Een naaiatelier."))
        initiative = Initiative.objects.get(title="Taallessen voor nieuwkomers")

        def found(query):
            return client.get("/initiatieven/", {"q": query}).context["page"].object_list

        assert list(found("naaiateliers")) == [initiative]
        member_client.post(
            f"{BASE}/initiatieven/{initiative.pk}/",
            self.form(title="Fietsherstelplaats", text="Fietsen voor nieuwkomers."),
        )
        assert list(found("naaiatelier")) == []
        assert list(found("fietsherstelplaatsen")) == [initiative]


class TestCommitments:
    def test_a_contact_climbs_to_the_top_rung_with_a_date_and_a_link(
        self, member_client, network, smtp
    ):
        housing = commitment(network, "housing")
        response = member_client.post(
            f"{BASE}/engagementen/{housing.pk}/",
            commitment_form(
                rung4_reached="on",
                rung4_date="2025-06-30",
                rung4_evidence_url="https://merelbeke-melle.be/wonen",
                rung4_evidence_note="Pagina Wonen",
            ),
        )
        assert response.status_code == 302
        housing.refresh_from_db()
        assert housing.rung == Rung.VISIBLE
        body = member_client.get(PUBLIC).content.decode()
        assert ">zichtbaar voor inwoners</span>" in body
        assert "30 juni 2025 · bewezen" in body
        assert (
            '<a href="https://merelbeke-melle.be/wonen"><span lang="nl">Pagina Wonen</span>' in body
        )
        # The rung below stays as it was: claimed, with its date.
        assert "1 maart 2024 · beweerd, niet bewezen" in body
        _, text = only_mail(smtp)
        assert (
            "- zichtbaar voor inwoners (30-06-2025, https://merelbeke-melle.be/wonen): bereikt"
            in text
        )
        assert f"/beheer/membership/commitment/{housing.pk}/history/" in text

    def test_evidence_as_a_pdf_proves_a_rung(self, member_client, network, media):
        housing = commitment(network, "housing")
        pdf = SimpleUploadedFile("besluit.pdf", pdf_bytes(), "application/pdf")
        member_client.post(
            f"{BASE}/engagementen/{housing.pk}/", commitment_form(rung1_evidence_upload=pdf)
        )
        record = housing.rungs.get(rung=Rung.DECIDED)
        assert record.evidence_document.name.startswith("public/evidence/")
        assert record.evidence_document.name.endswith(".pdf")
        assert record.is_proven
        body = member_client.get(PUBLIC).content.decode()
        assert f'href="{record.evidence_document_url}"' in body
        assert "1 maart 2024 · bewezen" in body
        served = member_client.get(record.evidence_document_url)
        assert served["Content-Type"] == "application/pdf"
        assert "sandbox" in served["Content-Security-Policy"]
        # Removing it makes the rung a claim again.
        member_client.post(
            f"{BASE}/engagementen/{housing.pk}/", commitment_form(rung1_remove_document="on")
        )
        record.refresh_from_db()
        assert not record.evidence_document and not record.is_proven

    def test_a_file_that_claims_to_be_pdf_is_refused(self, member_client, network, media):
        housing = commitment(network, "housing")
        fake = SimpleUploadedFile("besluit.pdf", b"%PDF-1.7 not really", "application/pdf")
        response = member_client.post(
            f"{BASE}/engagementen/{housing.pk}/",
            commitment_form(
                rung3_reached="on", rung3_date="2025-01-01", rung3_evidence_upload=fake
            ),
        )
        body = response.content.decode()
        assert "Dit bestand is geen PDF." in body
        assert 'href="#id_rung3_evidence_upload"' in body  # the summary links to the field
        housing.refresh_from_db()
        assert housing.rung == Rung.DECIDED and housing.rungs.count() == 1

    def test_a_date_in_the_future_or_none_is_refused(self, member_client, network):
        housing = commitment(network, "housing")
        body = member_client.post(
            f"{BASE}/engagementen/{housing.pk}/",
            commitment_form(rung2_reached="on", rung2_date="2999-01-01"),
        ).content.decode()
        assert "Deze datum ligt in de toekomst." in body
        body = member_client.post(
            f"{BASE}/engagementen/{housing.pk}/", commitment_form(rung2_reached="on")
        ).content.decode()
        assert "Geef de datum waarop deze sport bereikt werd." in body
        assert housing.rungs.count() == 1

    def test_evidence_for_a_rung_not_ticked_is_not_lost_silently(self, member_client, network):
        housing = commitment(network, "housing")
        body = member_client.post(
            f"{BASE}/engagementen/{housing.pk}/",
            commitment_form(rung3_date="2025-01-01", rung3_evidence_url="https://a.be/x"),
        ).content.decode()
        assert "Vink aan dat deze sport bereikt is, of maak de velden eronder leeg." in body
        assert 'value="https://a.be/x"' in body  # what was typed is still there
        assert housing.rungs.count() == 1

    def test_a_commitment_keeps_at_least_one_rung(self, member_client, network):
        housing = commitment(network, "housing")
        body = member_client.post(
            f"{BASE}/engagementen/{housing.pk}/", commitment_form(rung1_reached=None)
        ).content.decode()
        assert "Een engagement staat minstens op één sport" in body
        assert housing.rungs.count() == 1

    def test_a_rung_unticked_goes_and_stays_in_the_history(self, member_client, network, smtp):
        housing = commitment(network, "housing")
        member_client.post(
            f"{BASE}/engagementen/{housing.pk}/",
            commitment_form(rung3_reached="on", rung3_date="2025-01-01"),
        )
        only_mail(smtp)
        smtp.inbox.messages.clear()
        member_client.post(f"{BASE}/engagementen/{housing.pk}/", commitment_form())
        housing.refresh_from_db()
        assert housing.rung == Rung.DECIDED
        assert list(housing.rungs.values_list("rung", flat=True)) == [Rung.DECIDED]
        history = CommitmentRung.history.filter(commitment_id=housing.pk, rung=Rung.IN_PROGRESS)
        assert [record.history_type for record in history.order_by("history_id")] == ["+", "-"]
        _, text = only_mail(smtp)
        assert "in uitvoering: niet meer bereikt" in text

    def test_a_claim_without_a_date_may_stay_so_until_it_is_known(self, member_client, network):
        housing = commitment(network, "housing")
        housing.rungs.update(date=None)
        page = member_client.get(f"{BASE}/engagementen/{housing.pk}/").content.decode()
        assert "Nog niet bevestigd: de datum is onbekend." in page
        response = member_client.post(
            f"{BASE}/engagementen/{housing.pk}/",
            commitment_form(rung1_date="", description="Wat we doen"),
        )
        assert response.status_code == 302
        public = member_client.get(PUBLIC).content.decode()
        assert "datum onbekend, nog te bevestigen door de gemeente" in public
        member_client.post(
            f"{BASE}/engagementen/{housing.pk}/", commitment_form(rung1_date="2019-04-02")
        )
        assert housing.rungs.get().date == datetime.date(2019, 4, 2)

    def test_stopping_one_of_three_is_refused_with_a_way_out(self, member_client, network):
        housing = commitment(network, "housing")
        response = member_client.post(
            f"{BASE}/engagementen/{housing.pk}/",
            commitment_form(state="stopped", state_date="2025-05-01"),
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "Dan blijven er 2 actieve engagementen over." in body
        assert "minstens 3" in body
        assert f'href="{BASE}/pauzeren/"' in body
        housing.refresh_from_db()
        assert housing.state == CommitmentState.ACTIVE

    def test_a_paused_commitment_needs_its_date_and_keeps_counting(self, member_client, network):
        housing = commitment(network, "housing")
        body = member_client.post(
            f"{BASE}/engagementen/{housing.pk}/", commitment_form(state="paused")
        ).content.decode()
        assert "Geef de datum waarop het engagement gepauzeerd of stopgezet werd." in body
        response = member_client.post(
            f"{BASE}/engagementen/{housing.pk}/",
            commitment_form(state="paused", state_date="2025-05-01", state_note="Geen budget"),
        )
        assert response.status_code == 302
        housing.refresh_from_db()
        assert (housing.state, housing.state_note) == (CommitmentState.PAUSED, "Geen budget")
        public = member_client.get(PUBLIC).content.decode()
        assert ">gepauzeerd</span>" in public and "Geen budget" in public
        # Its rungs stay on the page.
        assert "1 maart 2024 · beweerd, niet bewezen" in public

    def test_a_fourth_can_be_stopped_and_then_no_longer_counts(self, member_client, network):
        membership = network.memberships.get()
        CommitmentFactory(membership=membership, activity=activity("education"))
        housing = commitment(network, "housing")
        response = member_client.post(
            f"{BASE}/engagementen/{housing.pk}/",
            commitment_form(state="stopped", state_date="2025-05-01"),
        )
        assert response.status_code == 302
        housing.refresh_from_db()
        assert housing.state == CommitmentState.STOPPED
        assert "stopgezet" in member_client.get(PUBLIC).content.decode()
        # Three active ones are left: none of them can go now.
        reception = commitment(network, "reception")
        response = member_client.post(f"{BASE}/engagementen/{reception.pk}/verwijderen/")
        assert response.status_code == 409
        assert "Dan blijven er 2 actieve engagementen over." in response.content.decode()
        assert Commitment.objects.filter(pk=reception.pk).exists()

    def test_removing_one_of_three_is_refused_with_an_explanation(self, member_client, network):
        housing = commitment(network, "housing")
        page = member_client.get(f"{BASE}/engagementen/{housing.pk}/verwijderen/").content.decode()
        assert "Dit engagement kan je niet verwijderen" in page
        assert "Ja, verwijder" not in page
        assert "Vraag om het lidmaatschap te pauzeren" in page
        response = member_client.post(f"{BASE}/engagementen/{housing.pk}/verwijderen/")
        assert response.status_code == 409
        assert Commitment.objects.filter(pk=housing.pk).exists()

    def test_removing_one_of_four_works(self, member_client, network, smtp):
        CommitmentFactory(membership=network.memberships.get(), activity=activity("education"))
        housing = commitment(network, "housing")
        assert (
            member_client.post(f"{BASE}/engagementen/{housing.pk}/verwijderen/").status_code == 302
        )
        assert not Commitment.objects.filter(pk=housing.pk).exists()
        message, text = only_mail(smtp)
        assert "engagement verwijderd" in message["Subject"]
        assert f"- {activity('housing').label_nl}" in text

    def test_a_contact_adds_another_activity_with_its_title(self, member_client, network):
        page = member_client.get(f"{BASE}/engagementen/nieuw/").content.decode()
        assert f'name="activity" value="{activity("housing").pk}"' not in page  # already chosen
        other = activity("other")
        response = member_client.post(
            f"{BASE}/engagementen/nieuw/",
            {"activity": other.pk, "title": "", "rung": "1", "date": "2025-01-01"},
        )
        assert "Geef een titel voor de andere activiteit." in response.content.decode()
        response = member_client.post(
            f"{BASE}/engagementen/nieuw/",
            {
                "activity": other.pk,
                "title": "Buurtwerking",
                "rung": "3",
                "date": "2025-01-01",
                "evidence_url": "https://merelbeke-melle.be/buurt",
            },
        )
        assert response.status_code == 302
        assert "Buurtwerking" in member_client.get(PUBLIC).content.decode()
        added = network.memberships.get().commitments.get(activity=other)
        assert added.rung == Rung.IN_PROGRESS
        record = added.rungs.get()
        assert (record.date, record.is_proven) == (datetime.date(2025, 1, 1), True)

    def test_the_rungs_are_offered_in_the_page_language(self, member_client, network):
        page = member_client.get(f"/fr{BASE}/engagementen/nieuw/").content.decode()
        assert "décidé : une décision du conseil communal ou du collège" in page
        assert "gemeenteraad" not in page

    def test_an_activity_already_chosen_is_refused(self, member_client, network):
        response = member_client.post(
            f"{BASE}/engagementen/nieuw/",
            {"activity": activity("housing").pk, "rung": "1", "date": "2025-01-01"},
        )
        assert "Dit engagement is al gekozen." in response.content.decode()
        assert network.memberships.get().commitments.count() == 3


class TestPause:
    def test_a_contact_asks_and_a_coordinator_accepts(
        self, member_client, network, smtp, coordinator_client
    ):
        response = member_client.post(
            f"{BASE}/pauzeren/", {"reason": "Het LOI sluit; een nieuw volgt."}
        )
        assert response.status_code == 302
        pause = PauseRequest.objects.get()
        message, text = only_mail(smtp)
        assert "vraagt om het lidmaatschap te pauzeren" in message["Subject"]
        assert "Het LOI sluit; een nieuw volgt." in text
        assert f"/beheer/portal/pauserequest/{pause.pk}/change/" in text
        assert (
            "De coördinatoren bekijken je vraag."
            in member_client.get(f"{BASE}/pauzeren/").content.decode()
        )

        coordinator_client.post(
            "/beheer/portal/pauserequest/", {"action": "accept", "_selected_action": [pause.pk]}
        )
        pause.refresh_from_db()
        assert pause.status == "approved" and pause.decided_by.is_superuser
        assert network.memberships.get().status == MembershipStatus.SUSPENDED
        assert "Het lidmaatschap is geschorst" in member_client.get(PUBLIC).content.decode()
        # The contact who asked hears the answer.
        assert outbox_flush() == 1
        assert smtp.inbox.envelopes[-1] == [MERELBEKE_CONTACT.lower()]
        answer = smtp.inbox.messages[-1].get_body(("plain",)).get_content()
        assert "aanvaardden je vraag" in answer
        assert "https://solidairegemeenten.be/portaal/merelbeke-melle/" in answer

    def test_a_contact_who_asked_in_french_gets_the_answer_in_french(
        self, member_client, network, coordinator_client, smtp
    ):
        response = member_client.post(f"/fr{BASE}/pauzeren/", {"reason": "Le LOI ferme."})
        assert response.status_code == 302
        pause = PauseRequest.objects.get()
        assert pause.language == "fr"
        assert outbox_flush() == 1
        assert smtp.inbox.messages[-1]["Content-Language"] == "nl-be"  # to the coordinators

        coordinator_client.post(
            "/beheer/portal/pauserequest/", {"action": "refuse", "_selected_action": [pause.pk]}
        )
        assert outbox_flush() == 1
        answer = smtp.inbox.messages[-1]
        assert answer["Content-Language"] == "fr"
        assert "/fr/portaal/merelbeke-melle/" in answer.get_body(("plain",)).get_content()
        assert answer["Subject"] == translated(
            "Je vraag over %(municipality)s bij Solidaire Gemeenten", "fr"
        ) % {"municipality": "Merelbeke-Melle"}

    def test_a_coordinator_refuses(self, member_client, network, coordinator_client, smtp):
        member_client.post(f"{BASE}/pauzeren/", {"reason": "Even niet."})
        pause = PauseRequest.objects.get()
        coordinator_client.post(
            "/beheer/portal/pauserequest/", {"action": "refuse", "_selected_action": [pause.pk]}
        )
        pause.refresh_from_db()
        assert pause.status == "refused"
        assert network.memberships.get().status == MembershipStatus.MEMBER
        assert outbox_flush() == 2  # the request to the coordinators, the answer
        assert smtp.inbox.envelopes[-1] == [MERELBEKE_CONTACT.lower()]
        assert "pauzeerden het lidmaatschap van Merelbeke-Melle niet" in (
            smtp.inbox.messages[-1].get_body(("plain",)).get_content()
        )

    def test_a_reason_is_needed(self, member_client, network):
        response = member_client.post(f"{BASE}/pauzeren/", {"reason": "  "})
        assert "Dit veld is verplicht." in response.content.decode()
        assert not PauseRequest.objects.exists()


def test_the_overview_links_to_every_editing_page(member_client, network):
    body = member_client.get(f"{BASE}/").content.decode()
    housing = commitment(network, "housing")
    initiative = network.initiatives.get(title="Buddywerking voor nieuwkomers")
    bram = network.contacts.get(name="Bram Claes")
    own = network.contacts.get(email=MERELBEKE_CONTACT)
    for href in (
        f"{BASE}/tekst/",
        f"{BASE}/engagementen/{housing.pk}/",
        f"{BASE}/engagementen/nieuw/",
        f"{BASE}/initiatieven/{initiative.pk}/",
        f"{BASE}/initiatieven/nieuw/",
        f"{BASE}/contacten/{bram.pk}/",
        f"{BASE}/contacten/{bram.pk}/verwijderen/",
        f"{BASE}/contacten/uitnodigen/",
        f"{BASE}/pauzeren/",
    ):
        assert f'href="{href}"' in body, href
    assert f'href="{BASE}/contacten/{own.pk}/verwijderen/"' not in body  # not oneself


def test_the_page_cache_moves_on_with_each_save(member_client, client, network):
    from solidair.operations.pagecache import content_version

    client.get(PUBLIC)
    before = content_version()
    housing = commitment(network, "housing")
    member_client.post(
        f"{BASE}/engagementen/{housing.pk}/",
        commitment_form(rung3_reached="on", rung3_date="2025-01-01"),
    )
    assert content_version() > before
    assert "in uitvoering" in client.get(PUBLIC).content.decode()


def test_an_image_is_never_served_as_html(member_client, network, media, client):
    """What is stored is our own re-encoded file under a name we made."""
    image = SimpleUploadedFile("x.html", image_bytes("PNG", (20, 20)), "text/html")
    member_client.post(
        f"{BASE}/initiatieven/nieuw/",
        {"title": "Met foto", "image_upload": image, "image_alt": "Een vlak", "published": "on"},
    )
    initiative = Initiative.objects.get(title="Met foto")
    assert initiative.image.name.endswith((".png", ".jpg"))
    response = client.get(initiative.image_url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format in ("PNG", "JPEG")


def test_the_service_refuses_an_image_without_description(network, media, member_contact):
    """The rule holds at the service's door too, and a refusal stores no file."""
    from django.core.exceptions import ValidationError

    from solidair.operations.uploads import image_prepare
    from solidair.portal.editing import initiative_save

    prepared = image_prepare(
        SimpleUploadedFile("foto.png", image_bytes("PNG", (20, 20)), "image/png")
    )
    with pytest.raises(ValidationError, match="Beschrijf wat de afbeelding toont"):
        initiative_save(
            initiative=Initiative(municipality=network),
            changes={"title": "Zonder beschrijving", "image_alt": " "},
            themes=[],
            image=prepared,
            by=member_contact,
        )
    assert not Initiative.objects.filter(title="Zonder beschrijving").exists()
    assert not (media / "public" / "initiatives").exists()
