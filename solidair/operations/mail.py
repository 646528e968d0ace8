"""The e-mail outbox: the one place that queues mail, and the flush that delivers it.

A mail is a post_office ``Email`` row, written in the caller's transaction: a request that rolls
back queues nothing, and no request talks to the SMTP server. The worker (``manage.py run_worker``)
calls ``outbox_flush`` every few seconds.

- Nothing lost: a mail stays in the table whatever happens. A failed delivery is requeued with a
  growing delay (``retry_delay``); after ``POST_OFFICE["MAX_RETRIES"]`` it is marked failed, with
  a ``Log`` row per failed attempt, and a coordinator can requeue it in the back-office.
- Nothing twice: one flush at a time (``MAIL_LOCK_FILE``); each mail is marked sent (one UPDATE,
  committed) as soon as the SMTP server has accepted it, before the next one is sent. A worker
  killed between the server's acceptance and that mark resends that one mail; SMTP cannot do
  better. The Message-ID is made once, when the mail is queued, and goes with every attempt, so
  such a resend is recognisable as the same mail.
- Fast: one SMTP connection for all the mails of a flush (reopened after a failure), no threads.
  post_office's own ``send_queued`` opens a thread pool and a connection for every batch and
  marks a batch sent only when all of it is done, hence its ``BATCH_SIZE`` of 1 (settings) for
  any of its paths still used (its management commands); the flush here does not use it.

post_office's own lock (``send_queued_mail``) is a file naming a process ID: when a killed worker's
ID is taken by another process, the lock looks held until that process ends, and no mail goes out.
The lock here is the kernel's (flock), released when its process dies however it dies.

post_office's own ``mail.send`` and e-mail backend render the subject and body as Django
templates, so a resident's ``{%`` or ``{#`` would be executed or swallowed. The rows here are
written as they are given.

Refused for good: when the SMTP server answers 5xx to a recipient (RCPT TO) or to the whole
mail (DATA), trying again will not help. Such a mail is not retried: it is marked failed at
once (or sent, when other recipients took it), with a Log row, and the functions of
``settings.MAIL_REFUSED_HANDLERS`` are told which recipients refused it and why (e.g. a letter
whose council's address does not work); 4xx answers keep the retries. A server that takes some
recipients and answers 4xx to others delivers to the first: the others are logged, not
retried. Each mail leaves with its own envelope sender when ``BOUNCE_ADDRESS`` is set (VERP),
so that a refusal that comes back later reaches the same handlers (solidair.operations.bounces).
"""

import fcntl
import logging
import smtplib
import threading
from collections.abc import Iterable, Sequence
from datetime import timedelta
from email.mime.base import MIMEBase
from email.utils import make_msgid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as DjangoSmtpBackend
from django.core.mail.message import sanitize_address
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from post_office.connections import connections
from post_office.models import PRIORITY, STATUS, Email, Log
from post_office.settings import (
    get_default_mailer,
    get_log_level,
    get_max_retries,
    get_message_id_fqdn,
    get_retry_timedelta,
    get_sending_order,
)
from post_office.signals import email_queued
from post_office.utils import create_attachments

from solidair.lib.i18n import in_language, language_current
from solidair.operations.bounces import (
    PARTLY_REFUSED,
    REFUSED,
    bounce_address,
    mail_refused_report,
    refusal_log,
)

logger = logging.getLogger(__name__)


