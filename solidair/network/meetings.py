"""Learning meetings: who may register, places and the waiting list, mails, calendar, export.

A place is *taken* by a registration that is registered, or offered to someone on the waiting
list (an offer holds the place for OFFER_HOURS). When a place frees up, the first on the list
gets the offer by mail and confirms it with a signed link; an offer that lapses passes to the
next one (``registrations_offers_run``, a periodic job). Every mailed link carries the
registration's random key (solidair.lib.tokens), one purpose per kind of link; the key is
cleared when the registration ends, so its links stop working.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from solidair.lib.i18n import in_language, language_current
from solidair.lib.text import spreadsheet_safe
from solidair.lib.tokens import key_new, link_key, link_token
from solidair.membership.models import MembershipStatus
from solidair.membership.selectors import managed_municipalities
from solidair.municipalities.models import Municipality
from solidair.network import ical, mails
from solidair.network.models import (
    Meeting,
    PartnerOrganisation,
    PartnerStaff,
    RegistrantKind,
    Registration,
    RegistrationStatus,
)
from solidair.network.models.meetings import OPEN_STATUSES
from solidair.web.links import absolute_url

OFFER_HOURS = 48
# A prospective registrant confirms their address within this time.
EMAIL_CONFIRM_HOURS = 48
REMINDER_BEFORE = timedelta(days=2)
# Changing one of these makes calendars replace their copy of the meeting.
CALENDAR_FIELDS = {"title", "starts_at", "ends_at", "place", "online_url", "description"}
# Changing one of these is mailed to the registered participants.
NOTIFY_FIELDS = {"starts_at", "ends_at", "place", "online_url"}

PURPOSE_CANCEL = "meeting-cancel"
PURPOSE_OFFER = "meeting-offer"
PURPOSE_EMAIL = "meeting-email"


# --- Who may register ----------------------------------------------------------------------


@dataclass
class Eligibility:
    kind: str | None  # a RegistrantKind, or None: may not register
    municipalities: list[Municipality] = field(default_factory=list)
    organisation: PartnerOrganisation | None = None
    name: str = ""
    role: str = ""
    # An anonymous prospective registrant confirms their address by mail first.
    confirm_email: bool = False


def registration_eligibility(
    *, meeting: Meeting, user: AbstractBaseUser | AnonymousUser
) -> Eligibility:
    """How ``user`` may register for ``meeting``: as a member's contact, a partner's staff, a
    prospective municipality (when the meeting is open to them), or not at all."""
    email = (getattr(user, "email", "") or "").strip()
    if user.is_authenticated and email:
        members = list(
            managed_municipalities(user)
            .filter(memberships__status=MembershipStatus.MEMBER)
            .distinct()
        )
        if members:
            contact = members[0].contacts.filter(email__iexact=email).first()
            return Eligibility(
                kind=RegistrantKind.MEMBER,
                municipalities=members,
                name=contact.name if contact else "",
                role=contact.role if contact else "",
            )
        staff = PartnerStaff.objects.select_related("organisation").filter(email__iexact=email)
        if staff_member := staff.first():
            return Eligibility(
                kind=RegistrantKind.PARTNER,
                organisation=staff_member.organisation,
                name=staff_member.name,
                role=staff_member.role,
            )
    if meeting.open_to_prospective:
        return Eligibility(
            kind=RegistrantKind.PROSPECTIVE,
            municipalities=list(managed_municipalities(user)),
            confirm_email=not (user.is_authenticated and email),
        )
    return Eligibility(kind=None)


def registration_closed_reason(*, meeting: Meeting, now: datetime | None = None) -> str:
    """Why registering is no longer possible; empty while it is."""
    now = now or timezone.now()
    if not meeting.published:
        return _("Deze bijeenkomst is niet aangekondigd.")
    if meeting.starts_at <= now:
        return _("Deze bijeenkomst is al begonnen of voorbij.")
    if meeting.registration_deadline and meeting.registration_deadline <= now:
        return _("De inschrijvingen zijn afgesloten.")
    return ""


def registration_of_user(
    *, meeting: Meeting, user: AbstractBaseUser | AnonymousUser
) -> Registration | None:
    """The signed-in person's registration for ``meeting`` that is still open, if any."""
    email = (getattr(user, "email", "") or "").strip()
    if not (user.is_authenticated and email):
        return None
    return meeting.registrations.open().filter(email__iexact=email).first()


# --- Registering, places and the waiting list ----------------------------------------------


class RegistrationRefused(Exception):
    """Registering is not possible; the message says why, in Dutch."""


