"""Back-office for brochures and recommendations (issue #7, items 5–6); imported by admin.py."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from solidair.network.brochures import BrochureError, brochure_generate, brochure_latest
from solidair.network.meeting_admin import MeetingAdmin
from solidair.network.models import (
    Brochure,
    Level,
    Meeting,
    Position,
    PositionHolder,
    Recommendation,
    RecommendationStep,
)
from solidair.operations.uploads import validate_pdf


def _generate(modeladmin, request, meetings) -> None:
    made = []
    for meeting in meetings:
        try:
            made.append(brochure_generate(meeting=meeting, by=request.user))
        except BrochureError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
    if made:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d brochure gemaakt (een nieuwe versie; de vorige blijven beschikbaar).",
                "%(count)d brochures gemaakt (nieuwe versies; de vorige blijven beschikbaar).",
                len(made),
            )
            % {"count": len(made)},
            messages.SUCCESS,
        )


class BrochureAddForm(forms.ModelForm):
    """Adding a brochure generates it while the form is checked: a failure of the PDF is an
    error on the form (the coordinator keeps the introduction), never a 500."""

    request = None  # set by BrochureAdmin.get_form

    class Meta:
        model = Brochure
        fields = ["meeting", "introduction"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and self.instance.pk is None:
            try:
                self.generated = brochure_generate(
                    meeting=cleaned["meeting"],
                    introduction=cleaned["introduction"],
                    by=self.request.user if self.request else None,
                )
            except BrochureError as error:
                raise forms.ValidationError(str(error), code="brochure_failed") from error
        return cleaned


@admin.action(description=_("Maak de brochure van goede praktijken (nieuwe versie)"))
def meeting_brochure_generate(modeladmin, request, queryset):
    """For the meetings' admin: a new version with the introduction of the previous one."""
    _generate(modeladmin, request, queryset)


@admin.register(Brochure)
class BrochureAdmin(SimpleHistoryAdmin):
    """Adding a brochure generates it: the coordinator chooses the meeting and writes the
    introduction; the PDF, the version and the counts are made, never edited."""

    list_display = ["meeting", "version", "generated_at", "generated_by", "page_count", "size_"]
    list_filter = ["meeting"]
    list_select_related = ["meeting", "generated_by"]
    fields = ["meeting", "introduction"]
    readonly_fields = ["pdf", "version", "generated_at", "generated_by", "page_count", "size_"]
    actions = ["regenerate"]
    form = BrochureAddForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else [*self.fields, *self.readonly_fields]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        meeting = Meeting.objects.filter(pk=request.GET.get("meeting") or None).first()
        previous = brochure_latest(meeting) if meeting else None
        if previous:
            initial["introduction"] = previous.introduction
        return initial

    def has_change_permission(self, request, obj=None):
        return False  # a generated version is never changed: make a new one

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied
        brochure = form.generated  # made when the form was checked (BrochureAddForm.clean)
        # The admin logs and redirects with `obj`: let it be the brochure just made.
        obj.__dict__.update(brochure.__dict__)

    @admin.display(description=_("PDF"))
    def pdf(self, obj):
        return format_html('<a href="{}">{}</a>', obj.url, _("Download"))

    @admin.display(description=_("grootte"))
    def size_(self, obj):
        return filesizeformat(obj.size)

    @admin.action(description=_("Maak opnieuw (nieuwe versie met dezelfde inleiding)"))
    def regenerate(self, request, queryset):
        meetings = Meeting.objects.filter(brochures__in=queryset).distinct()
        _generate(self, request, meetings)


# A coordinator makes the brochure from the meeting: the action goes on the meetings' admin.
MeetingAdmin.actions = [*(MeetingAdmin.actions or []), meeting_brochure_generate]


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
