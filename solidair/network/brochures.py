"""The brochure of good practices of a learning meeting: data, PDF and versions.

`brochure_generate` makes the next version of a meeting's brochure. It runs in the request:
a brochure of 50 practices takes about a second (bench/brochure.py), so the coordinator sees
the result, or the error, at once, and no worker has to be running for it.

The Typst source (`brochure_pdf.typ`) is fixed; everything else goes in as JSON through
`sys.inputs`. Initiative images are copied into a temp dir that is the document's root, under
names we make, so no path from the database reaches Typst.
"""

import datetime
import io
import json
import logging
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import nh3
import typst
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader

from solidair.initiatives.models import Initiative
from solidair.lib.richtext import rich_text_html
from solidair.lib.typst import clean_text, compile_pdf
from solidair.membership.models import ContactPerson
from solidair.network.models import (
    Brochure,
    Meeting,
    NetworkRole,
    PartnerOrganisation,
    Recommendation,
)

SOURCE = (Path(__file__).parent / "brochure_pdf.typ").read_text()
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png"}
LOGO = Path(settings.BASE_DIR) / "static" / "img" / "logo.svg"

logger = logging.getLogger(__name__)


class BrochureError(Exception):
    """The brochure could not be made; the message (Dutch) is for the coordinator, the cause is
    in the log."""


def _source() -> str:
    """The Typst source: ``brochure_pdf.typ``, or the file ``BROCHURE_TEMPLATE`` names."""
    path = settings.BROCHURE_TEMPLATE
    return Path(path).read_text() if path else SOURCE


class _Blocks(HTMLParser):
    """Sanitised rich text as paragraphs and lists of plain text (no markup survives)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict] = []
        self._text: list[str] = []
        self._list: dict | None = None

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        self._text = []
        if not text:
            return
        if self._list is not None:
            self._list["items"].append(text)
        else:
            self.blocks.append({"kind": "paragraph", "text": text})

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self._flush()
            if self._list is None:
                self._list = {"kind": "list" if tag == "ul" else "enum", "items": []}
        elif tag in ("p", "li"):
            self._flush()
        elif tag == "br":
            self._text.append(" ")

    def handle_endtag(self, tag):
        if tag in ("p", "li"):
            self._flush()
        elif tag in ("ul", "ol") and self._list is not None:
            self._flush()
            if self._list["items"]:
                self.blocks.append(self._list)
            self._list = None

    def handle_data(self, data):
        self._text.append(clean_text(data))

    def close(self):
        super().close()
        self._flush()
        if self._list is not None and self._list["items"]:
            self.blocks.append(self._list)
            self._list = None


def html_blocks(html: str) -> list[dict]:
    """Rich text (as stored for initiatives) as paragraphs and lists of plain text."""
    parser = _Blocks()
    parser.feed(nh3.clean(html or "", tags={"p", "br", "ul", "ol", "li"}, attributes={}))
    parser.close()
    return parser.blocks


def text_blocks(text: str) -> list[dict]:
    """Plain text as paragraphs: an empty line starts a new one."""
    paragraphs = [" ".join(part.split()) for part in (text or "").replace("\r", "").split("\n\n")]
    return [{"kind": "paragraph", "text": clean_text(p)} for p in paragraphs if p]


def _day(value: datetime.date | datetime.datetime) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "j F Y")


def brochure_practices(meeting: Meeting):
    """The published practices of a meeting, in brochure order, with what the PDF shows."""
    public_contacts = Prefetch(
        "municipality__contacts",
        queryset=ContactPerson.objects.filter(is_public=True),
        to_attr="public_contacts",
    )
    return (
        meeting.practices.filter(published=True)
        .select_related("municipality")
        .prefetch_related("themes", "links", "sub_projects", public_contacts)
        .order_by("municipality__name_nl", "title")
    )


def brochure_recommendations(meeting: Meeting):
    return (
        Recommendation.objects.published()
        .filter(meeting=meeting)
        .select_related("addressee")
        .order_by("level", "position", "id")
    )


def _contact(contact: ContactPerson) -> str:
    parts = [contact.name, contact.role, contact.email, contact.phone]
    return clean_text(", ".join(part for part in parts if part))


def _logo(root: Path) -> str:
    """The network's mark (static/img/logo.svg, the site's too), copied into the document."""
    (root / "logo.svg").write_bytes(LOGO.read_bytes())
    return "logo.svg"


def _image(initiative: Initiative, root: Path, number: int) -> dict | None:
    """Copy the initiative's (already checked and re-encoded) image into the document root."""
    if not initiative.image or not initiative.image_alt.strip():
        return None
    try:
        with initiative.image.open("rb") as source:
            data = source.read()
        # By content, not by name: a file Typst cannot decode would fail the whole brochure.
        kind = Image.open(io.BytesIO(data)).format
    except (OSError, UnidentifiedImageError):
        return None  # a missing or broken file leaves the image out, not the brochure
    if kind not in IMAGE_FORMATS:
        return None
    name = f"image-{number}.{IMAGE_FORMATS[kind]}"
    (root / name).write_bytes(data)
    return {"path": name, "alt": clean_text(initiative.image_alt)}


