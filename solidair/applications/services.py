"""Workflows of an application to join: start, fill in, submit, and the coordinators' review.

Every function that changes an application checks its status itself, so a form, the admin
and a script all meet the same rules; mail is queued in the same transaction.
"""

import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from solidair.applications import mails
from solidair.applications.models import (
    Application,
    ApplicationCommitment,
    ApplicationContact,
    ApplicationStatus,
    token_from_nonce,
    token_hash,
)
from solidair.lib.i18n import in_dutch, in_language, language_current
from solidair.membership.ladder import RungClaim, commitment_ladder_set
from solidair.membership.models import (
    MIN_COMMITMENTS,
    Activity,
    Commitment,
    CommitmentState,
    ContactPerson,
    Membership,
    MembershipStatus,
    Rung,
)
from solidair.municipalities.models import Municipality
from solidair.operations.uploads import PublicUploadTo
from solidair.web.links import absolute_url

# Contact persons an application may name. Enough for any municipality's team for the network;
# more colleagues are invited later from the portal ("Nodig een collega uit"), and each contact
# gets a mail when the application is approved.
MAX_CONTACTS = 10


@dataclass(frozen=True)
class CommitmentInput:
    activity: Activity
    title: str
    description: str


@dataclass(frozen=True)
class ContactInput:
    """A contact person as the applicant typed it; in a draft any field may still be empty."""

    name: str
    email: str
    phone: str = ""
    role: str = ""
    is_public: bool = True
    # The stored contact this row showed (its pk); None for a person added on the page.
    ref: int | None = None


def municipality_is_member(municipality: Municipality) -> bool:
    return Membership.objects.active().filter(municipality=municipality).exists()


def application_link(application: Application) -> str:
    """The applicant's secret link, absolute (for mails); empty once the link is void."""
    token = application.link_token()
    if not token:
        return ""
    return absolute_url("applications:overview", kwargs={"token": token})


def _admin_link(application: Application) -> str:
    return absolute_url("admin:applications_application_change", args=[application.pk])


def _set_token(application: Application) -> str:
    application.token_nonce = secrets.token_urlsafe(32)
    token = token_from_nonce(application.token_nonce)
    application.token_hash = token_hash(token)
    return token


def _void_token(application: Application) -> None:
    application.token_nonce = ""
    application.token_hash = None


def _require_editable(application: Application) -> None:
    if not application.is_editable:
        raise ValidationError(
            _("Deze aanvraag kan niet meer aangepast worden: ze is %(status)s.")
            % {"status": application.get_status_display()},
            code="not_editable",
        )


def application_start(
    *,
    municipality: Municipality,
    applicant_name: str,
    applicant_email: str,
    applicant_role: str,
) -> tuple[Application, str]:
    """Open a draft for ``municipality`` and mail its link to the applicant.

    Returns the application and the token of its link (shown to the applicant at once).
    """
    if not municipality.is_flemish:
        raise ValidationError(
            _("Het netwerk is Vlaams: %(name)s kan niet aansluiten.") % {"name": municipality.name},
            code="not_flemish",
        )
    if municipality_is_member(municipality):
        raise ValidationError(
            _("%(name)s is al lid van het netwerk.") % {"name": municipality.name},
            code="already_member",
        )
    with transaction.atomic():
        application = Application(
            municipality=municipality,
            applicant_name=applicant_name,
            applicant_email=applicant_email,
            applicant_role=applicant_role,
            language=language_current(),
        )
        token = _set_token(application)
        application.save()
        mails.started(application, link=application_link(application), language=language_current())
    return application, token


def application_links_resend(*, email: str) -> int:
    """Mail the links of the open applications started with ``email``; return how many.

    The caller answers the same whether there were any or not.
    """
    address = email.strip()
    applications = list(
        Application.objects.open()
        .filter(applicant_email__iexact=address)
        .select_related("municipality")
    )
    if not applications:
        return 0
    with transaction.atomic():
        mails.links(
            applications[0],
            link=application_link(applications[0]),
            applications=[(item, application_link(item)) for item in applications],
            language=language_current(),
        )
    return len(applications)


def _locked(application: Application) -> Application:
    """The application's row, locked until the transaction ends: saves from two tabs (or two
    colleagues with the same link) apply one after the other."""
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def application_applicant_save(
    *, application: Application, name: str, email: str, role: str
) -> None:
    _require_editable(_locked(application))
    application.applicant_name = name
    application.applicant_email = email
    application.applicant_role = role
    application.save(
        update_fields=["applicant_name", "applicant_email", "applicant_role", "updated_at"]
    )


