"""The follow-up's page: a writer answers whether the council answered
(solidair.letters.delivery.followup)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from solidair.letters.delivery.followup import ANSWER_SLUGS, followup_answer, followup_lookup
from solidair.letters.forms.followup import ResponseForm
from solidair.letters.models import FollowUpAnswer
from solidair.letters.views.common import GET_POST, RATE_LINKS, TOO_MANY, link_invalid
from solidair.web.ratelimits import is_limited, rate_limit, too_many


@never_cache
@require_http_methods(GET_POST)
@rate_limit(group="letter-links", key="ip", rate=RATE_LINKS, methods=None)
def followup(request: HttpRequest, token: str, answer: str) -> HttpResponse:
    if answer not in ANSWER_SLUGS:
        raise Http404
    if is_limited(request):
        return too_many(request, TOO_MANY)
    letter = followup_lookup(token=token)
    if letter is None:
        return link_invalid(request)
    choice = ANSWER_SLUGS[answer]
    form = ResponseForm(request.POST or None) if choice == FollowUpAnswer.YES else None
    if request.method == "POST" and (form is None or form.is_valid()):
        # Answered in another tab in the meantime: that answer stands; thank them all the same.
        followup_answer(letter=letter, answer=choice, response=form.response() if form else None)
        return render(
            request,
            "letters/followup/thanks.html",
            {"letter": letter, "answer": choice, "municipality": letter.municipality},
        )
    return render(
        request,
        "letters/followup/answer.html",
        {
            "letter": letter,
            "answer": choice,
            "answer_label": FollowUpAnswer(choice).label,
            "form": form,
            "municipality": letter.municipality,
        },
    )
