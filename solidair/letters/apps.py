from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


def council_address_changed(sender, using=None, **kwargs) -> None:
    """A municipality's page shows its council's address (not while it does not work): a
    change is a change of the pages' content, although this app's other models are not."""
    from solidair.municipalities.models import Municipality
    from solidair.operations.pagecache import content_changed

    content_changed(Municipality, using=using)


def campaign_changed(sender, instance, **kwargs) -> None:
    """The map, the figures and the campaign counts show letters sent, signatures confirmed and
    answers published: such a change shows at once, like a membership does. Letters that are
    still being written or confirmed are not public: saving them (many times, during a
    campaign) leaves the cached pages alone."""
    from solidair.letters.models import CoSignature, CouncilResponse, LetterStatus
    from solidair.operations.pagecache import bump_content_version

    if isinstance(instance, CouncilResponse):
        public = True
    elif isinstance(instance, CoSignature):
        public = instance.confirmed_at is not None
    else:
        # A collective letter is public (its count, its page) once open for signatures.
        public = instance.status in (LetterStatus.SENT, LetterStatus.OPEN, LetterStatus.WAITING)
    if public:
        bump_content_version()


class LettersConfig(AppConfig):
    name = "solidair.letters"
    verbose_name = _("Brieven van inwoners")

    def load_reference_data(self) -> list[str]:
        """Part of ``manage.py load_reference_data``: the first version of the letters and
        the councils' e-mail addresses (from the municipalities' contacts file)."""
        from solidair.letters.composing.reference import load_default_templates
        from solidair.letters.delivery.addresses import load_council_addresses

        templates = load_default_templates(self.get_model("LetterTemplate"))
        addresses = load_council_addresses(
            self.get_model("CouncilAddress"), apps.get_model("municipalities", "Municipality")
        )
        return [
            f"letter templates: {templates} new",
            f"council addresses created or updated: {addresses}",
        ]

    def warm_up(self) -> None:
        """In a forked web worker (solidair.operations.warmup.prepare_worker): a sample letter
        PDF, so that Typst's fonts and caches are ready before the first resident's preview."""
        from solidair.letters.composing.renderers.pdf import warm_up

        warm_up()

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from solidair.letters.models import (
            CollectiveLetter,
            CoSignature,
            CouncilAddress,
            CouncilResponse,
            ResidentLetter,
        )

        post_save.connect(
            council_address_changed, sender=CouncilAddress, dispatch_uid="address-saved"
        )
        post_delete.connect(
            council_address_changed, sender=CouncilAddress, dispatch_uid="address-deleted"
        )
        for model in (ResidentLetter, CollectiveLetter, CoSignature, CouncilResponse):
            for signal in (post_save, post_delete):
                signal.connect(
                    campaign_changed,
                    sender=model,
                    dispatch_uid=f"opendata-pagecache-{signal is post_save}-{model.__name__}",
                )
