"""Back-office for memberships, their commitments, the activities and the contacts (also on a
municipality's page)."""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from solidair.membership.admin.checkins import ConfirmationFilter, suspend_unconfirmed
from solidair.membership.ladder import commitment_ladder_start, commitment_rung_refresh
from solidair.membership.models import (
    REPLY_DAYS,
    Activity,
    Commitment,
    CommitmentRung,
    CommitmentState,
    ContactPerson,
    Membership,
    MembershipStatus,
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
            and form.cleaned_data.get("state") != CommitmentState.STOPPED
        )
        self.instance.validate_commitment_count(count)


class CommitmentInline(admin.StackedInline):
    model = Commitment
    formset = CommitmentInlineFormSet
    extra = 0
    # The rungs and their evidence are edited on the commitment's own page.
    readonly_fields = ["rung", "ladder_link"]
    fields = [
        ("activity", "rung", "ladder_link"),
        ("state", "state_date", "state_note"),
        "title",
        "description",
    ]

    @admin.display(description=_("ladder"))
    def ladder_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:membership_commitment_change", args=[obj.pk]),
            _("sporten en bewijs"),
        )


class CommitmentRungInline(admin.TabularInline):
    """The ladder as the municipality keeps it in the portal. Coordinators do not edit it here:
    they propose a change with a right of reply (solidair/membership/replies.py)."""

    model = CommitmentRung
    extra = 0
    fields = ["rung", "date", "evidence_url", "evidence_note", "evidence_document"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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

    def clean_status(self):
        status = self.cleaned_data["status"]
        stored = (
            Membership.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
        )
        if stored == MembershipStatus.MEMBER and status == MembershipStatus.SUSPENDED:
            raise forms.ValidationError(
                _(
                    "Een lid schors je met een wijziging met recht op antwoord (Lidmaatschap → "
                    "Wijzigingen met recht op antwoord → toevoegen): de gemeente krijgt eerst "
                    "%(days)d dagen om te antwoorden. Een lid dat zijn engagementen niet "
                    "bevestigde, schors je met de actie in de lijst."
                )
                % {"days": REPLY_DAYS},
                code="reply_first",
            )
        return status


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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        membership = form.instance
        for commitment in membership.commitments.all():
            commitment_ladder_start(
                commitment=commitment, date=membership.decision_date or membership.member_since
            )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("municipality")
            .annotate(
                commitment_total=Count(
                    "commitments",
                    filter=~Q(commitments__state=CommitmentState.STOPPED),
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
            "state",
            "state_date",
            "state_note",
        ]

    def clean(self):
        cleaned = super().clean()
        membership = cleaned.get("membership") or getattr(self.instance, "membership", None)
        if membership and cleaned.get("state") == CommitmentState.STOPPED:
            others = membership.commitments.active()
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            membership.validate_commitment_count(others.count())
        return cleaned


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    form = CommitmentAdminForm
    inlines = [CommitmentRungInline]
    list_display = ["__str__", "membership", "rung", "state", "state_date"]
    list_filter = ["activity", "rung", "state", "membership__status"]
    search_fields = ["membership__municipality__name_nl", "title", "description"]
    autocomplete_fields = ["membership"]
    list_select_related = ["activity", "membership__municipality"]

    def get_readonly_fields(self, request, obj=None):
        return ["membership", "rung"] if obj else ["rung"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        commitment_rung_refresh(commitment=form.instance)

    def has_delete_permission(self, request, obj=None):
        # Commitments are removed on their membership's page, where the rule of
        # at least three is checked against what remains.
        return False


@admin.register(CommitmentRung)
class CommitmentRungAdmin(SimpleHistoryAdmin):
    """Each rung's history (who changed it, when), where a coordinator restores a version the
    contact overwrote. New claims come from the municipality, or from a change with a right of
    reply (solidair/membership/replies.py)."""

    list_display = ["commitment", "rung", "date", "evidence_url"]
    list_filter = ["rung", "commitment__activity"]
    search_fields = ["commitment__membership__municipality__name_nl", "evidence_note"]
    list_select_related = ["commitment__activity", "commitment__membership__municipality"]
    readonly_fields = ["commitment", "rung", "evidence_document"]
    fields = ["commitment", "rung", "date", "evidence_url", "evidence_note", "evidence_document"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        commitment_rung_refresh(commitment=obj.commitment)


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
