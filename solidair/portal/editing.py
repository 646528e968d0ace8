"""Workflows of keeping a municipality's page: what contacts change in the portal, and what
coordinators decide about their requests in /beheer/.

Callers pass objects that ``solidair.portal.permissions`` allowed. Every workflow runs in one
transaction and queues one mail to the coordinators (``notices.change_notice``); who made the
change is recorded in the history by ``HistoryRequestMiddleware`` (and here, for requests).
"""

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from solidair.initiatives.models import STRUCTURED_FIELDS, Initiative
from solidair.initiatives.services import initiative_search_refresh
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
from solidair.portal import mails
from solidair.portal.models import ContactInvitation, PauseRequest, RequestStatus
from solidair.portal.notices import change_notice
from solidair.web.links import absolute_url

# --- The membership's public text -------------------------------------------------------------


def membership_text_update(
    *, membership: Membership, public_text: str, by: AbstractBaseUser
) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        with change_notice(
            obj=membership,
            municipality=membership.municipality,
            by=by,
            summary=_("publieke tekst aangepast"),
        ):
            membership.public_text = public_text.strip()
            membership.save(update_fields=["public_text", "updated_at"])
    return membership


# --- Contacts ---------------------------------------------------------------------------------

CONTACT_FIELDS = ("name", "phone", "role", "is_public")


def contact_update(
    *, contact: ContactPerson, changes: Mapping[str, object], by: AbstractBaseUser
) -> ContactPerson:
    """Change a contact's details and public flag. The address is not among them: a new
    address is a new person, who comes in by invitation."""
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Contacts cannot change {sorted(unknown)} in the portal.")
    with (
        transaction.atomic(),
        change_notice(
            obj=contact,
            municipality=contact.municipality,
            by=by,
            summary=_("contactpersoon aangepast"),
        ),
    ):
        for name, value in changes.items():
            setattr(contact, name, value)
        contact.full_clean()
        contact.save()
    return contact


def contact_removal_problem(*, contact: ContactPerson, by: AbstractBaseUser) -> str:
    """Why ``by`` may not remove ``contact`` (a sentence for them), or "" when they may."""
    own = (getattr(by, "email", "") or "").strip().lower()
    if contact.email.strip().lower() == own:
        return _(
            "Je kan jezelf niet verwijderen. Vraag een collega-contactpersoon of de "
            "coördinatoren van het netwerk om het te doen."
        )
    if (
        not ContactPerson.objects.filter(municipality_id=contact.municipality_id)
        .exclude(pk=contact.pk)
        .exists()
    ):
        return _("Dit is de laatste contactpersoon van de gemeente; die blijft altijd bestaan.")
    return ""


def contact_remove(*, contact: ContactPerson, by: AbstractBaseUser) -> None:
    """Remove a contact other than oneself; never the municipality's last contact."""
    with transaction.atomic():
        # Two contacts removing each other at once must still leave one.
        list(
            ContactPerson.objects.select_for_update().filter(
                municipality_id=contact.municipality_id
            )
        )
        problem = contact_removal_problem(contact=contact, by=by)
        if problem:
            raise ValidationError(problem, code="contact_kept")
        with change_notice(
            obj=contact,
            municipality=contact.municipality,
            by=by,
            summary=_("contactpersoon verwijderd"),
        ) as notice:
            notice.extra_lines.append(str(contact))
            contact.delete()


