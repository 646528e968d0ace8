"""Applications to join the network: a draft the applicant fills in, then a coordinator's review.

An application is reached by its applicant through a secret link. Only a hash of the link's
token is stored (``token_hash``); the token itself is an HMAC of a random ``token_nonce`` with
the SECRET_KEY, so the mails sent later (changes requested) can repeat the same link without
the database holding it. Deciding the application clears both: the link is void.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.lib.i18n import language_field
from solidair.membership.models import Activity, DecisionBody, Membership
from solidair.municipalities.models import Municipality
from solidair.operations.uploads import PrivateUploadTo

TOKEN_SALT = "solidair.applications.draft-link"  # noqa: S105  (a namespace, not a secret)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_from_nonce(nonce: str) -> str:
    return salted_hmac(TOKEN_SALT, nonce, algorithm="sha256").hexdigest()


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    SUBMITTED = "submitted", _("ingediend")
    CHANGES_REQUESTED = "changes_requested", _("wijzigingen gevraagd")
    APPROVED = "approved", _("goedgekeurd")
    REJECTED = "rejected", _("afgewezen")


OPEN_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.CHANGES_REQUESTED,
)
EDITABLE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED)


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def by_token(self, token: str):
        """The open application this link belongs to (empty when void or unknown)."""
        if not token or len(token) > 128:
            return self.none()
        return self.open().filter(token_hash=token_hash(token))

    def with_parts(self):
        return self.select_related("municipality", "decided_by").prefetch_related(
            models.Prefetch(
                "commitments", queryset=ApplicationCommitment.objects.select_related("activity")
            ),
            "contacts",
        )


class Application(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    applicant_name = models.CharField(_("naam van de aanvrager"), max_length=200)
    applicant_email = models.EmailField(_("e-mailadres van de aanvrager"))
    applicant_role = models.CharField(_("functie van de aanvrager"), max_length=200)
    decision_body = models.CharField(
        _("beslist door"), max_length=10, choices=DecisionBody.choices, blank=True
    )
    decision_date = models.DateField(_("datum van de beslissing"), null=True, blank=True)
    decision_url = models.URLField(_("link naar de beslissing"), max_length=500, blank=True)
    decision_document = models.FileField(
        _("document van de beslissing"),
        upload_to=PrivateUploadTo("applications"),
        blank=True,
        max_length=200,
    )
    token_nonce = models.CharField(max_length=64, blank=True, editable=False)
    # NULL, not "", once void: unique must not compare void links with each other.
    token_hash = models.CharField(  # noqa: DJ001
        max_length=64, null=True, unique=True, editable=False
    )
    review_message = models.TextField(
        _("bericht van de coördinatoren"),
        blank=True,
        help_text=_(
            "Het laatste bericht aan de aanvrager: de vraag om aan te passen of de uitleg bij "
            "de beslissing."
        ),
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beslist door (coördinator)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("lidmaatschap"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        help_text=_("Het lidmaatschap dat de goedkeuring maakte of bijwerkte."),
    )
    created_at = models.DateTimeField(_("begonnen op"), auto_now_add=True)
    # The applicant's language on the site: the mails about the application are in it.
    language = language_field()
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["token_nonce", "token_hash"])

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")

    def __str__(self) -> str:
        return f"{self.municipality.name_nl} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def link_token(self) -> str:
        """The token of the applicant's link; empty once the link is void."""
        if not self.token_nonce:
            return ""
        return token_from_nonce(self.token_nonce)


class ApplicationCommitment(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activiteit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("eigen titel"), max_length=200, blank=True)
    description = models.TextField(_("wat de gemeente doet of zal doen"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity__position"]
        verbose_name = _("gekozen engagement")
        verbose_name_plural = _("gekozen engagementen")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "activity"], name="one_application_commitment_per_activity"
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.activity.code == Activity.OTHER and self.title:
            return self.title
        return self.activity.label


class ApplicationContact(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    # A draft may hold a person not yet complete; submitting needs name, address and role.
    name = models.CharField(_("naam"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    role = models.CharField(_("functie"), max_length=200, blank=True)
    is_public = models.BooleanField(_("publiek"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("contactpersoon in de aanvraag")
        verbose_name_plural = _("contactpersonen in de aanvraag")

    def __str__(self) -> str:
        return f"{self.name or '—'} <{self.email or '—'}>"
