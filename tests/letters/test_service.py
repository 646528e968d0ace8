import datetime

import pytest

from solidair.letters.composing.content import BulletList, FootnoteRef, Heading, Paragraph
from solidair.letters.composing.renderers.text import render_text
from solidair.letters.composing.services import ResidentInput, letter_build, letter_count_record
from solidair.letters.models import LetterCount, LetterTemplate
from solidair.membership.models import MembershipStatus, Rung
from tests.factories import make_member, municipality

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
RESIDENT = ResidentInput(name="An Peeters", email="an@example.be")


def build(name="Merelbeke-Melle", resident=RESIDENT, **kwargs):
    return letter_build(municipality=municipality(name), resident=resident, today=TODAY, **kwargs)


def text_of(letter):
    return render_text(letter)


@pytest.fixture
def members():
    for name in ("Gent", "Leuven", "Bornem"):
        make_member(name)


def test_every_placeholder_is_resolved(members):
    letter = build()
    text = text_of(letter)
    assert letter.place_date == "Merelbeke-Melle, 23 november 2026"
    assert letter.recipient == (
        "Aan het college van burgemeester en schepenen",
        "Gemeente Merelbeke-Melle",
    )
    assert "als inwoners van Merelbeke-Melle, vragen om als Gemeente mee" in " ".join(text.split())
    assert letter.signature == "An Peeters"
    for artefact in ("XXX", "[Gemeente/Stad", "[Stad/Gemeente]", "[e-mail]", "[gsm-nummer]"):
        assert artefact not in text
    for artefact in ("[Naam]", "[bookmark", "[footnote"):
        assert artefact not in text
    assert not any("  " in line.strip() for line in text.splitlines())


def test_a_city_is_addressed_as_stad_unless_the_resident_corrects_it():
    assert "als Stad mee" in " ".join(text_of(build("Aalst")).split())
    corrected = build("Aalst", resident=ResidentInput(name="A", email="a@b.be", is_city=False))
    assert "als Gemeente mee" in " ".join(text_of(corrected).split())


def test_the_phone_part_drops_cleanly():
    without = " ".join(text_of(build()).split())
    assert "contacteer me gerust op an@example.be." in without
    with_phone = build(resident=ResidentInput(name="A", email="a@b.be", phone="0470 12 34 56"))
    assert "op a@b.be of via 0470 12 34 56." in " ".join(text_of(with_phone).split())


def test_the_members_footnote_lists_active_members_by_current_name(members):
    make_member("Tessenderlo-Ham")
    from tests.factories import MembershipFactory

    MembershipFactory(municipality=municipality("Aalst"), status=MembershipStatus.APPLIED)
    letter = build()
    assert [note.number for note in letter.footnotes] == [1, 2]
    assert "caritasinternational.be" in letter.footnotes[0].text
    assert letter.footnotes[1].text == (
        "Bornem, Gent, Leuven en Tessenderlo-Ham traden al toe tot het netwerk van "
        "Solidaire Steden en Gemeenten."
    )


def test_the_footnote_wording_adapts_to_the_count():
    make_member("Gent")
    assert build().footnotes[1].text.startswith("Gent trad al toe tot")


def test_a_new_member_shows_in_the_next_letter(members):
    assert "Hove" not in build().footnotes[1].text
    make_member("Hove")
    assert "Hove" in build().footnotes[1].text


def test_the_municipality_itself_is_never_listed(members):
    letter = build("Gent")
    assert "Gent" not in letter.footnotes[-1].text.split(" traden")[0]


def test_footnote_references_sit_where_the_template_puts_them(members):
    letter = build()
    refs = [
        part.number
        for block in letter.blocks
        for parts in (
            block.items if isinstance(block, BulletList) else (getattr(block, "parts", ()),)
        )
        for part in parts
        if isinstance(part, FootnoteRef)
    ]
    assert refs == [1, 2]


def test_headings_and_lists_are_structure_not_text():
    letter = build()
    assert any(isinstance(b, Heading) for b in letter.blocks)
    lists = [b for b in letter.blocks if isinstance(b, BulletList)]
    assert len(lists[0].items) == 10
    assert not any(letter.plain(item).startswith(("·", "•", "-")) for item in lists[0].items)


def test_the_personal_paragraph_and_preferences_go_in_the_letter_in_order():
    resident = ResidentInput(
        name="A",
        email="a@b.be",
        personal_paragraph="Mijn buren kwamen uit Syrië.\n\nZe zijn hier thuis.",
        preferences=("housing", "reception"),
    )
    letter = build(resident=resident)
    paragraphs = [letter.plain(b.parts) for b in letter.blocks if isinstance(b, Paragraph)]
    assert "Mijn buren kwamen uit Syrië." in paragraphs
    assert "Ze zijn hier thuis." in paragraphs
    text = text_of(letter)
    assert text.index("Huisvesting:") < text.index("Opvangplaatsen:")


def test_resident_text_is_never_read_as_template_syntax():
    resident = ResidentInput(
        name="{naam} ^[x]", email="a@b.be", personal_paragraph="{gemeente} ^[noot] {{"
    )
    letter = build(resident=resident)
    assert letter.signature == "{naam} ^[x]"
    assert "{gemeente} ^[noot] {{" in text_of(letter)
    assert len(letter.footnotes) == 2


def test_a_member_gets_the_thank_you_letter_with_what_is_not_yet_realised():
    membership = make_member("Gent", ("reception", "housing", "network"))
    membership.commitments.filter(activity__code="reception").update(rung=Rung.VISIBLE)
    letter = build("Gent")
    assert letter.kind == "member"
    text = " ".join(text_of(letter).split())
    assert "Opvangplaatsen (zichtbaar voor inwoners)" in text
    assert "Nog niet gerealiseerd zijn: - Huisvesting - Lerend netwerk" in text
    assert "minstens één nieuw engagement" in text


def test_the_letter_records_its_template_version():
    template = LetterTemplate.objects.current("join")
    newer = LetterTemplate.objects.create(
        kind="join",
        version=template.version + 1,
        salutation="Beste college,",
        body="Korte brief voor {gemeente}.",
        closing="Groeten,",
    )
    letter = build()
    assert letter.template_version == newer.version
    assert letter.salutation == "Beste college,"


def test_a_letter_is_counted_anonymously_per_municipality_and_day():
    letter = build()
    letter_count_record(municipality=municipality("Merelbeke-Melle"), letter=letter)
    letter_count_record(municipality=municipality("Merelbeke-Melle"), letter=letter)
    count = LetterCount.objects.get()
    assert count.count == 2
    assert count.template_version == letter.template_version
    assert not hasattr(count, "email")


def test_a_stopped_commitment_is_neither_listed_nor_asked_for():
    membership = make_member("Gent", ("reception", "housing", "network", "education"))
    membership.commitments.filter(activity__code="housing").update(state="stopped")
    text = " ".join(text_of(build("Gent")).split())
    assert "Huisvesting" not in text
    assert "Nog niet gerealiseerd zijn: - Opvangplaatsen - Lerend netwerk" in text
