from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the platform: health for a monitor, the worker's heartbeat, the restore drill."""

    name = "solidair.operations"
    verbose_name = _("Werking")
