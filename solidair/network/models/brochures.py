"""Brochures of good practices made from a meeting.

Each generation of a meeting's brochure is a row of its own: version 1, 2, ... of that
meeting, with the introduction it was made with and the PDF. Nothing is overwritten, so an
older version stays downloadable after a correction.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.operations.uploads import PublicUploadTo, public_file_url


class BrochureQuerySet(models.QuerySet):
    def published(self):
        """Brochures of published meetings, newest first."""
        return (
            self.filter(meeting__published=True)
            .select_related("meeting")
            .order_by("-generated_at", "-id")
        )


class Brochure(models.Model):
    meeting = models.ForeignKey(
        "network.Meeting",
        verbose_name=_("bijeenkomst"),
        on_delete=models.PROTECT,
        related_name="brochures",
    )
    version = models.PositiveIntegerField(_("versie"), editable=False)
    introduction = models.TextField(
        _("inleiding"),
        help_text=_("Een korte inleiding van de coördinatoren; een lege regel begint een alinea."),
    )
    file = models.FileField(
        _("PDF"), upload_to=PublicUploadTo("brochures"), max_length=200, editable=False
    )
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0, editable=False)
    page_count = models.PositiveIntegerField(_("aantal pagina's"), default=0, editable=False)
    practice_count = models.PositiveIntegerField(_("aantal praktijken"), default=0, editable=False)
    generated_at = models.DateTimeField(_("gemaakt op"), editable=False)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = BrochureQuerySet.as_manager()

    class Meta:
        ordering = ["-generated_at", "-id"]
        verbose_name = _("brochure van goede praktijken")
        verbose_name_plural = _("brochures van goede praktijken")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"], name="one_brochure_version_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting.title} — v{self.version}"

    @property
    def url(self) -> str:
        return public_file_url(self.file)
