from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "solidair.municipalities"
    verbose_name = _("Gemeenten")

    def load_reference_data(self) -> list[str]:
        """Part of ``manage.py load_reference_data``: provinces, municipalities, postal codes,
        former municipalities, localities, the municipalities' general website and phone, their
        population, centres and neighbours.
        Returns what it did, one phrase per kind."""
        from solidair.municipalities.neighbours import load_neighbours
        from solidair.municipalities.reference import (
            load_general_contacts,
            load_localities,
            load_municipalities,
        )
        from solidair.municipalities.search import search_index_invalidate

        Municipality = self.get_model("Municipality")
        counts = load_municipalities(
            self.get_model("Province"),
            Municipality,
            self.get_model("PostalCode"),
            self.get_model("FormerMunicipality"),
        )
        counts["localities"] = load_localities(self.get_model("Locality"), Municipality)
        contacts = load_general_contacts(Municipality)
        counts.update(load_neighbours(Municipality))
        # Postal codes and localities are bulk-created, which sends no signal.
        search_index_invalidate()
        return [f"{kind}: {count} new" for kind, count in counts.items()] + [
            f"general contacts filled in or updated: {contacts}"
        ]

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
