import pytest
from django.utils import timezone

from solidair.letters.models import CollectiveLetter, CoSignature, LetterStatus, ResidentLetter
from solidair.operations.pagecache import content_version
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def letter(**extra) -> ResidentLetter:
    return ResidentLetter.objects.create(
        municipality=municipality("Hove"), kind="join", template_version=1, **extra
    )


def test_letters_being_written_leave_the_cached_pages_alone():
    before = content_version()
    draft = letter(name="An", email="an@example.be")
    draft.reminder_sent_at = timezone.now()
    draft.save()
    draft.delete()
    assert content_version() == before


def test_a_sent_letter_or_a_confirmed_signature_shows_at_once():
    before = content_version()
    letter(status=LetterStatus.SENT, sent_at=timezone.now())
    after_letter = content_version()
    assert after_letter > before
    collective = CollectiveLetter.objects.create(
        municipality=municipality("Hove"), kind="join", template_version=1, share_key="k1"
    )
    assert content_version() == after_letter  # still unconfirmed
    signature = CoSignature.objects.create(letter=collective, name="Bo", email="bo@example.be")
    assert content_version() == after_letter
    signature.confirmed_at = timezone.now()
    signature.save()
    assert content_version() > after_letter