def _paragraphs(text: str) -> list[dict]:
    return text_blocks(text.replace("\r", "").replace("\n\n", "\n").replace("\n", "\n\n"))


def _practice(initiative: Initiative, root: Path, number: int) -> dict:
    """One practice as the brochure lays it out: its structured fields in their fixed order
    (solidair.initiatives.models), then its text, sub-projects, contact and links."""
    facts = []
    if initiative.audience:
        facts.append({"label": _("Voor wie"), "value": initiative.get_audience_display()})
    if initiative.started_year:
        facts.append({"label": _("Gestart in"), "value": str(initiative.started_year)})
    if initiative.people_reached is not None:
        reached = formats.number_format(initiative.people_reached, force_grouping=True)
        if initiative.people_reached_year:
            reached = f"{reached} ({initiative.people_reached_year})"
        facts.append({"label": _("Bereikte mensen"), "value": reached})
    if initiative.cost_band:
        facts.append({"label": _("Kosten"), "value": initiative.get_cost_band_display()})
    audience = initiative.audience_note
    contact = initiative.public_contact
    contacts = [contact] if contact else initiative.municipality.public_contacts
    return {
        "title": clean_text(initiative.title),
        "municipality": clean_text(initiative.municipality.name_nl),
        "themes": [clean_text(a.label) for a in initiative.themes.all()],
        "facts": [{"label": f["label"], "value": clean_text(f["value"])} for f in facts],
        "summary": clean_text(initiative.summary),
        "body": html_blocks(rich_text_html(initiative.text)),
        "sections": [
            {"heading": heading, "blocks": _paragraphs(value)}
            for heading, value in (
                (_("Doel"), initiative.aim),
                (_("Voor wie"), audience),
                (_("Aanpak"), initiative.approach),
                (_("Resultaat"), initiative.result),
                (_("Kosten en financiering"), initiative.funding),
                (_("Partners"), initiative.local_partners),
                (_("Wat heb je nodig om het over te nemen"), initiative.to_copy),
            )
            if value.strip()
        ],
        "sub_projects": [
            {"title": clean_text(s.title), "description": clean_text(s.description)}
            for s in initiative.sub_projects.all()
        ],
        "contacts": [_contact(c) for c in contacts],
        "links": [
            {"label": clean_text(link.label), "url": link.url}
            for link in initiative.links.all()
            if link.url.startswith(("http://", "https://"))
        ],
        "image": _image(initiative, root, number),
    }


def toc_titles(titles: list[str]) -> list[str]:
    """The titles as they stand in the table of contents, each once: a second "Buddywerking –
    Gent" becomes "Buddywerking – Gent (2)"."""
    seen: dict[str, int] = {}
    unique = []
    for title in titles:
        seen[title] = seen.get(title, 0) + 1
        unique.append(title if seen[title] == 1 else f"{title} ({seen[title]})")
    # A numbered title may meet a real one of the same words: number again until none does.
    return unique if len(set(unique)) == len(unique) else toc_titles(unique)


