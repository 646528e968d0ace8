from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from solidair.network.models import PartnerOrganisation, PartnerStaff
from tests.factories import ContactPersonFactory, make_member, municipality
from tests.network.helpers import MEMBER, MEMBER_2, OUTSIDER, PARTNER, account, make_meeting


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


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads (brochures, presentations) go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def meeting(db):
    return make_meeting()


# --- The network's legacy content (test_legacy_import.py) --------------------------------------
@pytest.fixture
def run_import(legacy_paths):
    """Run the command on the network's real documents and return what it printed."""
    page, letter = legacy_paths

    def run() -> str:
        out = StringIO()
        call_command("import_legacy_content", str(page), str(letter), stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def imported(run_import) -> str:
    return run_import()
