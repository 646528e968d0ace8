"""The councils' addresses, and residents' suggestions of one
(solidair.letters.delivery.addresses)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from solidair.letters.admin.common import unchanged
from solidair.letters.delivery.addresses import (
    council_address_reverified,
    council_address_save,
    council_address_suggestion_accept,
    council_address_suggestion_reject,
    predecessor_contacts,
)
from solidair.letters.delivery.schedule import council_queue_hold, council_queue_release
from solidair.letters.models import (
    CouncilAddress,
    CouncilAddressSuggestion,
    LetterStatus,
    SuggestionStatus,
)
from solidair.municipalities.models import Municipality, phone_display


class LastVerifiedFilter(admin.SimpleListFilter):
    title = _("laatst nagekeken")
    parameter_name = "nagekeken"
    STALE = "ouder-dan-een-jaar"

    def lookups(self, request, model_admin):
        years = CouncilAddress.objects.dates("last_verified", "year", order="DESC")
        return [
            (self.STALE, _("ouder dan een jaar")),
            *((str(day.year), str(day.year)) for day in years),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.STALE:
            return queryset.stale()
        if value and value.isdigit():
            return queryset.filter(last_verified__year=int(value))
        return queryset


class FailingFilter(admin.SimpleListFilter):
    """The queue of addresses whose mail server refused a letter
    (solidair.letters.delivery.bounces)."""

    title = _("adres werkt")
    parameter_name = "werkt"

    def lookups(self, request, model_admin):
        return [("nee", _("adres werkt niet")), ("ja", _("adres werkt"))]

    def queryset(self, request, queryset):
        if self.value() == "nee":
            return queryset.failing()
        if self.value() == "ja":
            return queryset.filter(failing_since__isnull=True)
        return queryset


def predecessors_html(municipalities) -> str:
    """The general contacts of the former municipalities of each of ``municipalities``
    (Organisatieportaal, before the 2025 mergers): a hint where their own are unknown."""
    rows = []
    for municipality in municipalities:
        contacts = predecessor_contacts(municipality)
        if not contacts:
            continue
        items = format_html_join(
            "",
            "<li>{} ({}): {}</li>",
            (
                (
                    contact.name,
                    contact.refnis,
                    " · ".join(
                        part
                        for part in (
                            contact.email or str(_("geen e-mailadres")),
                            contact.website,
                            phone_display(contact.phone) if contact.phone else "",
                        )
                        if part
                    ),
                )
                for contact in contacts
            ),
        )
        rows.append(format_html("<li><strong>{}</strong><ul>{}</ul></li>", municipality, items))
    if not rows:
        return ""
    return format_html(
        "<p>{}</p><ul>{}</ul>",
        _(
            "Adressen van de voormalige gemeenten, uit het Organisatieportaal (december 2023, "
            "vóór de fusies van 1 januari 2025): een spoor, geen bevestigd adres van het nieuwe "
            "bestuur."
        ),
        format_html_join("", "{}", ((row,) for row in rows)),
    )


@admin.register(CouncilAddress)
class CouncilAddressAdmin(SimpleHistoryAdmin):
    """Also filled by the reference data (the Organisatieportaal), by
    `manage.py import_council_addresses` and by accepted suggestions. The filter "adres werkt
    niet" is the queue of addresses whose council's mail server refused a letter."""

    list_display = [
        "municipality",
        "email",
        "source_display",
        "origin",
        "last_verified",
        "failing_display",
        "queue_held",
        "letters_waiting",
    ]
    list_filter = [
        FailingFilter,
        ("municipality__province", admin.RelatedOnlyFieldListFilter),
        LastVerifiedFilter,
        "origin",
        "queue_held",
    ]
    search_fields = ["municipality__name_nl", "municipality__refnis", "email"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality"]
    readonly_fields = [
        "origin",
        "failing_since",
        "failure_reason",
        "updated_at",
        "queue_held",
        "predecessors",
    ]
    fields = [
        "municipality",
        "email",
        "source",
        "last_verified",
        "origin",
        "failing_since",
        "failure_reason",
        "queue_held",
        "queue_note",
        "updated_at",
        "predecessors",
    ]
    actions = ["reverified", "hold_queue", "release_queue"]

    def get_queryset(self, request):
        waiting = Q(municipality__residentletters__status=LetterStatus.WAITING)
        return (
            super()
            .get_queryset(request)
            .annotate(waiting_count=Count("municipality__residentletters", filter=waiting))
        )

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is None or not obj.is_failing:
            fields = [name for name in fields if name not in ("failing_since", "failure_reason")]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and obj.is_failing:
            form.base_fields["last_verified"].help_text = _(
                "Dit adres werkt niet. Vul een nieuw adres in, of zet deze datum op vandaag als "
                "je nagekeken hebt dat het toch klopt: de wachtende brieven vertrekken dan "
                "opnieuw."
            )
        return form

    def save_model(self, request, obj, form, change):
        cleared = council_address_save(address=obj, changed=set(form.changed_data), by=request.user)
        if cleared is not None:
            self.message_user(request, self._released_message(cleared), messages.SUCCESS)

    @staticmethod
    def _released_message(waiting: int) -> str:
        return ngettext(
            "Het adres werkt weer: %(count)d brief wordt opnieuw verstuurd, gespreid over de "
            "kantooruren.",
            "Het adres werkt weer: %(count)d brieven worden opnieuw verstuurd, gespreid over de "
            "kantooruren.",
            waiting,
        ) % {"count": waiting}

    @admin.display(description=_("werkt niet sinds"), ordering="failing_since")
    def failing_display(self, obj):
        if obj.failing_since is None:
            return "—"
        return format_html(
            '<span title="{}">{}</span>',
            obj.failure_reason,
            timezone.localtime(obj.failing_since).strftime("%Y-%m-%d %H:%M"),
        )

    @admin.display(description=_("voormalige gemeenten"))
    def predecessors(self, obj=None):
        if obj is not None and obj.municipality_id:
            return predecessors_html([obj.municipality]) or "—"
        # The add form: every merged municipality whose council's address is still unknown.
        unknown = (
            Municipality.objects.flemish()
            .filter(council_address__isnull=True, former_municipalities__isnull=False)
            .distinct()
            .order_by("name_nl")
        )
        return predecessors_html(unknown) or "—"

    # The queue per municipality: its waiting letters, in the order they will go.
    @admin.display(description=_("brieven in de wachtrij"), ordering="waiting_count")
    def letters_waiting(self, obj):
        url = reverse("admin:letters_residentletter_changelist")
        return format_html(
            '<a href="{}?municipality__id__exact={}&amp;status__exact={}">{}</a>',
            url,
            obj.municipality_id,
            LetterStatus.WAITING,
            obj.waiting_count,
        )

    @admin.action(
        description=_("Adres nagekeken: de wachtende brieven opnieuw versturen"),
        permissions=["change"],
    )
    def reverified(self, request, queryset):
        waiting = sum(
            council_address_reverified(address=address, by=request.user)
            for address in queryset.failing()
        )
        self.message_user(request, self._released_message(waiting), messages.SUCCESS)

    @admin.action(description=_("Wachtrij tegenhouden"), permissions=["change"])
    def hold_queue(self, request, queryset):
        selected = list(queryset)
        free = [address for address in selected if not address.queue_held]
        for address in free:
            council_queue_hold(
                address=address, note=_("tegengehouden in het beheer"), by=request.user
            )
        if free:
            self.message_user(
                request,
                ngettext(
                    "%(count)d wachtrij tegengehouden: de brieven aan dit bestuur blijven "
                    "wachten tot je ze vrijgeeft.",
                    "%(count)d wachtrijen tegengehouden: de brieven aan deze besturen blijven "
                    "wachten tot je ze vrijgeeft.",
                    len(free),
                )
                % {"count": len(free)},
                messages.SUCCESS,
            )
        unchanged(
            self,
            request,
            len(selected) - len(free),
            ngettext_lazy(
                "%(count)d wachtrij was al tegengehouden.",
                "%(count)d wachtrijen waren al tegengehouden.",
                "count",
            ),
        )

    @admin.action(description=_("Wachtrij vrijgeven"), permissions=["change"])
    def release_queue(self, request, queryset):
        selected = list(queryset)
        held = [address for address in selected if address.queue_held]
        waiting = sum(council_queue_release(address=address, by=request.user) for address in held)
        if held:
            released = ngettext(
                "%(count)d wachtrij vrijgegeven.", "%(count)d wachtrijen vrijgegeven.", len(held)
            ) % {"count": len(held)}
            letters = ngettext(
                "%(count)d brief wordt verstuurd, gespreid over de kantooruren.",
                "%(count)d brieven worden verstuurd, gespreid over de kantooruren.",
                waiting,
            ) % {"count": waiting}
            self.message_user(request, f"{released} {letters}", messages.SUCCESS)
        unchanged(
            self,
            request,
            len(selected) - len(held),
            ngettext_lazy(
                "%(count)d wachtrij was niet tegengehouden en bleef zoals ze was.",
                "%(count)d wachtrijen waren niet tegengehouden en bleven zoals ze waren.",
                "count",
            ),
        )

    @admin.display(description=_("bron"), ordering="source")
    def source_display(self, obj):
        if obj.source.startswith(("https://", "http://")):
            return format_html('<a href="{}" rel="noopener">{}</a>', obj.source, obj.source)
        return obj.source

    def get_changeform_initial_data(self, request):
        return {
            "last_verified": timezone.localdate(),
            **super().get_changeform_initial_data(request),
        }


@admin.register(CouncilAddressSuggestion)
class CouncilAddressSuggestionAdmin(admin.ModelAdmin):
    """Residents' suggestions are reviewed with the actions, which keep who checked them."""

    list_display = [
        "municipality",
        "email",
        "known_address",
        "predecessor_addresses",
        "note",
        "status",
        "created_at",
        "reviewed_by",
    ]
    list_filter = ["status", ("municipality__province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["municipality__name_nl", "municipality__refnis", "email"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality__council_address", "reviewed_by"]
    readonly_fields = ["status", "created_at", "reviewed_at", "reviewed_by", "predecessors"]
    fields = ["municipality", "email", "note", *readonly_fields]
    actions = ["accept", "reject"]

    @admin.display(description=_("bekend adres"))
    def known_address(self, obj):
        address = getattr(obj.municipality, "council_address", None)
        if address is None:
            return "—"
        if address.is_failing:
            return format_html("{} ({})", address.email, _("werkt niet"))
        return address.email

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipality__former_municipalities")

    @admin.display(description=_("adressen van de voormalige gemeenten"))
    def predecessor_addresses(self, obj):
        emails = [contact.email for contact in predecessor_contacts(obj.municipality)]
        return ", ".join(email for email in emails if email) or "—"

    @admin.display(description=_("voormalige gemeenten"))
    def predecessors(self, obj=None):
        if obj is None or not obj.municipality_id:
            return "—"
        return predecessors_html([obj.municipality]) or "—"

    def has_accept_permission(self, request):
        return request.user.has_perms(
            [
                "letters.change_counciladdresssuggestion",
                "letters.add_counciladdress",
                "letters.change_counciladdress",
            ]
        )

    @admin.action(description=_("Aanvaarden"), permissions=["accept"])
    def accept(self, request, queryset):
        selected = list(queryset.select_related("municipality"))
        pending = [item for item in selected if item.status == SuggestionStatus.PENDING]
        names = [suggestion.municipality.name_nl for suggestion in pending]
        doubled = sorted({name for name in names if names.count(name) > 1})
        if doubled:
            self.message_user(
                request,
                _("Kies per gemeente één voorstel om te aanvaarden: %(names)s.")
                % {"names": ", ".join(doubled)},
                messages.ERROR,
            )
            return
        accepted = 0
        for suggestion in pending:
            try:
                council_address_suggestion_accept(suggestion=suggestion, user=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{suggestion}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                accepted += 1
        self._report(request, accepted=accepted, skipped=len(selected) - len(pending))

    @admin.action(description=_("Afwijzen"), permissions=["change"])
    def reject(self, request, queryset):
        selected = list(queryset)
        pending = [item for item in selected if item.status == SuggestionStatus.PENDING]
        for suggestion in pending:
            council_address_suggestion_reject(suggestion=suggestion, user=request.user)
        self._report(request, rejected=len(pending), skipped=len(selected) - len(pending))

    def _report(self, request, *, accepted=0, rejected=0, skipped=0):
        if accepted:
            self.message_user(
                request,
                ngettext(
                    "%(count)d voorstel aanvaard: het adres van het college is bijgewerkt.",
                    "%(count)d voorstellen aanvaard: de adressen van de colleges zijn bijgewerkt.",
                    accepted,
                )
                % {"count": accepted},
                messages.SUCCESS,
            )
        if rejected:
            self.message_user(
                request,
                ngettext(
                    "%(count)d voorstel afgewezen.", "%(count)d voorstellen afgewezen.", rejected
                )
                % {"count": rejected},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d voorstel was al nagekeken en bleef zoals het was.",
                    "%(count)d voorstellen waren al nagekeken en bleven zoals ze waren.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
