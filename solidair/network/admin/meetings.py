"""Back-office for learning meetings and their registrations."""

from django.contrib import admin, messages
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from solidair.network import meetings, peers
from solidair.network.admin.brochures import meeting_brochure_generate
from solidair.network.models import AgendaItem, Meeting, Presentation, Registration


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 1
    fields = ["position", "starts_at", "title", "speakers"]


class PresentationInline(admin.TabularInline):
    model = Presentation
    extra = 1
    fields = ["position", "title", "speaker", "document"]


@admin.action(description=_("Exporteer de deelnemerslijst (CSV)"))
def export_participants(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(
            request, _("Kies precies één bijeenkomst om te exporteren."), messages.WARNING
        )
        return None
    meeting = queryset.get()
    response = HttpResponse(
        "\ufeff" + meetings.meeting_participants_csv(meeting=meeting),
        content_type="text/csv; charset=utf-8",
    )
    name = f"deelnemers-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "starts_at", "published", "capacity", "participants"]
    list_filter = ["published", "open_to_prospective"]
    search_fields = ["title", "theme"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, PresentationInline]
    autocomplete_fields = ["practices"]
    # A coordinator makes the brochure from the meeting.
    actions = [export_participants, meeting_brochure_generate]
    fieldsets = [
        (None, {"fields": ["title", "theme", "description", "published"]}),
        (_("Wanneer en waar"), {"fields": ["starts_at", "ends_at", "place", "online_url"]}),
        (
            _("Inschrijven"),
            {"fields": ["capacity", "registration_deadline", "open_to_prospective"]},
        ),
        (_("Na de bijeenkomst"), {"fields": ["minutes", "practices"]}),
        (_("Onderwerpen"), {"fields": ["introductions"]}),
    ]
    readonly_fields = ["introductions"]

    @admin.display(description=_("Koppels sinds de vorige bijeenkomst"))
    def introductions(self, meeting: Meeting) -> str:
        """The members that asked to meet since the previous meeting: topics for this one."""
        if meeting.pk is None:
            return "–"
        pairs = peers.introductions_for_meeting(meeting=meeting)
        if not pairs:
            return _("Geen kennismakingen gevraagd sinds de vorige bijeenkomst.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{} → {}: {}</a></li>',
                (
                    (
                        reverse("admin:network_introduction_change", args=[pair.pk]),
                        pair.from_municipality.name_nl,
                        pair.to_municipality.name_nl,
                        pair.activity.label,
                    )
                    for pair in pairs
                ),
            ),
        )

    @admin.display(description=_("deelnemers"))
    def participants(self, meeting: Meeting) -> str:
        url = reverse("admin:network_registration_changelist") + f"?meeting__id__exact={meeting.pk}"
        taken = meeting.registrations.holding_place().count()
        waiting = meeting.registrations.waiting_list().count()
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _("%(taken)d ingeschreven, %(waiting)d wachtend")
            % {"taken": taken, "waiting": waiting},
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            meetings.meeting_revise(meeting=obj, changed=form.changed_data)


@admin.action(
    description=_("Annuleer de geselecteerde inschrijvingen (de plaats gaat naar de wachtlijst)")
)
def cancel_registrations(modeladmin, request, queryset):
    selected = list(queryset)
    cancelled = 0
    for registration in selected:
        if registration.status in meetings.OPEN_STATUSES and not meetings.registration_cancel(
            registration=registration
        ):
            cancelled += 1
    if cancelled:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d inschrijving geannuleerd.",
                "%(count)d inschrijvingen geannuleerd.",
                cancelled,
            )
            % {"count": cancelled},
            messages.SUCCESS,
        )
    skipped = len(selected) - cancelled
    if skipped:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d inschrijving niet geannuleerd: ze was al geannuleerd, of de "
                "bijeenkomst is al begonnen.",
                "%(count)d inschrijvingen niet geannuleerd: ze waren al geannuleerd, of de "
                "bijeenkomst is al begonnen.",
                skipped,
            )
            % {"count": skipped},
            messages.WARNING,
        )


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    """The participant lists. Registering happens on the site; coordinators cancel here."""

    list_display = ["name", "email", "affiliation", "kind", "status", "created_at", "meeting"]
    list_filter = ["meeting", "status", "kind"]
    search_fields = ["name", "email"]
    actions = [cancel_registrations]
    readonly_fields = [
        "meeting",
        "kind",
        "status",
        "user",
        "email",
        "municipality",
        "organisation",
        "created_at",
        "listed_at",
        "offered_at",
        "offer_expires_at",
        "confirmed_at",
        "cancelled_at",
        "reminded_at",
    ]
    fields = [
        "meeting",
        "status",
        "kind",
        "name",
        "role",
        "email",
        "municipality",
        "organisation",
        "dietary_needs",
        "accessibility_needs",
        *readonly_fields[7:],
        "user",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting would free a place without offering it: cancel instead.
        return False
