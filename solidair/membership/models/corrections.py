"""Reports that something on a municipality's page is not right ("Klopt er iets niet?")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from solidair.lib.i18n import language_field
from solidair.municipalities.models import Municipality


class CorrectionReportStatus(models.TextChoices):
    OPEN = "open", _("open")
    HANDLED = "handled", _("afgehandeld")


class CorrectionReport(models.Model):
    """Someone says that something on a municipality's page is not right ("Klopt er iets
    niet?"); it waits in the coordinators' queue until one of them handles it.

    The address is personal data, kept only to answer (solidair/membership/corrections.py
    erases it, with the mail that carried it, as the privacy page says).
    """

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="correction_reports",
    )
    message = models.TextField(_("wat er niet klopt"), max_length=2000)
    email = models.EmailField(
        _("e-mailadres voor een antwoord"),
        blank=True,
        help_text=_("Niet verplicht; gewist zoals de privacypagina zegt."),
    )
    # The reporter's language on the site: answer in it.
    language = language_field()
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CorrectionReportStatus.choices,
        default=CorrectionReportStatus.OPEN,
    )
    note = models.TextField(
        _("notitie van de coördinatoren"),
        blank=True,
        help_text=_("Wat er met de melding gebeurde (niet publiek)."),
    )
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erased_at = models.DateTimeField(_("e-mailadres gewist op"), null=True, blank=True)
    # The coordinators' notice, which repeats the address: erased with it.
    mails = models.ManyToManyField("post_office.Email", blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding 'Klopt er iets niet?'")
        verbose_name_plural = _("meldingen 'Klopt er iets niet?'")

    def __str__(self) -> str:
        return f"{self.municipality.name_nl}, {self.created_at:%d-%m-%Y}"
