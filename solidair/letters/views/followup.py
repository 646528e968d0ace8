"""The follow-up's page: a writer answers whether the council answered
(solidair.letters.delivery.followup)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from solidair.letters.delivery.followup import ANSWER_SLUGS, followup_answer, followup_lookup
from solidair.letters.forms.followup import ResponseForm
from solidair.letters.models import CouncilLetter, FollowUpAnswer
from solidair.letters.views.common import LINK_INVALID, RATE_LINKS, TOO_MANY
from solidair.web.links import mailed_link, mailed_link_view
from solidair.web.ratelimits import is_limited, rate_limit, too_many


@mailed_link_view
@rate_limit(group="letter-links", key="ip", rate=RATE_LINKS, methods=None)
def followup(request: HttpRequest, token: str, answer: str) -> HttpResponse:
    if answer not in ANSWER_SLUGS:
        raise Http404
    if is_limited(request):
        return too_many(request, TOO_MANY)
    choice = ANSWER_SLUGS[answer]
    form = ResponseForm(request.POST or None) if choice == FollowUpAnswer.YES else None

    def act(letter: CouncilLetter) -> HttpResponse | None:
        if form is not None and not form.is_valid():
            return None
        # Answered in another tab in the meantime: that answer stands; thank them all the same.
        followup_answer(letter=letter, answer=choice, response=form.response() if form else None)
        return render(
            request,
            "letters/followup/thanks.html",
            {"letter": letter, "answer": choice, "municipality": letter.municipality},
        )

    return mailed_link(
        request,
        row=followup_lookup(token=token),
        template="letters/followup/answer.html",
        context=lambda letter: {
            "letter": letter,
            "answer": choice,
            "answer_label": FollowUpAnswer(choice).label,
            "form": form,
            "municipality": letter.municipality,
        },
        act=act,
        invalid_template=LINK_INVALID,
    )
