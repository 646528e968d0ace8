"""When a resident's own text waits for a coordinator before it goes to a council.

One rule for individual and collective letters: a text with a web address, or a long one, is
held (status HELD with ``held_reason``) until a coordinator approves or rejects it.
"""

import re

from django.utils.translation import gettext

# Longer than a personal paragraph needs to be; a long text is more often a pasted campaign.
REVIEW_MAX_LENGTH = 1200
_LINK = re.compile(r"(https?://|www\.|\b[\w-]+\.(be|com|net|org|eu|nl|fr|info|io)\b)", re.I)


def review_reason(text: str) -> str:
    """Why ``text`` must be reviewed before it is sent, or "" when it may go at once."""
    if _LINK.search(text):
        return gettext("bevat een link")
    if len(text) > REVIEW_MAX_LENGTH:
        return gettext("langer dan %(max)d tekens") % {"max": REVIEW_MAX_LENGTH}
    return ""
