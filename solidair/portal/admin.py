"""Coordinators decide the portal's requests: colleagues invited as contacts, pauses."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from solidair.portal.editing import (
    invitation_approve,
    invitation_refuse,
    pause_accept,
    pause_refuse,
)
from solidair.portal.models import ContactInvitation, PauseRequest


def _decide(modeladmin, request, queryset, decide, done_message) -> None:
    done = 0
    for item in queryset:
        try:
            decide(item, request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{item}: {' '.join(error.messages)}", level=messages.WARNING
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), level=messages.SUCCESS)


class RequestAdmin(SimpleHistoryAdmin):
    list_filter = ["status"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # requests come from the portal

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(ContactInvitation)
class ContactInvitationAdmin(RequestAdmin):
    list_display = ["name", "email", "role", "municipality", "invited_by", "status", "created_at"]
    search_fields = ["name", "email", "municipality__name_nl"]
    list_select_related = ["municipality", "invited_by"]
    actions = ["approve", "refuse"]

    @admin.action(description=_("Keur de gekozen uitnodigingen goed (wordt contactpersoon)"))
    def approve(self, request, queryset):
        _decide(
            self,
            request,
            queryset,
            lambda item, by: invitation_approve(invitation=item, by=by),
            lambda n: (
                ngettext(
                    "%(n)d collega is nu contactpersoon en kreeg een e-mail.",
                    "%(n)d collega's zijn nu contactpersoon en kregen een e-mail.",
                    n,
                )
                % {"n": n}
            ),
        )

    @admin.action(description=_("Weiger de gekozen uitnodigingen"))
    def refuse(self, request, queryset):
        _decide(
            self,
            request,
            queryset,
            lambda item, by: invitation_refuse(invitation=item, by=by),
            lambda n: (
                ngettext("%(n)d uitnodiging geweigerd.", "%(n)d uitnodigingen geweigerd.", n)
                % {"n": n}
            ),
        )


@admin.register(PauseRequest)
class PauseRequestAdmin(RequestAdmin):
    list_display = ["membership", "requested_by", "status", "created_at"]
    search_fields = ["membership__municipality__name_nl", "reason"]
    list_select_related = ["membership__municipality", "requested_by"]
    actions = ["accept", "refuse"]

    @admin.action(description=_("Aanvaard: schors de gekozen lidmaatschappen"))
    def accept(self, request, queryset):
        _decide(
            self,
            request,
            queryset,
            lambda item, by: pause_accept(pause=item, by=by),
            lambda n: (
                ngettext("%(n)d lidmaatschap geschorst.", "%(n)d lidmaatschappen geschorst.", n)
                % {"n": n}
            ),
        )

    @admin.action(description=_("Weiger de gekozen vragen"))
    def refuse(self, request, queryset):
        _decide(
            self,
            request,
            queryset,
            lambda item, by: pause_refuse(pause=item, by=by),
            lambda n: ngettext("%(n)d vraag geweigerd.", "%(n)d vragen geweigerd.", n) % {"n": n},
        )