@transaction.atomic
def application_commitments_save(
    *,
    application: Application,
    chosen: list[CommitmentInput],
    removed: Collection[Activity] = (),
) -> None:
    """Apply what the applicant changed on the commitments page.

    ``chosen`` are the activities they ticked or whose text they changed, ``removed`` the ones
    they unticked. Every other stored commitment stays as it is: the page may be older than a
    save from another tab. The rule of three is checked when submitting.
    """
    application = _locked(application)
    _require_editable(application)
    application.commitments.filter(activity__in=[activity.pk for activity in removed]).delete()
    for item in chosen:
        ApplicationCommitment.objects.update_or_create(
            application=application,
            activity=item.activity,
            defaults={"title": item.title, "description": item.description},
        )
    application.save(update_fields=["updated_at"])


@transaction.atomic
def application_decision_save(
    *,
    application: Application,
    body: str,
    decided_on: date | None,
    url: str,
    document: File | None = None,
    remove_document: bool = False,
) -> None:
    """Store the decision. ``document`` must have passed ``validate_pdf``."""
    _require_editable(_locked(application))
    application.decision_body = body
    application.decision_date = decided_on
    application.decision_url = url
    application.save(update_fields=["decision_body", "decision_date", "decision_url", "updated_at"])
    if document is not None or remove_document:
        application_document_save(application=application, document=document)


@transaction.atomic
def application_document_save(*, application: Application, document: File | None) -> None:
    """Replace (or remove) the decision's PDF; a checked PDF only."""
    old = _locked(application).decision_document.name
    _require_editable(application)
    if document is not None:
        application.decision_document.save("besluit.pdf", document, save=False)
    else:
        application.decision_document = ""
    application.save(update_fields=["decision_document", "updated_at"])
    if old and old != application.decision_document.name:
        # The old file is in the history's rows too, but only by name: nobody can reach it
        # any more, so it goes.
        transaction.on_commit(lambda: application.decision_document.storage.delete(old))


def _same_address(first: str, second: str) -> bool:
    return bool(first) and first.strip().lower() == second.strip().lower()


@transaction.atomic
def application_contacts_save(
    *,
    application: Application,
    contacts: list[ContactInput],
    removed: Collection[int] = (),
) -> None:
    """Apply what the applicant did on the contacts page.

    ``contacts`` are the persons they added or changed (``ref`` names the stored contact a row
    showed), ``removed`` the stored contacts they removed. Every other stored contact stays as
    it is: the page may be older than a save from another tab. A new person with the address of
    a stored contact updates that contact, so the same form sent twice (the back button, a
    second tab) adds nobody twice; a person changed on an older page whose contact was removed
    meanwhile comes back with what was typed. Refused, with nothing changed, when two contacts
    would share an address or there would be more than ``MAX_CONTACTS``.
    """
    application = _locked(application)
    _require_editable(application)
    stored = {contact.pk: contact for contact in application.contacts.all()}
    for pk in removed:
        contact = stored.pop(pk, None)
        if contact is not None:
            contact.delete()
    for item in sorted(contacts, key=lambda item: item.ref is None):  # changes, then new rows
        contact = stored.get(item.ref) if item.ref is not None else None
        if contact is None:
            contact = next(
                (other for other in stored.values() if _same_address(other.email, item.email)),
                None,
            ) or ApplicationContact(application=application)
        contact.name = item.name
        contact.email = item.email
        contact.phone = item.phone
        contact.role = item.role
        contact.is_public = item.is_public
        contact.save()
        stored[contact.pk] = contact
    addresses = [contact.email.strip().lower() for contact in stored.values() if contact.email]
    for address in addresses:
        if addresses.count(address) > 1:
            raise ValidationError(
                _("Elke contactpersoon heeft een eigen e-mailadres; %(email)s staat er twee keer.")
                % {"email": address},
                code="duplicate",
            )
    if len(stored) > MAX_CONTACTS:
        raise ValidationError(
            _(
                "Een aanvraag heeft hoogstens %(num)d contactpersonen. Meer collega's nodig je "
                "na de goedkeuring uit in het portaal."
            )
            % {"num": MAX_CONTACTS},
            code="too_many_contacts",
        )
    application.save(update_fields=["updated_at"])


