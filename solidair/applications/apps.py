from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "solidair.applications"
    verbose_name = _("Aanvragen om aan te sluiten")
