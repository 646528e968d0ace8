"""Composing a letter: choose the municipality, write, preview, download (DOCX, PDF, text)."""

from urllib.parse import quote, urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from solidair.letters.composing.content import Letter
from solidair.letters.composing.renderers.docx import render_docx
from solidair.letters.composing.renderers.pdf import render_pdf
from solidair.letters.composing.renderers.text import render_text
from solidair.letters.composing.services import letter_build, letter_count_record
from solidair.letters.delivery.addresses import council_address
from solidair.letters.forms.composing import ResidentLetterForm
from solidair.letters.forms.sending import SendLetterForm
from solidair.letters.views.common import TOO_MANY, flemish_municipality
from solidair.membership.selectors import current_membership
from solidair.municipalities.models import Municipality
from solidair.municipalities.search import search_municipalities
from solidair.web.ratelimits import is_limited, rate_limit, too_many

# Composing is cheap, a PDF is not: generous for a person, tight for a script.
RATE = "20/m"


DOWNLOADS = {
    "docx": (
        render_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": (render_pdf, "application/pdf"),
    "txt": (lambda letter: render_text(letter).encode("utf-8"), "text/plain; charset=utf-8"),
}


FORMAT_LABELS = [
    ("docx", _("Word-bestand (.docx)")),
    ("pdf", _("PDF")),
    ("txt", _("Tekst voor een e-mail (.txt)")),
]


def _hidden_fields(request: HttpRequest, form: ResidentLetterForm) -> list[tuple[str, str]]:
    """The resident's details, carried to the downloads in the page itself, not stored."""
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name in form.fields
        for value in values
    ]


def _mailto(letter: Letter) -> str:
    """A mailto: link with the letter as text, for a council whose address we do not know."""
    return "mailto:?" + urlencode(
        {"subject": letter.title, "body": render_text(letter)}, quote_via=quote
    )


def preview_render(
    request: HttpRequest,
    *,
    municipality: Municipality,
    form: ResidentLetterForm,
    letter: Letter,
    is_member: bool,
    send_form: SendLetterForm | None = None,
    send_error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The letter with its downloads and, when the council's address is known, the choice to
    send it by e-mail (solidair.letters.views.sending)."""
    return render(
        request,
        "letters/preview.html",
        {
            "municipality": municipality,
            "letter": letter,
            "is_member": is_member,
            "hidden": _hidden_fields(request, form),
            "formats": FORMAT_LABELS,
            "council_address": council_address(municipality),
            "send_form": send_form or SendLetterForm(),
            "send_error": send_error,
            "mailto": _mailto(letter),
        },
        status=status,
    )


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """Step 1: which municipality? Reached from every non-member page with ?gemeente=."""
    query = request.GET.get("gemeente", "").strip()
    if not query:
        return render(request, "letters/start.html", {})
    municipality = Municipality.objects.flemish().filter(slug=query).first()
    if municipality:
        return redirect("letters:compose", slug=municipality.slug)
    outcome = search_municipalities(query)
    if outcome.answer and outcome.answer.municipality.is_flemish:
        return redirect("letters:compose", slug=outcome.answer.municipality.slug)
    return render(request, "letters/start.html", {"outcome": outcome, "query": query})


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit(group="letters-compose", key="ip", rate=RATE)
def compose(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 2: the resident's details, then the preview with the downloads."""
    municipality = flemish_municipality(slug)
    membership = current_membership(municipality)
    is_member = bool(membership and membership.is_active)
    if request.method == "POST":
        if is_limited(request):
            return too_many(request, TOO_MANY)
        form = ResidentLetterForm(request.POST)
        if form.is_valid() and "bewerken" not in request.POST:
            letter = letter_build(municipality=municipality, resident=form.resident())
            letter_count_record(municipality=municipality, letter=letter)
            return preview_render(
                request, municipality=municipality, form=form, letter=letter, is_member=is_member
            )
    else:
        form = ResidentLetterForm(
            initial={"bestuur": "stad" if municipality.is_city else "gemeente"}
        )
    return render(
        request,
        "letters/compose.html",
        {
            "municipality": municipality,
            "membership": membership,
            "is_member": is_member,
            "form": form,
        },
    )


@require_POST
@rate_limit(group="letters-download", key="ip", rate=RATE)
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The letter as DOCX, PDF or text, generated again from the posted details:
    nothing about the resident is stored."""
    if fmt not in DOWNLOADS:
        return HttpResponse(status=404)
    if is_limited(request):
        return too_many(request, TOO_MANY)
    municipality = flemish_municipality(slug)
    form = ResidentLetterForm(request.POST)
    if not form.is_valid():
        return redirect(reverse("letters:compose", kwargs={"slug": slug}))
    letter: Letter = letter_build(municipality=municipality, resident=form.resident())
    renderer, content_type = DOWNLOADS[fmt]
    response = HttpResponse(renderer(letter), content_type=content_type)
    filename = f"brief-solidaire-gemeente-{municipality.slug}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def guide(request: HttpRequest) -> HttpResponse:
    return render(request, "letters/guide.html", {})
