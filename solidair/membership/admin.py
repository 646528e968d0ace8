from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from solidair.membership.admin_checkin import ConfirmationFilter, suspend_unconfirmed
from solidair.membership.corrections import correction_report_handle, correction_report_reopen
from solidair.membership.models import (
    ACTIVE_COMMITMENT_STATUSES,
    Activity,
    Commitment,
    CommitmentStatus,
    ContactPerson,
    CorrectionReport,
    CorrectionReportStatus,
    Membership,
)
from solidair.municipalities.admin import MunicipalityAdmin
from solidair.municipalities.models import Municipality


class CommitmentInlineFormSet(BaseInlineFormSet):
    """Checks the rule of at least three commitments on what is being submitted."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        count = sum(
            1
            for form in self.forms
            if form.cleaned_data
            and form.cleaned_data.get("activity")
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("status") != CommitmentStatus.STOPPED
        )
        self.instance.validate_commitment_count(count)


class CommitmentInline(admin.StackedInline):
    model = Commitment
    formset = CommitmentInlineFormSet
    extra = 0
    # Uploaded and checked as PDF in the portal; here it is shown, and restored by a revert.
    readonly_fields = ["evidence_document"]
    fields = [
        ("activity", "status", "status_date"),
        "title",
        "description",
        ("evidence_url", "evidence_note"),
        "evidence_document",
    ]


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = [
            "municipality",
            "status",
            "member_since",
            "last_confirmed_on",
            "decision_body",
            "decision_date",
            "decision_url",
            "decision_document",
            "commitments_to_confirm",
            "public_text",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The commitment inline validates the rule with the submitted commitments.
        self.instance.defer_commitment_check = True


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    form = MembershipAdminForm
    inlines = [CommitmentInline]
    list_display = [
        "municipality",
        "status",
        "member_since",
        "commitment_count",
        "commitments_to_confirm",
        "last_confirmed_on",
        "unconfirmed",
    ]
    list_filter = [
        ConfirmationFilter,
        "status",
        "commitments_to_confirm",
        "municipality__province",
        "commitments__activity",
    ]
    search_fields = ["municipality__name_nl", "municipality__name_fr", "municipality__refnis"]
    autocomplete_fields = ["municipality"]
    date_hierarchy = "member_since"
    actions = [suspend_unconfirmed]
    fieldsets = [
        (None, {"fields": ["municipality", "status", "member_since", "last_confirmed_on"]}),
        (
            _("Beslissing"),
            {"fields": ["decision_body", "decision_date", "decision_url", "decision_document"]},
        ),
        (_("Inhoud"), {"fields": ["commitments_to_confirm", "public_text", "notes"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("municipality")
            .annotate(
                commitment_total=Count(
                    "commitments",
                    filter=Q(commitments__status__in=ACTIVE_COMMITMENT_STATUSES),
                    distinct=True,
                )
            )
            .with_confirmation()
        )

    @admin.display(description=_("actieve engagementen"), ordering="commitment_total")
    def commitment_count(self, obj):
        return obj.commitment_total

    @admin.display(description=_("niet bevestigd sinds"), ordering="unconfirmed_since")
    def unconfirmed(self, obj):
        return obj.unconfirmed_since


class CommitmentAdminForm(forms.ModelForm):
    """Stopping a commitment here obeys the rule of three, as on the membership's page."""

    class Meta:
        model = Commitment
        fields = [
            "membership",
            "activity",
            "title",
            "description",
            "status",
            "status_date",
            "evidence_url",
            "evidence_note",
        ]

    def clean(self):
        cleaned = super().clean()
        membership = cleaned.get("membership") or getattr(self.instance, "membership", None)
        if membership and cleaned.get("status") == CommitmentStatus.STOPPED:
            others = membership.commitments.active()
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            membership.validate_commitment_count(others.count())
        return cleaned


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    form = CommitmentAdminForm
    list_display = ["__str__", "membership", "status", "status_date"]
    list_filter = ["activity", "status", "membership__status"]
    search_fields = ["membership__municipality__name_nl", "title", "description"]
    autocomplete_fields = ["membership"]
    list_select_related = ["activity", "membership__municipality"]

    def get_readonly_fields(self, request, obj=None):
        return ["membership", "evidence_document"] if obj else ["evidence_document"]

    def has_delete_permission(self, request, obj=None):
        # Commitments are removed on their membership's page, where the rule of
        # at least three is checked against what remains.
        return False


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["label_nl", "code", "position"]
    readonly_fields = ["code"]
    ordering = ["position"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ContactPerson)
class ContactPersonAdmin(SimpleHistoryAdmin):
    list_display = ["email", "name", "municipality", "role", "is_public"]
    list_filter = ["is_public", "municipality__province"]
    search_fields = ["email", "name", "municipality__name_nl"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality"]


class CorrectionReportForm(forms.ModelForm):
    class Meta:
        model = CorrectionReport
        fields = ["status", "note"]


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ["name", "email", "phone", "role", "is_public"]


# A municipality's contact persons are edited on its page. The reference data knows nothing of
# membership, so membership registers the municipality's admin again with their inline in front.
admin.site.unregister(Municipality)


@admin.register(Municipality)
class MunicipalityWithContactsAdmin(MunicipalityAdmin):
    inlines = [ContactPersonInline, *MunicipalityAdmin.inlines]


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