def registration_create(
    *,
    meeting: Meeting,
    user: AbstractBaseUser | AnonymousUser,
    name: str,
    role: str = "",
    email: str = "",
    municipality: Municipality | None = None,
    dietary_needs: str = "",
    accessibility_needs: str = "",
    now: datetime | None = None,
) -> Registration:
    """Register ``user`` (or, anonymously, ``email``) for ``meeting``.

    A signed-in person is placed at once: registered, or on the waiting list when the meeting is
    full. An anonymous prospective registrant first gets a mail to confirm the address; asking
    again with the same address updates the details and sends that mail (or the mail of the
    registration as it stands) again, and says nothing on screen about the address.
    """
    now = now or timezone.now()
    eligibility = registration_eligibility(meeting=meeting, user=user)
    if eligibility.kind is None:
        raise RegistrationRefused(
            _("Je kunt je niet inschrijven voor deze bijeenkomst met dit account.")
        )
    if reason := registration_closed_reason(meeting=meeting, now=now):
        raise RegistrationRefused(reason)
    organisation = None
    if eligibility.kind == RegistrantKind.MEMBER:
        if municipality not in eligibility.municipalities:
            municipality = eligibility.municipalities[0]
    elif eligibility.kind == RegistrantKind.PARTNER:
        municipality, organisation = None, eligibility.organisation
    if not eligibility.confirm_email:
        email = user.email
    email = email.strip().lower()
    details = {
        "name": name.strip(),
        "role": role.strip(),
        "municipality": municipality,
        "organisation": organisation,
        "dietary_needs": dietary_needs.strip(),
        "accessibility_needs": accessibility_needs.strip(),
    }
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        existing = meeting.registrations.open().filter(email__iexact=email).first()
        if existing is not None:
            if eligibility.confirm_email:
                if existing.status == RegistrationStatus.UNCONFIRMED:
                    for name_, value in details.items():
                        setattr(existing, name_, value)
                    existing.save()
                _status_mail(existing)
                return existing
            raise RegistrationRefused(_("Je bent al ingeschreven voor deze bijeenkomst."))
        registration = Registration.objects.create(
            meeting=meeting,
            kind=eligibility.kind,
            user=user if user.is_authenticated else None,
            email=email,
            key=key_new(),
            created_at=now,
            status=RegistrationStatus.UNCONFIRMED,
            language=language_current(),
            **details,
        )
        if eligibility.confirm_email:
            _status_mail(registration)
        else:
            _place(registration, meeting=meeting, now=now)
    return registration


def _place(registration: Registration, *, meeting: Meeting, now: datetime) -> None:
    """Registered when a place is free and nobody waits for one; else on the waiting list."""
    left = meeting.places_left()
    if left is None or (left > 0 and not meeting.registrations.waiting_list().exists()):
        registration.status = RegistrationStatus.REGISTERED
        registration.confirmed_at = now
    else:
        registration.status = RegistrationStatus.WAITING
        registration.listed_at = now
    registration.save()
    _status_mail(registration)


def registration_from_link(*, token: str, purpose: str) -> Registration | None:
    """The open registration a mailed link belongs to; None for a forged, used or old link."""
    key = link_key(token, purpose=purpose)
    if not key:
        return None
    return (
        Registration.objects.select_related("meeting")
        .filter(key=key, status__in=OPEN_STATUSES)
        .first()
    )


def registration_email_confirm(*, registration: Registration, now: datetime | None = None) -> str:
    """A prospective registrant confirms their address: they are placed. Returns an error
    message (Dutch), or "" when done."""
    now = now or timezone.now()
    if registration.status != RegistrationStatus.UNCONFIRMED:
        return ""  # confirmed before: nothing to do
    if registration.created_at + timedelta(hours=EMAIL_CONFIRM_HOURS) < now:
        return _("Deze link is verlopen. Schrijf je opnieuw in.")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=registration.meeting_id)
        if reason := registration_closed_reason(meeting=meeting, now=now):
            return reason
        registration.refresh_from_db()
        _place(registration, meeting=meeting, now=now)
    return ""


def registration_offer_confirm(*, registration: Registration, now: datetime | None = None) -> str:
    """The person offered a place takes it. Returns an error message (Dutch), or ""."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.REGISTERED:
            return ""
        if (
            registration.status != RegistrationStatus.OFFERED
            or registration.offer_expires_at <= now
        ):
            return _("Deze plaats is niet meer voor jou vrijgehouden.")
        registration.status = RegistrationStatus.REGISTERED
        registration.confirmed_at = now
        registration.save()
        _status_mail(registration)
    return ""


def registration_cancel(*, registration: Registration, now: datetime | None = None) -> str:
    """Cancel; a place it held goes to the waiting list. Returns an error message, or ""."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=registration.meeting_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in OPEN_STATUSES:
            return ""
        if meeting.starts_at <= now:
            return _("Deze bijeenkomst is al begonnen; annuleren kan niet meer.")
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.key = ""
        registration.save()
        meeting_offer_places(meeting=meeting, now=now)
    return ""


