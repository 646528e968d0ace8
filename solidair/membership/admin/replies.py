"""Back-office for the coordinators' changes with a right of reply: propose one, withdraw it
while it waits, mark a published dispute resolved. Publishing is never done here: it follows the
municipality's answer or the deadline (solidair/membership/replies.py)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from solidair.membership.models import ClaimChange
from solidair.membership.replies import (
    claim_change_check,
    claim_change_propose,
    claim_change_resolve,
    claim_change_withdraw,
)


class ClaimChangeForm(forms.ModelForm):
    class Meta:
        model = ClaimChange
        fields = [
            "membership",
            "kind",
            "commitment",
            "target_rung",
            "rung_date",
            "reason",
            "evidence_url",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "commitment" in self.fields:  # a proposal's own page shows it read-only
            field = self.fields["commitment"]
            field.queryset = field.queryset.select_related("activity", "membership__municipality")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.proposal = {
            "membership": cleaned["membership"],
            "kind": cleaned["kind"],
            "commitment": cleaned.get("commitment"),
            "target_rung": cleaned.get("target_rung"),
            "rung_date": cleaned.get("rung_date"),
            "reason": cleaned.get("reason", ""),
            "evidence_url": cleaned.get("evidence_url", ""),
        }
        # The workflow's own checks, before anything is saved or mailed.
        try:
            claim_change_check(ClaimChange(**self.proposal))
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


@admin.register(ClaimChange)
class ClaimChangeAdmin(SimpleHistoryAdmin):
    form = ClaimChangeForm
    list_display = [
        "membership",
        "kind",
        "claim_title",
        "status",
        "reply_due",
        "stance",
        "proposed_by",
    ]
    list_filter = ["status", "kind", "stance", "membership__municipality__province"]
    search_fields = ["membership__municipality__name_nl", "claim_title", "reason", "reply_note"]
    list_select_related = ["membership__municipality", "proposed_by"]
    autocomplete_fields = ["membership", "commitment"]
    date_hierarchy = "proposed_at"
    actions = ["withdraw", "resolve"]
    readonly_fields = [
        "claim_title",
        "proposed_by",
        "proposed_at",
        "reply_due",
        "stance",
        "reply_note",
        "reply_evidence_url",
        "replied_by",
        "replied_at",
        "status",
        "published_at",
        "withdrawn_at",
        "resolved_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # A proposal is not edited: withdraw it and propose another.
        return self.readonly_fields + list(ClaimChangeForm.Meta.fields)

    def has_delete_permission(self, request, obj=None):
        return False  # both sides stay in the history

    def save_model(self, request, obj, form, change):
        if change:
            return
        saved = claim_change_propose(**form.proposal, by=request.user)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        pass  # no related rows: the workflow saved everything

    @admin.action(description=_("Trek de gekozen wachtende wijzigingen in"))
    def withdraw(self, request, queryset):
        count = sum(claim_change_withdraw(change=change) for change in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d wijziging ingetrokken.", "%(count)d wijzigingen ingetrokken.", count
            )
            % {"count": count},
        )

    @admin.action(description=_("Markeer de gekozen betwistingen als opgelost"))
    def resolve(self, request, queryset):
        count = sum(claim_change_resolve(change=change) for change in queryset)
        self.message_user(
            request,
            ngettext("%(count)d betwisting opgelost.", "%(count)d betwistingen opgelost.", count)
            % {"count": count},
        )