def application_problems(*, application: Application, today: date | None = None) -> list[str]:
    """What is missing before the application can be submitted or approved, in Dutch."""
    today = today or timezone.localdate()
    problems = []
    if not (application.applicant_name and application.applicant_email):
        problems.append(_("Vul je naam en e-mailadres in."))
    commitments = list(application.commitments.select_related("activity"))
    if len(commitments) < MIN_COMMITMENTS:
        problems.append(
            ngettext(
                "Kies minstens %(minimum)d engagementen; je koos er %(count)d.",
                "Kies minstens %(minimum)d engagementen; je koos er %(count)d.",
                len(commitments),
            )
            % {"minimum": MIN_COMMITMENTS, "count": len(commitments)}
        )
    for commitment in commitments:
        if commitment.activity.code == Activity.OTHER and not commitment.title.strip():
            problems.append(_("Geef een titel voor de andere activiteit."))
        if not commitment.description.strip():
            problems.append(
                _("Beschrijf wat de gemeente doet voor “%(title)s”.")
                % {"title": commitment.display_title}
            )
    if not application.decision_body:
        problems.append(_("Zeg wie de beslissing nam: de gemeenteraad of het college."))
    if not application.decision_date:
        problems.append(_("Vul de datum van de beslissing in."))
    elif application.decision_date > today:
        problems.append(_("De datum van de beslissing ligt in de toekomst."))
    if not (application.decision_url or application.decision_document):
        problems.append(_("Geef een link naar de beslissing of laad ze op als PDF."))
    contacts = list(application.contacts.all())
    if not contacts:
        problems.append(_("Geef minstens één contactpersoon."))
    for number, contact in enumerate(contacts, start=1):
        if not (contact.name.strip() and contact.email.strip() and contact.role.strip()):
            problems.append(
                _(
                    "Contactpersoon %(number)d is nog niet volledig: geef een naam, een "
                    "e-mailadres en een functie."
                )
                % {"number": number}
            )
    return problems


def _problems_error(problems: list[str]) -> ValidationError:
    return ValidationError([ValidationError(problem, code="incomplete") for problem in problems])


def application_submit(*, application: Application, now: datetime | None = None) -> Application:
    """Put a complete application in the coordinators' queue and tell both sides."""
    now = now or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _require_editable(application)
        problems = application_problems(application=application, today=timezone.localdate(now))
        if problems:
            raise _problems_error(problems)
        resubmitted = application.status == ApplicationStatus.CHANGES_REQUESTED
        application.status = ApplicationStatus.SUBMITTED
        application.submitted_at = now
        application.save()
        with in_language(application.language):
            mails.submitted(
                application, link=application_link(application), language=language_current()
            )
        with in_dutch():
            mails.coordinators_submitted(
                application,
                link=application_link(application),
                admin_link=_admin_link(application),
                resubmitted=resubmitted,
                language=language_current(),
            )
    return application


def _locked_for_review(application: Application, *allowed: str) -> Application:
    application = (
        Application.objects.select_for_update()
        .select_related("municipality")
        .get(pk=application.pk)
    )
    if application.status not in allowed:
        raise ValidationError(
            _("Dit kan niet meer: de aanvraag is %(status)s.")
            % {"status": application.get_status_display()},
            code="wrong_status",
        )
    return application


def application_request_changes(
    *,
    application: Application,
    by: AbstractBaseUser,
    message: str,
) -> Application:
    """Send the application back to its applicant with a question; the link stays the same."""
    if not message.strip():
        raise ValidationError(_("Schrijf wat de aanvrager moet aanpassen."), code="no_message")
    with transaction.atomic():
        application = _locked_for_review(application, ApplicationStatus.SUBMITTED)
        application.status = ApplicationStatus.CHANGES_REQUESTED
        application.review_message = message.strip()
        application._history_user = by
        application.save()
        with in_language(application.language):  # a coordinator decides; the applicant reads
            mails.changes_requested(
                application, link=application_link(application), language=language_current()
            )
    return application


def application_reject(
    *,
    application: Application,
    by: AbstractBaseUser,
    message: str,
    now: datetime | None = None,
) -> Application:
    if not message.strip():
        raise ValidationError(
            _("Leg de aanvrager uit waarom de aanvraag afgewezen wordt."), code="no_message"
        )
    now = now or timezone.now()
    with transaction.atomic():
        application = _locked_for_review(
            application, ApplicationStatus.SUBMITTED, ApplicationStatus.CHANGES_REQUESTED
        )
        application.status = ApplicationStatus.REJECTED
        application.review_message = message.strip()
        application.decided_at = now
        application.decided_by = by
        _void_token(application)
        application._history_user = by
        application.save()
        with in_language(application.language):  # a coordinator decides; the applicant reads
            mails.rejected(
                application, link=application_link(application), language=language_current()
            )
    return application


