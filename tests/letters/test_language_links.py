"""Links mailed to a resident carry the language of the page they used (solidair/web/languages)."""

from urllib.parse import urlsplit

import lxml.html
import pytest
from django.conf import settings

from solidair.operations.mail import outbox_flush
from tests.letters.helpers import CONFIRM_LINK, DETAILS, MY_DATA_LINK, plain

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["", "/fr", "/en"])
def test_the_confirmation_mail_links_to_the_pages_in_the_residents_language(
    client, smtp, hove_address, prefix
):
    from solidair.letters.forms.common import form_started_value

    data = {**DETAILS, "kopie": "on", "website": "", "begonnen": form_started_value()}
    response = client.post(f"{prefix}/brief/hove/verstuur/", data)
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/brief/hove/verstuurd/"
    assert outbox_flush() == 1
    text = plain(smtp.inbox.messages[-1])
    confirm = CONFIRM_LINK.search(text).group(0)
    my_data = MY_DATA_LINK.search(text).group(0)
    assert confirm.startswith(f"{settings.SITE_URL}{prefix}/brief/bevestig/")
    assert my_data.startswith(f"{settings.SITE_URL}{prefix}/brief/mijn-gegevens/")
    page = client.get(urlsplit(confirm).path)
    assert page.status_code == 200
    expected = {"": "nl-BE", "/fr": "fr", "/en": "en"}[prefix]
    assert lxml.html.fromstring(page.content.decode()).get("lang") == expected
