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
