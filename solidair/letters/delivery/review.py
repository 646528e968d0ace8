"""When a resident's own text waits for a coordinator before it goes to a council.

One rule for individual and collective letters (``review_reason``). A coordinator first reads
the letter when the resident's own paragraph (never the template's text)
- has a web address: a letter to the council is no place for links;
- is longer than ``LETTER_REVIEW_MAX_LENGTH``: longer than a personal paragraph needs to be,
  more often a pasted campaign text;
- is the same as, or nearly the same as, the paragraph of another resident's letter still
  stored (WriteToThem's check for copied messages): one text sent from many addresses is a
  campaign the coordinators should see before a council gets it many times.
The letter is then HELD with ``held_reason`` (in Dutch, the back-office's language) until a
coordinator approves or rejects it (``council_letter_approve``, ``council_letter_reject``: its
writer is told by mail); the resident is told it waits, the same for every reason.
"""

import datetime
import re

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from solidair.letters import mails
from solidair.letters.delivery.schedule import council_letter_schedule
from solidair.letters.models import CollectiveLetter, CouncilLetter, LetterStatus, ResidentLetter
from solidair.lib.i18n import in_dutch
from solidair.lib.similarity import jaccard, word_shingles, words

# Web addresses, also without http:// ("www.x", "x.be/...").
LINK = re.compile(
    r"https?://|www\.|\b[\w-]+(?:\.[\w-]+)*\.(?:be|com|org|net|eu|nl|fr|de|uk|info|io|ly|me|co"
    r"|biz|xyz|app|site|online|shop|ru|cn)\b",
    re.IGNORECASE,
)

# Near-identical paragraphs (solidair.lib.similarity: word pairs, Jaccard index).
# - At least this many words on both sides: a sentence or two ("Ik steun deze vraag van
#   harte: iedereen verdient een veilige thuis.") is what residents write alike on their own;
#   the same short text from two addresses is no sign of a copied campaign, and holding it
#   would delay genuine letters. From twelve words on, two people rarely write the same.
SIMILAR_MIN_WORDS = 12
# - This share of word pairs in common or more: up to about one word in six changed, added or
#   removed. Different residents' paragraphs on the same subject share at most about a third
#   (the turns of phrase of the letter: "toe te treden tot het netwerk"); see
#   tests/lib/test_similarity.py.
SIMILAR_MIN_SCORE = 0.5
# - Compared with other residents' letters confirmed in this period (letters are erased about
#   90 days after they went out), the most recent ones of each kind first, at most this many
#   of each: a bound on the work done when one letter is confirmed (bench/review.py).
SIMILAR_PERIOD = datetime.timedelta(days=90)
SIMILAR_CANDIDATES = 500
# Jaccard >= 0.5 needs the smaller set to be at least half the larger one; paragraphs whose
# length in characters differs by more than this factor cannot be that alike (a cheap filter
# in the database, wide enough for short and long words).
SIMILAR_LENGTH_FACTOR = 3


def text_reasons(paragraph: str) -> list[str]:
    """What in the text itself needs a coordinator's eye (links, length)."""
    reasons = []
    if LINK.search(paragraph):
        reasons.append(_("bevat een link"))
    if len(paragraph) > settings.LETTER_REVIEW_MAX_LENGTH:
        reasons.append(
            _("langer dan %(count)d tekens") % {"count": settings.LETTER_REVIEW_MAX_LENGTH}
        )
    return reasons


def review_reason(*, letter: CouncilLetter, now: datetime.datetime | None = None) -> str:
    """Why a coordinator must read ``letter`` before it goes out, in Dutch; "" when not needed.

    Call it before the transaction that changes the letter's status: the comparison reads up to
    ``2 * SIMILAR_CANDIDATES`` other letters and need not hold a write lock while it does.
    """
    with in_dutch():
        reasons = text_reasons(letter.personal_paragraph)
        similar = similar_letter(letter=letter, now=now)
        if similar is not None:
            reasons.append(
                _("lijkt sterk op de alinea van een andere inwoner (%(kind)s nr. %(number)d)")
                % {"kind": similar._meta.verbose_name, "number": similar.pk}
            )
    return ", ".join(reasons)[: CouncilLetter._meta.get_field("held_reason").max_length]


def similar_letter(
    *, letter: CouncilLetter, now: datetime.datetime | None = None
) -> CouncilLetter | None:
    """The other resident's letter whose paragraph is most like ``letter``'s, when it is at
    least SIMILAR_MIN_SCORE alike; else None.

    Candidates: individual and collective letters to any council, confirmed in the last
    SIMILAR_PERIOD, not erased, written from another address (``email_digest``: a resident's
    own earlier text is theirs to reuse); the most recent SIMILAR_CANDIDATES of each kind.
    """
    paragraph = letter.personal_paragraph
    found = words(paragraph)
    if len(found) < SIMILAR_MIN_WORDS:
        return None
    now = now or timezone.now()
    mine = word_shingles(found)
    best, best_score = None, SIMILAR_MIN_SCORE
    for model in (ResidentLetter, CollectiveLetter):
        candidates = (
            model.objects.alias(personal_length=Length("personal_paragraph"))
            .filter(
                confirmed_at__gte=now - SIMILAR_PERIOD,
                erased_at__isnull=True,
                personal_length__gte=len(paragraph) // SIMILAR_LENGTH_FACTOR,
                personal_length__lte=len(paragraph) * SIMILAR_LENGTH_FACTOR,
            )
            .exclude(status=LetterStatus.UNCONFIRMED)
            .exclude(email_digest=letter.email_digest)
            .order_by("-confirmed_at", "-pk")
        )
        if isinstance(letter, model) and letter.pk is not None:
            candidates = candidates.exclude(pk=letter.pk)
        for pk, text in candidates.values_list("pk", "personal_paragraph")[:SIMILAR_CANDIDATES]:
            found = words(text)
            if len(found) < SIMILAR_MIN_WORDS:
                continue
            score = jaccard(mine, word_shingles(found))
            if score >= best_score:
                best, best_score = model(pk=pk, personal_paragraph=text), score
    return best


# --- Review by coordinators (any kind of letter) --------------------------------------------


def _held(letter: CouncilLetter) -> CouncilLetter | None:
    locked = type(letter).objects.select_for_update().get(pk=letter.pk)
    return locked if locked.status == LetterStatus.HELD else None


def council_letter_approve(
    *, letter: CouncilLetter, by: AbstractBaseUser, now: datetime.datetime | None = None
) -> bool:
    """A coordinator read a held letter: it waits for its council's next slot. False if it
    was not held (any more)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _held(letter)
        if locked is None:
            return False
        locked.status = LetterStatus.WAITING
        locked.reviewed_at, locked.reviewed_by = now, by
        locked.scheduled_for = council_letter_schedule(letter=locked, now=now)
        locked.save(update_fields=["status", "reviewed_at", "reviewed_by", "scheduled_for"])
    return True


def council_letter_reject(
    *, letter: CouncilLetter, by: AbstractBaseUser, now: datetime.datetime | None = None
) -> bool:
    """A coordinator refused a held letter: it is not sent, and its writer is told by mail.
    False if it was not held (any more)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _held(letter)
        if locked is None:
            return False
        locked.status = LetterStatus.REJECTED
        locked.reviewed_at, locked.reviewed_by = now, by
        locked.save(update_fields=["status", "reviewed_at", "reviewed_by"])
        writer = locked.writer_email
        if writer:
            mails.rejected(locked, to=writer)
    return True