def brochure_data(*, meeting: Meeting, introduction: str, version: int, root: Path) -> dict:
    """The brochure as the JSON data the Typst source lays out (images written to `root`)."""
    with translation.override("nl-be"):
        practices = []
        for number, initiative in enumerate(brochure_practices(meeting)):
            practices.append(_practice(initiative, root, number))
        recommendations = []
        for recommendation in brochure_recommendations(meeting):
            meta = [_("Niveau: %(level)s") % {"level": recommendation.get_level_display()}]
            if recommendation.addressee:
                meta.append(_("aan: %(position)s") % {"position": recommendation.addressee})
            recommendations.append(
                {
                    "title": clean_text(recommendation.title),
                    "meta": clean_text(" · ".join(meta)),
                    "text": text_blocks(recommendation.text),
                }
            )
        # Every entry of the contents once: a practice with its municipality's name, and no
        # two entries alike over the whole brochure (practices and recommendations).
        entries = toc_titles(
            [f"{p['title']} – {p['municipality']}" for p in practices]
            + [r["title"] for r in recommendations]
        )
        for item, entry in zip(practices + recommendations, entries, strict=True):
            item["entry"] = entry
        partners = PartnerOrganisation.objects.exclude(network_role=NetworkRole.NONE)
        date = _day(meeting.starts_at)
        title = _("Goede praktijken: %(title)s") % {"title": meeting.title}
        return {
            "title": clean_text(f"{title} ({date})"),
            "author": _("Netwerk van Solidaire Steden en Gemeenten"),
            "keywords": ["Solidaire Steden en Gemeenten", "lerend netwerk", f"versie {version}"],
            "series": _("Brochure van goede praktijken"),
            "heading": clean_text(meeting.title),
            "subtitle": _("Lerend netwerk van %(date)s") % {"date": date},
            "theme": clean_text(meeting.theme),
            "network": _("Netwerk van Solidaire Steden en Gemeenten"),
            "logo": _logo(root),
            "version_note": _("Versie %(version)s, gemaakt op %(day)s")
            % {"version": version, "day": _day(timezone.now())},
            "introduction": text_blocks(introduction),
            "practices": practices,
            "recommendations": recommendations,
            "partners": [
                {"name": clean_text(p.name), "url": p.url if p.url.startswith("http") else ""}
                for p in partners
            ],
            "labels": {
                "contents": _("Inhoud"),
                "introduction": _("Inleiding"),
                "practices": _("Goede praktijken"),
                "themes": _("Engagementen"),
                "what": _("In het kort"),
                "how": _("Beschrijving"),
                "sub_projects": _("Deelprojecten"),
                "contact": _("Contact"),
                "links": _("Meer informatie"),
                "recommendations": _("Beleidsaanbevelingen"),
                "partners": _("Partners van het netwerk"),
                "partners_intro": _(
                    "Het netwerk van Solidaire Steden en Gemeenten wordt gedragen door:"
                ),
            },
        }


def brochure_render(*, meeting: Meeting, introduction: str, version: int) -> bytes:
    """The brochure as a tagged PDF (PDF/UA-1 when it qualifies) with bookmarks.

    A failure of Typst is logged with its cause and raised as a ``BrochureError``.
    """
    with tempfile.TemporaryDirectory(prefix="brochure-") as tmp:
        root = Path(tmp)
        data = brochure_data(meeting=meeting, introduction=introduction, version=version, root=root)
        try:
            return compile_pdf(_source(), inputs={"brochure": json.dumps(data)}, root=root)
        except (typst.TypstError, RuntimeError, OSError) as error:
            logger.exception("The brochure of meeting %s (version %s) failed.", meeting.pk, version)
            raise BrochureError(
                _(
                    "De brochure van “%(meeting)s” kon niet gemaakt worden: het sjabloon gaf een "
                    "fout. Er is geen nieuwe versie gemaakt; de vorige blijven beschikbaar. De "
                    "technische fout staat in het logboek: meld ze aan de beheerder van de site."
                )
                % {"meeting": meeting.title}
            ) from error


def brochure_latest(meeting: Meeting) -> Brochure | None:
    return meeting.brochures.order_by("-version").first()


def brochure_generate(
    *,
    meeting: Meeting,
    introduction: str | None = None,
    by: AbstractBaseUser | None = None,
    now: datetime.datetime | None = None,
) -> Brochure:
    """Make the next version of the meeting's brochure; older versions are kept.

    Without an introduction, the previous version's is used (regenerating after a
    correction of a practice). Raises ``BrochureError`` when the PDF cannot be made: then no
    version is created (nor a file stored).
    """
    if introduction is None:
        previous = brochure_latest(meeting)
        introduction = previous.introduction if previous else ""
    with transaction.atomic():
        # Lock the meeting so that two coordinators clicking at once get v2 and v3.
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        version = (meeting.brochures.aggregate(last=Max("version"))["last"] or 0) + 1
        pdf = brochure_render(meeting=meeting, introduction=introduction, version=version)
        brochure = Brochure(
            meeting=meeting,
            version=version,
            introduction=introduction,
            size=len(pdf),
            page_count=len(PdfReader(io.BytesIO(pdf)).pages),
            practice_count=brochure_practices(meeting).count(),
            generated_at=now or timezone.now(),
            generated_by=by,
        )
        brochure.file.save("brochure.pdf", ContentFile(pdf), save=False)
        stored = brochure.file.name
        try:
            brochure.save()
        except Exception:
            brochure.file.storage.delete(stored)
            raise
    return brochure
