from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last sign of life of a worker (``run_worker`` writes it every
    ``solidair.operations.health.HEARTBEAT_SECONDS``); /gezondheid/ reads it. In the database,
    not the cache, so that it is seen by every web server even without a shared cache. Nobody
    edits it: no history."""

    name = models.CharField(_("naam"), max_length=50, primary_key=True)
    beat_at = models.DateTimeField(_("laatste teken van leven"))

    class Meta:
        verbose_name = _("hartslag van de worker")
        verbose_name_plural = _("hartslagen van de worker")

    def __str__(self) -> str:
        return self.name
