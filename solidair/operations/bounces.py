"""Mail that a recipient's server refused for good, at sending time or later (a bounce).

- At sending time the outbox (solidair.operations.mail) sees a 5xx answer to RCPT TO or DATA.
- Later, the receiving side's server sends a delivery status notification (RFC 3464) to the
  mail's envelope sender. With ``BOUNCE_ADDRESS`` set (e.g. ``bounces@solidairegemeenten.be``)
  every mail goes out with an envelope sender of its own, ``bounces+<id>-<signature>@...``
  (VERP: ``bounce_address``); the MTA hands what comes back to that address to
  ``manage.py process_bounce`` (``bounce_process``), which finds the mail by that address (the
  signature makes a forged bounce useless) or by the original Message-ID in the notification,
  and keeps only the recipients that mail was really sent to.

Either way the functions named in ``settings.MAIL_REFUSED_HANDLERS`` are told which recipients
refused the mail and why (``mail_refused_report``), and the mail gets a Log row.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.module_loading import import_string
from post_office.models import STATUS, Email, Log

from solidair.lib.dsn import delivery_report_parse

logger = logging.getLogger(__name__)

# Log.exception_type of a refusal: the recipient's doing, not an outage (operations' health
# leaves them out).
REFUSED = "refused"
PARTLY_REFUSED = "partly refused"
BOUNCED = "bounced"

BOUNCE_SALT = "solidair.operations.bounces"


def _signature(email: Email) -> str:
    return salted_hmac(BOUNCE_SALT, f"{email.pk}:{email.message_id}").hexdigest()[:16]


def bounce_address(email: Email) -> str:
    """The envelope sender of ``email``: ``BOUNCE_ADDRESS`` with the mail's ID and a signature
    after a ``+`` (VERP); "" when ``BOUNCE_ADDRESS`` is not set (the From address is then the
    envelope sender, as Django does)."""
    if not settings.BOUNCE_ADDRESS:
        return ""
    local, _, domain = settings.BOUNCE_ADDRESS.rpartition("@")
    return f"{local}+{email.pk}-{_signature(email)}@{domain}"


def bounce_email(address: str) -> Email | None:
    """The mail a VERP address (``bounce_address``) was made for; None for any other address
    or a signature that does not match."""
    if not settings.BOUNCE_ADDRESS:
        return None
    local, _, domain = address.strip().strip("<>").rpartition("@")
    base_local, _, base_domain = settings.BOUNCE_ADDRESS.rpartition("@")
    base, plus, tag = local.partition("+")
    if not plus or base.lower() != base_local.lower() or domain.lower() != base_domain.lower():
        return None
    pk, _, signature = tag.partition("-")
    if not pk.isdigit():
        return None
    email = Email.objects.filter(pk=int(pk)).first()
    if email is None or not constant_time_compare(signature.lower(), _signature(email)):
        return None
    return email


def mail_refused_report(*, email: Email, refused: dict[str, str], now: datetime) -> None:
    """Tell each of ``settings.MAIL_REFUSED_HANDLERS`` that the addresses of ``refused``
    (address → the server's reason) will never get ``email``. Each handler runs in a
    transaction of its own; one that fails is logged, and the others still run."""
    for path in settings.MAIL_REFUSED_HANDLERS:
        try:
            with transaction.atomic():
                import_string(path)(email=email, refused=refused, now=now)
        except Exception:
            logger.exception("%s failed for the refused email #%s.", path, email.pk)


def refusal_log(email: Email, refused: dict[str, str], *, kind: str) -> None:
    reasons = "; ".join(f"{address}: {reason}" for address, reason in refused.items())
    Log.objects.create(email=email, status=STATUS.failed, message=reasons, exception_type=kind)


def _recipients(email: Email) -> dict[str, str]:
    """The mail's recipients, lower case → as written."""
    return {address.lower(): address for address in [*email.to, *email.cc, *email.bcc]}


def bounce_process(*, raw: bytes, recipient: str = "") -> str:
    """Read one returned mail (``raw``, as the MTA delivers it to the bounce address;
    ``recipient``, the address it was delivered to, when the MTA says) and report the
    recipients of the original mail that failed for good. Returns what happened, in a line."""
    report = delivery_report_parse(raw)
    if not report.is_dsn:
        return "not a delivery status notification: ignored"
    if not report.failures:
        return "no permanent failure in the notification: ignored"
    email = None
    for address in [recipient, *report.addressed_to]:
        if address and (email := bounce_email(address)) is not None:
            break
    if email is None and report.original_message_id:
        bare = report.original_message_id.strip().strip("<>")
        email = Email.objects.filter(message_id__in=[f"<{bare}>", bare]).first()
    if email is None:
        return "no mail of ours matches the notification: ignored"
    recipients = _recipients(email)
    refused = {
        recipients[failure.recipient]: failure.reason
        for failure in report.failures
        if failure.recipient in recipients
    }
    unknown = [f.recipient for f in report.failures if f.recipient not in recipients]
    if unknown:
        logger.warning("A bounce for email #%s names %d other address(es).", email.pk, len(unknown))
    if not refused:
        return f"email #{email.pk}: the notification names none of its recipients: ignored"
    refusal_log(email, refused, kind=BOUNCED)
    mail_refused_report(email=email, refused=refused, now=timezone.now())
    # Counts only: the output goes to the MTA's log, and an address may be a resident's.
    return f"email #{email.pk}: refused for good by {len(refused)} recipient(s)"
