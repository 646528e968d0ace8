"""The residents' personal data: the privacy page, and a resident's own data, to see and erase
(solidair.letters.delivery.privacy)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from solidair.letters.delivery.privacy import (
    KEPT_AFTER_SENDING,
    KEPT_OPEN_COLLECTIVE,
    KEPT_UNCONFIRMED,
    UNSENT,
    PersonalRecord,
    my_data_lookup,
    personal_data_erase,
    personal_data_shown,
)
from solidair.letters.models import CollectiveLetter, CoSignature, LetterStatus
from solidair.letters.views.common import LINK_INVALID, RATE_LINKS, TOO_MANY
from solidair.membership.corrections import EMAIL_KEPT_AFTER_HANDLING, EMAIL_KEPT_AT_MOST
from solidair.web.links import mailed_link, mailed_link_view
from solidair.web.ratelimits import is_limited, rate_limit, too_many


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "letters/privacy.html",
        {
            "days_sent": KEPT_AFTER_SENDING.days,
            "days_unconfirmed": KEPT_UNCONFIRMED.days,
            "months_open": 12,
            "days_open": KEPT_OPEN_COLLECTIVE.days,
            "contact": settings.NETWORK_CONTACT_EMAIL,
            # "Klopt er iets niet?" (solidair/membership/corrections.py).
            "report_days": EMAIL_KEPT_AFTER_HANDLING.days,
            "report_months": EMAIL_KEPT_AT_MOST.days // 30,
        },
    )


@mailed_link_view
@rate_limit(group="letter-links", key="ip", rate=RATE_LINKS, methods=None)
def my_data(request: HttpRequest, token: str) -> HttpResponse:
    """A resident sees what is stored about them, and erases it at once."""
    if is_limited(request):
        return too_many(request, TOO_MANY)

    def act(record: PersonalRecord) -> HttpResponse | None:
        if "wissen" not in request.POST:
            return None
        personal_data_erase(record=record)
        return render(request, "letters/my_data_erased.html", {})

    def context(record: PersonalRecord) -> dict:
        letter = record.letter if isinstance(record, CoSignature) else record
        return {
            "record": record,
            "rows": personal_data_shown(record),
            "letter": letter,
            "is_signature": isinstance(record, CoSignature),
            "is_collective": isinstance(record, CollectiveLetter),
            "is_sent": letter.status == LetterStatus.SENT,
            "is_unsent": letter.status in UNSENT,
            "days_sent": KEPT_AFTER_SENDING.days,
        }

    return mailed_link(
        request,
        row=my_data_lookup(token=token),
        template="letters/my_data.html",
        context=context,
        act=act,
        invalid_template=LINK_INVALID,
    )