def application_approve(
    *,
    application: Application,
    by: AbstractBaseUser,
    message: str = "",
    now: datetime | None = None,
) -> Membership:
    """Make the municipality a member from the decision date, in one transaction.

    Creates or updates its current membership, its commitments (decided) and its contacts;
    mails the applicant and the contacts. Refused when the application is incomplete (the
    rule of three included) or when the municipality became a member meanwhile.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        application = _locked_for_review(application, ApplicationStatus.SUBMITTED)
        municipality = application.municipality
        problems = application_problems(application=application, today=today)
        if problems:
            raise _problems_error(problems)
        if municipality_is_member(municipality):
            raise ValidationError(
                _(
                    "%(name)s is intussen al lid van het netwerk; deze aanvraag kan niet "
                    "goedgekeurd worden. Pas het bestaande lidmaatschap aan of wijs de aanvraag af."
                )
                % {"name": municipality.name_nl},
                code="already_member",
            )
        membership = _membership_from(application, today=today, by=by)
        _commitments_from(application, membership=membership, by=by)
        contacts = _contacts_from(application, by=by)
        membership.validate_commitment_count(membership.commitments.count())

        application.status = ApplicationStatus.APPROVED
        application.review_message = message.strip()
        application.decided_at = now
        application.decided_by = by
        application.membership = membership
        _void_token(application)
        application._history_user = by
        application.save()

        recipients = [application.applicant_email]
        for contact in contacts:
            if contact.email.lower() not in {address.lower() for address in recipients}:
                recipients.append(contact.email)
        for address in recipients:
            with in_language(application.language):  # the applicant's, also for colleagues
                mails.approved(
                    application,
                    to=address,
                    link=application_link(application),
                    sign_in_link=absolute_url("portal:sign_in"),
                    page_link=absolute_url(municipality),
                    language=language_current(),
                )
    return membership


def _membership_from(application: Application, *, today: date, by) -> Membership:
    membership = Membership.objects.current().filter(
        municipality=application.municipality
    ).first() or Membership(municipality=application.municipality)
    membership.status = MembershipStatus.MEMBER
    membership.member_since = application.decision_date
    membership.decision_body = application.decision_body
    membership.decision_date = application.decision_date
    membership.decision_url = application.decision_url
    membership.commitments_to_confirm = False
    membership.last_confirmed_on = today
    if application.decision_document:
        # A council's decision is public: the copy goes with the member's public page.
        storage = membership.decision_document.storage
        with application.decision_document.open("rb") as source:
            name = storage.save(
                PublicUploadTo("decisions")(membership, "besluit.pdf"), ContentFile(source.read())
            )
        membership.decision_document.name = name
    else:
        membership.decision_document = ""
    membership._history_user = by
    membership.save()
    return membership


def _commitments_from(application: Application, *, membership: Membership, by) -> None:
    existing = {commitment.activity_id: commitment for commitment in membership.commitments.all()}
    for chosen in application.commitments.select_related("activity"):
        commitment = existing.pop(chosen.activity_id, None) or Commitment(
            membership=membership, activity=chosen.activity
        )
        commitment.title = chosen.title
        commitment.description = chosen.description
        commitment.state = CommitmentState.ACTIVE
        commitment.state_date = None
        commitment._history_user = by
        commitment.save()
        # The decision to join is the first rung of every commitment it names; rungs reached
        # before (a member that left and came back) keep their own evidence.
        commitment_ladder_set(
            commitment=commitment,
            claims={
                Rung.DECIDED: RungClaim(
                    date=application.decision_date,
                    evidence_url=membership.decision_url,
                    evidence_note=str(membership.get_decision_body_display()),
                    stored_document=membership.decision_document.name or "",
                )
            },
        )
    for left_out in existing.values():
        left_out._history_user = by
        left_out.delete()


def _contacts_from(application: Application, *, by) -> list[ContactPerson]:
    contacts = []
    for chosen in application.contacts.all():
        contact = ContactPerson.objects.filter(
            municipality=application.municipality, email__iexact=chosen.email
        ).first() or ContactPerson(municipality=application.municipality, email=chosen.email)
        contact.name = chosen.name
        contact.phone = chosen.phone
        contact.role = chosen.role
        contact.is_public = chosen.is_public
        contact._history_user = by
        contact.save()
        contacts.append(contact)
    return contacts
