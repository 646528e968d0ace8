"""Reports that a public claim about a municipality is not right ("Klopt dit niet?"), the
municipality's reply, and the coordinators' public outcome."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from solidair.lib.i18n import language_field
from solidair.municipalities.models import Municipality


class CorrectionReportStatus(models.TextChoices):
    OPEN = "open", _("open")
    HANDLED = "handled", _("afgehandeld")


class ClaimKind(models.TextChoices):
    """What a report is about: one public claim of the municipality's page, or the page."""

    PAGE = "page", _("de pagina in het algemeen")
    MEMBERSHIP = "membership", _("het lidmaatschap")
    COMMITMENT = "commitment", _("een engagement")
    INITIATIVE = "initiative", _("een praktijk")
    RECEPTION = "reception", _("de opvangplaatsen")


class ReplyPosition(models.TextChoices):
    """The municipality's answer to a report (its right of reply)."""

    AGREE = "agree", _("De gemeente is het eens met de melding")
    DISAGREE = "disagree", _("De gemeente is het niet eens met de melding")


class Outcome(models.TextChoices):
    """What the coordinators decided. ``HANDLED`` is for the reports of before outcomes were
    recorded: handled, outcome unknown, never shown in public."""

    CORRECTED = "corrected", _("rechtgezet")
    CONFIRMED = "confirmed", _("bevestigd: het klopt wel")
    DISMISSED = "dismissed", pgettext_lazy("report outcome", "afgewezen")
    HANDLED = "handled", _("afgehandeld (uitkomst niet bijgehouden)")


# The outcomes shown on the municipality's page.
PUBLIC_OUTCOMES = (Outcome.CORRECTED, Outcome.CONFIRMED, Outcome.DISMISSED)


class CorrectionReportQuerySet(models.QuerySet):
    def undecided(self):
        return self.filter(outcome="")

    def public(self):
        """Decided with a public outcome: the page shows them, without the reporter."""
        return self.filter(outcome__in=PUBLIC_OUTCOMES)


class CorrectionReport(models.Model):
    """Someone says that a claim on a municipality's page is not right ("Klopt dit niet?");
    the municipality's contacts may reply, and a coordinator decides the outcome, which is
    public.

    The address is personal data, kept only to answer (solidair/membership/corrections.py
    erases it, with the mail that carried it, as the privacy page says); the history leaves
    it out.
    """

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="correction_reports",
    )
    claim_kind = models.CharField(
        _("waarover"), max_length=12, choices=ClaimKind.choices, default=ClaimKind.PAGE
    )
    # The claim itself, when it still exists; ``claim_title`` keeps what it was called.
    membership = models.ForeignKey(
        "membership.Membership",
        verbose_name=_("lidmaatschap"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    commitment = models.ForeignKey(
        "membership.Commitment",
        verbose_name=_("engagement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",  # initiatives builds on membership: named as a string
        verbose_name=_("praktijk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reception_count = models.ForeignKey(
        "membership.ReceptionCount",
        verbose_name=_("opvangplaatsen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    claim_title = models.CharField(_("de bewering"), max_length=300, blank=True)
    message = models.TextField(_("wat er niet klopt"), max_length=2000)
    source_url = models.URLField(_("bron"), max_length=500, blank=True)
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
    # The municipality's reply (public once the outcome is).
    reply_position = models.CharField(
        _("antwoord van de gemeente"), max_length=10, choices=ReplyPosition.choices, blank=True
    )
    reply_note = models.TextField(_("publieke toelichting van de gemeente"), blank=True)
    reply_evidence_url = models.URLField(_("bewijs van de gemeente"), max_length=500, blank=True)
    replied_at = models.DateTimeField(_("geantwoord op"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geantwoord door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The coordinators' outcome: ``handled_at``/``handled_by`` say when and who decided.
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(
        _("publieke reden"),
        blank=True,
        help_text=_("Getoond op de pagina van de gemeente; verplicht bij 'afgewezen'."),
    )
    message_public = models.BooleanField(
        _("tekst van de melding publiek"),
        default=True,
        help_text=_(
            "Toon wat de melder schreef bij de uitkomst. Vink uit als de tekst persoonlijke "
            "gegevens of ongepaste taal bevat; de reden volstaat dan."
        ),
    )
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
    history = HistoricalRecords(excluded_fields=["email"])

    objects = CorrectionReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding 'Klopt dit niet?'")
        verbose_name_plural = _("meldingen 'Klopt dit niet?'")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="dismissed") | ~Q(outcome_reason=""),
                name="dismissed_report_has_reason",
                violation_error_message=_("Geef een publieke reden om een melding af te wijzen."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name_nl}, {self.created_at:%d-%m-%Y}"

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)
