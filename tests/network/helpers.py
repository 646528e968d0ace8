"""Plain helpers for tests/network (fixtures: conftest.py)."""

import datetime
import re
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from solidair.network.models import Meeting

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=BRUSSELS)
MEMBER = "an.peeters@merelbeke-melle.be"
MEMBER_2 = "bram@leuven.be"
OUTSIDER = "welzijn@stad.gent"  # contact of Gent, not a member
PARTNER = "els@vluchtelingenwerk.be"
LINK = re.compile(r"https?://\S+/netwerk/bijeenkomsten/inschrijving/(\w+)/([^/\s]+)/")


def account(email: str) -> User:
    user = User.objects.create(username=email, email=email)
    user.set_unusable_password()
    user.save()
    return user


def make_meeting(
    title: str = "Wonen na de opvang", day: datetime.date | None = None, **extra
) -> Meeting:
    """A published meeting: on ``day`` at 13:30 (Brussels), or on 15 October 2026 at 14:00,
    with one place and registration until three days before."""
    start = (
        datetime.datetime.combine(day, datetime.time(13, 30), tzinfo=BRUSSELS)
        if day is not None
        else datetime.datetime(2026, 10, 15, 14, 0, tzinfo=BRUSSELS)
    )
    values = {
        "title": title,
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=3),
        "place": "Stadhuis, Botermarkt 1, Gent",
        "published": True,
        "capacity": 1,
        "registration_deadline": start - datetime.timedelta(days=3),
    }
    values.update(extra)
    return Meeting.objects.create(**values)


def links_in(message) -> dict[str, str]:
    """{kind: path} of the registration links in a delivered mail."""
    body = message.get_body(("plain",)).get_content()
    found = {}
    for match in LINK.finditer(body):
        found[match.group(1)] = match.group(0).split("://", 1)[1].split("/", 1)[1]
    return {kind: "/" + path for kind, path in found.items()}


def inline_management() -> dict[str, str]:
    """The management forms of the meeting admin's inlines, with no rows."""
    data = {}
    for prefix in ("agenda_items", "presentations"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data
