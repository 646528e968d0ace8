"""What the letters' pages share: the municipality of a URL, the rate of mailed links, and the
pages for a request that comes too often (429, through solidair.web.ratelimits) and for a
mailed link that does not fit (410, through solidair.web.links.mailed_link).

Every link a resident gets by mail opens a page that only shows what will happen and a button;
the button's POST does it, so mail scanners that open links change nothing. A link that does
not fit (forged, expired, used, erased, unknown) always gets the same page (status 410).
"""

from django.shortcuts import get_object_or_404

from solidair.municipalities.models import Municipality

# Links from mails (collective letters, follow-up, my data): a person clicks a few; a script
# guessing tokens many. One rate-limit group, "letter-links", for all of them.
RATE_LINKS = "30/10m"
# Pages with a form: GET shows it, POST sends it (mailed links: solidair.web.links).
GET_POST = ["GET", "HEAD", "POST"]
# The page for a request over its limit (solidair.web.ratelimits.too_many).
TOO_MANY = "letters/too_many.html"
# The same page for every mailed link that does not work (forged, expired, used, erased).
LINK_INVALID = "letters/link_invalid.html"


def flemish_municipality(slug: str) -> Municipality:
    """The Flemish municipality of ``slug`` (councils outside Flanders get no letters), or 404."""
    return get_object_or_404(Municipality.objects.flemish(), slug=slug)
