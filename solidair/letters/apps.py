from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def council_address_changed(sender, using=None, **kwargs) -> None:
    """A municipality's page shows its council's address (not while it does not work): a
    change is a change of the pages' content, although this app's other models are not."""
    from solidair.lib.pagecache import content_changed
    from solidair.municipalities.models import Municipality

    content_changed(Municipality, using=using)


class LettersConfig(AppConfig):
    name = "solidair.letters"
    verbose_name = _("Brieven van inwoners")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from solidair.letters.models import CouncilAddress

        post_save.connect(
            council_address_changed, sender=CouncilAddress, dispatch_uid="address-saved"
        )
        post_delete.connect(
            council_address_changed, sender=CouncilAddress, dispatch_uid="address-deleted"
        )
