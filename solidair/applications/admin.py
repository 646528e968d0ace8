"""The coordinators' review of applications, in the back-office (/beheer/).

Applications are read-only here: the applicant writes them. A coordinator asks for changes,
approves or rejects on the review page (``<id>/beoordelen/``), always through services.py.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from solidair.applications.forms import ReviewForm
from solidair.applications.models import (
    Application,
    ApplicationCommitment,
    ApplicationContact,
    ApplicationStatus,
)
from solidair.applications.services import (
    application_approve,
    application_problems,
    application_reject,
    application_request_changes,
)
from solidair.operations.uploads import file_response

REVIEWS = {
    ReviewForm.ASK_CHANGES: (
        application_request_changes,
        gettext_lazy("De aanvrager kreeg je vraag per e-mail."),
    ),
    ReviewForm.APPROVE: (
        application_approve,
        gettext_lazy("Goedgekeurd: %(name)s is nu lid van het netwerk."),
    ),
    ReviewForm.REJECT: (application_reject, gettext_lazy("De aanvraag is afgewezen.")),
}


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CommitmentInline(ReadOnlyInline):
    model = ApplicationCommitment
    fields = ["activity", "title", "description"]
    readonly_fields = fields


class ContactInline(ReadOnlyInline):
    model = ApplicationContact
    fields = ["name", "email", "phone", "role", "is_public"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = [
        "municipality",
        "status",
        "applicant_name",
        "submitted_at",
        "decided_at",
    ]
    list_filter = ["status", "municipality__province"]
    search_fields = ["municipality__name_nl", "applicant_name", "applicant_email"]
    list_select_related = ["municipality"]
    inlines = [CommitmentInline, ContactInline]
    fieldsets = [
        (None, {"fields": ["review_link", "municipality", "status"]}),
        (_("Aanvrager"), {"fields": ["applicant_name", "applicant_email", "applicant_role"]}),
        (
            _("Beslissing van de gemeente"),
            {"fields": ["decision_body", "decision_date", "decision_url", "document_link"]},
        ),
        (
            _("Beoordeling"),
            {
                "fields": [
                    "review_message",
                    "submitted_at",
                    "decided_at",
                    "decided_by",
                    "membership",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    readonly_fields = [
        "review_link",
        "municipality",
        "status",
        "applicant_name",
        "applicant_email",
        "applicant_role",
        "decision_body",
        "decision_date",
        "decision_url",
        "document_link",
        "review_message",
        "submitted_at",
        "decided_at",
        "decided_by",
        "membership",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The applicant writes the application; the change page only shows it (no save
        # buttons). Coordinators decide on the review page, which checks ``may_review``.
        return False

    def may_review(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # A decided application is the record of a decision; drafts (spam) may go.
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.status == ApplicationStatus.DRAFT
        )

    @admin.display(description=gettext_lazy("beoordeling"))
    def review_link(self, obj: Application) -> str:
        if obj.status != ApplicationStatus.SUBMITTED and obj.status != (
            ApplicationStatus.CHANGES_REQUESTED
        ):
            return _("Deze aanvraag is %(status)s.") % {"status": obj.get_status_display()}
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:applications_application_review", args=[obj.pk]),
            _("Beoordeel deze aanvraag"),
        )

    @admin.display(description=gettext_lazy("document van de beslissing"))
    def document_link(self, obj: Application) -> str:
        if not obj.decision_document:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:applications_application_document", args=[obj.pk]),
            _("Open de PDF"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/beoordelen/",
                self.admin_site.admin_view(self.review_view),
                name="applications_application_review",
            ),
            path(
                "<int:pk>/beslissing/",
                self.document_view,
                name="applications_application_document",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The private decision file, for coordinators only: anyone else gets a 404."""
        if not (request.user.is_active and request.user.is_staff):
            raise Http404("No such file.")
        application = get_object_or_404(Application, pk=pk)
        if not self.has_view_permission(request, application) or not application.decision_document:
            raise Http404("No such file.")
        response = file_response(application.decision_document, download_name="beslissing.pdf")
        response["Cache-Control"] = "private, no-store"
        return response

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = get_object_or_404(Application.objects.with_parts(), pk=pk)
        if not self.may_review(request, application):
            raise Http404("No such application.")
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            service, done = REVIEWS[form.cleaned_data["decision"]]
            try:
                service(
                    application=application,
                    by=request.user,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, done % {"name": application.municipality.name_nl})
                return redirect("admin:applications_application_change", application.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": application,
            "application": application,
            "title": _("Aanvraag van %(name)s beoordelen")
            % {"name": application.municipality.name_nl},
            "form": form,
            "problems": application_problems(application=application),
            "document_url": reverse("admin:applications_application_document", args=[pk])
            if application.decision_document
            else "",
            "can_review": application.status
            in (ApplicationStatus.SUBMITTED, ApplicationStatus.CHANGES_REQUESTED),
        }
        return TemplateResponse(request, "applications/admin/review.html", context)