def mail_queue(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str | None = None,
    reply_to: list[str] | None = None,
    cc: list[str] | None = None,
    attachments: dict[str, tuple[bytes, str]] | None = None,
    headers: dict | None = None,
    language: str | None = None,
) -> Email:
    """Queue a mail from DEFAULT_FROM_EMAIL; the worker sends it once the transaction commits.

    ``attachments`` maps a file name to its content and MIME type. ``language`` (by default
    the active one, in which the caller rendered the mail) goes in ``Content-Language``.
    """
    if not to:
        raise ValueError("A mail needs at least one recipient in 'to'.")
    headers = dict(headers or {})
    headers.setdefault("Content-Language", language or language_current())
    if reply_to:
        headers["Reply-To"] = ", ".join(reply_to)
    return _outbox_add(
        sender=settings.DEFAULT_FROM_EMAIL,
        to=to,
        cc=cc or [],
        bcc=[],
        subject=subject,
        text=text,
        html=html or "",
        headers=headers,
        attachments={
            name: {"file": ContentFile(content), "mimetype": mimetype}
            for name, (content, mimetype) in (attachments or {}).items()
        },
    )


def mail_send(
    name: str, *, to: list[str], context: dict | None = None, language: str, **options
) -> Email:
    """Queue the mail ``name``: its subject and body rendered from ``templates/mail/<name>/``
    (``subject.txt``, one line, stripped; ``body.txt``) in ``language``.

    The one way a mail type is sent (one function per type in its app's ``mails.py``).
    ``options`` go to ``mail_queue`` (``reply_to``, ``cc``, ``headers``, ``attachments``...);
    ``Content-Language`` is the language the mail was rendered in.
    """
    context = context or {}
    with in_language(language):
        subject = render_to_string(f"mail/{name}/subject.txt", context).strip()
        text = render_to_string(f"mail/{name}/body.txt", context)
        return mail_queue(to=to, subject=subject, text=text, language=language_current(), **options)


class OutboxBackend(BaseEmailBackend):
    """Django's e-mail backend: ``send_mail`` and ``EmailMessage.send()`` queue in the outbox.

    Returns the number of mails queued; the worker delivers them.
    """

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            headers = dict(message.extra_headers)
            if message.reply_to:
                headers.setdefault("Reply-To", ", ".join(map(str, message.reply_to)))
            text, html = message.body, ""
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    html = str(content)
            if message.content_subtype == "html" and not html:
                text, html = "", message.body
            _outbox_add(
                sender=message.from_email,
                to=message.to,
                cc=message.cc,
                bcc=message.bcc,
                subject=str(message.subject),
                text=text,
                html=html,
                headers=headers,
                attachments=dict(_attachment_files(message.attachments)),
            )
            queued += 1
        return queued


def _attachment_files(attachments: Iterable) -> Iterable[tuple[str, dict]]:
    """Django's attachments as post_office's ``create_attachments`` wants them."""
    for attachment in attachments:
        if isinstance(attachment, MIMEBase):
            # Kept as encoded with its own headers, as post_office's backend does.
            yield (
                attachment.get_filename() or "bijlage",
                {
                    "file": ContentFile(attachment.get_payload()),
                    "mimetype": attachment.get_content_type(),
                    "headers": dict(attachment.items()),
                },
            )
        else:
            name, content, mimetype = attachment
            if isinstance(content, str):
                content = content.encode()
            yield name, {"file": ContentFile(content), "mimetype": mimetype or ""}


def _outbox_add(
    *,
    sender: str,
    to: Sequence[str],
    cc: Sequence[str],
    bcc: Sequence[str],
    subject: str,
    text: str,
    html: str,
    headers: dict,
    attachments: dict[str, dict],
) -> Email:
    """Write one mail to the outbox, with its Message-ID, in the current transaction."""
    if "\n" in subject or "\r" in subject:
        # Django refuses such a subject only when sending; refuse it now, not at every retry.
        raise ValueError("A mail subject cannot contain a line break.")
    headers = dict(headers)
    message_id = ""
    for name in list(headers):
        if name.lower() == "message-id":
            message_id = headers.pop(name)
    with transaction.atomic():
        email = Email(
            from_email=sender,
            to=list(to),
            cc=list(cc),
            bcc=list(bcc),
            subject=subject,
            message=text,
            html_message=html,
            headers=headers or None,
            message_id=message_id or make_msgid(domain=get_message_id_fqdn()),
            priority=PRIORITY.medium,
            status=STATUS.queued,
        )
        email.save()  # runs full_clean: refuses invalid addresses
        if attachments:
            email.attachments.add(*create_attachments(attachments))
    email_queued.send(sender=Email, emails=[email])
    return email


