"""Back-office for the queue of 'Klopt dit niet?' reports: a coordinator reads the report and
the municipality's reply, and decides the public outcome (who and when are kept, and every
change in the history)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from solidair.membership.corrections import correction_report_decide, correction_report_reopen
from solidair.membership.models import CorrectionReport, Outcome


class CorrectionReportForm(forms.ModelForm):
    class Meta:
        model = CorrectionReport
        fields = ["outcome", "outcome_reason", "message_public", "note"]
        labels = {"outcome": _("uitkomst (leeg: nog niet beslist)")}

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("outcome") == Outcome.DISMISSED
            and not (cleaned.get("outcome_reason") or "").strip()
        ):
            raise ValidationError(
                {"outcome_reason": _("Geef een publieke reden om een melding af te wijzen.")}
            )
        return cleaned


@admin.register(CorrectionReport)
class CorrectionReportAdmin(SimpleHistoryAdmin):
    """The queue of 'Klopt dit niet?' reports: open ones first, filter by status, outcome and
    who decided. Deciding records who and when; the history keeps every version."""

    form = CorrectionReportForm
    list_display = [
        "created_at",
        "municipality",
        "claim_kind",
        "excerpt",
        "answer_wanted",
        "reply_position",
        "status",
        "outcome",
        "handled_by",
    ]
    list_filter = [
        "status",
        "outcome",
        "claim_kind",
        "reply_position",
        "handled_by",
        "municipality__province",
        "created_at",
    ]
    search_fields = [
        "message",
        "note",
        "claim_title",
        "municipality__name_nl",
        "municipality__name_fr",
    ]
    list_select_related = ["municipality", "handled_by"]
    date_hierarchy = "created_at"
    actions = ["reopen"]
    history_list_display = ["status", "outcome", "reply_position"]
    fieldsets = [
        (
            _("De melding"),
            {
                "fields": [
                    "municipality",
                    "claim_kind",
                    "claim_title",
                    "created_at",
                    "message",
                    "source_url",
                    "email",
                    "language",
                    "erased_at",
                ]
            },
        ),
        (
            _("Het antwoord van de gemeente"),
            {
                "fields": [
                    "reply_position",
                    "reply_note",
                    "reply_evidence_url",
                    "replied_at",
                    "replied_by",
                ]
            },
        ),
        (
            _("De beslissing (publiek)"),
            {
                "fields": [
                    "outcome",
                    "outcome_reason",
                    "message_public",
                    "status",
                    "handled_at",
                    "handled_by",
                    "note",
                ]
            },
        ),
    ]
    readonly_fields = [
        "municipality",
        "claim_kind",
        "claim_title",
        "created_at",
        "message",
        "source_url",
        "email",
        "language",
        "erased_at",
        "reply_position",
        "reply_note",
        "reply_evidence_url",
        "replied_at",
        "replied_by",
        "status",
        "handled_at",
        "handled_by",
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
        decision = {"outcome", "outcome_reason", "message_public"}
        if decision & set(form.changed_data):
            if obj.outcome:
                correction_report_decide(
                    report=obj,
                    outcome=obj.outcome,
                    reason=obj.outcome_reason,
                    message_public=obj.message_public,
                    by=request.user,
                )
            else:
                correction_report_reopen(report=obj)

    @admin.action(description=_("Heropen"), permissions=["change"])
    def reopen(self, request, queryset):
        for report in queryset:
            correction_report_reopen(report=report)
        self.message_user(request, _("Heropend: %(count)d.") % {"count": len(queryset)})
