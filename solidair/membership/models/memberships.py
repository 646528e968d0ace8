"""Memberships: the activities to commit to, a member's commitments, and its contacts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.membership.models.checkins import unconfirmed_since
from solidair.municipalities.models import Municipality
from solidair.operations.uploads import PublicUploadTo, public_file_url

MIN_COMMITMENTS = 3


class Activity(models.Model):
    """One of the ten activities a Solidaire Gemeente can commit to."""

    OTHER = "other"

    code = models.SlugField(_("code"), max_length=20, unique=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    label_nl = models.CharField(_("label (Nederlands)"), max_length=120)
    label_fr = models.CharField(_("label (Frans)"), max_length=120)
    label_en = models.CharField(_("label (Engels)"), max_length=120)
    description_nl = models.TextField(_("omschrijving (Nederlands)"))
    description_fr = models.TextField(_("omschrijving (Frans)"))
    description_en = models.TextField(_("omschrijving (Engels)"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        verbose_name = _("engagement (activiteit)")
        verbose_name_plural = _("engagementen (activiteiten)")

    def __str__(self) -> str:
        return self.label

    def _pick(self, field: str) -> str:
        language = (get_language() or "nl").split("-")[0]
        return getattr(self, f"{field}_{language}", "") or getattr(self, f"{field}_nl")

    @property
    def label(self) -> str:
        return self._pick("label")

    @property
    def description(self) -> str:
        return self._pick("description")


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("aangevraagd")
    MEMBER = "member", _("lid")
    SUSPENDED = "suspended", _("geschorst")
    LEFT = "left", _("uitgetreden")


class DecisionBody(models.TextChoices):
    COUNCIL = "council", _("gemeenteraad")
    COLLEGE = "college", _("college van burgemeester en schepenen")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MembershipStatus.MEMBER)

    def current(self):
        """The one membership per municipality that is not over."""
        return self.exclude(status=MembershipStatus.LEFT)

    def to_confirm(self):
        return self.active().filter(commitments_to_confirm=True)

    def with_confirmation(self):
        """Annotates ``unconfirmed_since``: when the member's unanswered check-in was flagged
        (None for a member that answered in time)."""
        return self.annotate(unconfirmed_since=unconfirmed_since())

    def unconfirmed(self):
        """Active members flagged "niet bevestigd": a check-in left unanswered too long."""
        return self.active().with_confirmation().filter(unconfirmed_since__isnull=False)

    def with_public_details(self):
        return self.select_related("municipality__province").prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.with_ladder())
        )


class Membership(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLIED,
    )
    member_since = models.DateField(
        _("lid sinds"),
        null=True,
        blank=True,
        help_text=_("Datum van de beslissing. Leeg voor leden waarvan de datum niet bekend is."),
    )
    decision_body = models.CharField(
        _("beslist door"), max_length=10, choices=DecisionBody.choices, blank=True
    )
    decision_date = models.DateField(_("datum van de beslissing"), null=True, blank=True)
    decision_url = models.URLField(_("link naar de beslissing"), max_length=500, blank=True)
    decision_document = models.FileField(
        _("document van de beslissing"), upload_to="decisions/%Y/", blank=True
    )
    commitments_to_confirm = models.BooleanField(
        _("engagementen nog te bevestigen"),
        default=False,
        help_text=_(
            "Voor leden uit de vorige netwerkpagina: die zei niet welke engagementen ze "
            "kozen. Zolang dit aangevinkt is, geldt de regel van minstens drie engagementen niet."
        ),
    )
    last_confirmed_on = models.DateField(_("laatst bevestigd op"), null=True, blank=True)
    public_text = models.TextField(_("publieke tekst"), blank=True)
    notes = models.TextField(_("interne notities"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name_nl"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=~Q(status="left"),
                name="one_current_membership_per_municipality",
                violation_error_message=_("Deze gemeente heeft al een lopend lidmaatschap."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.MEMBER

    @property
    def requires_minimum(self) -> bool:
        return self.is_active and not self.commitments_to_confirm

    def validate_commitment_count(self, count: int) -> None:
        """The rule of the network: an active member commits to at least three activities."""
        if self.requires_minimum and count < MIN_COMMITMENTS:
            raise ValidationError(
                ngettext(
                    "Een actief lid kiest minstens %(minimum)d engagementen; "
                    "er is er nu %(count)d.",
                    "Een actief lid kiest minstens %(minimum)d engagementen; er zijn er nu "
                    "%(count)d.",
                    count,
                )
                % {"minimum": MIN_COMMITMENTS, "count": count},
                code="too_few_commitments",
            )

    def clean(self) -> None:
        super().clean()
        if self.requires_minimum and not self.member_since:
            raise ValidationError({"member_since": _("Een lid heeft een datum van toetreding.")})
        # Forms that edit commitments together with the membership (the admin's
        # inline) check the submitted commitments instead of the stored ones.
        if not getattr(self, "defer_commitment_check", False):
            self.validate_commitment_count(self.commitments.active().count() if self.pk else 0)


class Rung(models.IntegerChoices):
    """The ladder a commitment climbs, from a decision on paper to something a resident can
    see or use. Each rung reached has its own date and evidence (CommitmentRung)."""

    DECIDED = 1, _("beslist")
    IN_POLICY = 2, _("in beleid")
    IN_PROGRESS = 3, _("in uitvoering")
    VISIBLE = 4, _("zichtbaar voor inwoners")

    @property
    def code(self) -> str:
        """The rung's name in the open data and the API."""
        return RUNG_CODES[self]

    @property
    def explanation(self) -> str:
        return str(RUNG_EXPLANATIONS[self])


