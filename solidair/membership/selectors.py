"""Reads of memberships and their contacts, for the public pages and the other apps."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet

from solidair.membership.models import Commitment, CommitmentState, Membership
from solidair.municipalities.models import Municipality, name_order


def member_ids(*, municipalities: list[Municipality]) -> set[int]:
    """Which of these municipalities are active members of the network (one query, or none)."""
    if not municipalities:
        return set()
    return set(
        Membership.objects.active()
        .filter(municipality__in=municipalities)
        .values_list("municipality_id", flat=True)
    )


def current_membership(municipality: Municipality) -> Membership | None:
    return (
        Membership.objects.current()
        .with_confirmation()
        .filter(municipality=municipality)
        .prefetch_related(Prefetch("commitments", queryset=Commitment.objects.with_ladder()))
        .first()
    )


def directory_members(*, province: str = "", commitment: str = "") -> QuerySet[Membership]:
    members = Membership.objects.active().with_public_details().with_confirmation()
    if province:
        members = members.filter(municipality__province__slug=province)
    if commitment:
        # One filter() call, so both conditions apply to the same commitment.
        members = members.filter(
            commitments__activity__code=commitment,
            commitments__state__in=(CommitmentState.ACTIVE, CommitmentState.PAUSED),
        ).distinct()
    return members.order_by(name_order("municipality__"), "municipality__refnis")


def directory_all(*, province: str = "") -> QuerySet[Municipality]:
    """Every Flemish municipality, with its current membership (if any) in `current`."""
    municipalities = (
        Municipality.objects.flemish()
        .select_related("province")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.current().with_confirmation(),
                to_attr="current",
            )
        )
    )
    if province:
        municipalities = municipalities.filter(province__slug=province)
    return municipalities.order_by(name_order(), "refnis")


def managed_municipalities(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Municipality]:
    """The municipalities of which ``user`` is a contact person, by name."""
    email = getattr(user, "email", "") or ""
    if not (user.is_authenticated and user.is_active and email.strip()):
        return Municipality.objects.none()
    return (
        Municipality.objects.filter(contacts__email__iexact=email.strip())
        .distinct()
        .order_by("name_nl")
    )
