"""Fuzzing the forms of collective letters and the follow-up: whatever is posted, no server
error, and nothing goes to a council or counts as signed without a confirmation by e-mail."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from post_office.models import Email

from solidair.letters.delivery.followup import letters_followup
from solidair.letters.forms.common import form_started_value
from solidair.letters.models import CollectiveLetter, CoSignature, CouncilResponse, LetterStatus
from solidair.lib.tokens import email_digest, link_token
from tests.letters.collective_helpers import open_collective, sent_resident_letter

# Production settings (tests/conftest.py): the proof that no input gives a 500.
pytestmark = [pytest.mark.django_db, pytest.mark.production]

HYPOTHESIS = settings(max_examples=40)
CHECKBOX = st.sampled_from(["", "on", "1", "nee", "\x00"])
TEXT = st.text(max_size=300)
EMAIL = st.one_of(TEXT, st.emails().map(str))
POSTAL = st.one_of(st.sampled_from(["2540", "9000", "", "25400", "２５４０"]), TEXT)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """Many examples in one test would hit the rate limit meant for people."""
    settings.RATELIMIT_ENABLE = False
    settings.SITE_URL = "http://testserver"


def fresh() -> None:
    """Examples share one test transaction: start each from an empty outbox and no letters."""
    Email.objects.all().delete()
    CoSignature.objects.all().delete()
    CollectiveLetter.objects.all().delete()
    CouncilResponse.objects.all().delete()


def only_confirmation_mails(addresses: set[str]) -> None:
    """Every queued mail went to the address that was typed in, and none to a council."""
    for mail in Email.objects.all():
        assert len(mail.to) == 1 and mail.to[0] in addresses, mail.to
        assert not mail.attachments.exists()


# A signed start time (as the page gives), a forged one, or none.
STARTED = st.one_of(st.builds(form_started_value), st.text(max_size=80), st.just(""))


@HYPOTHESIS
@given(
    fields=st.fixed_dictionaries(
        {
            "naam": TEXT,
            "email": EMAIL,
            "postcode": POSTAL,
            "bestuur": st.sampled_from(["gemeente", "stad", "", "dorp"]),
            "gezamenlijke_alinea": st.text(max_size=2200),
            "keuze_1": st.sampled_from(["", "reception", "housing", "???"]),
            "keuze_2": st.sampled_from(["", "reception", "other"]),
            "verzoekschrift": CHECKBOX,
            "zestien_plus": CHECKBOX,
            "naam_tonen": CHECKBOX,
            "website": st.sampled_from(["", "", "http://spam.example"]),
            "begonnen": STARTED,
        }
    )
)
def test_starting_never_fails_and_opens_nothing_without_confirmation(client, fields):
    fresh()
    response = client.post("/brief/hove/samen/", fields)
    assert response.status_code == 200
    assert not CollectiveLetter.objects.exclude(status=LetterStatus.UNCONFIRMED).exists()
    only_confirmation_mails({fields["email"].strip()})
    for letter in CollectiveLetter.objects.all():
        assert letter.initiator_postal_code == "2540"
        assert letter.email_digest == email_digest(fields["email"])


@HYPOTHESIS
@given(
    fields=st.fixed_dictionaries(
        {
            "naam": TEXT,
            "email": EMAIL,
            "postcode": POSTAL,
            "woont_hier": CHECKBOX,
            "zestien_plus": CHECKBOX,
            "naam_tonen": CHECKBOX,
            "website": st.sampled_from(["", "", "x"]),
            "begonnen": STARTED,
        }
    ),
    petition=st.booleans(),
)
def test_signing_never_fails_and_counts_nothing_without_confirmation(client, fields, petition):
    fresh()
    letter = open_collective(is_petition=petition)
    response = client.post(f"/brief/samen/{letter.share_key}/", fields)
    assert response.status_code == 200
    assert not CoSignature.objects.filter(confirmed_at__isnull=False).exists()
    assert (
        "1 inwoner ondertekende" in client.get(f"/brief/samen/{letter.share_key}/").content.decode()
    )
    only_confirmation_mails({fields["email"].strip()})
    for signature in CoSignature.objects.all():
        assert signature.lives_in_municipality and signature.postal_code == "2540"
        assert signature.is_16_or_older is (True if petition else None)


@HYPOTHESIS
@given(
    fields=st.fixed_dictionaries(
        {
            "wat": st.one_of(st.sampled_from(["agenda", "joined", "declined", "other"]), TEXT),
            "toelichting": st.text(max_size=1100),
            "link": st.one_of(TEXT, st.just("https://www.hove.be/raad"), st.just("javascript:x")),
        }
    ),
    answer=st.sampled_from(["ja", "nog-niet", "nee", "misschien"]),
)
def test_answering_never_fails_and_stores_only_valid_responses(client, fields, answer):
    fresh()
    sent = datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)
    letter = sent_resident_letter(sent, email=f"{answer}@example.be")
    letters_followup(now=sent + datetime.timedelta(days=14))
    letter.refresh_from_db()
    token = link_token(letter.followup_key, purpose="followup")
    response = client.post(f"/brief/opvolging/{token}/{answer}/", fields)
    assert response.status_code in (200, 404)
    for stored in CouncilResponse.objects.all():
        stored.full_clean()
        assert not stored.url or stored.url.startswith(("http://", "https://"))


@HYPOTHESIS
@given(token=st.text(max_size=300), answer=st.text(max_size=20))
def test_no_token_gives_a_server_error(client, token, answer):
    for path in (
        f"/brief/samen/bevestig/{token}/",
        f"/brief/samen/ondertekening/{token}/",
        f"/brief/samen/beheer/{token}/",
        f"/brief/mijn-gegevens/{token}/",
        f"/brief/opvolging/{token}/{answer}/",
    ):
        response = client.post(path, {"wissen": "1", "versturen": "1"})
        assert response.status_code in (301, 404, 410)  # 301: an empty token, "//"