RUNG_CODES = {
    Rung.DECIDED: "decided",
    Rung.IN_POLICY: "in_policy",
    Rung.IN_PROGRESS: "in_progress",
    Rung.VISIBLE: "visible",
}
RUNG_EXPLANATIONS = {
    Rung.DECIDED: _("een beslissing van de gemeenteraad of het college"),
    Rung.IN_POLICY: _("een plan, een budgetlijn of een reglement"),
    Rung.IN_PROGRESS: _("het loopt"),
    Rung.VISIBLE: _(
        "iets wat een inwoner kan zien of gebruiken: een pagina, een dienst, een nummer"
    ),
}
# From this rung on, a commitment counts as realised: it runs (Commitment.objects.realised()).
REALISED_FROM = Rung.IN_PROGRESS


class CommitmentState(models.TextChoices):
    ACTIVE = "active", _("lopend")
    # Paused: on hold for a while; it keeps its rungs and still counts towards the rule of three.
    PAUSED = "paused", _("gepauzeerd")
    # Stopped: stays visible with its history, but no longer counts towards the rule of three:
    # a member that stops one keeps at least three others.
    STOPPED = "stopped", _("stopgezet")


class CommitmentQuerySet(models.QuerySet):
    def active(self):
        """The commitments that count towards the rule of three: all but the stopped ones."""
        return self.exclude(state=CommitmentState.STOPPED)

    def realised(self):
        """The commitments a member has realised (running, or visible to residents, and not
        paused or stopped): what another municipality can learn from."""
        return self.filter(state=CommitmentState.ACTIVE, rung__gte=REALISED_FROM)

    def with_rungs(self):
        """With the activity and the rungs: what the open data shows of the ladder."""
        return self.select_related("activity").prefetch_related("rungs")

    def with_ladder(self):
        """With the rungs, and ``open_disputes``: the coordinators' published disputes of the
        commitment that are not resolved yet (solidair/membership/replies.py), as the pages
        show them."""
        from solidair.membership.models.replies import ClaimChange  # it builds on this module

        return self.with_rungs().prefetch_related(
            Prefetch(
                "claim_changes",
                queryset=ClaimChange.objects.open_disputes(),
                to_attr="open_disputes",
            ),
        )


