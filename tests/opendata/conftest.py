import datetime
from pathlib import Path

import pytest
from django.conf import settings

from solidair.membership.models import MembershipStatus
from tests.factories import (
    ContactPersonFactory,
    InitiativeFactory,
    MembershipFactory,
    activity,
    council_address_set,
    make_member,
    municipality,
)
from tests.opendata.helpers import SECRET_MEETING_LINK, letter_fields, make_network


@pytest.fixture
def network(db):
    """A small network with one municipality of every kind the API must tell apart."""
    make_network(3)
    make_member("Gent", ("network", "reception", "education"))
    legacy = make_member("Brugge", ())
    legacy.member_since = None
    legacy.commitments_to_confirm = True
    legacy.save()
    MembershipFactory(
        municipality=municipality("Leuven"),
        status=MembershipStatus.SUSPENDED,
        member_since=datetime.date(2020, 1, 1),
    )
    MembershipFactory(municipality=municipality("Genk"), status=MembershipStatus.APPLIED)
    InitiativeFactory(
        municipality=municipality("Gent"),
        title="Buddy's voor nieuwkomers",
        text='<p>Lees <a href="https://gent.be/">meer</a>.</p><script>alert(1)</script>',
        is_highlighted=True,
    ).themes.set([activity("participation")])
    InitiativeFactory(municipality=municipality("Gent"), title="Nog niet klaar", published=False)
    ContactPersonFactory(municipality=municipality("Gent"), name="Publiek", is_public=True)
    ContactPersonFactory(municipality=municipality("Gent"), name="Intern", is_public=False)


@pytest.fixture
def campaign(db):
    """In Gent: 2 letters sent, 1 waiting, 1 refused; a collective letter (confirmed) with
    2 confirmed co-signatures and 1 unconfirmed; in Leuven 1 letter sent. Composed letters
    in Gent (7) and Hasselt (3); two published answers and one hidden. Every resident,
    initiator, council and private contact has a known address."""
    import uuid

    from django.utils import timezone

    from solidair.letters.models import (
        CollectiveLetter,
        CoSignature,
        CouncilResponse,
        LetterCount,
        LetterStatus,
        ResidentLetter,
        ResponseKind,
        ResponseSource,
    )

    now = timezone.now()
    gent, leuven, hasselt = municipality("Gent"), municipality("Leuven"), municipality("Hasselt")
    emails = []

    def resident(place, status, n):
        email = f"inwoner.{place.slug}.{n}@private.example"
        emails.append(email)
        ResidentLetter.objects.create(
            **letter_fields(place, status=status),
            name=f"Inwoner {n}",
            email=email,
            phone="+32 470 00 00 0{n}",
            personal_paragraph="Mijn eigen verhaal.",
            council_email=f"college.{place.slug}@council.example",
            sent_at=now if status == LetterStatus.SENT else None,
        )

    resident(gent, LetterStatus.SENT, 1)
    resident(gent, LetterStatus.SENT, 2)
    resident(gent, LetterStatus.WAITING, 3)
    resident(gent, LetterStatus.REJECTED, 4)
    resident(leuven, LetterStatus.SENT, 5)
    collective = CollectiveLetter.objects.create(
        **letter_fields(gent, status=LetterStatus.OPEN, confirmed_at=now),
        share_key=uuid.uuid4().hex,
        initiator_name="Initiatiefnemer",
        initiator_email="initiatiefnemer@private.example",
        initiator_postal_code="9000",
    )
    emails.append("initiatiefnemer@private.example")
    for n, confirmed in ((1, True), (2, True), (3, False)):
        email = f"mede.{n}@private.example"
        emails.append(email)
        CoSignature.objects.create(
            letter=collective,
            name=f"Mede {n}",
            email=email,
            postal_code="9000",
            confirmed_at=now if confirmed else None,
        )
    LetterCount.objects.create(
        municipality=gent, day=now.date(), kind="join", template_version=1, count=7
    )
    LetterCount.objects.create(
        municipality=hasselt, day=now.date(), kind="join", template_version=1, count=3
    )
    for kind, published in (
        (ResponseKind.AGENDA, True),
        (ResponseKind.JOINED, True),
        (ResponseKind.DECLINED, False),
    ):
        CouncilResponse.objects.create(
            municipality=gent,
            kind=kind,
            reported_on=now.date(),
            source=ResponseSource.COORDINATOR,
            published=published,
        )
    for place in (gent, leuven):
        email = f"college.{place.slug}@council.example"
        emails.append(email)
        council_address_set(place, email, last_verified=now.date())
    return emails


