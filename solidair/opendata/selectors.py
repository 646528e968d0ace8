"""Reads behind the open data API.

Every list is built with a fixed set of prefetches, so a page costs the same
number of queries whatever the number of rows. The schemas in ``schemas.py``
only read the attributes these selectors attach (``current_memberships``,
``public_contacts``, ``published_initiatives``).
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy

from solidair.initiatives.models import SEARCH_RANK, Initiative
from solidair.letters.models import (
    CollectiveLetter,
    CoSignature,
    CouncilResponse,
    LetterCount,
    LetterStatus,
    ResidentLetter,
)
from solidair.membership.models import (
    REALISED_FROM,
    Activity,
    Commitment,
    CommitmentState,
    ContactPerson,
    Membership,
    MembershipStatus,
    ReceptionCount,
    ReceptionKind,
)
from solidair.membership.receptions import reception_members_current
from solidair.municipalities.models import Municipality
from solidair.network.models import Meeting, Recommendation


def _themes() -> Prefetch:
    return Prefetch("themes", queryset=Activity.objects.order_by("position", "code"))


def _current_memberships() -> Prefetch:
    # The membership that is not over (at most one), for the status; only one with status
    # "member" is shown as membership (schemas._active_membership): an application, a
    # suspension or a past membership never is.
    commitments = Commitment.objects.with_rungs().order_by("activity__position", "activity__code")
    return Prefetch(
        "memberships",
        queryset=Membership.objects.current().prefetch_related(
            Prefetch("commitments", queryset=commitments)
        ),
        to_attr="current_memberships",
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
        .prefetch_related(_current_memberships())
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
            _current_memberships(),
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
    audience: str | None = None,
    cost_band: str | None = None,
    has_results: bool = False,
    q: str | None = None,
) -> QuerySet[Initiative]:
    """Published initiatives by municipality, highlighted first (with ``q``, the best matches
    first), with everything the API shows."""
    order = ("municipality__name_nl", "-is_highlighted", "title", "pk")
    qs = (
        Initiative.objects.published()
        .select_related("municipality")
        .prefetch_related(_themes(), "partners", "links", "sub_projects")
    )
    if commitment is not None:
        qs = qs.filter(themes__code=commitment)
    if province is not None:
        qs = qs.filter(municipality__province__slug=province)
    if audience is not None:
        qs = qs.filter(audience=audience)
    if cost_band is not None:
        qs = qs.filter(cost_band=cost_band)
    if has_results:
        qs = qs.with_results()
    if q:
        qs = qs.search_best(q)
        order = (*SEARCH_RANK, *order)
    return qs.order_by(*order)


# --- Status and campaign counts (map, downloads, badge) -----------------------------------


class MapStatus:
    """What the map, the downloads and the badge say of a municipality's membership."""

    MEMBER = "member"
    TO_CONFIRM = "to_confirm"  # a member whose commitments are still to be confirmed
    SUSPENDED = "suspended"
    NONE = "none"  # never applied, applied but not yet a member, or left

    ALL = (MEMBER, TO_CONFIRM, SUSPENDED, NONE)


# What a person reads for each status (map, API labels), in the active language.
STATUS_LABELS = {
    MapStatus.MEMBER: gettext_lazy("lid"),
    MapStatus.TO_CONFIRM: gettext_lazy("lid, engagementen nog te bevestigen"),
    MapStatus.SUSPENDED: gettext_lazy("lidmaatschap geschorst"),
    MapStatus.NONE: gettext_lazy("geen lid"),
}


def membership_status(membership: Membership | None) -> str:
    if membership is None:
        return MapStatus.NONE
    if membership.status == MembershipStatus.MEMBER:
        return MapStatus.TO_CONFIRM if membership.commitments_to_confirm else MapStatus.MEMBER
    if membership.status == MembershipStatus.SUSPENDED:
        return MapStatus.SUSPENDED
    return MapStatus.NONE


def _with_status(qs: QuerySet[Municipality]) -> list[Municipality]:
    qs = qs.select_related("province").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.current().annotate(
                # As Commitment.objects.realised(): running or visible, not paused or stopped.
                realised=Count(
                    "commitments",
                    filter=Q(
                        commitments__state=CommitmentState.ACTIVE,
                        commitments__rung__gte=REALISED_FROM,
                    ),
                ),
                # A stopped commitment is no longer chosen: it counts nowhere.
                chosen=Count("commitments", filter=~Q(commitments__state=CommitmentState.STOPPED)),
            ),
            to_attr="current_memberships",
        )
    )
    municipalities = list(qs)
    for municipality in municipalities:
        memberships = municipality.current_memberships
        municipality.current = memberships[0] if memberships else None
        municipality.status = membership_status(municipality.current)
    return municipalities


def municipalities_with_status(*, province: str | None = None) -> list[Municipality]:
    """Flemish municipalities by Dutch name, each with `current` (its membership that is not
    over, or None, annotated with `chosen` and `realised` commitments), `status` (a
    MapStatus) and its province."""
    qs = Municipality.objects.flemish().order_by("name_nl", "refnis")
    if province:
        qs = qs.filter(province__slug=province)
    return _with_status(qs)


