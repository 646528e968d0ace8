from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from solidair.network.models import PartnerOrganisation


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "network_role", "url", "position"]
    list_filter = ["network_role"]
    search_fields = ["name"]


# --- The learning network (issue #7): meetings, registrations and partner staff
# (meeting_admin), brochures and recommendations (learning_admin); registered on import.
from solidair.network import learning_admin, meeting_admin  # noqa: E402, F401
