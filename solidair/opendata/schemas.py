"""What the open data API returns, and the filters it accepts.

Machine values (codes, slugs, REFNIS codes, ``name`` in Dutch and ``name_fr``) never depend
on the language of the request; the human-readable labels (``display_name``,
``province_label``, ``status_label``, ``commitment_labels``, ``theme_labels``) are in the
language of ``?lang=`` or Accept-Language (solidair.opendata.middleware), Dutch by default.
"""

import datetime
import functools
from typing import Any, Literal

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from solidair.initiatives.models import Audience, CostBand, Initiative
from solidair.membership.models import (
    RUNG_CODES,
    Commitment,
    CommitmentRung,
    Membership,
    ReceptionCount,
)
from solidair.municipalities.models import Municipality
from solidair.network.models import Meeting, Recommendation, RecommendationStep
from solidair.opendata.selectors import STATUS_LABELS, membership_status

# Slugs of provinces and codes of activities; anything else is a 422.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# Bounded so that no database is asked for an offset it cannot store.
MAX_OFFSET = 100_000


DISPLAY_NAME = "Name in the requested language: the French name for `lang=fr`, else the Dutch one."
PROVINCE_LABEL = "Name of the province in the requested language."
LANG_DESCRIPTION = (
    "Language of the human-readable labels (`display_name`, `*_label`, `*_labels`): nl "
    "(default), fr or en. Without it, the Accept-Language header decides. Codes, slugs and "
    "the Dutch and French names are the same in every language."
)
Lang = Literal["nl", "fr", "en"]


def _current_membership(municipality: Municipality) -> Membership | None:
    memberships = municipality.current_memberships  # attached by the selectors
    return memberships[0] if memberships else None


def _active_membership(municipality: Municipality) -> Membership | None:
    membership = _current_membership(municipality)
    return membership if membership and membership.is_active else None


@functools.cache
def _directory_path(script_prefix: str, language: str | None) -> str:
    return reverse("municipalities:directory")


def municipality_path(municipality: Municipality) -> str:
    # The directory's path plus the slug is the page's path (pages/urls.py);
    # a reverse() per row cost a quarter of the list's time. The path has the language's prefix
    # (/fr/gemeenten/...), so the language is part of the key.
    return f"{_directory_path(get_script_prefix(), get_language())}{municipality.slug}/"


RungCode = Literal["decided", "in_policy", "in_progress", "visible"]


class RungOut(Schema):
    rung: RungCode = Field(
        description="decided: a council or college decision; in_policy: a plan, budget line "
        "or regulation; in_progress: it runs; visible: something a resident can see or use."
    )
    date: datetime.date | None = Field(
        description="When the rung was reached; null for a claim carried over from the "
        "former network page whose date the municipality has not confirmed yet."
    )
    proven: bool = Field(
        description="Whether the rung has evidence (a link or a document); false: claimed, "
        "not proven."
    )
    evidence_url: str = Field(description="A link to the evidence; may be empty.")
    evidence_note: str = Field(description="What the evidence is, or its source; may be empty.")
    evidence_document: str = Field(description="Path of the evidence PDF; empty without one.")

    @staticmethod
    def resolve_rung(obj: CommitmentRung) -> str:
        return RUNG_CODES[obj.rung]

    @staticmethod
    def resolve_proven(obj: CommitmentRung) -> bool:
        return obj.is_proven

    @staticmethod
    def resolve_evidence_document(obj: CommitmentRung) -> str:
        return obj.evidence_document_url or ""


