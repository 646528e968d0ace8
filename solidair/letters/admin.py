from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from solidair.letters.composing.templating import FIELDS
from solidair.letters.delivery.addresses import (
    council_address_reverified,
    council_address_save,
    council_address_suggestion_accept,
    council_address_suggestion_reject,
    predecessor_contacts,
)
from solidair.letters.delivery.campaigns import campaigns_active
from solidair.letters.delivery.followup import council_response_confirm
from solidair.letters.delivery.sending import (
    council_letter_approve,
    council_letter_reject,
    council_queue_hold,
    council_queue_release,
)
from solidair.letters.models import (
    Campaign,
    CollectiveLetter,
    CouncilAddress,
    CouncilAddressSuggestion,
    CouncilResponse,
    LetterCount,
    LetterStatus,
    LetterTemplate,
    ResidentLetter,
    ResponseSource,
    SuggestionStatus,
)
from solidair.lib.pagecache import bump_content_version
from solidair.municipalities.models import Municipality, phone_display

# Actions read their selection once, before they change it: the list may be filtered on what
# they change, and counting the selection again afterwards would count only what is left.


def unchanged(modeladmin, request, count: int, message) -> None:
    """Tell how many of the selected rows an action left alone (a warning), if any."""
    if count:
        modeladmin.message_user(request, message % {"count": count}, messages.WARNING)


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """Editing a template saves a new version; the old one stays as it was, so
    every letter can be traced to the exact text it used."""

    list_display = ["__str__", "kind", "version", "published", "created_at", "created_by"]
    list_filter = ["kind", "published"]
    readonly_fields = ["version", "created_at", "created_by", "available_fields"]
    fields = [
        "kind",
        "version",
        "salutation",
        "body",
        "closing",
        "published",
        "change_note",
        "available_fields",
        "created_at",
        "created_by",
    ]

    @admin.display(description=_("beschikbare velden"))
    def available_fields(self, obj=None):
        return format_html_join(
            "",
            "<div><code>{{{}}}</code>: {}</div>",
            ((name, help) for name, help in FIELDS.items()),
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "kind"] if obj else fields

    def save_model(self, request, obj, form, change):
        if change:
            # Never overwrite a version: save the edit as the next one.
            obj.pk = None
            obj._state.adding = True
        obj.version = obj.next_version()
        obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LetterCount)
