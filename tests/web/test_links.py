"""absolute_url(): the one way to an address on the site for what leaves it."""

import pytest
from django.utils import translation

from solidair.web.links import absolute_url
from tests.factories import municipality as reference_municipality


def test_a_url_name_a_path_and_a_model_each_give_an_address_on_the_site(settings, db):
    settings.SITE_URL = "https://solidairegemeenten.be"
    municipality = reference_municipality("Gent")
    assert absolute_url("portal:sign_in") == "https://solidairegemeenten.be/portaal/aanmelden/"
    assert absolute_url("/gemeenten/") == "https://solidairegemeenten.be/gemeenten/"
    assert absolute_url(municipality) == "https://solidairegemeenten.be/gemeenten/gent/"
    assert absolute_url("municipalities:detail", kwargs={"slug": "gent"}) == (
        "https://solidairegemeenten.be/gemeenten/gent/"
    )


@pytest.mark.parametrize(("language", "prefix"), [("nl-be", ""), ("fr", "/fr"), ("en", "/en")])
def test_a_url_name_is_reversed_in_the_active_language(settings, language, prefix):
    settings.SITE_URL = "https://solidairegemeenten.be"
    with translation.override(language):
        assert absolute_url("portal:sign_in") == (
            f"https://solidairegemeenten.be{prefix}/portaal/aanmelden/"
        )
