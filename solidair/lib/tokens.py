"""Links in residents' mails (confirm, co-sign, follow-up, my data): signed, single use, expiring.

A row that a link acts on keeps a random *key* (``key_new``). The link carries that key signed
with the site's secret and the time (``link_token``), for one *purpose*. Opening it checks the
signature and age first (``link_key``: a forged, altered or expired token never reaches the
database), then looks the row up by its key. Using the link clears or replaces the key, so a
second use finds nothing. Every failure gives the caller ``None``, and the caller answers the
same page whether the key was never known, used, expired or erased: nothing can be enumerated.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing


def key_new() -> str:
    """A fresh random key for a row (URL-safe, 32 characters)."""
    return secrets.token_urlsafe(24)


def _signer(purpose: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"solidair.link.{purpose}")


def link_token(key: str, *, purpose: str) -> str:
    """The token that goes into a link (URL-safe; ':' separates its parts)."""
    if not key:
        raise ValueError("A link needs the row's key; this row has none (used or erased).")
    return _signer(purpose).sign(key)


def link_key(token: str, *, purpose: str, max_age: timedelta | None = None) -> str | None:
    """The key inside a valid token for ``purpose``, no older than ``max_age``; else None."""
    if not token or len(token) > 200:
        return None
    try:
        return _signer(purpose).unsign(token, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None


def email_digest(email: str) -> str:
    """A keyed digest of an address, to find "the same address" (one letter per address and
    municipality per 90 days) without keeping the address in another column. It is erased with
    the address: it is still personal data."""
    normalised = email.strip().lower().encode()
    return hmac.new(settings.SECRET_KEY.encode(), normalised, hashlib.sha256).hexdigest()
