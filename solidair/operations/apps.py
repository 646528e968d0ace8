from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the platform: the worker, the outbox, the page cache, health for a monitor, the
    restore drill."""

    name = "solidair.operations"
    verbose_name = _("Werking")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from solidair.operations.pagecache import bump_content_version, content_changed

        # Any change to the network's data invalidates the cached public pages (which apps'
        # data: solidair.operations.pagecache.CONTENT_APPS).
        post_save.connect(content_changed, dispatch_uid="pagecache-save")
        post_delete.connect(content_changed, dispatch_uid="pagecache-delete")
        m2m_changed.connect(content_changed, dispatch_uid="pagecache-m2m")
        post_migrate.connect(bump_content_version, dispatch_uid="pagecache-migrate")