class CommitmentLadderOut(Schema):
    activity: str = Field(description="Code of the activity.")
    title: str = Field(description="Title in the requested language (`other`: its own).")
    rung: RungCode = Field(description="The highest rung reached (see `rungs`).")
    rung_label: str = Field(description="The highest rung in words, in the requested language.")
    state: Literal["active", "paused", "stopped"] = Field(
        description="A paused commitment still counts towards the rule of three; a stopped "
        "one does not."
    )
    state_date: datetime.date | None = Field(description="When it was paused or stopped.")
    rungs: list[RungOut] = Field(description="Every rung reached, lowest first.")

    @staticmethod
    def resolve_activity(obj: Commitment) -> str:
        return obj.activity.code

    @staticmethod
    def resolve_title(obj: Commitment) -> str:
        return obj.display_title

    @staticmethod
    def resolve_rung(obj: Commitment) -> str:
        return RUNG_CODES[obj.rung]

    @staticmethod
    def resolve_rung_label(obj: Commitment) -> str:
        return str(obj.get_rung_display())

    @staticmethod
    def resolve_rungs(obj: Commitment) -> list[CommitmentRung]:
        return list(obj.rungs.all())


class MunicipalityOut(Schema):
    refnis: str = Field(description="REFNIS (NIS) code of Statbel: 5 digits, the stable key.")
    name: str = Field(description="Dutch name.")
    name_fr: str = Field(description="French name.")
    slug: str
    province: str | None = Field(description="Dutch name of the province.")
    is_city: bool = Field(description="Whether the municipality carries the title 'stad'.")
    is_member: bool = Field(description="Whether it is an active member of the network.")
    member_since: datetime.date | None = Field(
        description="Date of the decision to join; null for non-members and for members "
        "whose date is not known."
    )
    commitments_to_confirm: bool = Field(
        description="An active member whose commitments are still to be confirmed "
        "(members carried over from the former network page)."
    )
    status: Literal["member", "to_confirm", "suspended", "none"] = Field(
        description="member; to_confirm: a member whose commitments are still to be "
        "confirmed; suspended: a suspended membership; none: not a member (never applied, "
        "applied and not yet accepted, or left)."
    )
    commitments: list[str] = Field(
        description="Codes of the activities the active member committed to, in the "
        "network's order; stopped commitments are left out."
    )
    ladder: list[CommitmentLadderOut] = Field(
        description="How far each commitment of the active member has come, in the order of "
        "the network's activities, stopped ones included (with their state)."
    )
    url: str = Field(description="Path of the municipality's public page.")
    display_name: str = Field(description=DISPLAY_NAME)
    province_label: str | None = Field(description=PROVINCE_LABEL)
    status_label: str = Field(description="The status in words, in the requested language.")
    commitment_labels: list[str] = Field(
        description="Titles of the commitments, in the order of `commitments`, in the "
        "requested language (a commitment of code `other` has its own, untranslated title)."
    )

    @staticmethod
    def resolve_name(obj: Municipality) -> str:
        return obj.name_nl

    @staticmethod
    def resolve_province(obj: Municipality) -> str | None:
        return obj.province.name_nl if obj.province else None

    @staticmethod
    def resolve_display_name(obj: Municipality) -> str:
        return obj.name

    @staticmethod
    def resolve_province_label(obj: Municipality) -> str | None:
        return obj.province.name if obj.province else None

    @staticmethod
    def resolve_status_label(obj: Municipality) -> str:
        return str(STATUS_LABELS[membership_status(_current_membership(obj))])

    @staticmethod
    def resolve_commitment_labels(obj: Municipality) -> list[str]:
        membership = _active_membership(obj)
        if membership is None:
            return []
        return [c.display_title for c in membership.commitments.all() if c.is_active]

    @staticmethod
    def resolve_is_member(obj: Municipality) -> bool:
        return _active_membership(obj) is not None

    @staticmethod
    def resolve_member_since(obj: Municipality) -> datetime.date | None:
        membership = _active_membership(obj)
        return membership.member_since if membership else None

    @staticmethod
    def resolve_commitments_to_confirm(obj: Municipality) -> bool:
        membership = _active_membership(obj)
        return membership.commitments_to_confirm if membership else False

    @staticmethod
    def resolve_status(obj: Municipality) -> str:
        return membership_status(_current_membership(obj))

    @staticmethod
    def resolve_commitments(obj: Municipality) -> list[str]:
        membership = _active_membership(obj)
        if membership is None:
            return []
        return [c.activity.code for c in membership.commitments.all() if c.is_active]

    @staticmethod
    def resolve_ladder(obj: Municipality) -> list[Commitment]:
        membership = _active_membership(obj)
        return list(membership.commitments.all()) if membership else []

    @staticmethod
    def resolve_url(obj: Municipality) -> str:
        return municipality_path(obj)


