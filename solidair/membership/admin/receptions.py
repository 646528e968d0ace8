"""Back-office for reception places as the municipalities report them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from solidair.membership.models import ReceptionCount


@admin.register(ReceptionCount)
class ReceptionCountAdmin(SimpleHistoryAdmin):
    """Every count is kept: a new count is a new row, the current one is the latest."""

    list_display = ["municipality", "kind", "places", "counted_on", "reported_at", "reported_by"]
    list_filter = ["kind", "municipality__province"]
    search_fields = ["municipality__name_nl", "municipality__refnis"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality", "reported_by"]
    date_hierarchy = "counted_on"
    fields = ["municipality", "kind", "places", "counted_on", "reported_by"]
    readonly_fields = ["reported_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.reported_by = request.user
        super().save_model(request, obj, form, change)
