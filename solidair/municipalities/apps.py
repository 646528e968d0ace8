from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "solidair.municipalities"
    verbose_name = _("Gemeenten")
