"""Delivery status notifications (RFC 3464): which recipients a returned mail failed for good.

A DSN is a ``multipart/report; report-type=delivery-status`` with a human part, a
``message/delivery-status`` part (one block of per-message fields, then one block per
recipient: ``Final-Recipient``, ``Original-Recipient``, ``Action``, ``Status``,
``Diagnostic-Code``) and usually the original mail or its headers (``message/rfc822`` or
``text/rfc822-headers``), from which the original ``Message-ID`` is read. Read with the standard
library's ``email`` package only. A permanent failure is ``Action: failed`` with a ``5.x.x``
status; ``delayed``, ``delivered``, ``relayed`` and ``expanded`` are not failures, and a mail
that is not a DSN (an auto-reply, a vacation notice) has none.
"""

import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from email.parser import HeaderParser

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class DeliveryFailure:
    recipient: str  # the address as our mail named it (Original-Recipient, else Final-Recipient)
    final_recipient: str
    status: str  # e.g. "5.1.1"
    reason: str  # Diagnostic-Code, else the status


@dataclass(frozen=True)
class DeliveryReport:
    is_dsn: bool
    failures: list[DeliveryFailure] = field(default_factory=list)
    original_message_id: str = ""
    # The addresses the report was delivered to (VERP): To, Delivered-To, X-Original-To.
    addressed_to: list[str] = field(default_factory=list)


def _text(value: object) -> str:
    return _SPACES.sub(" ", str(value or "")).strip()


def _address(value: object) -> str:
    """``rfc822; Info@Gemeente.be`` → ``info@gemeente.be``."""
    text = _text(value)
    kind, separator, address = text.partition(";")
    if not separator:
        address = kind
    return address.strip().strip("<>").lower()


def _blocks(part: Message) -> list[Message]:
    """The field blocks of a ``message/delivery-status`` part."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return [block for block in payload if isinstance(block, Message)]
    # A parser that left the part as text: blocks are separated by empty lines.
    text = payload if isinstance(payload, str) else ""
    return [HeaderParser().parsestr(block) for block in re.split(r"\r?\n\s*\r?\n", text.strip())]


def _original_message_id(message: Message) -> str:
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner, Message) and inner.get("Message-ID"):
                return _text(inner["Message-ID"])
        elif content_type == "text/rfc822-headers":
            payload = part.get_payload(decode=True) or b""
            headers = HeaderParser().parsestr(payload.decode("utf-8", "replace"))
            if headers.get("Message-ID"):
                return _text(headers["Message-ID"])
    return ""


def delivery_report_parse(raw: bytes) -> DeliveryReport:
    """Read one returned mail (as the MTA hands it over, headers and body)."""
    message = message_from_bytes(raw, policy=policy.compat32)
    addressed_to = [
        _address(value)
        for name in ("X-Original-To", "Delivered-To", "To")
        for value in message.get_all(name, [])
    ]
    status_parts = [
        part for part in message.walk() if part.get_content_type() == "message/delivery-status"
    ]
    if not status_parts:
        return DeliveryReport(is_dsn=False, addressed_to=addressed_to)
    failures = []
    for part in status_parts:
        for block in _blocks(part)[1:]:  # the first block is about the message as a whole
            action = _text(block.get("Action")).lower()
            status = _text(block.get("Status"))
            if action != "failed" or not status.startswith("5"):
                continue
            final = _address(block.get("Final-Recipient"))
            original = _address(block.get("Original-Recipient"))
            failures.append(
                DeliveryFailure(
                    recipient=original or final,
                    final_recipient=final,
                    status=status,
                    reason=_text(block.get("Diagnostic-Code")).partition(";")[2].strip()
                    or _text(block.get("Diagnostic-Code"))
                    or status,
                )
            )
    return DeliveryReport(
        is_dsn=True,
        failures=failures,
        original_message_id=_original_message_id(message),
        addressed_to=addressed_to,
    )