class ContactOut(Schema):
    name: str
    email: str
    phone: str
    role: str


class InitiativeSummaryOut(Schema):
    id: int
    title: str
    summary: str
    themes: list[str] = Field(description="Codes of the activities it contributes to.")
    theme_labels: list[str] = Field(
        description="Titles of those activities, in the same order, in the requested language."
    )
    is_highlighted: bool

    @staticmethod
    def resolve_themes(obj: Initiative) -> list[str]:
        return [theme.code for theme in obj.themes.all()]

    @staticmethod
    def resolve_theme_labels(obj: Initiative) -> list[str]:
        return [theme.label for theme in obj.themes.all()]


class MunicipalityDetailOut(MunicipalityOut):
    initiatives: list[InitiativeSummaryOut] = Field(description="Published initiatives.")
    contacts: list[ContactOut] = Field(description="Public contact persons.")

    @staticmethod
    def resolve_initiatives(obj: Municipality) -> list[Initiative]:
        return obj.published_initiatives

    @staticmethod
    def resolve_contacts(obj: Municipality) -> list[Any]:
        return obj.public_contacts


class MunicipalityRefOut(Schema):
    refnis: str
    name: str = Field(description="Dutch name.")
    display_name: str = Field(description=DISPLAY_NAME)
    slug: str

    @staticmethod
    def resolve_name(obj: Municipality) -> str:
        return obj.name_nl

    @staticmethod
    def resolve_display_name(obj: Municipality) -> str:
        return obj.name


class LinkOut(Schema):
    label: str
    url: str


class SubProjectOut(Schema):
    title: str
    description: str


class InitiativeOut(Schema):
    id: int
    municipality: MunicipalityRefOut
    title: str
    summary: str
    text: str = Field(
        description="HTML limited to paragraphs, line breaks, emphasis, lists and links."
    )
    themes: list[str] = Field(description="Codes of the activities it contributes to.")
    theme_labels: list[str] = Field(
        description="Titles of those activities, in the same order, in the requested language."
    )
    partners: list[str] = Field(description="Names of the partner organisations.")
    links: list[LinkOut]
    sub_projects: list[SubProjectOut]
    is_highlighted: bool
    # The structured fields, optional: "" or null when the municipality did not fill them in.
    aim: str = Field(description="What the municipality wants to achieve (plain text).")
    audience: str = Field(
        description="For whom, first of all: one of " + ", ".join(Audience.values) + ', or "".'
    )
    audience_label: str = Field(description="That audience in the requested language.")
    audience_note: str = Field(description="For whom, in the municipality's words.")
    approach: str = Field(description="How it works (plain text).")
    result: str = Field(description="What it achieved, in words (plain text).")
    people_reached: int | None = Field(description="How many people it reached.")
    people_reached_year: int | None = Field(description="The year of `people_reached`.")
    started_year: int | None = Field(description="The year it started.")
    cost_band: str = Field(
        description="What it costs the municipality per year, roughly: one of "
        + ", ".join(CostBand.values)
        + " (none: no extra cost; small: under 5,000 euro; medium: 5,000 to 25,000 euro; "
        'large: over 25,000 euro), or "".'
    )
    cost_band_label: str = Field(description="That cost band in the requested language.")
    funding: str = Field(description="Cost and funding, in words (plain text).")
    local_partners: str = Field(description="Who the municipality works with, in words.")
    to_copy: str = Field(description="What another municipality needs to do the same.")

    @staticmethod
    def resolve_audience_label(obj: Initiative) -> str:
        return str(obj.get_audience_display()) if obj.audience else ""

    @staticmethod
    def resolve_cost_band_label(obj: Initiative) -> str:
        return str(obj.get_cost_band_display()) if obj.cost_band else ""

    @staticmethod
    def resolve_text(obj: Initiative) -> str:
        return str(obj.safe_text)

    @staticmethod
    def resolve_themes(obj: Initiative) -> list[str]:
        return [theme.code for theme in obj.themes.all()]

    @staticmethod
    def resolve_theme_labels(obj: Initiative) -> list[str]:
        return [theme.label for theme in obj.themes.all()]

    @staticmethod
    def resolve_partners(obj: Initiative) -> list[str]:
        return [partner.name for partner in obj.partners.all()]


