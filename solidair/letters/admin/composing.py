"""The letter templates coordinators edit, and the anonymous count of letters composed."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from solidair.letters.composing.templating import FIELDS
from solidair.letters.models import LetterCount, LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """Editing a template saves a new version; the old one stays as it was, so
    every letter can be traced to the exact text it used."""

    list_display = ["__str__", "kind", "version", "published", "created_at", "created_by"]
    list_filter = ["kind", "published"]
    readonly_fields = ["version", "created_at", "created_by", "available_fields"]
    fields = [
        "kind",
        "version",
        "salutation",
        "body",
        "closing",
        "published",
        "change_note",
        "available_fields",
        "created_at",
        "created_by",
    ]

    @admin.display(description=_("beschikbare velden"))
    def available_fields(self, obj=None):
        return format_html_join(
            "",
            "<div><code>{{{}}}</code>: {}</div>",
            ((name, help) for name, help in FIELDS.items()),
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "kind"] if obj else fields

    def save_model(self, request, obj, form, change):
        if change:
            # Never overwrite a version: save the edit as the next one.
            obj.pk = None
            obj._state.adding = True
        obj.version = obj.next_version()
        obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LetterCount)
class LetterCountAdmin(admin.ModelAdmin):
    list_display = ["day", "municipality", "kind", "template_version", "count"]
    list_filter = ["kind", "day", "municipality__province"]
    search_fields = ["municipality__name_nl"]
    date_hierarchy = "day"
    list_select_related = ["municipality"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
