import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser, User

from solidair.network.models import Meeting, PartnerOrganisation, PartnerStaff
from tests.factories import ContactPersonFactory, make_member, municipality
from tests.lib.conftest import smtp  # noqa: F401  (the real SMTP server)

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


@pytest.fixture
def people(db):
    """Two members' contacts, a contact of a non-member, a partner's staff, and nobody."""
    make_member("Merelbeke-Melle")
    make_member("Leuven")
    ContactPersonFactory(
        municipality=municipality("Merelbeke-Melle"), name="An Peeters", role="OCMW", email=MEMBER
    )
    ContactPersonFactory(municipality=municipality("Leuven"), name="Bram Claes", email=MEMBER_2)
    ContactPersonFactory(municipality=municipality("Gent"), name="Gert Gent", email=OUTSIDER)
    organisation = PartnerOrganisation.objects.get_or_create(name="Vluchtelingenwerk Vlaanderen")[0]
    PartnerStaff.objects.create(organisation=organisation, name="Els Partner", email=PARTNER)
    return {
        "member": account(MEMBER),
        "member_2": account(MEMBER_2),
        "outsider": account(OUTSIDER),
        "partner": account(PARTNER),
        "anonymous": AnonymousUser(),
    }


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


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads (brochures, presentations) go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def meeting(db):
    return make_meeting()


def links_in(message) -> dict[str, str]:
    """{kind: path} of the registration links in a delivered mail."""
    body = message.get_body(("plain",)).get_content()
    found = {}
    for match in LINK.finditer(body):
        found[match.group(1)] = match.group(0).split("://", 1)[1].split("/", 1)[1]
    return {kind: "/" + path for kind, path in found.items()}