# --- Delivery: the SMTP backend, envelope senders, refusals -----------------------------------


class SmtpBackend(DjangoSmtpBackend):
    """Django's SMTP backend, which sends from ``envelope_from`` when a message has one (the
    VERP address) and keeps on the message the recipients the server refused (``refused``:
    address → (code, reply)) when it took the others; Django's own forgets them."""

    def _send(self, email_message) -> bool:
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        sender = getattr(email_message, "envelope_from", "") or email_message.from_email
        recipients = [sanitize_address(addr, encoding) for addr in email_message.recipients()]
        message = email_message.message()
        try:
            email_message.refused = self.connection.sendmail(
                sanitize_address(sender, encoding),
                recipients,
                message.as_bytes(linesep="\r\n"),
            )
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True


def _permanent(code: int) -> bool:
    return 500 <= code < 600


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(f"{code} {text}".split())


def _refused_for_good(error: Exception, recipients: Sequence[str]) -> dict[str, str]:
    """The recipients an SMTP error refuses for good (5xx), with the server's reply; {} when
    trying again may help (4xx, a lost connection, our sender refused...)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return {
            address: _reply(code, reply)
            for address, (code, reply) in error.recipients.items()
            if _permanent(code)
        }
    if isinstance(error, smtplib.SMTPDataError) and _permanent(error.smtp_code):
        return dict.fromkeys(recipients, _reply(error.smtp_code, error.smtp_error))
    return {}


def _others_may_take_it(error: Exception) -> bool:
    """Some recipients answered 4xx: the mail is tried again for them."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and any(
        not _permanent(code) for code, _reply in error.recipients.values()
    )


# Mails read from the outbox at a time; each is still sent and marked sent on its own.
FLUSH_CHUNK = 50


