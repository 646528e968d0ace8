from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "solidair.municipalities"
    verbose_name = _("Gemeenten")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from solidair.municipalities.search import search_index_invalidate

        # The search's index of names is built again after a change to the reference data.
        for model in ("Municipality", "FormerMunicipality", "Locality", "PostalCode"):
            sender = self.get_model(model)
            post_save.connect(search_index_invalidate, sender=sender, dispatch_uid="search-save")
            post_delete.connect(
                search_index_invalidate, sender=sender, dispatch_uid="search-delete"
            )
        post_migrate.connect(search_index_invalidate, sender=self, dispatch_uid="search-migrate")
