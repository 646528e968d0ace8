"""Factories for tests. Municipalities and activities come from the reference
data that the migrations load, so factories look them up instead of inventing them."""

import datetime

import factory

from solidair.initiatives.models import Initiative
from solidair.initiatives.services import initiative_search_refresh
from solidair.letters.models import CouncilAddress
from solidair.membership.models import (
    Activity,
    Commitment,
    CommitmentRung,
    ContactPerson,
    Membership,
    MembershipStatus,
)
from solidair.municipalities.models import Municipality


def municipality(name: str) -> Municipality:
    return Municipality.objects.get(name_nl=name)


def council_address_set(
    place: Municipality,
    email: str,
    *,
    source: str = "test",
    last_verified: datetime.date = datetime.date(2026, 1, 5),
) -> CouncilAddress:
    """Give ``place``'s council the address of the test. The reference data already has one
    (from the Organisatieportaal) for 270 of the 285 Flemish municipalities: it is replaced."""
    address, _created = CouncilAddress.objects.update_or_create(
        municipality=place,
        defaults={
            "email": email,
            "source": source,
            "last_verified": last_verified,
            "origin": "network",
            "failing_since": None,
            "failure_reason": "",
        },
    )
    return address


def council_address_remove(place: Municipality) -> None:
    """For tests of a council whose address is not known (15 of the 285 in the reference
    data): forget the one the reference data gave ``place``."""
    CouncilAddress.objects.filter(municipality=place).delete()


def activity(code: str) -> Activity:
    return Activity.objects.get(code=code)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    status = MembershipStatus.MEMBER
    member_since = datetime.date(2024, 3, 1)
    decision_body = "council"
    decision_date = datetime.date(2024, 3, 1)


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A commitment on the rung ``rung`` (beslist by default), with that rung's record:
    ``ladder__date``, ``ladder__evidence_url``; ``ladder=False`` for none."""

    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    rung = 1

    @factory.post_generation
    def ladder(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        kwargs.setdefault("date", datetime.date(2024, 3, 1))
        CommitmentRung.objects.create(commitment=obj, rung=obj.rung, **kwargs)


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    name = factory.Faker("name", locale="nl_BE")
    email = factory.Sequence(lambda n: f"contact{n}@example.be")
    is_public = True


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Initiatief {n}")
    summary = "Een korte samenvatting."
    text = "<p>Wat de gemeente doet.</p>"
    published = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def search_index(self, create, extracted, **kwargs):
        # As the portal, the back-office and the import do once an initiative is saved.
        if create:
            initiative_search_refresh(initiative=self)


def make_member(
    name: str,
    codes: tuple[str, ...] = ("reception", "housing", "network"),
    *,
    since: datetime.date = datetime.date(2024, 3, 1),
) -> Membership:
    """A full member of the network with the given commitments."""
    membership = MembershipFactory(municipality=municipality(name), member_since=since)
    for code in codes:
        CommitmentFactory(membership=membership, activity=activity(code))
    return membership
