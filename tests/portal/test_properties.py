"""Property-based: whatever a contact sends to the portal's forms, the server answers without
an error and nothing is saved that breaks the network's rules."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from solidair.initiatives.models import Initiative
from solidair.membership.models import (
    MIN_COMMITMENTS,
    Activity,
    Commitment,
    CommitmentState,
    ContactPerson,
    Rung,
)

# Production settings (tests/conftest.py): the proof that no input gives a 500.
pytestmark = [pytest.mark.django_db, pytest.mark.production]

BASE = "/portaal/merelbeke-melle"
HYPOTHESIS = settings(max_examples=20)

# Anything a browser or a script could send, control characters and NUL included.
ANY_TEXT = st.text(max_size=300)
# Around the 5,000-character limit, cheaply (hypothesis draws long texts slowly).
LONG_TEXT = st.one_of(ANY_TEXT, st.integers(4990, 5010).map(lambda n: "ab \n" * (n // 4)))
DATES = st.one_of(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)).map(
        datetime.date.isoformat
    ),
    ANY_TEXT,
)
STATES = st.one_of(st.sampled_from(CommitmentState.values), ANY_TEXT)
RUNGS = st.one_of(st.sampled_from([str(r) for r in Rung.values]), ANY_TEXT)
FLAGS = st.sampled_from(["", "on", "off", "true", "0"])


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """Many examples in one test would hit the rate limit meant for people."""
    settings.RATELIMIT_ENABLE = False


def assert_rules_hold(network) -> None:
    membership = network.memberships.get()
    active = membership.commitments.active()
    assert active.count() >= MIN_COMMITMENTS
    today = timezone.localdate()
    for commitment in Commitment.objects.select_related("activity").prefetch_related("rungs"):
        assert commitment.state in CommitmentState.values
        assert commitment.state_date is None or commitment.state_date <= today
        # The ladder: at least one rung, the highest one is the rung reached, no date ahead.
        rungs = list(commitment.rungs.all())
        assert rungs
        assert commitment.rung == max(record.rung for record in rungs)
        assert all(record.date is None or record.date <= today for record in rungs)
        for record in rungs:
            record.full_clean()
        if commitment.activity.code == Activity.OTHER:
            assert commitment.title.strip()
        commitment.full_clean()
    for initiative in Initiative.objects.all():
        assert initiative.title.strip()
        assert not initiative.image or initiative.image_alt.strip()
        initiative.full_clean()
    assert network.contacts.filter(email__iexact="sociale.dienst@merelbeke-melle.be").exists()
    for contact in ContactPerson.objects.all():
        contact.full_clean()
    assert len(membership.public_text) <= 5000
    assert "\x00" not in membership.public_text


@HYPOTHESIS
@given(text=LONG_TEXT)
def test_public_text(member_client, network, text):
    response = member_client.post(f"{BASE}/tekst/", {"public_text": text})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert network.memberships.get().public_text == text.strip()
    assert_rules_hold(network)


@HYPOTHESIS
@given(
    which=st.sampled_from(["reception", "housing", "network"]),
    state=STATES,
    state_date=DATES,
    ticked=st.lists(st.sampled_from([1, 2, 3, 4]), max_size=4),
    rung=st.sampled_from([1, 2, 3, 4]),
    date=DATES,
    description=ANY_TEXT,
    url=st.one_of(ANY_TEXT, st.just("https://example.be/besluit")),
    note=ANY_TEXT,
)
def test_commitment_ladder(
    member_client, network, which, state, state_date, ticked, rung, date, description, url, note
):
    commitment = Commitment.objects.get(activity__code=which)
    data = {
        "state": state,
        "state_date": state_date,
        "description": description,
        f"rung{rung}_date": date,
        f"rung{rung}_evidence_url": url,
        f"rung{rung}_evidence_note": note,
    }
    data.update({f"rung{number}_reached": "on" for number in ticked})
    response = member_client.post(f"{BASE}/engagementen/{commitment.pk}/", data)
    assert response.status_code in (200, 302)
    if state == CommitmentState.STOPPED:
        # Three commitments: stopping any of them is always refused.
        assert response.status_code == 200
    assert_rules_hold(network)
    remove = member_client.post(f"{BASE}/engagementen/{commitment.pk}/verwijderen/")
    assert remove.status_code == 409
    assert_rules_hold(network)


@HYPOTHESIS
@given(
    activity=st.one_of(st.integers(min_value=-5, max_value=50).map(str), ANY_TEXT),
    title=ANY_TEXT,
    rung=RUNGS,
    date=DATES,
    url=ANY_TEXT,
)
def test_commitment_add(member_client, network, activity, title, rung, date, url):
    response = member_client.post(
        f"{BASE}/engagementen/nieuw/",
        {"activity": activity, "title": title, "rung": rung, "date": date, "evidence_url": url},
    )
    assert response.status_code in (200, 302)
    assert_rules_hold(network)


@HYPOTHESIS
@given(name=ANY_TEXT, role=ANY_TEXT, phone=ANY_TEXT, public=FLAGS, email=ANY_TEXT)
def test_contact(member_client, network, name, role, phone, public, email):
    bram = network.contacts.get(email="bram.claes@merelbeke-melle.be")
    response = member_client.post(
        f"{BASE}/contacten/{bram.pk}/",
        {"name": name, "role": role, "phone": phone, "is_public": public, "email": email},
    )
    assert response.status_code in (200, 302)
    invite = member_client.post(
        f"{BASE}/contacten/uitnodigen/", {"name": name, "email": email, "role": role}
    )
    assert invite.status_code in (200, 302)
    bram.refresh_from_db()
    assert bram.email == "bram.claes@merelbeke-melle.be"  # never changed here
    assert_rules_hold(network)


@HYPOTHESIS
@given(
    title=ANY_TEXT,
    summary=ANY_TEXT,
    text=LONG_TEXT,
    themes=st.lists(st.one_of(st.integers(min_value=-3, max_value=40).map(str), ANY_TEXT)),
    alt=ANY_TEXT,
    published=FLAGS,
)
def test_initiative(member_client, network, title, summary, text, themes, alt, published):
    data = {
        "title": title,
        "summary": summary,
        "text": text,
        "themes": themes,
        "image_alt": alt,
        "published": published,
    }
    response = member_client.post(f"{BASE}/initiatieven/nieuw/", data)
    assert response.status_code in (200, 302)
    initiative = network.initiatives.order_by("pk").first()
    response = member_client.post(f"{BASE}/initiatieven/{initiative.pk}/", data)
    assert response.status_code in (200, 302)
    assert_rules_hold(network)
