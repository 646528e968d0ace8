import datetime

import pytest

from solidair.initiatives.models import InitiativeLink, SubProject
from solidair.membership.models import MembershipStatus
from solidair.municipalities.models import Municipality
from solidair.network.models import PartnerOrganisation
from tests.factories import (
    ContactPersonFactory,
    InitiativeFactory,
    MembershipFactory,
    activity,
    make_member,
    municipality,
)


def make_network(size: int) -> None:
    """`size` members, each with everything the API shows: commitments, a
    highlighted initiative with themes, partners, links and sub-projects, and
    a public and a private contact."""
    partner, _ = PartnerOrganisation.objects.get_or_create(name="Vluchtelingenwerk Vlaanderen")
    for place in Municipality.objects.flemish().order_by("refnis")[:size]:
        make_member(place.name_nl, ("reception", "housing", "network"))
        initiative = InitiativeFactory(municipality=place, is_highlighted=True)
        initiative.themes.set([activity("reception"), activity("housing")])
        initiative.partners.set([partner])
        InitiativeLink.objects.create(
            initiative=initiative, label="Meer info", url="https://example.be/"
        )
        SubProject.objects.create(initiative=initiative, title="Deelproject")
        ContactPersonFactory(municipality=place, role="Sociale dienst")
        ContactPersonFactory(municipality=place, is_public=False)


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
