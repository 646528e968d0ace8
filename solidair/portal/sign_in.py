"""Sign-in without a password: a one-time link (django-sesame), e-mailed to a contact person.

The link opens a page with a button; only that button's POST uses the token. Mail scanners and
link previews that fetch the link (GET) therefore cannot use it up. A token is signed with the
user's last login date (SESAME_ONE_TIME), so signing in with any link voids every other link
sent before; it expires after SESAME_MAX_AGE (15 minutes).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from sesame.utils import get_query_string, get_user

from solidair.lib.i18n import language_current
from solidair.membership.models import ContactPerson
from solidair.network.models import PartnerStaff
from solidair.portal import mails
from solidair.web.links import absolute_url

logger = logging.getLogger(__name__)

# Tokens made for the portal are refused anywhere else, and the other way round.
TOKEN_SCOPE = "portal"  # noqa: S105  (a name, not a secret)


def address_normalise(email: str) -> str:
    return email.strip().lower()


def portal_sign_in_link_send(*, email: str) -> bool:
    """Queue a sign-in link when ``email`` is a contact person's address; say whether one was.

    The caller answers the same either way. The mail goes to the address as registered, and
    only to accounts that are neither staff nor inactive: a link must never open /beheer/.
    """
    address = address_normalise(email)
    contact = ContactPerson.objects.filter(email__iexact=address).order_by("pk").first()
    # Partner organisations' staff sign in the same way, to register for meetings.
    contact = contact or PartnerStaff.objects.filter(email__iexact=address).first()
    if contact is None:
        return False
    with transaction.atomic():
        user = _contact_user(address)
        if user is None:
            return False
        link = absolute_url("portal:sign_in_link") + get_query_string(user, scope=TOKEN_SCOPE)
        minutes = int(_max_age_seconds() // 60)
        mails.sign_in_link(
            to=contact.email, link=link, minutes=minutes, language=language_current()
        )
    return True


def _contact_user(address: str) -> AbstractBaseUser | None:
    """The account of a contact person, created on their first request."""
    if len(address) > 150:  # the longest username Django stores
        logger.warning("A contact's address is too long for an account; no link was sent.")
        return None
    user, created = get_user_model().objects.get_or_create(
        username=address, defaults={"email": address}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif not _may_use_links(user):
        logger.warning("No sign-in link for account %s: staff, superuser or inactive.", user.pk)
        return None
    return user


def _may_use_links(user: AbstractBaseUser) -> bool:
    return user.is_active and not user.is_staff and not user.is_superuser


def _max_age_seconds() -> float:
    max_age = settings.SESAME_MAX_AGE
    return max_age.total_seconds() if hasattr(max_age, "total_seconds") else float(max_age)


def portal_token_user(*, token: str) -> AbstractBaseUser | None:
    """The user a valid, unused, unexpired portal token belongs to; None otherwise.

    Checking does not use the token up: ``django.contrib.auth.login`` does, by updating the
    last login date. The returned user carries the ``backend`` that ``login`` needs.
    """
    if not token:
        return None
    user = get_user(token, scope=TOKEN_SCOPE, update_last_login=False)
    if user is None or not _may_use_links(user):
        return None
    return user
