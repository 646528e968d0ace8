from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "solidair.municipalities"
    verbose_name = _("Gemeenten")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from solidair.lib.pagecache import bump_content_version, content_changed
        from solidair.municipalities.search import search_index_invalidate

        # Any change to the network's data invalidates the cached public pages.
        post_save.connect(content_changed, dispatch_uid="pagecache-save")
        post_delete.connect(content_changed, dispatch_uid="pagecache-delete")
        m2m_changed.connect(content_changed, dispatch_uid="pagecache-m2m")
        post_migrate.connect(bump_content_version, dispatch_uid="pagecache-migrate")

        # The search's index of names is built again after a change to the reference data.
        for model in ("Municipality", "FormerMunicipality", "Locality", "PostalCode"):
            sender = self.get_model(model)
            post_save.connect(search_index_invalidate, sender=sender, dispatch_uid="search-save")
            post_delete.connect(
                search_index_invalidate, sender=sender, dispatch_uid="search-delete"
            )
        post_migrate.connect(search_index_invalidate, sender=self, dispatch_uid="search-migrate")
