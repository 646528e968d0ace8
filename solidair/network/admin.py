from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from solidair.network.models import PartnerOrganisation


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "network_role", "url", "position"]
    list_filter = ["network_role"]
    search_fields = ["name"]


# --- Brochures and recommendations (issue #7, items 5–6) ---
from solidair.network import learning_admin  # noqa: E402, F401
