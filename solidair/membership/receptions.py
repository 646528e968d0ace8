"""Reception places: reporting them, and reading the current figures (self-reported)."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from solidair.membership.models import (
    MAX_PLACES,
    MembershipStatus,
    ReceptionCount,
    ReceptionKind,
)
from solidair.municipalities.models import Municipality

# A count older than this is a typing error.
EARLIEST_COUNT = datetime.date(2000, 1, 1)


@dataclass(frozen=True)
class ReceptionFigure:
    kind: str
    label: str
    places: int
    counted_on: datetime.date
    pk: int | None = None  # the count's row, for one municipality's figure (not for a total)


@dataclass(frozen=True)
class ReceptionTotals:
    figures: list[ReceptionFigure]  # per kind: the sum; counted_on is the latest date
    total: int
    municipalities: int  # how many members reported at least one figure
    first_counted_on: datetime.date | None
    last_counted_on: datetime.date | None


def reception_report(
    *,
    municipality: Municipality,
    places: dict[str, int | None],
    counted_on: datetime.date,
    by: AbstractBaseUser | None,
    today: datetime.date | None = None,
) -> list[ReceptionCount]:
    """Record the places counted on ``counted_on``, one new row per kind given (None: not
    reported). Earlier reports stay as they are: they are the history."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    given = {kind: value for kind, value in places.items() if value is not None}
    for kind, value in given.items():
        if kind not in ReceptionKind.values:
            raise ValueError(f"Unknown kind of reception: {kind!r}")
        if not 0 <= value <= MAX_PLACES:
            errors[kind] = [_("Geef een aantal van 0 tot %(maximum)d.") % {"maximum": MAX_PLACES}]
    if not given:
        errors["__all__"] = [_("Vul minstens één aantal in.")]
    if counted_on > today:
        errors["counted_on"] = [_("De datum van de telling kan niet in de toekomst liggen.")]
    elif counted_on < EARLIEST_COUNT:
        errors["counted_on"] = [_("Geef een datum na 1 januari 2000.")]
    if errors:
        raise ValidationError(errors)
    rows = []
    with transaction.atomic():
        for kind in ReceptionKind.values:
            if kind not in given:
                continue
            row = ReceptionCount(
                municipality=municipality,
                kind=kind,
                places=given[kind],
                counted_on=counted_on,
                reported_by=by,
            )
            row.full_clean()
            row.save()
            rows.append(row)
    return rows


def _latest_per_kind(rows) -> dict[tuple[int, str], ReceptionCount]:
    latest: dict[tuple[int, str], ReceptionCount] = {}
    for row in rows:  # newest first: the first row of a (municipality, kind) is its figure
        latest.setdefault((row.municipality_id, row.kind), row)
    return latest


def reception_current(municipality: Municipality) -> list[ReceptionFigure]:
    """The current figure of each kind the municipality reported, in the order of the kinds."""
    latest = _latest_per_kind(municipality.reception_counts.latest_first())
    labels = dict(ReceptionKind.choices)
    return [
        ReceptionFigure(
            kind=kind,
            label=str(labels[kind]),
            places=row.places,
            counted_on=row.counted_on,
            pk=row.pk,
        )
        for kind in ReceptionKind.values
        if (row := latest.get((municipality.pk, kind)))
    ]


def reception_history(municipality: Municipality):
    return municipality.reception_counts.latest_first().select_related("reported_by")


def reception_members_current() -> dict[tuple[int, str], ReceptionCount]:
    """The current figure of each kind each active member reported, by (municipality, kind)."""
    rows = (
        ReceptionCount.objects.filter(municipality__memberships__status=MembershipStatus.MEMBER)
        .select_related("municipality__province")
        .latest_first()
    )
    return _latest_per_kind(rows)


def reception_network_totals() -> ReceptionTotals:
    """The sum of the current figures of the active members, per kind."""
    latest = reception_members_current()
    labels = dict(ReceptionKind.choices)
    figures = []
    for kind in ReceptionKind.values:
        counts = [row for (_pk, row_kind), row in latest.items() if row_kind == kind]
        if counts:
            figures.append(
                ReceptionFigure(
                    kind=kind,
                    label=str(labels[kind]),
                    places=sum(row.places for row in counts),
                    counted_on=max(row.counted_on for row in counts),
                )
            )
    dates = [row.counted_on for row in latest.values()]
    return ReceptionTotals(
        figures=figures,
        total=sum(figure.places for figure in figures),
        municipalities=len({pk for pk, _kind in latest}),
        first_counted_on=min(dates, default=None),
        last_counted_on=max(dates, default=None),
    )


