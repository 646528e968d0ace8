from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from solidair.network.models import PartnerOrganisation


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "network_role", "url", "position"]
    list_filter = ["network_role"]
    search_fields = ["name"]


# --- Learning meetings, registrations, partner staff (issue #7, items 1-4) -------------------
from solidair.network import meeting_admin  # noqa: E402, F401
