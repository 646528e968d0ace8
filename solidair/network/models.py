from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NetworkRole(models.TextChoices):
    SUPPORTING = "supporting", _("ondersteunt het netwerk")
    PARTICIPATING = "participating", _("neemt deel aan het netwerk")
    NONE = "", _("geen rol in het netwerk (partner van een initiatief)")


class PartnerOrganisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    network_role = models.CharField(
        _("rol in het netwerk"),
        max_length=15,
        choices=NetworkRole.choices,
        blank=True,
        default=NetworkRole.NONE,
    )
    url = models.URLField(_("website"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")

    def __str__(self) -> str:
        return self.name