# --- Fair comparison: places per 1,000 inhabitants, beside similar members -------------------
# Size classes by Statbel's population on 1 January 2025 (Municipality.population): the upper
# bound of each, exclusive; None for the largest.
SIZE_CLASSES: tuple[tuple[int | None, str], ...] = (
    (10_000, "<10.000"),
    (25_000, "10.000–25.000"),
    (50_000, "25.000–50.000"),
    (100_000, "50.000–100.000"),
    (None, ">100.000"),
)


def size_class(population: int) -> str:
    """The label of the size class a population falls in ("10.000–25.000")."""
    for upper, label in SIZE_CLASSES:
        if upper is None or population < upper:
            return label
    raise AssertionError("the last class has no upper bound")


def places_per_thousand(places: int, population: int | None) -> float | None:
    """Places per 1,000 inhabitants, to one decimal; None without a population."""
    if not population:
        return None
    return round(places * 1000 / population, 1)


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return round((ordered[middle - 1] + ordered[middle]) / 2, 1)


@dataclass(frozen=True)
class MemberPlaces:
    municipality: Municipality
    places: int  # the sum of its current figures, all kinds
    per_thousand: float | None


def reception_members_places() -> list[MemberPlaces]:
    """Each active member that reported places: its total and its places per 1,000."""
    totals: dict[int, int] = {}
    municipalities: dict[int, Municipality] = {}
    for (pk, _kind), row in reception_members_current().items():
        totals[pk] = totals.get(pk, 0) + row.places
        municipalities[pk] = row.municipality
    return [
        MemberPlaces(
            municipality=municipalities[pk],
            places=places,
            per_thousand=places_per_thousand(places, municipalities[pk].population),
        )
        for pk, places in totals.items()
    ]


@dataclass(frozen=True)
class PeerGroup:
    """Members alike in one respect (a province or a size class) that reported places."""

    kind: str  # "province" or "size"
    label: str
    members: int
    median_per_thousand: float | None
    places: int
    population: int


def _group(kind: str, label: str, members: list[MemberPlaces]) -> PeerGroup:
    return PeerGroup(
        kind=kind,
        label=label,
        members=len(members),
        median_per_thousand=_median(
            [m.per_thousand for m in members if m.per_thousand is not None]
        ),
        places=sum(m.places for m in members),
        population=sum(m.municipality.population or 0 for m in members),
    )


def reception_peer_groups() -> list[PeerGroup]:
    """The median places per 1,000 of the reporting members, per province and per size
    class: what a member compares itself with. Never a list of members by their figure."""
    members = [m for m in reception_members_places() if m.per_thousand is not None]
    groups = []
    provinces = sorted(
        {m.municipality.province for m in members if m.municipality.province},
        key=lambda p: p.name_nl,
    )
    for province in provinces:
        alike = [m for m in members if m.municipality.province_id == province.pk]
        groups.append(_group("province", province.name, alike))
    for _upper, label in SIZE_CLASSES:
        alike = [m for m in members if size_class(m.municipality.population) == label]
        if alike:
            groups.append(_group("size", label, alike))
    return groups


@dataclass(frozen=True)
class ReceptionComparison:
    municipality: Municipality
    places: int
    per_thousand: float
    size_class: str
    # The other reporting members of its province and of its size class (itself left out).
    province_peers: PeerGroup | None
    size_peers: PeerGroup


def reception_comparison(municipality: Municipality) -> ReceptionComparison | None:
    """A member's places per 1,000 inhabitants beside the median of the members alike (same
    province; same size class) that reported; None when it reported nothing or has no
    population."""
    members = reception_members_places()
    own = next((m for m in members if m.municipality.pk == municipality.pk), None)
    if own is None or own.per_thousand is None:
        return None
    others = [m for m in members if m is not own and m.per_thousand is not None]
    own_class = size_class(municipality.population)
    province = municipality.province
    return ReceptionComparison(
        municipality=municipality,
        places=own.places,
        per_thousand=own.per_thousand,
        size_class=own_class,
        province_peers=(
            _group(
                "province",
                province.name,
                [m for m in others if m.municipality.province_id == province.pk],
            )
            if province
            else None
        ),
        size_peers=_group(
            "size",
            own_class,
            [m for m in others if size_class(m.municipality.population) == own_class],
        ),
    )
