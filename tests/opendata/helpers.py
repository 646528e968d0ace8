"""Plain helpers for tests/opendata (fixtures: conftest.py)."""

from solidair.initiatives.models import InitiativeLink, SubProject
from solidair.municipalities.models import Municipality
from solidair.network.models import PartnerOrganisation
from tests.factories import (
    ContactPersonFactory,
    InitiativeFactory,
    activity,
    make_member,
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


def letter_fields(place, **extra):
    return {"municipality": place, "kind": "join", "template_version": 1, **extra}


SECRET_MEETING_LINK = "https://meet.example/room-only-for-participants"
