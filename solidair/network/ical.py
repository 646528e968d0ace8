"""iCalendar (RFC 5545) text for meetings: the public feed and the mails' attachments.

Written by hand (the ``icalendar`` package is not a dependency). Times are in UTC with a ``Z``:
every calendar converts them to its own zone, so the daylight-saving change needs no VTIMEZONE.
Lines end in CRLF and are folded at 75 octets, never inside a UTF-8 character.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings

PRODID = "-//Solidaire Gemeenten//Lerende netwerken//NL"


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime
    ends_at: datetime
    stamp: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    last_modified: datetime | None = None
    cancelled: bool = False


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1): CRLF and one space continue it."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current, size = [], "", 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            # A continuation line starts with a space, which counts towards its 75 octets.
            current, size, limit = char, width, 74
        else:
            current += char
            size += width
    parts.append(current)
    return "\r\n ".join(parts)


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "solidairegemeenten.be"


def _event_lines(event: Event) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{utc(event.stamp)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SEQUENCE:{event.sequence}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.last_modified:
        lines.append(f"LAST-MODIFIED:{utc(event.last_modified)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def calendar_text(events: Iterable[Event], *, name: str = "", method: str = "") -> str:
    """A VCALENDAR with ``events``, as CRLF-terminated, folded lines."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method}")
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(_event_lines(event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


# --- Reading back (for tests and for checking what we write) -------------------------------


def unfold(text: str) -> list[str]:
    """The content lines of ``text``: CRLF followed by a space or tab continues a line."""
    if text and not text.endswith("\r\n"):
        raise ValueError("iCalendar text must end with CRLF")
    return [line for line in text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n") if line]


def unescape_text(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def parse_events(text: str) -> list[dict[str, str]]:
    """The VEVENTs of ``text`` as {property name: raw value}; checks nesting and line lengths."""
    for physical in text.split("\r\n"):
        if len(physical.encode()) > 75:
            raise ValueError(f"line longer than 75 octets: {physical[:30]}...")
    events, current, stack = [], None, []
    for line in unfold(text):
        name, _, value = line.partition(":")
        name = name.split(";")[0].upper()
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                current = {}
        elif name == "END":
            if not stack or stack.pop() != value:
                raise ValueError(f"END:{value} without its BEGIN")
            if value == "VEVENT":
                events.append(current)
                current = None
        elif current is not None:
            current[name] = value
    if stack:
        raise ValueError(f"unclosed {stack[-1]}")
    return events


def parse_utc(value: str) -> datetime:
    return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