def contact_invite(
    *, municipality: Municipality, name: str, email: str, role: str, by: AbstractBaseUser
) -> ContactInvitation:
    """Ask the coordinators to make a colleague a contact of ``municipality``."""
    email = email.strip()
    if ContactPerson.objects.filter(municipality=municipality, email__iexact=email).exists():
        raise ValidationError(
            {"email": _("Dit e-mailadres is al een contactpersoon van deze gemeente.")}
        )
    if (
        ContactInvitation.objects.pending()
        .filter(municipality=municipality, email__iexact=email)
        .exists()
    ):
        raise ValidationError(
            {"email": _("Voor dit e-mailadres wacht al een uitnodiging op de coördinatoren.")}
        )
    with transaction.atomic():
        invitation = ContactInvitation.objects.create(
            municipality=municipality,
            name=name.strip(),
            email=email,
            role=role.strip(),
            invited_by=by,
            language=language_current(),
        )
        with in_dutch():  # to the coordinators
            mails.request(
                kind="invitation",
                intro=_(
                    "Een contactpersoon vraagt om een collega als contactpersoon toe te voegen."
                ),
                municipality=municipality,
                by=getattr(by, "email", "") or str(by),
                lines=[
                    f"{_('Collega')}: {invitation}",
                    f"{_('Functie')}: {invitation.role or '—'}",
                ],
                admin_url=_admin_change_url(invitation),
                language=language_current(),
            )
    return invitation


def invitation_approve(
    *, invitation: ContactInvitation, by: AbstractBaseUser, now: datetime | None = None
) -> ContactPerson:
    """Make the invited colleague a contact (not public until they choose so) and tell them."""
    with transaction.atomic():
        invitation = ContactInvitation.objects.select_for_update().get(pk=invitation.pk)
        _check_pending(invitation)
        contact = ContactPerson.objects.filter(
            municipality=invitation.municipality, email__iexact=invitation.email
        ).first()
        if contact is None:
            contact = ContactPerson.objects.create(
                municipality=invitation.municipality,
                name=invitation.name,
                email=invitation.email,
                role=invitation.role,
                is_public=False,
            )
        invitation.decide(RequestStatus.APPROVED, by=by, now=now)
        with in_language(invitation.language):  # the colleague who invited them
            mails.welcome(
                to=contact.email,
                name=invitation.name,
                municipality=invitation.municipality,
                sign_in_url=absolute_url("portal:sign_in"),
                language=language_current(),
            )
    return contact


def invitation_refuse(
    *, invitation: ContactInvitation, by: AbstractBaseUser, now: datetime | None = None
) -> None:
    with transaction.atomic():
        invitation = ContactInvitation.objects.select_for_update().get(pk=invitation.pk)
        _check_pending(invitation)
        invitation.decide(RequestStatus.REFUSED, by=by, now=now)
        with in_language(invitation.language):
            mails.decision(
                to=invitation.invited_by,
                municipality=invitation.municipality,
                decision=_(
                    "De coördinatoren van het netwerk voegden %(colleague)s niet toe als "
                    "contactpersoon van %(municipality)s."
                )
                % {"colleague": invitation.name, "municipality": invitation.municipality.name},
                language=language_current(),
            )


# --- Initiatives ------------------------------------------------------------------------------

INITIATIVE_FIELDS = (
    "title",
    "summary",
    "text",
    "published",
    "image_alt",
    *STRUCTURED_FIELDS,
)


def initiative_save(
    *,
    initiative: Initiative,
    changes: Mapping[str, object],
    themes: Iterable[Activity],
    image: ContentFile | None = None,
    remove_image: bool = False,
    by: AbstractBaseUser,
) -> Initiative:
    """Create or change an initiative of ``initiative.municipality``.

    ``image`` is a prepared image (``solidair.operations.uploads.image_prepare``); an initiative
    with an image always has its description (alt text).
    """
    unknown = set(changes) - set(INITIATIVE_FIELDS)
    if unknown:
        raise ValueError(f"Contacts cannot change {sorted(unknown)} in the portal.")
    creating = initiative.pk is None
    with (
        transaction.atomic(),
        change_notice(
            obj=initiative,
            municipality=initiative.municipality,
            by=by,
            summary=_("initiatief toegevoegd") if creating else _("initiatief aangepast"),
        ),
    ):
        for name, value in changes.items():
            setattr(initiative, name, value)
        if remove_image and not image:
            initiative.image = ""
            initiative.image_alt = ""
        if image is not None and not initiative.image_alt.strip():
            # Checked before the file is stored, so a refusal leaves no file behind.
            raise ValidationError(
                {"image_alt": _("Beschrijf wat de afbeelding toont, voor wie ze niet ziet.")}
            )
        initiative.full_clean(exclude=["themes", "partners"])
        if image is not None:
            initiative.image.save(image.name, image, save=False)
        initiative.save()
        themes = list(themes)
        if creating or set(initiative.themes.all()) != set(themes):
            initiative.themes.set(themes)
        initiative_search_refresh(initiative=initiative)
    return initiative


