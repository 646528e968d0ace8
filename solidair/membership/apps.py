from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "solidair.membership"
    verbose_name = _("Lidmaatschap")

    def load_reference_data(self) -> list[str]:
        """Part of ``manage.py load_reference_data``: the ten activities."""
        from solidair.membership.reference import load_activities

        return [f"activities: {load_activities(self.get_model('Activity'))} new"]