def outbox_flush(*, lockfile: str | None = None, stop: threading.Event | None = None) -> int:
    """Send every mail that is due, one at a time, until none is left; return how many went out.

    Does nothing while another flush holds the lock (``MAIL_LOCK_FILE`` unless ``lockfile``).
    ``stop`` ends the run between two mails.
    """
    with open(lockfile or settings.MAIL_LOCK_FILE, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.warning(
                "Another process is sending the outbox (%s); there should be one.", lock.name
            )
            return 0
        # Closing the file releases the lock.
        failed: set[int] = set()
        try:
            return _deliver(stop=stop, failed=failed)
        finally:
            connections.close()
            if failed:
                _retries_spread()


def _due(*, excluding: set[int]) -> list[Email]:
    """The next mails to send, as post_office's ``get_queued`` finds them, more at a time."""
    now = timezone.now()
    return list(
        Email.objects.filter(
            Q(scheduled_time__lte=now) | Q(scheduled_time=None),
            Q(expires_at__gt=now) | Q(expires_at=None),
            status__in=[STATUS.queued, STATUS.requeued],
        )
        .exclude(pk__in=excluding)
        .order_by(*get_sending_order())
        .prefetch_related("attachments")[:FLUSH_CHUNK]
    )


def _deliver(*, stop: threading.Event | None, failed: set[int]) -> int:
    """Send the due mails over one connection per backend; ``failed`` gets the IDs of those
    that failed (requeued or, after the last retry, failed), which are not tried again now."""
    sent = 0
    log_level = get_log_level()
    while True:
        emails = _due(excluding=failed)
        if not emails:
            return sent
        for email in emails:
            if stop is not None and stop.is_set():
                return sent
            message = None
            try:
                message = email.prepare_email_message()
                message.envelope_from = bounce_address(email)
                if message.recipients():
                    connection = connections[email.backend_alias or get_default_mailer()]
                    connection.open()  # kept open for the next mails; None when already open
                    connection.send_messages([message])
            except Exception as error:
                failed.add(email.pk)
                refused = _refused_for_good(error, message.recipients() if message else [])
                if refused and not _others_may_take_it(error):
                    # Addresses stay out of the log (they may be a resident's): see its Log row.
                    logger.warning("Email #%s refused for good by %d.", email.pk, len(refused))
                    _delivery_refused(email, refused)
                else:
                    logger.exception("Failed to send email #%s.", email.pk)
                    _delivery_failed(email, error, log_level=log_level)
                    if refused:  # tried again for the others
                        refusal_log(email, refused, kind=PARTLY_REFUSED)
                        mail_refused_report(email=email, refused=refused, now=timezone.now())
                # The connection may be broken: the next mail opens a new one.
                connections.close()
                continue
            # Accepted by the server: marked sent before the next one goes.
            Email.objects.filter(pk=email.pk).update(
                status=STATUS.sent, last_updated=timezone.now()
            )
            if log_level == 2:
                Log.objects.create(email=email, status=STATUS.sent)
            sent += 1
            _partly_refused(email, getattr(message, "refused", None) or {})


def _delivery_failed(email: Email, error: Exception, *, log_level: int) -> None:
    """As post_office does: requeued for RETRY_INTERVAL (``_retries_spread`` makes the wait
    grow), or failed after MAX_RETRIES; a Log row with the error."""
    retries = email.number_of_retries or 0
    if retries < get_max_retries():
        email.number_of_retries = retries + 1
        email.status = STATUS.requeued
        email.scheduled_time = timezone.now() + get_retry_timedelta()
    else:
        email.status = STATUS.failed
    email.last_updated = timezone.now()
    Email.objects.filter(pk=email.pk).update(
        status=email.status,
        scheduled_time=email.scheduled_time,
        number_of_retries=email.number_of_retries,
        last_updated=email.last_updated,
    )
    if log_level >= 1:
        Log.objects.create(
            email=email,
            status=STATUS.failed,
            message=str(error),
            exception_type=type(error).__name__,
        )


def _delivery_refused(email: Email, refused: dict[str, str]) -> None:
    """Refused for good by the server: failed now, not retried, and the handlers are told."""
    now = timezone.now()
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed, last_updated=now)
    refusal_log(email, refused, kind=REFUSED)
    mail_refused_report(email=email, refused=refused, now=now)


def _partly_refused(email: Email, refused: dict[str, tuple[int, bytes]]) -> None:
    """The server took the mail for some recipients and refused others."""
    if not refused:
        return
    replies = {address: _reply(code, reply) for address, (code, reply) in refused.items()}
    logger.warning("Email #%s refused by %d of its recipients.", email.pk, len(replies))
    refusal_log(email, replies, kind=PARTLY_REFUSED)
    for_good = {a: r for a, r in replies.items() if _permanent(refused[a][0])}
    if for_good:
        mail_refused_report(email=email, refused=for_good, now=timezone.now())


# A failed mail waits at most this long before its next attempt.
RETRY_MAX_INTERVAL = timedelta(hours=1)


def retry_delay(retries: int) -> timedelta:
    """How long a mail waits after its n-th failed attempt: RETRY_INTERVAL, doubled at every
    further attempt, at most RETRY_MAX_INTERVAL (1, 2, 4, ... 32, 60, 60 minutes)."""
    return min(get_retry_timedelta() * 2 ** (retries - 1), RETRY_MAX_INTERVAL)


def _retries_spread() -> None:
    """post_office requeues every failed mail after the same RETRY_INTERVAL; make the wait grow.

    Counted from the failed attempt (``last_updated``), so running it twice changes nothing.
    """
    for retries in range(2, get_max_retries() + 1):
        Email.objects.filter(status=STATUS.requeued, number_of_retries=retries).update(
            scheduled_time=F("last_updated") + retry_delay(retries)
        )
