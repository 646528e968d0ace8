import nh3
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.lib.text import strip_accents
from solidair.lib.uploads import PublicUploadTo, public_file_url
from solidair.membership.models import Activity
from solidair.municipalities.models import Municipality
from solidair.network.models import PartnerOrganisation

# What coordinators may use in an initiative's text: paragraphs, emphasis,
# lists and links. Everything else is removed when the text is shown.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitised_html(text: str) -> str:
    """Coordinators' rich text with only the allowed tags, safe to show."""
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 -- sanitised by nh3 just above


def search_document(*parts: str) -> str:
    """Lower-case, accent-free text that both SQLite and PostgreSQL search with LIKE."""
    return " ".join(strip_accents(part).lower() for part in parts if part)


class InitiativeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def search(self, query: str):
        qs = self
        for term in search_document(query).split():
            qs = qs.filter(search_text__contains=term)
        return qs


class Initiative(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    title = models.CharField(_("titel"), max_length=200)
    summary = models.CharField(_("samenvatting"), max_length=400, blank=True)
    text = models.TextField(
        _("tekst"),
        blank=True,
        help_text=_("Alinea's, lijsten en links zijn toegestaan; andere opmaak wordt verwijderd."),
    )
    themes = models.ManyToManyField(
        Activity, verbose_name=_("engagementen waaraan het bijdraagt"), blank=True
    )
    partners = models.ManyToManyField(
        PartnerOrganisation,
        verbose_name=_("partnerorganisaties"),
        blank=True,
        related_name="initiatives",
    )
    is_highlighted = models.BooleanField(
        _("uitgelicht"), default=False, help_text=_("Eén uitgelicht initiatief per gemeente.")
    )
    published = models.BooleanField(_("gepubliceerd"), default=True)
    # Checked and resized on upload (solidair.lib.uploads.image_prepare), never stored as sent.
    image = models.FileField(
        _("afbeelding"), upload_to=PublicUploadTo("initiatives"), max_length=200, blank=True
    )
    image_alt = models.CharField(
        _("beschrijving van de afbeelding"),
        max_length=250,
        blank=True,
        help_text=_(
            "Wat de afbeelding toont, voor wie ze niet ziet. Verplicht bij een afbeelding."
        ),
    )
    source_note = models.CharField(_("bron"), max_length=300, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text"], m2m_fields=[themes, partners])

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name_nl", "-is_highlighted", "title"]
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(is_highlighted=True),
                name="one_highlighted_initiative_per_municipality",
                violation_error_message=_("Deze gemeente heeft al een uitgelicht initiatief."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # A derived column, not business logic: kept in step with the text.
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Beschrijf wat de afbeelding toont, voor wie ze niet ziet.")}
            )

    @property
    def image_url(self) -> str:
        return public_file_url(self.image)

    def refresh_search_text(self) -> None:
        # Both names: a French visitor searches "Louvain", a Dutch one "Leuven".
        self.search_text = search_document(
            self.title,
            self.summary,
            nh3.clean(self.text, tags=set()),
            self.municipality.name_nl,
            self.municipality.name_fr,
        )

    @property
    def safe_text(self) -> str:
        return sanitised_html(self.text)


class InitiativeLink(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=200)
    url = models.URLField(_("adres"), max_length=500)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.label


class SubProject(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="sub_projects"
    )
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("deelproject")
        verbose_name_plural = _("deelprojecten")

    def __str__(self) -> str:
        return self.title