@pytest.fixture
def learning(network):
    """Two published meetings (one with a registrant and a link only participants may see)
    and an unpublished one; recommendations with steps, one unpublished; reception places
    of Gent (twice for one kind: the newest counts) and of suspended Leuven (not shown)."""
    from django.utils import timezone

    from solidair.membership.models import ReceptionCount
    from solidair.network.models import (
        Meeting,
        Position,
        Recommendation,
        RecommendationStep,
        Registration,
    )

    def meeting(title, day, **extra):
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
        values = {"place": "Stadhuis, Gent", "published": True, **extra}
        return Meeting.objects.create(
            title=title, starts_at=start, ends_at=start + datetime.timedelta(hours=3), **values
        )

    spring = meeting(
        "Wonen na de opvang", datetime.date(2026, 3, 12), online_url=SECRET_MEETING_LINK
    )
    autumn = meeting("Werk en taal", datetime.date(2026, 10, 8), place="", capacity=40)
    hidden = meeting("In voorbereiding", datetime.date(2027, 3, 1), published=False)
    Registration.objects.create(
        meeting=spring,
        kind="member",
        status="confirmed",
        email="deelnemer@private.example",
        name="Dora Deelnemer",
        created_at=timezone.now(),
    )
    minister = Position.objects.create(title="Vlaams minister van Wonen", level="flemish")
    housing = Recommendation.objects.create(
        title="Meer sociale woningen",
        text="Bouw meer sociale woningen.\n\nVoor iedereen.",
        level="flemish",
        meeting=spring,
        addressee=minister,
        position=1,
    )
    housing.activities.set([activity("housing")])
    RecommendationStep.objects.create(
        recommendation=housing, status="sent", date=datetime.date(2026, 4, 1)
    )
    RecommendationStep.objects.create(
        recommendation=housing,
        status="answered",
        date=datetime.date(2026, 5, 2),
        note="De minister antwoordde.",
    )
    Recommendation.objects.create(
        title="Taalcoaches", text="Meer taalcoaches.", level="local", meeting=autumn, position=2
    )
    Recommendation.objects.create(
        title="Nog niet publiek", text="Intern.", level="federal", meeting=hidden, published=False
    )
    gent, leuven = municipality("Gent"), municipality("Leuven")
    ReceptionCount.objects.create(
        municipality=gent, kind="loi_family", places=12, counted_on=datetime.date(2026, 1, 1)
    )
    ReceptionCount.objects.create(
        municipality=gent, kind="loi_family", places=15, counted_on=datetime.date(2026, 6, 1)
    )
    ReceptionCount.objects.create(
        municipality=gent, kind="minors", places=4, counted_on=datetime.date(2026, 6, 1)
    )
    ReceptionCount.objects.create(
        municipality=leuven, kind="loi_single", places=99, counted_on=datetime.date(2026, 6, 1)
    )
    return {"meetings": [autumn, spring], "hidden_meeting": hidden, "housing": housing}


@pytest.fixture
def needs_boundaries():
    if not settings.BOUNDARIES_GEOJSON or not Path(settings.BOUNDARIES_GEOJSON).exists():
        pytest.skip("the boundaries file (../shared/data) is not present")
    return settings.BOUNDARIES_GEOJSON
