"""Reads of memberships and their contacts, for the public pages and the other apps."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, Prefetch, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from solidair.membership.models import (
    ClaimChange,
    ClaimKind,
    Commitment,
    CommitmentState,
    CorrectionReport,
    Membership,
    ReceptionCount,
    ReceptionKind,
)
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


def claim_changes_public(membership: Membership | None) -> QuerySet[ClaimChange]:
    """The coordinators' changes to ``membership``'s claims that are published, newest first,
    with the municipality's answer (solidair/membership/replies.py)."""
    if membership is None:
        return ClaimChange.objects.none()
    return membership.claim_changes.published().order_by("-published_at", "-pk")


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


# --- 'Klopt dit niet?': the claims a report can name, and the reports on a page -------------


@dataclass(frozen=True)
class Claim:
    """A public claim of a municipality's page that a report can name (``obj``: the row that
    holds it; None for the page in general, and for the member status of a non-member)."""

    kind: str
    obj: Model | None
    title: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.obj.pk}" if self.obj is not None else self.kind

    @property
    def label(self) -> str:
        kind = ClaimKind(self.kind).label
        return f"{capfirst(kind)}: {self.title}" if self.title else str(capfirst(kind))


def report_claims(municipality: Municipality) -> list[Claim]:
    """What a report about ``municipality`` can be about, in the order of its page: the page,
    the member status, the commitments, the reception figures, the published practices. The
    titles are in the active language where the site translates them."""
    claims = [Claim(ClaimKind.PAGE, None, "")]
    membership = current_membership(municipality)
    if membership is None:
        claims.append(Claim(ClaimKind.MEMBERSHIP, None, str(_("geen lid"))))
    else:
        claims.append(Claim(ClaimKind.MEMBERSHIP, membership, str(membership.get_status_display())))
        if membership.is_active:  # the page shows the commitments of members only
            claims.extend(
                Claim(ClaimKind.COMMITMENT, commitment, commitment.display_title)
                for commitment in membership.commitments.all()
            )
    latest: dict[str, ReceptionCount] = {}
    for row in municipality.reception_counts.latest_first():
        latest.setdefault(row.kind, row)
    claims.extend(
        Claim(ClaimKind.RECEPTION, row, f"{row.get_kind_display()} ({row.places})")
        for kind in ReceptionKind.values
        if (row := latest.get(kind))
    )
    claims.extend(
        Claim(ClaimKind.INITIATIVE, initiative, initiative.title)
        for initiative in municipality.initiatives.filter(published=True).order_by("title")
    )
    return claims


def reports_public(municipality: Municipality) -> QuerySet[CorrectionReport]:
    """The decided reports of ``municipality`` that its page shows, newest decision first."""
    return (
        CorrectionReport.objects.public()
        .filter(municipality=municipality)
        .order_by("-handled_at", "-pk")
    )


def reports_open_count(municipality: Municipality) -> int:
    return CorrectionReport.objects.undecided().filter(municipality=municipality).count()


def reports_for_reply(municipality: Municipality) -> QuerySet[CorrectionReport]:
    """The reports on ``municipality`` not decided yet, for its contacts (oldest first)."""
    return (
        CorrectionReport.objects.undecided()
        .filter(municipality=municipality)
        .order_by("created_at", "pk")
    )
