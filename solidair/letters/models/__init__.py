"""The letters' models, in the ``letters`` app: what composing a letter stores (``composing``)
and what delivering it stores (``delivery``)."""

from solidair.letters.models.composing import LetterCount, LetterKind, LetterTemplate
from solidair.letters.models.delivery import (
    LETTER_MODELS,
    Campaign,
    CollectiveLetter,
    CoSignature,
    CouncilAddress,
    CouncilAddressSuggestion,
    CouncilLetter,
    CouncilResponse,
    FollowUpAnswer,
    LetterStatus,
    ResidentLetter,
    ResponseKind,
    ResponseSource,
    SuggestionStatus,
    validate_flemish,
)

__all__ = [
    "LETTER_MODELS",
    "Campaign",
    "CoSignature",
    "CollectiveLetter",
    "CouncilAddress",
    "CouncilAddressSuggestion",
    "CouncilLetter",
    "CouncilResponse",
    "FollowUpAnswer",
    "LetterCount",
    "LetterKind",
    "LetterStatus",
    "LetterTemplate",
    "ResidentLetter",
    "ResponseKind",
    "ResponseSource",
    "SuggestionStatus",
    "validate_flemish",
]