# --- Commitments ------------------------------------------------------------------------------

COMMITMENT_FIELDS = ("title", "description", "state", "state_date", "state_note")


def _too_few_message(remaining: int) -> str:
    return ngettext(
        "Dan blijft er %(count)d actief engagement over. Een lid van het netwerk heeft er "
        "minstens %(minimum)d. Voeg eerst een ander engagement toe, of vraag om het "
        "lidmaatschap te pauzeren.",
        "Dan blijven er %(count)d actieve engagementen over. Een lid van het netwerk heeft er "
        "minstens %(minimum)d. Voeg eerst een ander engagement toe, of vraag om het "
        "lidmaatschap te pauzeren.",
        remaining,
    ) % {"count": remaining, "minimum": MIN_COMMITMENTS}


def commitment_leaving_problem(*, commitment: Commitment) -> str:
    """Why ``commitment`` cannot be removed or stopped (the rule of three), or ""."""
    membership = commitment.membership
    if not membership.requires_minimum:
        return ""
    others = membership.commitments.active().exclude(pk=commitment.pk).count()
    if others < MIN_COMMITMENTS:
        return _too_few_message(others)
    return ""


def _lock_membership(membership: Membership) -> Membership:
    # Two contacts stopping two commitments at once must not leave two.
    return Membership.objects.select_for_update().get(pk=membership.pk)


def commitment_update(
    *,
    commitment: Commitment,
    changes: Mapping[str, object],
    claims: Mapping[Rung, RungClaim | None],
    by: AbstractBaseUser,
) -> Commitment:
    """Change a commitment's text and state, and its ladder (solidair/membership/ladder.py).

    Stopping it is refused (ValidationError on ``state``) when fewer than three active
    commitments would remain.
    """
    unknown = set(changes) - set(COMMITMENT_FIELDS)
    if unknown:
        raise ValueError(f"Contacts cannot change {sorted(unknown)} in the portal.")
    with transaction.atomic():
        membership = _lock_membership(commitment.membership)
        stored = Commitment.objects.get(pk=commitment.pk)
        stopping = (
            changes.get("state", stored.state) == CommitmentState.STOPPED
            and stored.state != CommitmentState.STOPPED
        )
        if stopping:
            commitment.membership = membership
            problem = commitment_leaving_problem(commitment=commitment)
            if problem:
                raise ValidationError(
                    {"state": ValidationError(problem, code="too_few_commitments")}
                )
        with change_notice(
            obj=commitment,
            municipality=membership.municipality,
            by=by,
            summary=_("engagement aangepast"),
        ) as notice:
            notice.extra_lines += commitment_ladder_set(
                commitment=commitment, claims=claims, save=False
            )
            for name, value in changes.items():
                setattr(commitment, name, value)
            commitment.full_clean(exclude=["membership", "activity"])
            commitment.save()
    return commitment


def commitment_add(
    *,
    membership: Membership,
    activity: Activity,
    changes: Mapping[str, object],
    rung: Rung,
    claim: RungClaim,
    by: AbstractBaseUser,
) -> Commitment:
    """Add a commitment to an activity the membership has not chosen yet, on its first rung."""
    unknown = set(changes) - set(COMMITMENT_FIELDS)
    if unknown:
        raise ValueError(f"Contacts cannot set {sorted(unknown)} in the portal.")
    with transaction.atomic():
        membership = _lock_membership(membership)
        if membership.commitments.filter(activity=activity).exists():
            raise ValidationError(
                {"activity": _("Dit engagement is al gekozen.")}, code="already_chosen"
            )
        commitment = Commitment(membership=membership, activity=activity, **changes)
        commitment.full_clean(exclude=["membership"])
        with change_notice(
            obj=commitment,
            municipality=membership.municipality,
            by=by,
            summary=_("engagement toegevoegd"),
        ) as notice:
            commitment.save()
            notice.extra_lines += commitment_ladder_set(commitment=commitment, claims={rung: claim})
    return commitment