class LanguageQuery(Schema):
    """``?lang=``: read by solidair.opendata.middleware, declared here for the documentation."""

    lang: Lang | None = Field(None, description=LANG_DESCRIPTION)


class MunicipalityFilters(LanguageQuery):
    province: str | None = Field(
        None,
        pattern=SLUG_PATTERN,
        max_length=100,
        description="Slug of a province, e.g. oost-vlaanderen.",
    )
    member: bool | None = Field(
        None, description="true: active members only; false: every other municipality."
    )
    commitment: str | None = Field(
        None,
        pattern=SLUG_PATTERN,
        max_length=20,
        description="Code of an activity: active members that committed to it.",
    )


class InitiativeFilters(LanguageQuery):
    commitment: str | None = Field(
        None,
        pattern=SLUG_PATTERN,
        max_length=20,
        description="Code of an activity the initiative contributes to.",
    )
    province: str | None = Field(
        None,
        pattern=SLUG_PATTERN,
        max_length=100,
        description="Slug of the province of the initiative's municipality.",
    )
    audience: str | None = Field(
        None,
        pattern="^(" + "|".join(Audience.values) + ")$",
        description="For whom the initiative is, first of all.",
    )
    cost_band: str | None = Field(
        None,
        pattern="^(" + "|".join(CostBand.values) + ")$",
        description="What it costs the municipality per year, roughly.",
    )
    has_results: bool | None = Field(
        None, description="true: only the initiatives that give a result, in words or numbers."
    )
    q: str | None = Field(
        None,
        max_length=200,
        description="Words to look for in what the initiative's page shows (title, summary, "
        "text, sub-projects, links, themes in any language, partners) and in its "
        "municipality's names, former municipalities included. Case, accents, plurals and "
        "other Dutch word forms do not matter. The initiatives with every word are found; "
        "when none has them all, those with some of them, more of them first. Then those "
        "with them in the title come first, then in the summary.",
    )


class CampaignOut(Schema):
    refnis: str
    name: str = Field(description="Dutch name.")
    province: str | None = Field(description="Dutch name of the province.")
    display_name: str = Field(description=DISPLAY_NAME)
    province_label: str | None = Field(description=PROVINCE_LABEL)
    letters_composed: int = Field(
        description="Letters residents composed on the site (downloaded or viewed), anonymous."
    )
    resident_letters_sent: int = Field(description="Residents' own letters sent by e-mail.")
    collective_letters_sent: int = Field(description="Collective letters sent by e-mail.")
    co_signatures: int = Field(description="Confirmed co-signatures of collective letters.")
    residents: int = Field(
        description="Residents who wrote: letters sent, initiators of confirmed collective "
        "letters and confirmed co-signatures (refused letters are not counted)."
    )
    council_responses: int = Field(description="Published answers or decisions of the council.")


class CampaignFilters(LanguageQuery):
    province: str | None = Field(
        None,
        pattern=SLUG_PATTERN,
        max_length=100,
        description="Slug of a province, e.g. oost-vlaanderen.",
    )


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


MUNICIPALITIES_PER_PAGE = 300  # every Flemish municipality (285) in one page
MAX_MUNICIPALITIES_PER_PAGE = 500
INITIATIVES_PER_PAGE = 50
MAX_INITIATIVES_PER_PAGE = 200


class CampaignPagination(LimitOffsetPagination):
    Input = None  # set below, after MunicipalityPage

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_MUNICIPALITIES_PER_PAGE, **kwargs)


