from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from solidair.municipalities.models import (
    ContactOrigin,
    FormerMunicipality,
    Locality,
    Municipality,
    Province,
)


class FormerMunicipalityInline(admin.TabularInline):
    model = FormerMunicipality
    fk_name = "merged_into"
    extra = 0
    fields = ["name", "refnis", "merged_on"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name_nl", "name_fr", "refnis", "province", "is_city"]
    list_filter = ["region", "province", "is_city"]
    search_fields = ["name_nl", "name_fr", "refnis", "postal_codes__code"]
    readonly_fields = [
        "refnis",
        "name_nl",
        "name_fr",
        "slug",
        "province",
        "region",
        "population",
        "neighbour_names",
    ]
    fields = [
        *readonly_fields,
        "is_city",
        "website",
        "phone",
        "contact_origin",
        "contact_verified_on",
    ]
    list_select_related = ["province"]
    # Membership adds the contact persons' inline in front (solidair/membership/admin.py).
    inlines = [FormerMunicipalityInline]

    @admin.display(description=_("buurgemeenten"))
    def neighbour_names(self, municipality: Municipality) -> str:
        return ", ".join(m.name_nl for m in municipality.neighbours.order_by("name_nl")) or "–"

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "contact_origin", "contact_verified_on"]

    def save_model(self, request, obj, form, change):
        # A corrected website or phone is the network's own: the reference data (the
        # Organisatieportaal) never overwrites it (load_reference_data).
        if {"website", "phone"} & set(form.changed_data):
            obj.contact_origin = ContactOrigin.NETWORK
            obj.contact_verified_on = timezone.localdate()
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request):
        # Municipalities are reference data from Statbel (load_reference_data).
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FormerMunicipality)
class FormerMunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "refnis", "merged_into", "merged_on"]
    search_fields = ["name", "refnis", "merged_into__name_nl"]
    list_select_related = ["merged_into"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    """Reference data (solidair/municipalities/data/localities-2025.csv): read only."""

    list_display = ["name_nl", "name_fr", "postal_code", "municipality"]
    search_fields = ["name_nl", "name_fr", "postal_code", "municipality__name_nl"]
    list_select_related = ["municipality"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_fr", "refnis", "region"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
