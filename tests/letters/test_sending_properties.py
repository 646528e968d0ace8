"""Property-based: no input to the forms that send mail gives a server error, and nothing
reaches a council without the resident's confirmation."""

import datetime

import pytest
from django.conf import settings as django_settings
from hypothesis import given, settings
from hypothesis import strategies as st
from post_office.models import Email

from solidair.letters.delivery.dispatch import letters_dispatch
from solidair.letters.forms.common import form_started_value
from solidair.letters.models import CouncilAddressSuggestion, LetterStatus, ResidentLetter

# Production settings (tests/conftest.py): the proof of issue #9 that no input gives a 500.
pytestmark = [pytest.mark.django_db, pytest.mark.production]

HYPOTHESIS = settings(max_examples=40)
# Somewhere in an office day: a confirmed letter would be due by then.
LATER = datetime.datetime(2027, 3, 3, 11, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.RATELIMIT_ENABLE = False


def nothing_reached_the_council() -> None:
    assert not ResidentLetter.objects.exclude(status=LetterStatus.UNCONFIRMED).exists()
    assert letters_dispatch(now=LATER) == ""
    assert not Email.objects.filter(to__icontains="college@hove.be").exists()
    # Every mail queued is a confirmation to the address typed in, and nothing else.
    for email in Email.objects.all():
        assert email.subject == "Bevestig je brief aan het college van Hove"
        assert len(email.to) == 1 and not email.cc


@HYPOTHESIS
@given(
    fields=st.fixed_dictionaries(
        {
            "naam": st.one_of(st.just("An Peeters"), st.text(max_size=150)),
            "email": st.one_of(
                st.just("an@example.be"), st.emails().map(str), st.text(max_size=300)
            ),
            "telefoon": st.text(max_size=40),
            "bestuur": st.sampled_from(["gemeente", "stad", "", "dorp"]),
            "persoonlijke_alinea": st.text(max_size=2100),
            "keuze_1": st.sampled_from(["", "reception", "???"]),
            "kopie": st.sampled_from(["", "on", "nee", "1"]),
            "website": st.one_of(st.just(""), st.text(max_size=30)),
            "begonnen": st.one_of(st.builds(form_started_value), st.text(max_size=80), st.just("")),
        }
    )
)
def test_no_input_to_the_send_form_gives_an_error_or_a_letter_without_confirmation(
    client, hove_address, fields
):
    response = client.post("/brief/hove/verstuur/", fields)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.url in ("/brief/hove/", "/brief/hove/verstuurd/")
    nothing_reached_the_council()


@HYPOTHESIS
@given(token=st.text(max_size=300), method=st.sampled_from(["get", "post"]))
def test_no_token_confirms_a_letter_it_is_not_for(client, hove_address, token, method):
    response = getattr(client, method)("/brief/bevestig/x/", {"token": token})
    assert response.status_code == 410
    safe = "".join(c for c in token if c.isalnum() or c in ":-_")
    if safe:
        assert getattr(client, method)(f"/brief/bevestig/{safe}/").status_code in (404, 410)
    nothing_reached_the_council()


@HYPOTHESIS
@given(
    fields=st.fixed_dictionaries(
        {
            "voorstel_email": st.one_of(st.emails().map(str), st.text(max_size=300)),
            "toelichting": st.text(max_size=600),
            "website": st.one_of(st.just(""), st.text(max_size=30)),
            "begonnen": st.one_of(st.builds(form_started_value), st.text(max_size=80)),
        }
    )
)
def test_no_input_to_the_suggestion_form_gives_a_server_error(client, fields):
    before = CouncilAddressSuggestion.objects.count()
    response = client.post("/brief/hove/adres-voorstellen/", fields)
    assert response.status_code == 200
    created = CouncilAddressSuggestion.objects.count() - before
    assert created in (0, 1)
    if created:
        assert "Bedankt voor je voorstel" in response.content.decode()
        suggestion = CouncilAddressSuggestion.objects.latest("pk")
        assert suggestion.status == "pending"
        suggestion.full_clean()
    # Only the coordinators are told of a suggestion.
    assert Email.objects.count() == CouncilAddressSuggestion.objects.count()
    assert all(email.to == django_settings.COORDINATOR_EMAILS for email in Email.objects.all())