class MunicipalityPage(Schema):
    limit: int = Field(
        MUNICIPALITIES_PER_PAGE, ge=1, le=MAX_MUNICIPALITIES_PER_PAGE, description="Page size."
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Number of items to skip.")


class InitiativePage(Schema):
    limit: int = Field(
        INITIATIVES_PER_PAGE, ge=1, le=MAX_INITIATIVES_PER_PAGE, description="Page size."
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Number of items to skip.")


# Limit/offset pagination whose bounds are part of the OpenAPI document: a
# limit above the maximum is a 422, not silently lowered.
class MunicipalityPagination(LimitOffsetPagination):
    Input = MunicipalityPage

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_MUNICIPALITIES_PER_PAGE, **kwargs)


class InitiativePagination(LimitOffsetPagination):
    Input = InitiativePage

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_INITIATIVES_PER_PAGE, **kwargs)


CampaignPagination.Input = MunicipalityPage


# --- The learning network and reception places -------------------------------------------------


class MeetingOut(Schema):
    id: int
    title: str
    theme: str
    description: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str = Field(description="Address; empty for an online meeting.")
    capacity: int | None = Field(description="Number of places; null: no limit.")
    recommendations: int = Field(description="Published recommendations of this meeting.")
    url: str = Field(description="Path of the meeting's public page.")

    @staticmethod
    def resolve_recommendations(obj: Meeting) -> int:
        return obj.recommendation_count

    @staticmethod
    def resolve_url(obj: Meeting) -> str:
        return obj.get_absolute_url()


class RecommendationStepOut(Schema):
    status: str
    date: datetime.date
    note: str
    url: str = Field(description="A link to the answer or the evidence; may be empty.")
    document: str = Field(description="Path of the step's PDF; empty without one.")

    @staticmethod
    def resolve_document(obj: RecommendationStep) -> str:
        return obj.document_url or ""


class RecommendationOut(Schema):
    id: int
    title: str
    text: str = Field(description="Plain text; a blank line separates paragraphs.")
    level: Literal["local", "flemish", "federal"]
    addressee: str | None = Field(description="The position it is addressed to (not a person).")
    status: str = Field(
        description="Status of the latest step: formulated, sent, answered, implemented, "
        "partly, rejected or pending."
    )
    status_date: datetime.date | None
    activities: list[str] = Field(description="Codes of the activities it concerns.")
    meeting: int | None = Field(description="Id of the meeting it came from, if published.")
    steps: list[RecommendationStepOut] = Field(description="The timeline, oldest first.")
    url: str = Field(description="Path of the recommendation's public page.")

    @staticmethod
    def resolve_addressee(obj: Recommendation) -> str | None:
        return obj.addressee.title if obj.addressee else None

    @staticmethod
    def resolve_activities(obj: Recommendation) -> list[str]:
        return [activity.code for activity in obj.activities.all()]

    @staticmethod
    def resolve_meeting(obj: Recommendation) -> int | None:
        return obj.meeting_id if obj.meeting.published else None

    @staticmethod
    def resolve_steps(obj: Recommendation) -> list[RecommendationStep]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_url(obj: Recommendation) -> str:
        return obj.get_absolute_url()


class RecommendationFilters(Schema):
    level: Literal["local", "flemish", "federal"] | None = None
    status: (
        Literal["formulated", "sent", "answered", "implemented", "partly", "rejected", "pending"]
        | None
    ) = Field(None, description="Status of the latest step.")
    commitment: str | None = Field(
        None,
        pattern=SLUG_PATTERN,
        max_length=20,
        description="Code of an activity the recommendation concerns.",
    )


class ReceptionOut(Schema):
    refnis: str
    name: str = Field(description="Dutch name of the municipality.")
    province: str | None = Field(description="Dutch name of the province.")
    kind: Literal["loi_single", "loi_family", "minors", "other"]
    places: int
    counted_on: datetime.date

    @staticmethod
    def resolve_refnis(obj: ReceptionCount) -> str:
        return obj.municipality.refnis

    @staticmethod
    def resolve_name(obj: ReceptionCount) -> str:
        return obj.municipality.name_nl

    @staticmethod
    def resolve_province(obj: ReceptionCount) -> str | None:
        province = obj.municipality.province
        return province.name_nl if province else None


class ReceptionFilters(CampaignFilters):
    """The reception places of the members of one province."""
