"""Back-office for partner organisations and their staff."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from solidair.network.models import PartnerOrganisation, PartnerStaff


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "network_role", "url", "position"]
    list_filter = ["network_role"]
    search_fields = ["name"]


@admin.register(PartnerStaff)
class PartnerStaffAdmin(SimpleHistoryAdmin):
    list_display = ["name", "email", "organisation", "role"]
    list_filter = ["organisation"]
    search_fields = ["name", "email"]
