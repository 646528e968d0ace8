"""Back-office for the queue of 'Klopt er iets niet?' reports."""

from django import forms
from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from solidair.membership.corrections import correction_report_handle, correction_report_reopen
from solidair.membership.models import CorrectionReport, CorrectionReportStatus


class CorrectionReportForm(forms.ModelForm):
    class Meta:
        model = CorrectionReport
        fields = ["status", "note"]


@admin.register(CorrectionReport)
class CorrectionReportAdmin(admin.ModelAdmin):
    """The queue of 'Klopt er iets niet?' reports: open ones first, filter by status and by
    who handled them. Marking a report handled records who and when."""

    form = CorrectionReportForm
    list_display = [
        "created_at",
        "municipality",
        "excerpt",
        "answer_wanted",
        "status",
        "handled_by",
    ]
    list_filter = ["status", "handled_by", "municipality__province", "created_at"]
    search_fields = ["message", "note", "municipality__name_nl", "municipality__name_fr"]
    list_select_related = ["municipality", "handled_by"]
    date_hierarchy = "created_at"
    actions = ["mark_handled", "reopen"]
    fields = [
        "municipality",
        "created_at",
        "message",
        "email",
        "language",
        "status",
        "note",
        "handled_at",
        "handled_by",
        "erased_at",
    ]
    readonly_fields = [
        "municipality",
        "created_at",
        "message",
        "email",
        "language",
        "handled_at",
        "handled_by",
        "erased_at",
    ]

    def get_ordering(self, request):
        return ["-status", "-created_at"]  # "open" sorts after "handled": open ones first

    def has_add_permission(self, request):
        return False  # reports come from the public form

    @admin.display(description=_("melding"))
    def excerpt(self, obj: CorrectionReport) -> str:
        return Truncator(obj.message).chars(80)

    @admin.display(description=_("antwoord gevraagd"), boolean=True)
    def answer_wanted(self, obj: CorrectionReport) -> bool:
        return bool(obj.email)

    def save_model(self, request, obj, form, change):
        obj.save(update_fields=["note"])
        if "status" in form.changed_data:
            if obj.status == CorrectionReportStatus.HANDLED:
                correction_report_handle(report=obj, by=request.user)
            else:
                correction_report_reopen(report=obj)

    @admin.action(description=_("Markeer als afgehandeld"), permissions=["change"])
    def mark_handled(self, request, queryset):
        for report in queryset:
            correction_report_handle(report=report, by=request.user)
        self.message_user(request, _("Afgehandeld: %(count)d.") % {"count": len(queryset)})

    @admin.action(description=_("Heropen"), permissions=["change"])
    def reopen(self, request, queryset):
        for report in queryset:
            correction_report_reopen(report=report)
        self.message_user(request, _("Heropend: %(count)d.") % {"count": len(queryset)})
