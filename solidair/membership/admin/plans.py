"""Back-office for improvement plans: agree to a proposed plan, mark an agreed one carried out.
Asking and missing are the workflow's (solidair/membership/plans.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from solidair.membership.models import ImprovementPlan
from solidair.membership.plans import plan_agree, plan_met


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(SimpleHistoryAdmin):
    list_display = ["membership", "claim_title", "reason", "status", "propose_by", "deadline"]
    list_filter = ["status", "reason", "membership__municipality__province"]
    search_fields = ["membership__municipality__name_nl", "claim_title", "plan"]
    list_select_related = ["membership__municipality"]
    actions = ["agree", "mark_met"]
    fields = [
        "membership",
        "commitment",
        "claim_title",
        "reason",
        "report",
        "status",
        "asked_at",
        "propose_by",
        "plan",
        "deadline",
        "proposed_by",
        "proposed_at",
        "agreed_by",
        "agreed_at",
        "closed_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # asked by the workflow: a lapsed commitment, an upheld report

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Ga akkoord met de gekozen voorgestelde plannen"))
    def agree(self, request, queryset):
        count = sum(plan_agree(plan=plan, by=request.user) for plan in queryset)
        message = ngettext("%(count)d plan afgesproken.", "%(count)d plannen afgesproken.", count)
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Markeer de gekozen afgesproken plannen als uitgevoerd"))
    def mark_met(self, request, queryset):
        count = sum(plan_met(plan=plan) for plan in queryset)
        message = ngettext("%(count)d plan uitgevoerd.", "%(count)d plannen uitgevoerd.", count)
        self.message_user(request, message % {"count": count})