def meeting_offer_places(*, meeting: Meeting, now: datetime | None = None) -> int:
    """Offer the free places to the first ones on the waiting list; returns how many.

    Call inside a transaction that locked the meeting row.
    """
    now = now or timezone.now()
    if meeting.starts_at <= now:
        return 0
    left = meeting.places_left()
    waiting = meeting.registrations.waiting_list()
    offered = list(waiting if left is None else waiting[:left])
    expires = min(now + timedelta(hours=OFFER_HOURS), meeting.starts_at)
    for registration in offered:
        registration.status = RegistrationStatus.OFFERED
        registration.offered_at = now
        registration.offer_expires_at = expires
        registration.save()
        _status_mail(registration)
    return len(offered)


def registrations_offers_run(*, now: datetime) -> str:
    """Periodic job: offers not confirmed in time lapse, and free places are offered to the
    next ones on the waiting lists (also after a coordinator raised the capacity)."""
    lapsed = offered = 0
    meeting_ids = set(
        Registration.objects.filter(
            status__in=(RegistrationStatus.OFFERED, RegistrationStatus.WAITING),
            meeting__starts_at__gt=now,
        ).values_list("meeting_id", flat=True)
    )
    meeting_ids |= set(
        Registration.objects.filter(
            status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
        ).values_list("meeting_id", flat=True)
    )
    for meeting_id in sorted(meeting_ids):
        with transaction.atomic():
            meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
            for registration in meeting.registrations.filter(
                status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
            ):
                registration.status = RegistrationStatus.LAPSED
                registration.key = ""
                registration.save()
                _status_mail(registration)
                lapsed += 1
            offered += meeting_offer_places(meeting=meeting, now=now)
    return f"{lapsed} offers lapsed, {offered} places offered"


def registrations_remind(*, now: datetime) -> str:
    """Periodic job: registered participants get a reminder two days before the meeting."""
    due = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminded_at__isnull=True,
        meeting__published=True,
        meeting__starts_at__gt=now,
        meeting__starts_at__lte=now + REMINDER_BEFORE,
    )
    sent = 0
    with transaction.atomic():
        for registration in due.select_for_update(skip_locked=True).select_related("meeting"):
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at"])
            _mail(registration, mails.reminder, with_calendar=True)
            sent += 1
    return f"{sent} reminders sent"


# --- Mails ---------------------------------------------------------------------------------


def registration_links(registration: Registration) -> dict[str, str]:
    """The absolute links a registrant's mails carry."""
    if not registration.key:
        return {}

    def link(name: str, purpose: str) -> str:
        token = link_token(registration.key, purpose=purpose)
        return absolute_url(name, kwargs={"token": token})

    return {
        "cancel": link("network:registration_cancel", PURPOSE_CANCEL),
        "offer": link("network:registration_offer", PURPOSE_OFFER),
        "confirm_email": link("network:registration_email", PURPOSE_EMAIL),
        "meeting": absolute_url(registration.meeting),
    }


_MAILS = {
    RegistrationStatus.UNCONFIRMED: (mails.confirm_email, False),
    RegistrationStatus.REGISTERED: (mails.registered, True),
    RegistrationStatus.WAITING: (mails.waiting, False),
    RegistrationStatus.OFFERED: (mails.offered, False),
    RegistrationStatus.LAPSED: (mails.lapsed, False),
}


def _status_mail(registration: Registration) -> None:
    send, with_calendar = _MAILS[registration.status]
    _mail(registration, send, with_calendar=with_calendar)


def _mail(registration: Registration, send: Callable[..., None], *, with_calendar: bool) -> None:
    """Queue a mail of ``network.mails`` (``send``) with the links (and the calendar item)."""
    meeting = registration.meeting
    # In the registrant's language, also when a periodic job sends it (offers, reminders).
    with in_language(registration.language), timezone.override("Europe/Brussels"):
        context = {
            "links": registration_links(registration),
            "offer_hours": OFFER_HOURS,
            "email_hours": EMAIL_CONFIRM_HOURS,
        }
        if with_calendar:
            calendar = ical.calendar_text(
                [meeting_event(meeting, participant=True, stamp=timezone.now())], method="PUBLISH"
            )
            send(registration, context=context, calendar=calendar)
        else:
            send(registration, context=context)


# --- Calendar ------------------------------------------------------------------------------