class LetterCountAdmin(admin.ModelAdmin):
    list_display = ["day", "municipality", "kind", "template_version", "count"]
    list_filter = ["kind", "day", "municipality__province"]
    search_fields = ["municipality__name_nl"]
    date_hierarchy = "day"
    list_select_related = ["municipality"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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


# --- The review of held letters, individual and collective (solidair/letters/delivery/review.py)

APPROVED = ngettext_lazy(
    "%(count)d brief goedgekeurd: hij gaat in de wachtrij van zijn bestuur.",
    "%(count)d brieven goedgekeurd: ze gaan in de wachtrij van hun bestuur.",
    "count",
)
REJECTED = ngettext_lazy(
    "%(count)d brief afgewezen: de schrijver kreeg een e-mail.",
    "%(count)d brieven afgewezen: de schrijvers kregen een e-mail.",
    "count",
)
NOT_HELD = ngettext_lazy(
    "%(count)d brief wachtte niet op nazicht en bleef zoals hij was.",
    "%(count)d brieven wachtten niet op nazicht en bleven zoals ze waren.",
    "count",
)


class ReviewActions:
    """*Goedkeuren en versturen* and *Afwijzen* for held letters of any kind; the review queue
    is the list filtered on status "wacht op nazicht"."""

    actions = ["approve", "reject"]

    def _review(self, request, queryset, service, done_message) -> None:
        selected = list(queryset)
        done = sum(
            service(letter=letter, by=request.user)
            for letter in selected
            if letter.status == LetterStatus.HELD
        )
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        unchanged(self, request, len(selected) - done, NOT_HELD)

    @admin.action(description=_("Goedkeuren en versturen"), permissions=["change"])
    def approve(self, request, queryset):
        self._review(request, queryset, council_letter_approve, APPROVED)

    @admin.action(description=_("Afwijzen (de inwoner krijgt een e-mail)"), permissions=["change"])
    def reject(self, request, queryset):
        self._review(request, queryset, council_letter_reject, REJECTED)


# --- Collective letters, council responses, campaigns (solidair/letters/delivery/collective.py,
# followup.py, selectors.py) -------------------------------------------------------------------


@admin.register(CollectiveLetter)
class CollectiveLetterAdmin(ReviewActions, admin.ModelAdmin):
    """Read-only: residents write these; names and addresses stay out of the list. Held ones
    are reviewed with the actions, as individual letters are."""

    list_display = [
        "municipality",
        "status",
        "held_reason",
        "is_petition",
        "created_at",
        "sent_at",
        "signatory_count",
        "followup_answer",
        "erased_at",
    ]
    list_filter = [
        "status",
        ("bounced_at", admin.EmptyFieldListFilter),
        "is_petition",
        "followup_answer",
    ]
    search_fields = ["municipality__name_nl"]
    list_select_related = ["municipality"]
    date_hierarchy = "created_at"
    fields = [
        "municipality",
        "status",
        "held_reason",
        "personal_paragraph",
        "is_petition",
        "created_at",
        "confirmed_at",
        "sent_at",
        "council_email",
        "bounced_at",
        "signatory_count",
        "followup_asked",
        "followup_answer",
        "followup_closed_at",
        "erased_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CouncilResponse)
class CouncilResponseAdmin(SimpleHistoryAdmin):
    """Residents' reports show as "gemeld door een inwoner" until confirmed here."""

    list_display = ["municipality", "kind", "reported_on", "source", "confirmed", "published"]
    list_filter = ["source", "kind", "published", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["municipality__name_nl", "text"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality"]
    readonly_fields = ["confirmed_at", "confirmed_by"]
    actions = ["confirm"]

    @admin.display(description=_("bevestigd"), boolean=True)
    def confirmed(self, obj):
        return obj.confirmed_at is not None or obj.source == ResponseSource.COORDINATOR

    def get_changeform_initial_data(self, request):
        return {
            "source": ResponseSource.COORDINATOR,
            "reported_on": timezone.localdate(),
            **super().get_changeform_initial_data(request),
        }

    @admin.action(description=_("Bevestigen (niet meer 'gemeld door een inwoner')"))
    def confirm(self, request, queryset):
        confirmed = sum(
            council_response_confirm(response=response, by=request.user) for response in queryset
        )
        self.message_user(
            request,
            ngettext("%(count)d antwoord bevestigd.", "%(count)d antwoorden bevestigd.", confirmed)
            % {"count": confirmed},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(bump_content_version)  # the municipality's public timeline

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(bump_content_version)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """Every municipality where residents wrote or the council answered, with its figures."""

    list_display = [
        "name_nl",
        "letters_sent",
        "letters_waiting",
        "collective_open",
        "collective_sent",
        "signatories",
        "answers_yes",
        "responses_link",
        "responses_unconfirmed",
    ]
    search_fields = ["name_nl", "refnis"]
    list_filter = [("province", admin.RelatedOnlyFieldListFilter)]
    ordering = ["name_nl"]

    def get_queryset(self, request):
        return campaigns_active(super().get_queryset(request).flemish())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("letters.view_councilresponse")

    @admin.display(description=_("brieven verstuurd"), ordering="letters_sent")
    def letters_sent(self, obj):
        return obj.letters_sent

    @admin.display(description=_("brieven in de wachtrij"), ordering="letters_waiting")
    def letters_waiting(self, obj):
        return obj.letters_waiting

    @admin.display(description=_("gezamenlijke brieven open"), ordering="collective_open")
    def collective_open(self, obj):
        return obj.collective_open

    @admin.display(description=_("gezamenlijke brieven verstuurd"), ordering="collective_sent")
    def collective_sent(self, obj):
        return obj.collective_sent

    @admin.display(description=_("ondertekenaars"), ordering="signatories")
    def signatories(self, obj):
        return obj.signatories

    @admin.display(description=_("'ja, het bestuur antwoordde'"), ordering="answers_yes")
    def answers_yes(self, obj):
        return obj.answers_yes

    @admin.display(description=_("antwoorden op de tijdlijn"), ordering="responses")
    def responses_link(self, obj):
        url = reverse("admin:letters_councilresponse_changelist")
        return format_html(
            '<a href="{}?municipality__id__exact={}">{}</a>', url, obj.pk, obj.responses
        )

    @admin.display(description=_("nog te bevestigen"), ordering="responses_unconfirmed")
    def responses_unconfirmed(self, obj):
        return obj.responses_unconfirmed


@admin.register(ResidentLetter)
class ResidentLetterAdmin(ReviewActions, admin.ModelAdmin):
    """Residents' letters by e-mail: the review queue (status "wacht op nazicht") and each
    council's queue. Read-only: residents write them, the actions move them on."""

    list_display = [
        "municipality",
        "status",
        "held_reason",
        "created_at",
        "confirmed_at",
        "scheduled_for",
        "sent_at",
    ]
    list_filter = [
        "status",
        ("bounced_at", admin.EmptyFieldListFilter),
        ("municipality", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["municipality__name_nl"]
    list_select_related = ["municipality"]
    date_hierarchy = "created_at"
    ordering = ["scheduled_for", "created_at"]
    fields = [
        "municipality",
        "status",
        "held_reason",
        "personal_paragraph",
        "name",
        "kind",
        "template_version",
        "cc_resident",
        "created_at",
        "confirmed_at",
        "reminder_sent_at",
        "reviewed_at",
        "reviewed_by",
        "scheduled_for",
        "sent_at",
        "council_email",
        "bounced_at",
        "council_mail",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
