"""Back-office for check-ins, and suspending the members that do not answer them."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from solidair.membership.checkins import membership_suspend
from solidair.membership.models import CheckIn, has_open_checkin


class ConfirmationFilter(admin.SimpleListFilter):
    """Members flagged "niet bevestigd", and members with a question waiting for an answer."""

    title = _("bevestiging")
    parameter_name = "bevestiging"

    def lookups(self, request, model_admin):
        return [
            ("niet_bevestigd", _("niet bevestigd (drie maanden zonder antwoord)")),
            ("gevraagd", _("vraag loopt")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "niet_bevestigd":
            return queryset.filter(unconfirmed_since__isnull=False)
        if self.value() == "gevraagd":
            return queryset.filter(has_open_checkin())
        return queryset


@admin.action(description=_("Schors de geselecteerde leden die niet bevestigd zijn"))
def suspend_unconfirmed(modeladmin, request, queryset):
    # Read once, before the change: the list may be filtered on the status it changes.
    selected = list(queryset)
    suspended = sum(membership_suspend(membership=membership) for membership in selected)
    skipped = len(selected) - suspended
    if suspended:
        modeladmin.message_user(
            request,
            ngettext("%(count)d lid geschorst.", "%(count)d leden geschorst.", suspended)
            % {"count": suspended},
            messages.SUCCESS,
        )
    if skipped:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d lid niet geschorst: enkel actieve leden die niet bevestigd zijn, "
                "kunnen zo geschorst worden.",
                "%(count)d leden niet geschorst: enkel actieve leden die niet bevestigd zijn, "
                "kunnen zo geschorst worden.",
                skipped,
            )
            % {"count": skipped},
            messages.WARNING,
        )


class CheckInStateFilter(admin.SimpleListFilter):
    title = _("toestand")
    parameter_name = "toestand"

    def lookups(self, request, model_admin):
        return [
            ("open", _("wacht op antwoord")),
            ("niet_bevestigd", _("niet bevestigd")),
            ("beantwoord", _("beantwoord")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "open":
                return queryset.open()
            case "niet_bevestigd":
                return queryset.flagged()
            case "beantwoord":
                return queryset.filter(answered_at__isnull=False)
        return queryset


@admin.register(CheckIn)
class CheckInAdmin(SimpleHistoryAdmin):
    """The questions asked and their answers; written by the periodic jobs and the portal."""

    list_display = [
        "membership",
        "kind",
        "due_on",
        "sent_at",
        "first_reminder_at",
        "second_reminder_at",
        "answered_at",
        "flagged_at",
    ]
    list_filter = [CheckInStateFilter, "kind"]
    search_fields = ["membership__municipality__name_nl"]
    list_select_related = ["membership__municipality"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
