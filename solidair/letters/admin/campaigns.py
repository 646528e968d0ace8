"""What councils answered, and each municipality's campaign (solidair.letters.delivery.followup,
solidair.letters.delivery.campaigns)."""

from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from solidair.letters.delivery.campaigns import campaigns_active
from solidair.letters.delivery.followup import council_response_confirm
from solidair.letters.models import Campaign, CouncilResponse, ResponseSource
from solidair.operations.pagecache import bump_content_version


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
