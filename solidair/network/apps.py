from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "solidair.network"
    verbose_name = _("Netwerk")

    def load_reference_data(self) -> list[str]:
        """Part of ``manage.py load_reference_data``: the network's partner organisations."""
        from solidair.network.reference import load_partners

        return [f"partners: {load_partners(self.get_model('PartnerOrganisation'))} new"]
