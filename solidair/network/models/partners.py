"""Partner organisations of the network and the staff who may register for its meetings."""

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


class PartnerStaff(models.Model):
    """A partner organisation's employee who may register for meetings.

    Coordinators keep this list; the address signs in with the portal's e-mailed link.
    """

    organisation = models.ForeignKey(
        "network.PartnerOrganisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="staff",
    )
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"), unique=True)
    role = models.CharField(_("functie"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("medewerker van een partnerorganisatie")
        verbose_name_plural = _("medewerkers van partnerorganisaties")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.organisation})"
