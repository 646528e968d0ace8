"""What composing a letter stores: the templates coordinators edit, version by version, and the
anonymous count of letters composed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from solidair.letters.composing import templating
from solidair.municipalities.models import Municipality


class LetterKind(models.TextChoices):
    JOIN = "join", _("vraag om toe te treden")
    MEMBER = "member", _("dank aan een lid, vraag om meer")


class LetterTemplateQuerySet(models.QuerySet):
    def current(self, kind: str) -> "LetterTemplate":
        """The newest published version of a kind."""
        return self.filter(kind=kind, published=True).latest("version")


class LetterTemplate(models.Model):
    """One version of a letter's text. Versions are never changed once saved:
    editing in the back-office saves a new version."""

    kind = models.CharField(_("soort brief"), max_length=10, choices=LetterKind.choices)
    version = models.PositiveIntegerField(_("versie"), editable=False)
    salutation = models.CharField(_("aanhef"), max_length=200)
    body = models.TextField(
        _("tekst"),
        help_text=_(
            "Lege regel = nieuwe alinea; '## ' = tussentitel; '- ' = opsomming; ^[...] = "
            "voetnoot; velden tussen accolades, bv. {gemeente}. Zie de lijst van velden hieronder."
        ),
    )
    closing = models.CharField(_("slotformule"), max_length=200)
    published = models.BooleanField(
        _("in gebruik"), default=True, help_text=_("De nieuwste versie in gebruik wordt verstuurd.")
    )
    change_note = models.CharField(_("wat is er veranderd?"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = LetterTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="unique_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — v{self.version}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        for name, allow_blocks in (("salutation", False), ("body", True), ("closing", False)):
            try:
                templating.validate(getattr(self, name), allow_blocks=allow_blocks)
            except templating.TemplateError as error:
                errors[name] = error.messages
        if errors:
            raise ValidationError(errors)

    def next_version(self) -> int:
        latest = LetterTemplate.objects.filter(kind=self.kind).aggregate(v=Max("version"))["v"]
        return (latest or 0) + 1


class LetterCount(models.Model):
    """Anonymous: how many letters were composed per municipality, day and kind."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="letter_counts"
    )
    day = models.DateField(_("dag"))
    kind = models.CharField(_("soort brief"), max_length=10, choices=LetterKind.choices)
    template_version = models.PositiveIntegerField(_("sjabloonversie"))
    count = models.PositiveIntegerField(_("aantal"), default=0)

    class Meta:
        ordering = ["-day", "municipality__name_nl"]
        verbose_name = _("aantal brieven")
        verbose_name_plural = _("aantallen brieven")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "day", "kind", "template_version"],
                name="one_letter_count_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.day}: {self.count}"
