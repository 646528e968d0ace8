"""Property-based: whatever a contact posts to the check-in and reception forms, no server
error, and nothing is saved that breaks the rules."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from solidair.membership.models import (
    MAX_PLACES,
    MIN_COMMITMENTS,
    Activity,
    Membership,
    ReceptionCount,
    ReceptionKind,
)

# Production settings (tests/conftest.py): the proof that no input gives a 500.
pytestmark = [pytest.mark.django_db, pytest.mark.production]

HYPOTHESIS = settings(max_examples=40)
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
NUMBERS = st.one_of(
    ANY_TEXT,
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", "0", "-0", "1e3", "1.5", "1,5", " 7 ", "١٢", "10000", "10001"]),
)
DATES = st.one_of(
    ANY_TEXT,
    st.dates(min_value=datetime.date(1, 1, 1)).map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(["", "2026-02-29", "2024-02-29", "0000-00-00", "31/12/9999"]),
)
CODES = [
    "reception",
    "housing",
    "volunteering",
    "participation",
    "international",
    "network",
    "sponsorship",
    "education",
    "access",
    "other",
]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.RATELIMIT_ENABLE = False


@HYPOTHESIS
@given(
    numbers=st.fixed_dictionaries(dict.fromkeys(ReceptionKind.values, NUMBERS)),
    counted_on=DATES,
)
def test_reception_form(member_client, numbers, counted_on):
    response = member_client.post(
        "/portaal/merelbeke-melle/opvang/", {**numbers, "counted_on": counted_on}
    )
    assert response.status_code in (200, 302)
    today = timezone.localdate()
    for row in ReceptionCount.objects.all():
        assert 0 <= row.places <= MAX_PLACES
        assert datetime.date(2000, 1, 1) <= row.counted_on <= today
    if response.status_code == 200:
        assert 'role="alert"' in response.content.decode()


@HYPOTHESIS
@given(
    codes=st.lists(st.one_of(st.sampled_from(CODES), ANY_TEXT), max_size=12),
    other_title=ANY_TEXT,
    member_since=DATES,
    legacy=st.booleans(),
)
def test_checkin_form(member_client, network, codes, other_title, member_since, legacy):
    membership = Membership.objects.get(municipality=network)
    # Each example starts from an imported member, or from a member with a date.
    Membership.objects.filter(pk=membership.pk).update(
        commitments_to_confirm=legacy,
        member_since=None if legacy else datetime.date(2024, 3, 1),
    )
    response = member_client.post(
        "/portaal/merelbeke-melle/bevestigen/",
        {"activities": codes, "other_title": other_title, "member_since": member_since},
    )
    assert response.status_code in (200, 302)
    membership.refresh_from_db()
    if not membership.commitments_to_confirm:
        # Confirmed (or never to confirm): the rule of the network holds.
        commitments = list(membership.commitments.select_related("activity"))
        assert len(commitments) >= MIN_COMMITMENTS
        assert membership.member_since is not None
        assert membership.member_since <= timezone.localdate()
        for commitment in commitments:
            if commitment.activity.code == Activity.OTHER:
                assert commitment.title.strip()
    elif response.status_code == 200:
        assert 'role="alert"' in response.content.decode()
