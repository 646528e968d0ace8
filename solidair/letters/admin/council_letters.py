"""The letters residents sent to their council, individual and collective: the review of held
letters (solidair.letters.delivery.review) and each council's queue."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from solidair.letters.admin.common import unchanged
from solidair.letters.delivery.review import council_letter_approve, council_letter_reject
from solidair.letters.models import CollectiveLetter, LetterStatus, ResidentLetter

# --- The review of held letters, individual and collective

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