def meeting_event(meeting: Meeting, *, participant: bool, stamp: datetime) -> ical.Event:
    """The meeting as a calendar event; the online link only for a participant."""
    url = absolute_url(meeting)
    location = meeting.place
    description = meeting.description
    if participant and meeting.online_url:
        location = location or meeting.online_url
        description = "\n\n".join(
            part for part in (description, _("Online deelnemen: %s") % meeting.online_url) if part
        )
    elif not location and meeting.online_url:
        location = _("Online")
    return ical.Event(
        uid=f"bijeenkomst-{meeting.pk}@{ical.site_domain()}",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        stamp=stamp,
        summary=meeting.title,
        description=description,
        location=location,
        url=url,
        sequence=meeting.ical_sequence,
        last_modified=meeting.updated_at,
    )


def meetings_calendar() -> str:
    """The public feed: every published meeting, without online links."""
    with translation.override("nl-be"):
        events = [
            meeting_event(meeting, participant=False, stamp=meeting.updated_at)
            for meeting in Meeting.objects.published().order_by("starts_at")
        ]
        return ical.calendar_text(events, name=_("Lerende netwerken — Solidaire Gemeenten"))


def meeting_revise(
    *, meeting: Meeting, changed: Iterable[str], now: datetime | None = None
) -> None:
    """After a coordinator changed ``meeting`` (inside the admin's transaction).

    Calendars must replace their copy when the time, place or title changed (a higher
    SEQUENCE); registered participants get the new time or place by mail, with the new ``.ics``;
    a raised capacity goes to the waiting list at once.
    """
    now = now or timezone.now()
    changed = set(changed)
    if CALENDAR_FIELDS & changed:
        Meeting.objects.filter(pk=meeting.pk).update(ical_sequence=F("ical_sequence") + 1)
        meeting.refresh_from_db(fields=["ical_sequence"])
    if NOTIFY_FIELDS & changed and meeting.published and meeting.starts_at > now:
        for registration in meeting.registrations.filter(status=RegistrationStatus.REGISTERED):
            registration.meeting = meeting
            _mail(registration, mails.changed, with_calendar=True)
    if "capacity" in changed:
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting_offer_places(meeting=locked, now=now)


# --- The participant list ------------------------------------------------------------------

_STATUS_ORDER = [
    RegistrationStatus.REGISTERED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.WAITING,
    RegistrationStatus.CANCELLED,
    RegistrationStatus.LAPSED,
]


def meeting_participants(*, meeting: Meeting) -> list[Registration]:
    """Registered first, then offers, the waiting list in order, then the ones who left."""
    registrations = (
        meeting.registrations.exclude(status=RegistrationStatus.UNCONFIRMED)
        .select_related("municipality", "organisation")
        .order_by("listed_at", "created_at", "pk")
    )
    return sorted(registrations, key=lambda r: _STATUS_ORDER.index(r.status))


def meeting_participants_csv(*, meeting: Meeting) -> str:
    """The participant list as CSV (UTF-8 with a BOM added by the caller for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out)
    with translation.override("nl-be"):
        writer.writerow(
            [
                _("naam"),
                _("e-mailadres"),
                _("functie"),
                _("gemeente of organisatie"),
                _("als"),
                _("status"),
                _("voedingswensen"),
                _("noden rond toegankelijkheid"),
                _("ingeschreven op"),
            ]
        )
        for registration in meeting_participants(meeting=meeting):
            writer.writerow(
                [
                    spreadsheet_safe(registration.name),
                    spreadsheet_safe(registration.email),
                    spreadsheet_safe(registration.role),
                    spreadsheet_safe(registration.affiliation),
                    registration.get_kind_display(),
                    registration.get_status_display(),
                    spreadsheet_safe(registration.dietary_needs),
                    spreadsheet_safe(registration.accessibility_needs),
                    timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
                ]
            )
    return out.getvalue()


def meeting_page(
    *, meeting: Meeting, user: AbstractBaseUser | AnonymousUser, now: datetime | None = None
) -> dict:
    """What the public meeting page shows about registering, for this visitor."""
    now = now or timezone.now()
    registration = registration_of_user(meeting=meeting, user=user)
    cancel_link = ""
    if registration is not None and registration.key:
        cancel_link = reverse(
            "network:registration_cancel",
            kwargs={"token": link_token(registration.key, purpose=PURPOSE_CANCEL)},
        )
    return {
        "registration": registration,
        "cancel_link": cancel_link,
        "closed_reason": registration_closed_reason(meeting=meeting, now=now),
        "places_left": meeting.places_left(),
        "eligibility": registration_eligibility(meeting=meeting, user=user),
        "agenda": meeting.agenda_items.all(),
        "presentations": meeting.presentations.all(),
    }
