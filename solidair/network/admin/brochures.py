"""Back-office for brochures of good practices: adding one generates it."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from solidair.network.brochures import BrochureError, brochure_generate, brochure_latest
from solidair.network.models import Brochure, Meeting


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
