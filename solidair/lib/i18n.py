"""Languages of the site: the person's language on records that lead to later mail, and the
Dutch that letters to councils and mails to coordinators keep whatever the UI language.

The UI is nl-be (default), fr or en (``settings.LANGUAGES``). A record that will mail a resident,
applicant or registrant later stores the language they used (``language_field``); the mail is
rendered inside ``translation.override(record.language)`` so its subject, text, dates and links
are in that language. Letters to councils and mails to coordinators are rendered in ``DUTCH``.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

DUTCH = "nl-be"


def supported_language(value: str | None) -> str | None:
    """``value`` ("fr", "FR-be", "nl", "en-GB") as one of settings.LANGUAGES, or None."""
    if not value:
        return None
    try:
        return translation.get_supported_language_variant(value.strip().lower())
    except LookupError:
        return None


def language_current() -> str:
    """The active language as one of ``settings.LANGUAGES`` (Dutch when none or unknown)."""
    return supported_language(translation.get_language()) or DUTCH


def language_base() -> str:
    """The active language without its region: "nl", "fr" or "en"."""
    return language_current().split("-")[0]


def language_field() -> models.CharField:
    """The language a person used on the site, for the mails they get later."""
    return models.CharField(
        _("taal"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=DUTCH,
        help_text=_("De taal van de e-mails aan deze persoon."),
    )


def in_dutch():
    """Render a letter, a council's or a coordinator's mail in Dutch, whatever the UI language."""
    return translation.override(DUTCH)


def in_language(language: str):
    """Render a mail in the language a person used on the site (Dutch when unknown)."""
    codes = {code for code, _name in settings.LANGUAGES}
    return translation.override(language if language in codes else DUTCH)
