from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "solidair.opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from solidair.letters.models import (
            CollectiveLetter,
            CoSignature,
            CouncilResponse,
            ResidentLetter,
        )
        from solidair.lib.pagecache import bump_content_version

        # The map, the figures and the campaign counts show these: a letter sent, a signature
        # confirmed or an answer published shows at once, like a membership does.
        for model in (ResidentLetter, CollectiveLetter, CoSignature, CouncilResponse):
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_content_version,
                    sender=model,
                    dispatch_uid=f"opendata-pagecache-{signal is post_save}-{model.__name__}",
                )
