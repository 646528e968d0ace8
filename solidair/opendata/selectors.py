"""Reads behind the open data API.

Every list is built with a fixed set of prefetches, so a page costs the same
number of queries whatever the number of rows. The schemas in ``schemas.py``
only read the attributes these selectors attach (``active_memberships``,
``public_contacts``, ``published_initiatives``).
"""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from solidair.initiatives.models import Initiative
from solidair.membership.models import (
    Activity,
    Commitment,
    ContactPerson,
    Membership,
    MembershipStatus,
)
from solidair.municipalities.models import Municipality


def _themes() -> Prefetch:
    return Prefetch("themes", queryset=Activity.objects.order_by("position", "code"))


def _active_memberships() -> Prefetch:
    # Only a membership with status "member" is shown as membership: an
    # application, a suspension or a past membership never is.
    commitments = Commitment.objects.select_related("activity").order_by(
        "activity__position", "activity__code"
    )
    return Prefetch(
        "memberships",
        queryset=Membership.objects.active().prefetch_related(
            Prefetch("commitments", queryset=commitments)
        ),
        to_attr="active_memberships",
    )


def municipality_list(
    *,
    province: str | None = None,
    member: bool | None = None,
    commitment: str | None = None,
) -> QuerySet[Municipality]:
    """Flemish municipalities by Dutch name, with what the API shows of their membership."""
    qs = (
        Municipality.objects.flemish()
        .select_related("province")
        .prefetch_related(_active_memberships())
        .order_by("name_nl", "refnis")
    )
    if province is not None:
        qs = qs.filter(province__slug=province)
    if member is not None:
        is_member = Exists(Membership.objects.active().filter(municipality=OuterRef("pk")))
        qs = qs.filter(is_member if member else ~is_member)
    if commitment is not None:
        qs = qs.filter(
            Exists(
                Commitment.objects.active().filter(
                    membership__municipality=OuterRef("pk"),
                    membership__status=MembershipStatus.MEMBER,
                    activity__code=commitment,
                )
            )
        )
    return qs


def municipality_detail(*, refnis: str) -> Municipality | None:
    """A Flemish municipality with its published initiatives and public contacts."""
    initiatives = (
        Initiative.objects.published()
        .order_by("-is_highlighted", "title", "pk")
        .prefetch_related(_themes())
    )
    return (
        Municipality.objects.flemish()
        .select_related("province")
        .prefetch_related(
            _active_memberships(),
            Prefetch("initiatives", queryset=initiatives, to_attr="published_initiatives"),
            Prefetch(
                "contacts",
                queryset=ContactPerson.objects.filter(is_public=True).order_by("name", "email"),
                to_attr="public_contacts",
            ),
        )
        .filter(refnis=refnis)
        .first()
    )


def initiative_list(
    *,
    commitment: str | None = None,
    province: str | None = None,
    q: str | None = None,
) -> QuerySet[Initiative]:
    """Published initiatives by municipality, highlighted first, with everything the API shows."""
    qs = (
        Initiative.objects.published()
        .select_related("municipality")
        .prefetch_related(_themes(), "partners", "links", "sub_projects")
        .order_by("municipality__name_nl", "-is_highlighted", "title", "pk")
    )
    if commitment is not None:
        qs = qs.filter(themes__code=commitment)
    if province is not None:
        qs = qs.filter(municipality__province__slug=province)
    if q:
        # PostgreSQL refuses NUL characters in query parameters.
        qs = qs.search(q.replace("\x00", " "))
    return qs