def municipality_with_status(*, slug: str) -> Municipality | None:
    """One Flemish municipality, as in municipalities_with_status."""
    found = _with_status(Municipality.objects.flemish().filter(slug=slug))
    return found[0] if found else None


def _counts(qs: QuerySet, field: str) -> dict[int, int]:
    return dict(qs.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n"))


def campaign_counts() -> dict[int, dict[str, int]]:
    """Anonymous campaign counts per municipality id (only municipalities with any).

    `residents` counts the residents who wrote to their council: every resident letter
    sent, every collective letter whose initiator confirmed it, and every confirmed
    co-signature, as long as the letter was not refused.
    """
    sent = LetterStatus.SENT
    refused = (LetterStatus.REJECTED, LetterStatus.UNCONFIRMED)
    composed = dict(
        LetterCount.objects.order_by()
        .values("municipality_id")
        .annotate(n=Sum("count"))
        .values_list("municipality_id", "n")
    )
    resident_sent = _counts(ResidentLetter.objects.filter(status=sent), "municipality_id")
    collective_sent = _counts(CollectiveLetter.objects.filter(status=sent), "municipality_id")
    initiators = _counts(
        CollectiveLetter.objects.filter(confirmed_at__isnull=False).exclude(status__in=refused),
        "municipality_id",
    )
    co_signatures = _counts(
        CoSignature.objects.filter(confirmed_at__isnull=False).exclude(letter__status__in=refused),
        "letter__municipality_id",
    )
    responses = _counts(CouncilResponse.objects.filter(published=True), "municipality_id")
    counts: dict[int, dict[str, int]] = {}
    for key, source in (
        ("letters_composed", composed),
        ("resident_letters_sent", resident_sent),
        ("collective_letters_sent", collective_sent),
        ("co_signatures", co_signatures),
        ("council_responses", responses),
    ):
        for municipality_id, n in source.items():
            counts.setdefault(municipality_id, dict.fromkeys(CAMPAIGN_FIELDS, 0))[key] = n
    for municipality_id, row in counts.items():
        row["residents"] = (
            resident_sent.get(municipality_id, 0)
            + initiators.get(municipality_id, 0)
            + co_signatures.get(municipality_id, 0)
        )
    return counts


CAMPAIGN_FIELDS = (
    "letters_composed",
    "resident_letters_sent",
    "collective_letters_sent",
    "co_signatures",
    "residents",
    "council_responses",
)
EMPTY_CAMPAIGN = dict.fromkeys(CAMPAIGN_FIELDS, 0)

# Classes of "residents who wrote" for the map's second view: (lowest, highest or None).
CAMPAIGN_CLASSES = ((0, 0), (1, 4), (5, 19), (20, 99), (100, None))


def campaign_class(residents: int) -> int:
    """Index in CAMPAIGN_CLASSES."""
    for index, (low, high) in enumerate(CAMPAIGN_CLASSES):
        if residents >= low and (high is None or residents <= high):
            return index
    return 0


def campaign_list(*, province: str | None = None) -> list[dict]:
    """Flemish municipalities by Dutch name, each a row of its anonymous campaign counts."""
    counts = campaign_counts()
    qs = Municipality.objects.flemish().select_related("province").order_by("name_nl", "refnis")
    if province is not None:
        qs = qs.filter(province__slug=province)
    return [
        {
            "refnis": municipality.refnis,
            "name": municipality.name_nl,
            "province": municipality.province.name_nl if municipality.province else None,
            "display_name": municipality.name,
            "province_label": municipality.province.name if municipality.province else None,
            **counts.get(municipality.pk, EMPTY_CAMPAIGN),
        }
        for municipality in qs
    ]


# --- The learning network and reception places -------------------------------------------


def meeting_list() -> QuerySet[Meeting]:
    """Published meetings, newest first, with the number of published recommendations."""
    return (
        Meeting.objects.published()
        .annotate(
            recommendation_count=Count(
                "recommendations", filter=Q(recommendations__published=True), distinct=True
            )
        )
        .order_by("-starts_at", "pk")
    )


def recommendation_list(
    *, level: str | None = None, status: str | None = None, commitment: str | None = None
) -> QuerySet[Recommendation]:
    """Published recommendations with their current status (the latest step) and steps."""
    qs = (
        Recommendation.objects.published()
        .with_status()
        .select_related("addressee", "meeting")
        .prefetch_related(
            Prefetch("activities", queryset=Activity.objects.order_by("position", "code")),
            "steps",
        )
        .order_by("position", "pk")
    )
    if level is not None:
        qs = qs.filter(level=level)
    if status is not None:
        qs = qs.filter(status=status)
    if commitment is not None:
        qs = qs.filter(activities__code=commitment)
    return qs


def reception_list(*, province: str | None = None) -> list[ReceptionCount]:
    """The places each active member reported (self-reported), its current figure per kind,
    by municipality and in the order of the kinds."""
    order = {kind: index for index, kind in enumerate(ReceptionKind.values)}
    rows = [
        row
        for row in reception_members_current().values()
        if province is None
        or (row.municipality.province and row.municipality.province.slug == province)
    ]
    return sorted(rows, key=lambda row: (row.municipality.name_nl, order[row.kind]))