class Commitment(models.Model):
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("lidmaatschap"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activiteit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(
        _("eigen titel"),
        max_length=200,
        blank=True,
        help_text=_("Verplicht voor 'andere activiteit'."),
    )
    description = models.TextField(_("wat de gemeente doet"), blank=True)
    # The highest rung with a CommitmentRung, kept by solidair/membership/ladder.py so that
    # lists, counts and filters need no join.
    rung = models.PositiveSmallIntegerField(
        _("bereikte sport"), choices=Rung.choices, default=Rung.DECIDED, editable=False
    )
    state = models.CharField(
        _("toestand"),
        max_length=10,
        choices=CommitmentState.choices,
        default=CommitmentState.ACTIVE,
    )
    state_date = models.DateField(
        _("gepauzeerd of stopgezet op"),
        null=True,
        blank=True,
        help_text=_("Alleen voor een gepauzeerd of stopgezet engagement."),
    )
    state_note = models.CharField(_("waarom gepauzeerd of stopgezet"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["activity__position"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagementen")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "activity"],
                name="one_commitment_per_activity",
                violation_error_message=_("Elk engagement kan maar één keer gekozen worden."),
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.activity.code == Activity.OTHER and self.title:
            return self.title
        return self.activity.label

    @property
    def is_active(self) -> bool:
        return self.state != CommitmentState.STOPPED

    @property
    def is_realised(self) -> bool:
        """As ``Commitment.objects.realised()``."""
        return self.state == CommitmentState.ACTIVE and self.rung >= REALISED_FROM

    @property
    def reached(self) -> "CommitmentRung | None":
        """The record of the rung reached (from the prefetched rungs)."""
        return next((r for r in self.rungs.all() if r.rung == self.rung), None)

    @property
    def ladder(self) -> list[tuple[Rung, "CommitmentRung | None"]]:
        """Every rung, lowest first, with its record if it was reached."""
        by_rung = {r.rung: r for r in self.rungs.all()}
        return [(rung, by_rung.get(rung)) for rung in Rung]

    def clean(self) -> None:
        super().clean()
        if self.activity_id and self.activity.code == Activity.OTHER and not self.title.strip():
            raise ValidationError({"title": _("Geef een titel voor de andere activiteit.")})
        if self.state != CommitmentState.ACTIVE and not self.state_date:
            raise ValidationError(
                {
                    "state_date": _(
                        "Geef de datum waarop het engagement gepauzeerd of stopgezet werd."
                    )
                }
            )
        if self.state == CommitmentState.ACTIVE and self.state_date:
            self.state_date = None


class CommitmentRung(models.Model):
    """One rung a commitment reached: when, and the evidence. Without a link or a document the
    rung is claimed, not proven; without a date (members carried over from the former network
    page) it is claimed with its date unknown until the municipality confirms it."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("engagement"), on_delete=models.CASCADE, related_name="rungs"
    )
    rung = models.PositiveSmallIntegerField(_("sport"), choices=Rung.choices)
    date = models.DateField(_("datum"), null=True, blank=True)
    evidence_url = models.URLField(_("link naar bewijs"), max_length=500, blank=True)
    evidence_note = models.CharField(_("bron"), max_length=300, blank=True)
    evidence_document = models.FileField(
        _("bewijs (PDF)"), upload_to=PublicUploadTo("evidence"), max_length=200, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment", "rung"]
        verbose_name = _("sport van een engagement")
        verbose_name_plural = _("sporten van engagementen")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "rung"],
                name="one_record_per_rung",
                violation_error_message=_("Deze sport staat er al."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.get_rung_display()}"

    @property
    def is_proven(self) -> bool:
        return bool(self.evidence_url or self.evidence_document)

    @property
    def evidence_document_url(self) -> str:
        return public_file_url(self.evidence_document)


class ContactPerson(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("naam"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"))
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    role = models.CharField(_("functie"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("publiek"), default=True, help_text=_("Getoond op de publieke pagina en in de API.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__name_nl", "name", "email"]
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "email"],
                name="unique_contact_email_per_municipality",
                violation_error_message=_("Dit e-mailadres is al een contact van deze gemeente."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email
