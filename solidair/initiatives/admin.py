from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from solidair.initiatives.models import Initiative, InitiativeLink, SubProject
from solidair.initiatives.services import initiative_search_refresh


class InitiativeLinkInline(admin.TabularInline):
    model = InitiativeLink
    extra = 0


class SubProjectInline(admin.TabularInline):
    model = SubProject
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "municipality", "is_highlighted", "published", "updated_at"]
    list_filter = [
        "published",
        "is_highlighted",
        "audience",
        "cost_band",
        "themes",
        "municipality__province",
    ]
    search_fields = ["title", "summary", "text", "aim", "approach", "municipality__name_nl"]
    autocomplete_fields = ["municipality", "contact"]
    filter_horizontal = ["themes", "partners"]
    list_select_related = ["municipality"]
    inlines = [SubProjectInline, InitiativeLinkInline]
    fieldsets = [
        (None, {"fields": ["municipality", "title", "summary", "started_year", "text"]}),
        (_("Doel en doelgroep"), {"fields": ["aim", ("audience", "audience_note")]}),
        (_("Aanpak"), {"fields": ["approach"]}),
        (_("Resultaat"), {"fields": ["result", ("people_reached", "people_reached_year")]}),
        (_("Kosten en financiering"), {"fields": ["cost_band", "funding"]}),
        (
            _("Samenwerken en overnemen"),
            {"fields": ["local_partners", "partners", "to_copy", "themes", "contact"]},
        ),
        (
            _("Publicatie"),
            {
                "fields": [
                    ("is_highlighted", "published"),
                    # Uploaded (checked and resized) in the portal; coordinators correct the
                    # description.
                    ("image", "image_alt"),
                    "source_note",
                ]
            },
        ),
    ]
    readonly_fields = ["image"]

    # The search index follows what is saved: the initiative (also when a version is restored
    # from its history, which saves only the initiative), then its sub-projects and links.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        initiative_search_refresh(initiative=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        initiative_search_refresh(initiative=form.instance)
