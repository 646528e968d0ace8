"""Back-office for policy recommendations, their steps, and the positions they address."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from solidair.network.models import (
    Level,
    Position,
    PositionHolder,
    Recommendation,
    RecommendationStep,
)
from solidair.operations.uploads import validate_pdf


class PositionHolderInline(admin.TabularInline):
    model = PositionHolder
    extra = 1
    fields = ["name", "start", "end"]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "level", "current_holder"]
    list_filter = ["level"]
    search_fields = ["title", "holders__name"]
    inlines = [PositionHolderInline]

    @admin.display(description=_("bekleder vandaag"))
    def current_holder(self, obj):
        return obj.holder_on(timezone.localdate()) or "—"


@admin.register(PositionHolder)
class PositionHolderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position", "start", "end"]
    list_filter = ["position"]
    search_fields = ["name", "position__title"]


class RecommendationStepForm(forms.ModelForm):
    class Meta:
        model = RecommendationStep
        fields = ["status", "date", "note", "document", "url"]

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and hasattr(document, "content_type"):  # a new upload
            validate_pdf(document)
        return document


class RecommendationStepInline(admin.StackedInline):
    model = RecommendationStep
    form = RecommendationStepForm
    extra = 1


class RecommendationAdminForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = [
            "title",
            "text",
            "level",
            "meeting",
            "addressee",
            "activities",
            "published",
            "position",
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("level") != Level.LOCAL and cleaned.get("activities"):
            self.add_error(
                "activities",
                _("Alleen lokale aanbevelingen verwijzen naar engagementen van gemeenten."),
            )
        return cleaned


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    form = RecommendationAdminForm
    list_display = ["title", "level", "meeting", "addressee", "status", "published"]
    list_filter = ["level", "published", "meeting", "addressee"]
    search_fields = ["title", "text"]
    list_select_related = ["meeting", "addressee"]
    filter_horizontal = ["activities"]
    inlines = [RecommendationStepInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description=_("status"))
    def status(self, obj):
        return obj.status_label


@admin.register(RecommendationStep)
class RecommendationStepAdmin(SimpleHistoryAdmin):
    form = RecommendationStepForm
    list_display = ["recommendation", "status", "date"]
    list_filter = ["status"]
    date_hierarchy = "date"
