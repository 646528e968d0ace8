"""Property-based: whatever is posted to the registration form, no server error, and nothing
is saved that breaks the rules (one open registration per address, never above capacity)."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solidair.network.models import Registration, RegistrationStatus
from tests.factories import municipality
from tests.network.helpers import make_meeting

# Production settings (tests/conftest.py): the proof of issue #9 that no input gives a 500.
pytestmark = [pytest.mark.django_db, pytest.mark.production]

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
FIELDS = ["email", "name", "role", "municipality", "dietary_needs", "accessibility_needs"]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.RATELIMIT_ENABLE = False


@given(
    posts=st.lists(
        st.dictionaries(
            st.sampled_from([*FIELDS, "website"]),
            ANY_TEXT | st.sampled_from(["x@zele.be", "Y@Zele.be", "1", "999999", ""]),
        ),
        min_size=1,
        max_size=4,
    ),
    signed_in=st.booleans(),
)
@settings(max_examples=30)
def test_any_post_answers_and_keeps_the_rules(client, people, posts, signed_in):
    Registration.objects.all().delete()
    start = datetime.datetime(2099, 3, 1, 13, tzinfo=datetime.UTC)
    meeting = make_meeting(
        open_to_prospective=True,
        capacity=1,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        registration_deadline=None,
    )
    zele = municipality("Zele").pk
    if signed_in:
        client.force_login(people["member"])
    else:
        client.logout()
    url = f"/netwerk/bijeenkomsten/{meeting.pk}/inschrijven/"
    for post in posts:
        if post.get("municipality") == "1":
            post["municipality"] = str(zele)
        response = client.post(url, post)
        assert response.status_code in (200, 302)
    for registration in meeting.registrations.all():
        assert registration.name.strip()
        assert "@" in registration.email and registration.email == registration.email.lower()
        assert registration.status != RegistrationStatus.CANCELLED
    assert meeting.registrations.holding_place().count() <= 1
    emails = list(meeting.registrations.open().values_list("email", flat=True))
    assert len(emails) == len(set(emails))
