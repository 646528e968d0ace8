"""The downloadable datasets of /open-data/: one table each, as CSV and as JSON.

What is in them is public already on the site: membership, commitments, initiatives,
meetings, recommendations, self-reported reception places and anonymous counts. Never a
resident's data, no contact person at all (public contacts are on the municipality's page
and in the API's detail of a municipality), and never a meeting's link for participants.
Column names are English and stable; municipality and province names are the Dutch ones (and
``name_fr``), as in the API. Human labels (a commitment's title, the dataset's title) follow
``?lang=`` or Accept-Language (solidair.opendata.middleware), Dutch by default.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidair.initiatives.models import STRUCTURED_PUBLIC_FIELDS, Initiative
from solidair.lib.richtext import rich_text_plain
from solidair.lib.text import spreadsheet_safe
from solidair.membership.models import RUNG_CODES, Activity, Commitment, CommitmentRung, Membership
from solidair.membership.receptions import places_per_thousand
from solidair.opendata import selectors
from solidair.opendata.figures import Figure

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = (
    "Netwerk van Solidaire Steden en Gemeenten; gemeentegegevens: Statbel (Algemene Directie "
    "Statistiek - Statistics Belgium)"
)


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: tuple[str, ...]
    rows: Callable[[], Iterable[dict]]


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _municipality_rows() -> Iterable[dict]:
    for municipality in selectors.municipalities_with_status():
        current = municipality.current
        yield {
            "refnis": municipality.refnis,
            "name_nl": municipality.name_nl,
            "name_fr": municipality.name_fr,
            "slug": municipality.slug,
            "province": municipality.province.name_nl if municipality.province else None,
            "is_city": municipality.is_city,
            "population": municipality.population,
            "status": municipality.status,
            "member_since": _date(current.member_since)
            if current and municipality.status != selectors.MapStatus.NONE
            else None,
            "commitments_chosen": current.chosen if current and current.is_active else 0,
            "commitments_realised": current.realised if current and current.is_active else 0,
            "url": municipality.get_absolute_url(),
        }


def _membership_rows() -> Iterable[dict]:
    memberships = Membership.objects.select_related("municipality").order_by(
        "municipality__name_nl", "created_at"
    )
    for membership in memberships:
        yield {
            "refnis": membership.municipality.refnis,
            "municipality": membership.municipality.name_nl,
            "status": membership.status,
            "member_since": _date(membership.member_since),
            "decision_body": membership.decision_body or None,
            "decision_date": _date(membership.decision_date),
            "decision_url": membership.decision_url or None,
            "commitments_to_confirm": membership.commitments_to_confirm,
            "last_confirmed_on": _date(membership.last_confirmed_on),
        }


def _commitment_rows() -> Iterable[dict]:
    commitments = (
        Commitment.objects.filter(membership__in=Membership.objects.active())
        .with_rungs()
        .select_related("membership__municipality")
        .order_by("membership__municipality__name_nl", "activity__position")
    )
    for commitment in commitments:
        reached = commitment.reached
        yield {
            "refnis": commitment.membership.municipality.refnis,
            "municipality": commitment.membership.municipality.name_nl,
            "activity": commitment.activity.code,
            "title": commitment.display_title,
            "rung": RUNG_CODES[commitment.rung],
            "rung_date": _date(reached.date) if reached else None,
            "rung_proven": reached.is_proven if reached else False,
            "state": commitment.state,
            "state_date": _date(commitment.state_date),
            "evidence_url": (reached.evidence_url or None) if reached else None,
        }


def _rung_rows() -> Iterable[dict]:
    rungs = (
        CommitmentRung.objects.filter(commitment__membership__in=Membership.objects.active())
        .select_related("commitment__membership__municipality", "commitment__activity")
        .order_by(
            "commitment__membership__municipality__name_nl",
            "commitment__activity__position",
            "rung",
        )
    )
    for record in rungs:
        commitment = record.commitment
        yield {
            "refnis": commitment.membership.municipality.refnis,
            "municipality": commitment.membership.municipality.name_nl,
            "activity": commitment.activity.code,
            "rung": RUNG_CODES[record.rung],
            "date": _date(record.date),
            "proven": record.is_proven,
            "evidence_url": record.evidence_url or None,
            "evidence_note": record.evidence_note or None,
            "evidence_document": record.evidence_document_url or None,
        }


def _initiative_rows() -> Iterable[dict]:
    initiatives = (
        Initiative.objects.published()
        .select_related("municipality")
        .prefetch_related(
            Prefetch("themes", queryset=Activity.objects.order_by("position")), "partners"
        )
        .order_by("municipality__name_nl", "-is_highlighted", "title", "pk")
    )
    for initiative in initiatives:
        yield {
            "id": initiative.pk,
            "refnis": initiative.municipality.refnis,
            "municipality": initiative.municipality.name_nl,
            "title": initiative.title,
            "summary": initiative.summary,
            "text": rich_text_plain(initiative.text),
            "themes": ";".join(theme.code for theme in initiative.themes.all()),
            "partners": ";".join(partner.name for partner in initiative.partners.all()),
            "is_highlighted": initiative.is_highlighted,
            "url": initiative.get_absolute_url(),
            # The structured fields ("" or empty when not filled in); never the contact.
            "aim": initiative.aim,
            "audience": initiative.audience or None,
            "audience_note": initiative.audience_note,
            "approach": initiative.approach,
            "result": initiative.result,
            "people_reached": initiative.people_reached,
            "people_reached_year": initiative.people_reached_year,
            "started_year": initiative.started_year,
            "cost_band": initiative.cost_band or None,
            "funding": initiative.funding,
            "local_partners": initiative.local_partners,
            "to_copy": initiative.to_copy,
        }


def _datetime(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _meeting_rows() -> Iterable[dict]:
    # Never the online link: it is for the people who registered.
    for meeting in selectors.meeting_list():
        yield {
            "id": meeting.pk,
            "title": meeting.title,
            "theme": meeting.theme,
            "description": meeting.description,
            "starts_at": _datetime(meeting.starts_at),
            "ends_at": _datetime(meeting.ends_at),
            "place": meeting.place or None,
            "capacity": meeting.capacity,
            "recommendations": meeting.recommendation_count,
            "url": meeting.get_absolute_url(),
        }


def _recommendation_rows() -> Iterable[dict]:
    for recommendation in selectors.recommendation_list():
        meeting = recommendation.meeting
        yield {
            "id": recommendation.pk,
            "title": recommendation.title,
            "text": recommendation.text,
            "level": recommendation.level,
            "addressee": recommendation.addressee.title if recommendation.addressee else None,
            "status": recommendation.status,
            "status_date": _date(recommendation.status_date),
            "activities": ";".join(a.code for a in recommendation.activities.all()),
            "meeting_id": meeting.pk if meeting.published else None,
            "url": recommendation.get_absolute_url(),
        }


def _reception_rows() -> Iterable[dict]:
    for row in selectors.reception_list():
        municipality = row.municipality
        yield {
            "refnis": municipality.refnis,
            "municipality": municipality.name_nl,
            "province": municipality.province.name_nl if municipality.province else None,
            "kind": row.kind,
            "places": row.places,
            "counted_on": _date(row.counted_on),
            "population": municipality.population,
            "places_per_1000": places_per_thousand(row.places, municipality.population),
        }


def _campaign_rows() -> Iterable[dict]:
    for row in selectors.campaign_list():
        # The API's labels in the reader's language are not columns of the dataset.
        labels = ("display_name", "province_label")
        yield {
            **{key: value for key, value in row.items() if key not in labels},
            "municipality": row["name"],
        }


DATASETS: dict[str, Dataset] = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            "gemeenten",
            _("Gemeenten en hun status"),
            _(
                "Alle 285 Vlaamse gemeenten met hun status in het netwerk (member, to_confirm: "
                "lid met engagementen nog te bevestigen, suspended: geschorst, none: geen lid), "
                "de datum van toetreding en het aantal gekozen en gerealiseerde engagementen."
            ),
            (
                "refnis",
                "name_nl",
                "name_fr",
                "slug",
                "province",
                "is_city",
                "population",
                "status",
                "member_since",
                "commitments_chosen",
                "commitments_realised",
                "url",
            ),
            _municipality_rows,
        ),
        Dataset(
            "lidmaatschappen",
            _("Lidmaatschappen"),
            _(
                "Elk lidmaatschap, ook aanvragen (applied), schorsingen (suspended) en "
                "beëindigde lidmaatschappen (left), met de beslissing van de gemeente."
            ),
            (
                "refnis",
                "municipality",
                "status",
                "member_since",
                "decision_body",
                "decision_date",
                "decision_url",
                "commitments_to_confirm",
                "last_confirmed_on",
            ),
            _membership_rows,
        ),
        Dataset(
            "engagementen",
            _("Engagementen"),
            _(
                "De engagementen van de actieve leden: activiteit, de hoogste sport van de "
                "ladder (decided: beslist, in_policy: in beleid, in_progress: in uitvoering, "
                "visible: zichtbaar voor inwoners) met haar datum (leeg: datum onbekend) en of "
                "ze bewezen is, en de toestand (active, paused, stopped)."
            ),
            (
                "refnis",
                "municipality",
                "activity",
                "title",
                "rung",
                "rung_date",
                "rung_proven",
                "state",
                "state_date",
                "evidence_url",
            ),
            _commitment_rows,
        ),
        Dataset(
            "sporten",
            _("Sporten van de engagementen"),
            _(
                "Elke sport die een engagement van een actief lid bereikte, met haar datum "
                "(leeg: datum onbekend) en bewijs; proven is onwaar voor een sport zonder link "
                "of document (beweerd, niet bewezen)."
            ),
            (
                "refnis",
                "municipality",
                "activity",
                "rung",
                "date",
                "proven",
                "evidence_url",
                "evidence_note",
                "evidence_document",
            ),
            _rung_rows,
        ),
        Dataset(
            "initiatieven",
            _("Initiatieven"),
            _(
                "De gepubliceerde goede praktijken van de gemeenten, met de engagementen waaraan "
                "ze bijdragen, hun partners en hun vaste velden: doel, voor wie, aanpak, "
                "resultaat (met het aantal bereikte mensen), kosten en financiering en wat een "
                "andere gemeente nodig heeft om ze over te nemen."
            ),
            (
                "id",
                "refnis",
                "municipality",
                "title",
                "summary",
                "text",
                "themes",
                "partners",
                "is_highlighted",
                "url",
                *STRUCTURED_PUBLIC_FIELDS,
            ),
            _initiative_rows,
        ),
        Dataset(
            "bijeenkomsten",
            _("Bijeenkomsten van het lerend netwerk"),
            _(
                "De gepubliceerde bijeenkomsten: titel, thema, omschrijving, begin en einde "
                "(ISO 8601, Belgische tijd), plaats (leeg: online) en het aantal "
                "beleidsaanbevelingen dat eruit voortkwam."
            ),
            (
                "id",
                "title",
                "theme",
                "description",
                "starts_at",
                "ends_at",
                "place",
                "capacity",
                "recommendations",
                "url",
            ),
            _meeting_rows,
        ),
        Dataset(
            "aanbevelingen",
            _("Beleidsaanbevelingen"),
            _(
                "De beleidsaanbevelingen van het netwerk: niveau (local, flemish, federal), "
                "geadresseerde functie, huidige status (formulated, sent, answered, "
                "implemented, partly, rejected, pending) met datum, de engagementen waarover "
                "ze gaan en de bijeenkomst waar ze ontstonden."
            ),
            (
                "id",
                "title",
                "text",
                "level",
                "addressee",
                "status",
                "status_date",
                "activities",
                "meeting_id",
                "url",
            ),
            _recommendation_rows,
        ),
        Dataset(
            "opvang",
            _("Opvangplaatsen (zelf gemeld)"),
            _(
                "Per lid en per soort opvang (loi_single, loi_family, minors, other) het laatst "
                "gemelde aantal plaatsen en de datum van de telling, zoals de gemeente het zelf "
                "meldde; met de bevolking op 1 januari 2025 (Statbel, zonder mensen in de "
                "asielprocedure) en de plaatsen per 1.000 inwoners."
            ),
            (
                "refnis",
                "municipality",
                "province",
                "kind",
                "places",
                "counted_on",
                "population",
                "places_per_1000",
            ),
            _reception_rows,
        ),
        Dataset(
            "campagne",
            _("Campagne: anonieme aantallen"),
            _(
                "Per gemeente: opgestelde brieven, brieven verstuurd door inwoners, gezamenlijke "
                "brieven, bevestigde medeondertekeningen, inwoners die schreven en antwoorden "
                "van het bestuur. Alleen aantallen, nooit wie."
            ),
            ("refnis", "municipality", "province", *selectors.CAMPAIGN_FIELDS),
            _campaign_rows,
        ),
    )
}


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # Titles and summaries are written by municipalities: never a formula in a spreadsheet.
        return spreadsheet_safe(value)
    return str(value)


def to_csv(columns: Iterable[str], rows: Iterable[Iterable]) -> str:
    """CSV with a header, comma-separated, every value quoted where needed (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue()


def dataset_csv(dataset: Dataset) -> str:
    return to_csv(dataset.columns, ([row[c] for c in dataset.columns] for row in dataset.rows()))


def dataset_json(dataset: Dataset) -> str:
    document = {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "columns": list(dataset.columns),
        "items": list(dataset.rows()),
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def figure_csv(figure: Figure) -> str:
    return to_csv(figure.columns, figure.rows)
