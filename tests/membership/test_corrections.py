"""'Klopt dit niet?': the form on municipalities' pages, the coordinators' queue and mail,
and the erasure of the reporters' addresses (claims, replies and outcomes:
test_correction_claims.py)."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from post_office.models import Email

from solidair.membership.corrections import (
    EMAIL_KEPT_AFTER_HANDLING,
    EMAIL_KEPT_AT_MOST,
    correction_report_create,
    correction_report_decide,
    correction_reports_erase,
)
from solidair.membership.models import CorrectionReport
from solidair.operations.mail import outbox_flush
from solidair.operations.periodic import periodic_run
from tests.factories import make_member, municipality
from tests.membership.helpers import text_dump
from tests.webforms import PageForm

pytestmark = pytest.mark.django_db

URL = "/gemeenten/merelbeke-melle/klopt-er-iets-niet/"
READER = "lies.peeters@example.be"


@pytest.fixture(autouse=True)
def _network(settings):
    settings.COORDINATOR_EMAILS = ["coordinatie@example.be"]
    make_member("Merelbeke-Melle")


def report_form(client, url: str = URL) -> PageForm:
    response = client.get(url)
    assert response.status_code == 200
    return PageForm(response.content.decode(), action="/klopt-er-iets-niet/")


class TestThePage:
    def test_every_municipality_page_links_to_it(self, client):
        member = client.get("/gemeenten/merelbeke-melle/").content.decode()
        assert "Klopt er iets niet?" in member
        assert f'href="{URL}"' in member
        other = client.get("/gemeenten/aalst/").content.decode()
        assert 'href="/gemeenten/aalst/klopt-er-iets-niet/"' in other

    def test_it_has_a_short_form_with_the_honeypot(self, client):
        form = report_form(client)
        assert set(form.names()) == {
            "csrfmiddlewaretoken",
            "claim",
            "message",
            "source_url",
            "email",
            "website",
        }
        body = client.get(URL).content.decode()
        assert "Klopt er iets niet over Merelbeke-Melle?" in body
        assert "/brief/privacy/#meldingen" in body

    def test_it_is_in_french_and_english(self, client):
        assert "Quelque chose" in client.get("/fr" + URL).content.decode()
        assert "Something" in client.get("/en" + URL).content.decode()

    def test_only_flemish_municipalities(self, client):
        assert client.get("/gemeenten/namen/klopt-er-iets-niet/").status_code == 404
        assert client.get("/gemeenten/bestaat-niet/klopt-er-iets-niet/").status_code == 404


class TestReporting:
    def test_a_report_lands_in_the_queue_and_the_coordinators_mailbox(
        self,
        client,
        smtp,
    ):
        form = report_form(client)
        form.fill("message", "De contactpersoon werkt er niet meer.\nZie de website.")
        form.fill("email", READER)
        response = form.submit(client)
        assert response.status_code == 302
        assert response["Location"] == URL + "bedankt/"
        thanks = client.get(response["Location"]).content.decode()
        assert "Bedankt voor je melding" in thanks

        report = CorrectionReport.objects.get()
        assert (report.municipality, report.status, report.email, report.language) == (
            municipality("Merelbeke-Melle"),
            "open",
            READER,
            "nl-be",
        )
        assert report.message == "De contactpersoon werkt er niet meer.\nZie de website."
        assert outbox_flush() == 1
        [message] = smtp.inbox.messages
        assert smtp.inbox.envelopes[0] == ["coordinatie@example.be"]
        assert message["Reply-To"] == READER
        assert "Merelbeke-Melle" in message["Subject"]
        text = message.get_body(("plain",)).get_content()
        assert "De contactpersoon werkt er niet meer." in text
        assert f"/beheer/membership/correctionreport/{report.pk}/change/" in text
        assert "/gemeenten/merelbeke-melle/" in text

    def test_the_address_is_optional(self, client):
        form = report_form(client)
        form.fill("message", "Het initiatief loopt niet meer.")
        assert form.submit(client).status_code == 302
        report = CorrectionReport.objects.get()
        assert report.email == ""
        assert "Reply-To" not in Email.objects.get().headers

    def test_a_french_report_keeps_its_language(self, client):
        form = report_form(client, "/fr" + URL)
        form.fill("message", "La date d'adhésion est fausse.")
        response = form.submit(client)
        assert response["Location"] == "/fr" + URL + "bedankt/"
        assert CorrectionReport.objects.get().language == "fr"

    def test_a_mistake_keeps_what_was_typed(self, client):
        form = report_form(client)
        form.fill("email", "geen-adres")
        response = form.submit(client)
        body = response.content.decode()
        assert response.status_code == 200
        assert 'role="alert"' in body
        assert "Dit veld is verplicht." in body
        assert "Voer een geldig e-mailadres in." in body
        assert PageForm(body, action="/klopt-er-iets-niet/").value("email") == "geen-adres"
        assert not CorrectionReport.objects.exists()

    def test_the_honeypot_stops_a_script(self, client):
        form = report_form(client)
        form.fill("message", "Koop nu!")
        form.fill("website", "https://spam.example")
        assert form.submit(client).status_code == 400
        assert not CorrectionReport.objects.exists()
        assert not Email.objects.exists()

    def test_it_is_rate_limited_and_keeps_the_text(self, client):
        for number in range(5):
            form = report_form(client)
            form.fill("message", f"Melding {number}")
            assert form.submit(client).status_code == 302
        form = report_form(client)
        form.fill("message", "Nog een melding")
        response = form.submit(client)
        body = response.content.decode()
        assert response.status_code == 429
        assert "Wacht een uur" in body
        assert "Nog een melding" in body
        assert CorrectionReport.objects.count() == 5


class TestTheQueue:
    def test_coordinators_filter_and_handle_reports(self, client, coordinator):
        open_one = correction_report_create(
            municipality=municipality("Merelbeke-Melle"),
            message="De datum klopt niet.",
            email=READER,
            language="nl-be",
        )
        done = correction_report_create(
            municipality=municipality("Gent"), message="Oud.", language="fr"
        )
        correction_report_decide(report=done, outcome="confirmed", by=coordinator)
        client.force_login(coordinator)
        base = "/beheer/membership/correctionreport/"
        listing = client.get(base + "?status__exact=open").content.decode()
        assert "De datum klopt niet." in listing and "Oud." not in listing
        handled = client.get(f"{base}?handled_by__id__exact={coordinator.pk}").content.decode()
        assert "Oud." in handled and "De datum klopt niet." not in handled

        # The change page: an outcome needs a public reason when it is a dismissal.
        page = client.get(f"{base}{open_one.pk}/change/")
        assert page.status_code == 200
        assert "De datum klopt niet." in page.content.decode()
        change = {"outcome": "dismissed", "outcome_reason": "", "message_public": "on", "note": ""}
        response = client.post(f"{base}{open_one.pk}/change/", change)
        assert response.status_code == 200
        assert "Geef een publieke reden" in response.content.decode()
        change["outcome_reason"] = "De datum staat in het verslag van de gemeenteraad."
        response = client.post(f"{base}{open_one.pk}/change/", change)
        assert response.status_code == 302
        open_one.refresh_from_db()
        assert (open_one.status, open_one.outcome, open_one.handled_by) == (
            "handled",
            "dismissed",
            coordinator,
        )
        assert open_one.handled_at is not None

        # Back to open: no outcome, nobody; a note stays.
        response = client.post(
            f"{base}{open_one.pk}/change/",
            {"outcome": "", "outcome_reason": "", "note": "Nagevraagd bij de gemeente."},
        )
        assert response.status_code == 302
        open_one.refresh_from_db()
        assert (open_one.status, open_one.handled_by, open_one.handled_at) == ("open", None, None)
        assert open_one.note == "Nagevraagd bij de gemeente."
        assert open_one.message == "De datum klopt niet."  # read-only
        # Who decided and when: in the history too.
        outcomes = list(open_one.history.order_by("history_date").values_list("outcome", flat=True))
        assert "dismissed" in outcomes and outcomes[-1] == ""
        assert client.get(f"{base}{open_one.pk}/history/").status_code == 200
        assert client.get(base + "add/").status_code == 403


class TestErasure:
    def make(self, **extra) -> CorrectionReport:
        report = correction_report_create(
            municipality=municipality("Merelbeke-Melle"),
            message="De opvangplaatsen kloppen niet.",
            email=READER,
            language="nl-be",
        )
        CorrectionReport.objects.filter(pk=report.pk).update(**extra)
        return report

    def test_the_address_goes_30_days_after_handling_or_after_6_months(self, coordinator):
        now = timezone.now()
        handled_long_ago = self.make(
            status="handled", handled_at=now - EMAIL_KEPT_AFTER_HANDLING - datetime.timedelta(1)
        )
        handled_lately = self.make(status="handled", handled_at=now - datetime.timedelta(days=29))
        never_handled = self.make(created_at=now - EMAIL_KEPT_AT_MOST - datetime.timedelta(1))
        fresh = self.make()
        assert correction_reports_erase(now=now) == "2 addresses, 2 mails erased"
        kept = {r.pk: r.email for r in CorrectionReport.objects.all()}
        assert kept == {
            handled_long_ago.pk: "",
            handled_lately.pk: READER,
            never_handled.pk: "",
            fresh.pk: READER,
        }
        erased = CorrectionReport.objects.get(pk=handled_long_ago.pk)
        assert erased.erased_at is not None
        assert erased.message == "De opvangplaatsen kloppen niet."  # the record stays
        assert Email.objects.count() == 2  # the two mails that still name a kept address
        assert correction_reports_erase(now=now) == ""  # twice: nothing more

    def test_it_is_a_periodic_job(self, tmp_path):
        assert (
            django_settings.PERIODIC_JOBS["correction_reports_erase"]
            == "solidair.membership.corrections.correction_reports_erase"
        )
        self.make(created_at=timezone.now() - EMAIL_KEPT_AT_MOST - datetime.timedelta(1))
        results = periodic_run(only="correction_reports_erase", lockfile=str(tmp_path / "lock"))
        assert results == {"correction_reports_erase": "1 addresses, 1 mails erased"}

    def test_after_erasure_the_address_is_nowhere(self, client, smtp):
        form = report_form(client)
        form.fill("message", "Er staat een verkeerde datum.")
        form.fill("email", READER)
        form.submit(client)
        assert outbox_flush() == 1  # delivered: the outbox keeps the sent mail and its log
        assert READER in text_dump()
        later = timezone.now() + EMAIL_KEPT_AT_MOST + datetime.timedelta(days=1)
        correction_reports_erase(now=later)
        assert READER not in text_dump()

    def test_the_privacy_page_says_it(self, client):
        body = client.get("/brief/privacy/").content.decode()
        assert 'id="meldingen"' in body
        assert f"{EMAIL_KEPT_AFTER_HANDLING.days} dagen nadat je melding afgehandeld is" in body
        assert f"{EMAIL_KEPT_AT_MOST.days // 30} maanden na je melding" in body
