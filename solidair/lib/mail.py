"""The e-mail outbox: the one place that queues mail, and the flush that delivers it.

A mail is a post_office ``Email`` row, written in the caller's transaction: a request that rolls
back queues nothing, and no request talks to the SMTP server. The worker (``manage.py run_worker``)
calls ``outbox_flush`` every few seconds.

- Nothing lost: a mail stays in the table whatever happens. A failed delivery is requeued with a
  growing delay (``retry_delay``); after ``POST_OFFICE["MAX_RETRIES"]`` it is marked failed, with
  a ``Log`` row per failed attempt, and a coordinator can requeue it in the back-office.
- Nothing twice: one flush at a time (``MAIL_LOCK_FILE``), one mail per batch (``BATCH_SIZE`` 1),
  marked sent as soon as the SMTP server has accepted it. A worker killed between the server's
  acceptance and that mark (the SMTP goodbye and one UPDATE) resends that one mail; SMTP cannot
  do better. The Message-ID is made once, when the mail is queued, and goes with every attempt,
  so such a resend is recognisable as the same mail.

post_office's own lock (``send_queued_mail``) is a file naming a process ID: when a killed worker's
ID is taken by another process, the lock looks held until that process ends, and no mail goes out.
The lock here is the kernel's (flock), released when its process dies however it dies.

post_office's own ``mail.send`` and e-mail backend render the subject and body as Django
templates, so a resident's ``{%`` or ``{#`` would be executed or swallowed. The rows here are
written as they are given.
"""

import fcntl
import logging
import threading
from collections.abc import Iterable, Sequence
from datetime import timedelta
from email.mime.base import MIMEBase
from email.utils import make_msgid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F
from post_office.mail import send_queued
from post_office.models import PRIORITY, STATUS, Email
from post_office.settings import (
    get_max_retries,
    get_message_id_fqdn,
    get_retry_timedelta,
)
from post_office.signals import email_queued
from post_office.utils import create_attachments

from solidair.lib.i18n import language_current

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


def outbox_flush(*, lockfile: str | None = None, stop: threading.Event | None = None) -> int:
    """Send every mail that is due, one at a time, until none is left; return how many went out.

    Does nothing while another flush holds the lock (``MAIL_LOCK_FILE`` unless ``lockfile``).
    ``stop`` ends the run between two mails.
    """
    sent = requeued = 0
    with open(lockfile or settings.MAIL_LOCK_FILE, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.warning(
                "Another process is sending the outbox (%s); there should be one.", lock.name
            )
            return 0
        # Closing the file releases the lock.
        try:
            while stop is None or not stop.is_set():
                batch_sent, batch_failed, batch_requeued = send_queued()
                sent += batch_sent
                requeued += batch_requeued
                if not (batch_sent or batch_failed or batch_requeued):
                    break
        finally:
            if requeued:
                _retries_spread()
    return sent


def retry_delay(retries: int) -> timedelta:
    """How long a mail waits after its n-th failed attempt: RETRY_INTERVAL, doubled at every
    further attempt, at most MAIL_RETRY_MAX_INTERVAL (1, 2, 4, ... 32, 60, 60 minutes)."""
    return min(get_retry_timedelta() * 2 ** (retries - 1), settings.MAIL_RETRY_MAX_INTERVAL)


def _retries_spread() -> None:
    """post_office requeues every failed mail after the same RETRY_INTERVAL; make the wait grow.

    Counted from the failed attempt (``last_updated``), so running it twice changes nothing.
    """
    for retries in range(2, get_max_retries() + 1):
        Email.objects.filter(status=STATUS.requeued, number_of_retries=retries).update(
            scheduled_time=F("last_updated") + retry_delay(retries)
        )
