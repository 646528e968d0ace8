"""The figures of /cijfers/: each one a table (the CSV download) and a chart drawn from it.

Counts are of the network as it is now: members over time are today's members by the
year they joined; reception places are the members' latest self-reported figures.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from solidair.letters.models import (
    CollectiveLetter,
    CouncilResponse,
    LetterCount,
    LetterStatus,
    ResidentLetter,
    ResponseKind,
)
from solidair.membership.models import (
    REALISED_FROM,
    Activity,
    Commitment,
    Membership,
    ReceptionKind,
    Rung,
)
from solidair.membership.receptions import reception_members_current, reception_network_totals
from solidair.municipalities.models import Province, Region
from solidair.opendata.svg import Series, bar_chart, step_chart


@dataclass
class Figure:
    slug: str
    title: str
    description: str
    columns: list[str]
    rows: list[list]
    chart: SafeString
    notes: list[str] = field(default_factory=list)
    # Leading columns (codes) that the CSV has and the page's table leaves out.
    hidden_columns: int = 0

    @property
    def table_columns(self) -> list[str]:
        return self.columns[self.hidden_columns :]

    @property
    def table_rows(self) -> list[list]:
        return [row[self.hidden_columns :] for row in self.rows]


def members_over_time(*, today: datetime.date | None = None) -> Figure:
    today = today or timezone.localdate()
    active = Membership.objects.active()
    dates = sorted(active.exclude(member_since=None).values_list("member_since", flat=True))
    unknown = active.filter(member_since=None).count()
    rows: list[list] = []
    if dates:
        total = 0
        by_year: dict[int, int] = {}
        for day in dates:
            by_year[day.year] = by_year.get(day.year, 0) + 1
        for year in range(dates[0].year, today.year + 1):
            total += by_year.get(year, 0)
            rows.append([year, by_year.get(year, 0), total])
    title = _("Leden door de jaren heen")
    notes = []
    if unknown:
        notes.append(
            _(
                "%(count)d leden traden toe vóór het netwerk de datum bijhield; ze staan niet "
                "in deze grafiek."
            )
            % {"count": unknown}
        )
    return Figure(
        slug="leden",
        title=title,
        description=_(
            "Aantal huidige leden op het einde van elk jaar, volgens de datum van toetreding."
        ),
        columns=[_("jaar"), _("nieuwe leden"), _("leden op het einde van het jaar")],
        rows=rows,
        chart=step_chart(
            title=title,
            desc=_("Trapgrafiek van het aantal leden per jaar; de cijfers staan in de tabel."),
            points=[(str(year), total) for year, _new, total in rows],
            y_label=_("leden"),
        ),
        notes=notes,
    )


def commitments_by_activity() -> Figure:
    counts = (
        Commitment.objects.active()
        .filter(membership__in=Membership.objects.active())
        .aggregate(
            **{
                f"chosen_{activity.code}": Count("pk", filter=Q(activity=activity))
                for activity in Activity.objects.all()
            },
            **{
                f"rung{rung.value}_{activity.code}": Count(
                    "pk", filter=Q(activity=activity, rung=rung)
                )
                for activity in Activity.objects.all()
                for rung in Rung
            },
        )
    )
    activities = list(Activity.objects.all())
    rows = [
        [a.code, a.label, counts[f"chosen_{a.code}"]]
        + [counts[f"rung{rung.value}_{a.code}"] for rung in Rung]
        for a in activities
    ]
    title = _("Engagementen: gekozen, en hoe ver ze kwamen")
    return Figure(
        slug="engagementen",
        title=title,
        description=_(
            "Per activiteit: hoeveel leden ze kozen, en per sport van de ladder hoeveel van die "
            "engagementen ze als hoogste bereikten (beweerd of bewezen; gepauzeerde "
            "inbegrepen, stopgezette niet)."
        ),
        columns=[_("code"), _("activiteit"), _("gekozen")] + [rung.label for rung in Rung],
        rows=rows,
        chart=bar_chart(
            title=title,
            desc=_("Staafdiagram per activiteit; de cijfers staan in de tabel."),
            categories=[row[1] for row in rows],
            series=[
                Series(_("gekozen"), [row[2] for row in rows]),
                Series(
                    _("in uitvoering of zichtbaar"),
                    [
                        sum(row[2 + rung.value] for rung in Rung if rung >= REALISED_FROM)
                        for row in rows
                    ],
                ),
            ],
        ),
        hidden_columns=1,
    )


def reception_places() -> Figure:
    totals = reception_network_totals()
    reported = {figure.kind: figure for figure in totals.figures}
    latest = reception_members_current()
    reporting = {kind: sum(1 for (_pk, k) in latest if k == kind) for kind in ReceptionKind.values}
    rows = [
        [
            kind.value,
            kind.label,
            reported[kind].places if kind in reported else 0,
            reporting[kind.value],
        ]
        for kind in ReceptionKind
    ]
    title = _("Opvangplaatsen, zelf gemeld")
    notes = [
        _(
            "Zelf gemeld door de leden in hun portaal; het laatst gemelde aantal per soort "
            "opvang telt. Niet nagekeken door het netwerk."
        )
    ]
    if totals.last_counted_on:
        notes.append(
            _("Tellingen van %(first)s tot %(last)s.")
            % {
                "first": date_format(totals.first_counted_on),
                "last": date_format(totals.last_counted_on),
            }
        )
    return Figure(
        slug="opvang",
        title=title,
        description=_(
            "Per soort opvang: het aantal plaatsen dat de leden melden en hoeveel leden een "
            "aantal meldden."
        ),
        columns=[_("code"), _("soort opvang"), _("plaatsen"), _("leden die meldden")],
        rows=rows,
        chart=bar_chart(
            title=title,
            desc=_("Staafdiagram per soort opvang; de cijfers staan in de tabel."),
            categories=[str(row[1]) for row in rows],
            series=[Series(_("plaatsen"), [row[2] for row in rows])],
        ),
        notes=notes,
        hidden_columns=1,
    )


def letters_by_province() -> Figure:
    provinces = list(Province.objects.filter(region=Region.FLANDERS).order_by("name_nl"))

    def by_province(qs, value=None) -> dict[int, int]:
        annotated = qs.order_by().values("municipality__province_id")
        annotated = annotated.annotate(n=value or Count("pk"))
        return {row["municipality__province_id"]: row["n"] or 0 for row in annotated}

    composed = by_province(LetterCount.objects.all(), Sum("count"))
    resident = by_province(ResidentLetter.objects.filter(status=LetterStatus.SENT))
    collective = by_province(CollectiveLetter.objects.filter(status=LetterStatus.SENT))
    rows = [
        [
            province.slug,
            province.name,
            composed.get(province.pk, 0),
            resident.get(province.pk, 0),
            collective.get(province.pk, 0),
        ]
        for province in provinces
    ]
    title = _("Brieven per provincie")
    return Figure(
        slug="brieven",
        title=title,
        description=_(
            "Brieven die inwoners opstelden (gedownload of bekeken), brieven die per e-mail "
            "verstuurd werden, en gezamenlijke brieven die verstuurd werden."
        ),
        columns=[
            _("provincie (code)"),
            _("provincie"),
            _("opgesteld"),
            _("verstuurd door een inwoner"),
            _("gezamenlijk verstuurd"),
        ],
        rows=rows,
        chart=bar_chart(
            title=title,
            desc=_("Staafdiagram per provincie; de cijfers staan in de tabel."),
            categories=[row[1] for row in rows],
            series=[
                Series(_("opgesteld"), [row[2] for row in rows]),
                Series(_("verstuurd door een inwoner"), [row[3] for row in rows]),
                Series(_("gezamenlijk verstuurd"), [row[4] for row in rows]),
            ],
        ),
        hidden_columns=1,
    )


def council_responses() -> Figure:
    counts = dict(
        CouncilResponse.objects.filter(published=True)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    rows = [[kind.value, kind.label, counts.get(kind.value, 0)] for kind in ResponseKind]
    title = _("Antwoorden van besturen")
    return Figure(
        slug="antwoorden",
        title=title,
        description=_(
            "Wat gemeentebesturen deden na de brieven, gemeld door inwoners of vastgesteld door "
            "de coördinatie."
        ),
        columns=[_("code"), _("antwoord"), _("aantal")],
        rows=rows,
        chart=bar_chart(
            title=title,
            desc=_("Staafdiagram per soort antwoord; de cijfers staan in de tabel."),
            categories=[str(row[1]) for row in rows],
            series=[Series(_("aantal"), [row[2] for row in rows])],
        ),
        hidden_columns=1,
    )


FIGURES: dict[str, Callable[[], Figure]] = {
    "leden": members_over_time,
    "engagementen": commitments_by_activity,
    "opvang": reception_places,
    "brieven": letters_by_province,
    "antwoorden": council_responses,
}


def figures_all() -> list[Figure]:
    return [build() for build in FIGURES.values()]