def commitment_remove(*, commitment: Commitment, by: AbstractBaseUser) -> None:
    """Remove a commitment, unless fewer than three active ones would remain."""
    with transaction.atomic():
        commitment.membership = _lock_membership(commitment.membership)
        problem = commitment_leaving_problem(commitment=commitment)
        if problem:
            raise ValidationError(problem, code="too_few_commitments")
        with change_notice(
            obj=commitment,
            municipality=commitment.membership.municipality,
            by=by,
            summary=_("engagement verwijderd"),
        ) as notice:
            notice.extra_lines.append(commitment.display_title)
            commitment.delete()


# --- Pausing the membership -------------------------------------------------------------------


def pause_request(*, membership: Membership, reason: str, by: AbstractBaseUser) -> PauseRequest:
    """Ask the coordinators to pause (suspend) an active membership."""
    if membership.status != MembershipStatus.MEMBER:
        raise ValidationError(_("Alleen een actief lidmaatschap kan gepauzeerd worden."))
    if membership.pause_requests.pending().exists():
        raise ValidationError(
            _("Er wacht al een vraag om te pauzeren op de coördinatoren."), code="pending"
        )
    with transaction.atomic():
        pause = PauseRequest.objects.create(
            membership=membership,
            reason=reason.strip(),
            requested_by=by,
            language=language_current(),
        )
        with in_dutch():  # to the coordinators
            mails.request(
                kind="pause",
                intro=_("Een contactpersoon vraagt om het lidmaatschap te pauzeren."),
                municipality=membership.municipality,
                by=getattr(by, "email", "") or str(by),
                lines=[f"{_('Reden')}: {pause.reason}"],
                admin_url=_admin_change_url(pause),
                language=language_current(),
            )
    return pause


def pause_accept(*, pause: PauseRequest, by: AbstractBaseUser, now: datetime | None = None) -> None:
    """Suspend the membership: it leaves the counts and letter footnotes until resumed."""
    with transaction.atomic():
        pause = PauseRequest.objects.select_for_update().get(pk=pause.pk)
        _check_pending(pause)
        membership = _lock_membership(pause.membership)
        membership.status = MembershipStatus.SUSPENDED
        membership.save(update_fields=["status", "updated_at"])
        pause.decide(RequestStatus.APPROVED, by=by, now=now)
        with in_language(pause.language):
            mails.decision(
                to=pause.requested_by,
                municipality=membership.municipality,
                decision=_(
                    "De coördinatoren van het netwerk aanvaardden je vraag: het lidmaatschap van "
                    "%(municipality)s is gepauzeerd. Het telt niet mee in de cijfers van het "
                    "netwerk tot het weer actief is."
                )
                % {"municipality": membership.municipality.name},
                language=language_current(),
            )


def pause_refuse(*, pause: PauseRequest, by: AbstractBaseUser, now: datetime | None = None) -> None:
    with transaction.atomic():
        pause = PauseRequest.objects.select_for_update().get(pk=pause.pk)
        _check_pending(pause)
        pause.decide(RequestStatus.REFUSED, by=by, now=now)
        with in_language(pause.language):
            mails.decision(
                to=pause.requested_by,
                municipality=pause.membership.municipality,
                decision=_(
                    "De coördinatoren van het netwerk pauzeerden het lidmaatschap van "
                    "%(municipality)s niet. Ze nemen contact met je op."
                )
                % {"municipality": pause.membership.municipality.name},
                language=language_current(),
            )


# --- Helpers ----------------------------------------------------------------------------------


def _check_pending(request: ContactInvitation | PauseRequest) -> None:
    if request.status != RequestStatus.PENDING:
        raise ValidationError(_("Hierover werd al beslist."), code="decided")


def _admin_change_url(obj) -> str:
    meta = obj._meta
    return absolute_url(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
