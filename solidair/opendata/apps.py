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

        # The map, the figures and the campaign counts show these: a letter sent, a signature
        # confirmed or an answer published shows at once, like a membership does. Letters that
        # are still being written or confirmed are not public: saving them (many times, during
        # a campaign) leaves the cached pages alone.
        for model in (ResidentLetter, CollectiveLetter, CoSignature, CouncilResponse):
            for signal in (post_save, post_delete):
                signal.connect(
                    campaign_changed,
                    sender=model,
                    dispatch_uid=f"opendata-pagecache-{signal is post_save}-{model.__name__}",
                )


def campaign_changed(sender, instance, **kwargs) -> None:
    from solidair.letters.models import CoSignature, CouncilResponse, LetterStatus
    from solidair.lib.pagecache import bump_content_version

    if isinstance(instance, CouncilResponse):
        public = True
    elif isinstance(instance, CoSignature):
        public = instance.confirmed_at is not None
    else:
        # A collective letter is public (its count, its page) once open for signatures.
        public = instance.status in (LetterStatus.SENT, LetterStatus.OPEN, LetterStatus.WAITING)
    if public:
        bump_content_version()
