from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from solidair.network.models import Introduction


@admin.register(Introduction)
class IntroductionAdmin(SimpleHistoryAdmin):
    """The pairs that asked to meet: the coordinators follow them up and take them to the next
    learning meeting (which lists them too)."""

    list_display = [
        "requested_at",
        "from_municipality",
        "to_municipality",
        "activity",
        "requested_by",
    ]
    list_filter = ["activity"]
    search_fields = ["from_municipality__name_nl", "to_municipality__name_nl"]
    date_hierarchy = "requested_at"
    list_select_related = ["from_municipality", "to_municipality", "activity", "requested_by"]
    autocomplete_fields = ["from_municipality", "to_municipality"]
    raw_id_fields = ["requested_by"]
