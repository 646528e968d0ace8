import datetime
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader

from solidair.network.brochures import brochure_data, brochure_generate, html_blocks
from solidair.network.models import (
    Level,
    NetworkRole,
    PartnerOrganisation,
    Position,
    Recommendation,
)
from solidair.operations.uploads import image_prepare
from tests.factories import ContactPersonFactory, InitiativeFactory, activity, municipality
from tests.network.helpers import make_meeting

PLACES = ["Gent", "Leuven", "Brugge", "Genk", "Mechelen", "Kortrijk", "Aalst", "Hasselt"]


def add_practices(meeting, count: int) -> list:
    practices = []
    for number in range(count):
        place = municipality(PLACES[number % len(PLACES)])
        initiative = InitiativeFactory(
            municipality=place,
            title=f"Praktijk {number:02d} buddywerking",
            summary="Vrijwilligers begeleiden nieuwkomers.",
            text="<p>Elke buddy <strong>begeleidt</strong> een gezin.</p>"
            "<ul><li>Taalcafé</li><li>Huiswerkklas</li></ul><script>x</script>",
            themes=[activity("housing"), activity("volunteering")],
        )
        initiative.links.create(label="Website", url="https://example.be/buddy")
        initiative.meetings.add(meeting)
        practices.append(initiative)
    return practices


def pdf_of(brochure) -> PdfReader:
    with brochure.file.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def outline_titles(reader: PdfReader) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


@pytest.fixture
def meeting(db):
    return make_meeting("Wonen na de opvang", datetime.date(2026, 3, 14), theme="Huisvesting")


@pytest.fixture
def partners(db):
    # The migrations load the partners named in the letter; one partner of an initiative only.
    assert PartnerOrganisation.objects.filter(name="Vluchtelingenwerk Vlaanderen").exists()
    PartnerOrganisation.objects.create(name="Lokale vzw", network_role=NetworkRole.NONE)


def test_the_brochure_holds_the_practices_contents_recommendations_and_partners(meeting, partners):
    add_practices(meeting, 3)
    ContactPersonFactory(
        municipality=municipality("Gent"), name="An Peeters", email="an@gent.be", is_public=True
    )
    ContactPersonFactory(
        municipality=municipality("Gent"), name="Geheim", email="geheim@gent.be", is_public=False
    )
    minister = Position.objects.create(
        title="Vlaams minister van Binnenlands Bestuur", level=Level.FLEMISH
    )
    Recommendation.objects.create(
        title="Meer middelen voor LOI's",
        text="De Vlaamse overheid financiert begeleiding.",
        level=Level.FLEMISH,
        meeting=meeting,
        addressee=minister,
    )
    Recommendation.objects.create(
        title="Verborgen aanbeveling", text="x", level=Level.LOCAL, meeting=meeting, published=False
    )
    brochure = brochure_generate(meeting=meeting, introduction="Welkom bij deze brochure.")

    reader = pdf_of(brochure)
    text = text_of(reader)
    cover = reader.pages[0].extract_text()
    assert "Wonen na de opvang" in cover and "14 maart 2026" in cover
    contents = reader.pages[1].extract_text()
    assert "Inhoud" in contents
    for number in range(3):
        assert f"Praktijk {number:02d} buddywerking" in contents
    assert "Welkom bij deze brochure." in text
    for place in ("Gent", "Leuven", "Brugge"):
        assert place in text
    assert "begeleidt een gezin" in text and "Taalcafé" in text and "<strong>" not in text
    assert "an@gent.be" in text and "geheim@gent.be" not in text
    assert "https://example.be/buddy" in text
    assert "Meer middelen voor LOI's" in text
    assert "Vlaams minister van Binnenlands Bestuur" in text
    assert "Verborgen aanbeveling" not in text
    last = reader.pages[-1].extract_text()
    assert "Vluchtelingenwerk Vlaanderen" in last and "VVSG" in last
    assert "Lokale vzw" not in text

    titles = outline_titles(reader)
    assert "Inleiding" in titles and "Goede praktijken" in titles
    # The municipality in every practice's entry, and no entry twice.
    assert "Praktijk 00 buddywerking – Gent" in titles and "Beleidsaanbevelingen" in titles
    assert len(titles) == len(set(titles))
    assert "Partners van het netwerk" in titles
    assert reader.metadata.title == "Goede praktijken: Wonen na de opvang (14 maart 2026)"
    assert reader.trailer["/Root"]["/Lang"].startswith("nl")
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    assert "<pdfuaid:part>1</pdfuaid:part>" in reader.xmp_metadata.stream.get_data().decode()
    assert brochure.page_count == len(reader.pages)
    assert brochure.size == brochure.file.size
    assert brochure.version == 1 and brochure.practice_count == 3


def test_the_page_count_grows_with_the_practices(db, partners):
    small = make_meeting("Klein", datetime.date(2026, 3, 1))
    large = make_meeting("Groot", datetime.date(2026, 6, 1))
    add_practices(small, 2)
    add_practices(large, 8)
    pages_small = brochure_generate(meeting=small, introduction="x").page_count
    pages_large = brochure_generate(meeting=large, introduction="x").page_count
    assert pages_large >= pages_small + 6


def test_an_image_is_included_with_its_description(meeting, partners):
    (initiative,) = add_practices(meeting, 1)
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "teal").save(buffer, format="PNG")
    image = image_prepare(ContentFile(buffer.getvalue(), name="x.png"))
    initiative.image.save(image.name, image, save=False)
    initiative.image_alt = "Vrijwilligers aan een tafel"
    initiative.save()
    reader = pdf_of(brochure_generate(meeting=meeting, introduction="x"))
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 1
    assert images[0].image.size == (300, 200)


def test_regenerating_makes_a_new_version_and_keeps_the_old_one(meeting, partners, client):
    (practice,) = add_practices(meeting, 1)
    first = brochure_generate(meeting=meeting, introduction="Eerste inleiding.")
    practice.title = "Gecorrigeerde titel"
    practice.save()
    second = brochure_generate(meeting=meeting)
    assert (first.version, second.version) == (1, 2)
    assert second.introduction == "Eerste inleiding."  # kept when none is given
    assert first.file.name != second.file.name
    assert "Praktijk 00" in text_of(pdf_of(first))
    assert "Gecorrigeerde titel" in text_of(pdf_of(second))
    old = client.get(first.url)
    assert old.status_code == 200 and old["Content-Type"] == "application/pdf"
    assert b"".join(old.streaming_content).startswith(b"%PDF-")


def test_rich_text_becomes_plain_paragraphs_and_lists():
    blocks = html_blocks(
        '<p>Een <a href="javascript:x">link</a> en #set text(red)</p>'
        "<ol><li>één</li><li>twee</li></ol>los<script>alert(1)</script>"
    )
    assert blocks == [
        {"kind": "paragraph", "text": "Een link en #set text(red)"},
        {"kind": "enum", "items": ["één", "twee"]},
        {"kind": "paragraph", "text": "los"},
    ]


def test_a_practice_written_as_plain_text_keeps_its_paragraphs_and_lists(
    meeting, partners, tmp_path
):
    InitiativeFactory(
        municipality=municipality("Gent"),
        title="Taalcafé",
        text="Elke dinsdag.\nIn de bib.\n\nWe bieden:\n- koffie\n- gesprekken\n\n"
        "Meer: https://gent.be/taal",
    ).meetings.add(meeting)

    (practice,) = brochure_data(meeting=meeting, introduction="", version=1, root=tmp_path)[
        "practices"
    ]

    assert practice["body"] == [
        {"kind": "paragraph", "text": "Elke dinsdag. In de bib."},
        {"kind": "paragraph", "text": "We bieden:"},
        {"kind": "list", "items": ["koffie", "gesprekken"]},
        {"kind": "paragraph", "text": "Meer: https://gent.be/taal"},
    ]
    text = text_of(pdf_of(brochure_generate(meeting=meeting, introduction="")))
    assert "We bieden:\n" in text and "koffie\n" in text and "gesprekken\n" in text


def test_markup_in_data_is_shown_as_text(meeting, partners):
    InitiativeFactory(
        municipality=municipality("Gent"),
        title='#set page(fill: red) *vet* $x$ <l> @ref ] " \\',
    ).meetings.add(meeting)
    reader = pdf_of(brochure_generate(meeting=meeting, introduction="= Geen kop\n\n#pagebreak()"))
    text = text_of(reader)
    assert "#set page(fill: red)" in text and "*vet*" in text
    assert "#pagebreak()" in text and "= Geen kop" in text


def test_the_list_and_the_meeting_page_offer_every_version(client, meeting, partners):
    add_practices(meeting, 1)
    hidden = make_meeting("Nog niet gepubliceerd", datetime.date(2026, 5, 1), published=False)
    add_practices(hidden, 1)
    brochure_generate(meeting=hidden, introduction="x")
    assert "Er zijn nog geen brochures." in client.get("/netwerk/brochures/").content.decode()

    first = brochure_generate(meeting=meeting, introduction="x")
    second = brochure_generate(meeting=meeting)
    body = client.get("/netwerk/brochures/").content.decode()
    assert "Nog niet gepubliceerd" not in body
    assert body.index(second.url) < body.index(first.url)  # newest first
    assert "14 maart 2026" in body and "versie 1" in body and "versie 2" in body

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Brochure van goede praktijken" in page
    assert "Download de brochure (versie 2)" in page and second.url in page
    assert "Eerdere versies" in page and first.url in page
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_coordinators_generate_a_brochure_in_the_admin(
    coordinator_client, coordinator, meeting, partners
):
    add_practices(meeting, 2)
    response = coordinator_client.post(
        "/beheer/network/brochure/add/",
        {"meeting": meeting.pk, "introduction": "Door de coördinatoren geschreven."},
    )
    assert response.status_code == 302
    brochure = meeting.brochures.get()
    assert brochure.generated_by == coordinator and brochure.version == 1
    assert "Door de coördinatoren geschreven." in text_of(pdf_of(brochure))
    form = coordinator_client.get(f"/beheer/network/brochure/add/?meeting={meeting.pk}")
    assert "Door de coördinatoren geschreven." in form.content.decode()

    coordinator_client.post(
        "/beheer/network/brochure/",
        {"action": "regenerate", "_selected_action": [brochure.pk]},
    )
    assert list(meeting.brochures.values_list("version", flat=True)) == [2, 1]
    assert brochure.history.first().history_user == coordinator


def test_the_meeting_action_makes_the_next_version(rf, coordinator, meeting, partners):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from solidair.network.admin.brochures import meeting_brochure_generate
    from solidair.network.models import Meeting

    add_practices(meeting, 1)
    brochure_generate(meeting=meeting, introduction="Eerste.")
    request = rf.post("/beheer/network/meeting/")
    request.user = coordinator
    request.session = {}
    request._messages = FallbackStorage(request)
    told = []

    class MeetingAdmin:
        def message_user(self, request, message, level):
            told.append(message)

    meeting_brochure_generate(MeetingAdmin(), request, Meeting.objects.filter(pk=meeting.pk))
    latest = meeting.brochures.order_by("-version").first()
    assert latest.version == 2 and latest.introduction == "Eerste."
    assert latest.generated_by == coordinator
    assert told == ["1 brochure gemaakt (een nieuwe versie; de vorige blijven beschikbaar)."]


def test_a_character_no_font_has_does_not_stop_the_brochure(meeting, partners):
    InitiativeFactory(municipality=municipality("Gent"), title="Thuis 🏠 家").meetings.add(meeting)
    reader = pdf_of(brochure_generate(meeting=meeting, introduction="Welkom 👋"))
    assert "Thuis" in text_of(reader)
    assert "Inhoud" in reader.pages[1].extract_text()  # still tagged, just without the claim
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_coordinators_make_the_brochure_from_the_meeting_in_the_back_office(coordinator_client):
    meeting = make_meeting("Wonen na de opvang", datetime.date(2026, 3, 14))
    page = coordinator_client.get("/beheer/network/meeting/").content.decode()
    assert 'value="meeting_brochure_generate"' in page
    coordinator_client.post(
        "/beheer/network/meeting/",
        {"action": "meeting_brochure_generate", "_selected_action": [meeting.pk]},
    )
    assert meeting.brochures.count() == 1


@pytest.fixture
def broken_template(settings, tmp_path):
    """A brochure template Typst cannot compile (as after a bad edit of brochure_pdf.typ)."""
    path = tmp_path / "broken.typ"
    path.write_text('#set document(title: "Kapot")\n#let practices = json.decode(\n= Inhoud\n')
    settings.BROCHURE_TEMPLATE = str(path)
    return path


FAILED = "kon niet gemaakt worden: het sjabloon gaf een fout"


def test_a_failing_template_is_an_error_on_the_form_not_a_500(
    coordinator_client, meeting, partners, broken_template, caplog, _media
):
    add_practices(meeting, 1)
    response = coordinator_client.post(
        "/beheer/network/brochure/add/",
        {"meeting": meeting.pk, "introduction": "Door de coördinatoren geschreven."},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert FAILED in body and "Door de coördinatoren geschreven." in body
    assert not meeting.brochures.exists()
    assert not list(_media.rglob("*.pdf"))  # no file stored either
    [record] = [r for r in caplog.records if r.name == "solidair.network.brochures"]
    assert record.levelname == "ERROR" and record.exc_info


def test_a_failing_template_in_the_actions_is_an_admin_message(
    coordinator_client, meeting, partners, settings
):
    brochure = brochure_generate(meeting=meeting, introduction="Eerste.")
    path = settings.MEDIA_ROOT.parent / "broken.typ"
    path.write_text("#let = (\n")
    settings.BROCHURE_TEMPLATE = str(path)
    for url, action, selected in (
        ("/beheer/network/meeting/", "meeting_brochure_generate", meeting.pk),
        ("/beheer/network/brochure/", "regenerate", brochure.pk),
    ):
        response = coordinator_client.post(
            url, {"action": action, "_selected_action": [selected]}, follow=True
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert FAILED in body and "brochure gemaakt" not in body
    assert list(meeting.brochures.values_list("version", flat=True)) == [1]


def test_the_service_raises_a_brochure_error_and_makes_no_version(meeting, broken_template):
    from solidair.network.brochures import BrochureError

    with pytest.raises(BrochureError):
        brochure_generate(meeting=meeting, introduction="Eerste.")
    assert not meeting.brochures.exists()


def test_a_practice_is_laid_out_on_its_structured_fields_in_order(meeting, partners):
    gent = municipality("Gent")
    contact = ContactPersonFactory(
        municipality=gent, name="Sara Buddy", email="sara@gent.be", is_public=True
    )
    ContactPersonFactory(municipality=gent, name="Ander", email="ander@gent.be", is_public=True)
    initiative = InitiativeFactory(
        municipality=gent,
        title="Buddywerking",
        summary="Vrijwilligers begeleiden nieuwkomers.",
        aim="Nieuwkomers vinden sneller hun weg.",
        audience="refugees",
        audience_note="Gezinnen in het lokaal opvanginitiatief.",
        approach="Een buddy ziet zijn gezin elke week.",
        result="Negen op tien gezinnen vonden een woning.",
        people_reached=1250,
        people_reached_year=2025,
        started_year=2019,
        cost_band="small",
        funding="Eigen middelen en een subsidie van de provincie.",
        local_partners="Het OCMW en de vzw Buddy.",
        to_copy="Een halftijdse coördinator en twintig vrijwilligers.",
        contact=contact,
    )
    initiative.meetings.add(meeting)
    reader = pdf_of(brochure_generate(meeting=meeting, introduction="Welkom."))
    text = " ".join(text_of(reader).split())
    order = [
        "Buddywerking – Gent",
        "Voor wie Erkende vluchtelingen",
        "Gestart in 2019",
        "Bereikte mensen 1.250 (2025)",
        "Kosten Minder dan 5.000 euro per jaar",
        "In het kort",
        "Doel Nieuwkomers vinden sneller hun weg.",
        "Voor wie Gezinnen in het lokaal opvanginitiatief.",
        "Aanpak Een buddy",
        "Resultaat Negen op tien",
        "Kosten en financiering Eigen middelen",
        "Partners Het OCMW",
        "Wat heb je nodig om het over te nemen Een halftijdse",
        "Contact",
        "Sara Buddy, sara@gent.be",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [p for p, at in zip(order, positions, strict=True) if at == -1]
    assert positions == sorted(positions)
    # The practice's own contact, not every public contact of the municipality.
    assert "sara@gent.be" in text and "ander@gent.be" not in text
    # The sections are headings of the document, not entries of the contents.
    assert "Doel" not in outline_titles(reader)


def test_the_cover_carries_the_network_its_mark_and_colours(meeting, partners):
    reader = pdf_of(brochure_generate(meeting=meeting, introduction="Welkom."))
    cover = reader.pages[0]
    assert "Netwerk van Solidaire Steden en Gemeenten" in cover.extract_text()
    drawn = cover.get_contents().get_data().decode("latin-1")
    # The mark (static/img/logo.svg, drawn as paths) with the network's name as its text.
    assert "/Alt(Netwerk van Solidaire Steden en Gemeenten)" in drawn
    # The site's brand green (#005a50) and accent yellow (#f2c94c).
    assert "0 0.3529412 0.3137255 scn" in drawn
    assert "0.9490196 0.7882353 0.29803923 scn" in drawn


def test_every_entry_of_the_contents_is_unique_with_the_real_imported_practices(
    db, imported, meeting, partners
):
    from solidair.initiatives.models import Initiative

    practices = list(Initiative.objects.published())
    assert len(practices) >= 10
    for initiative in practices:
        initiative.meetings.add(meeting)
    # Two more of one municipality with the same title as one of the imported ones.
    first = practices[0]
    for _ in range(2):
        twin = InitiativeFactory(municipality=first.municipality, title=first.title)
        twin.meetings.add(meeting)
    Recommendation.objects.create(title=first.title, text="x", level=Level.LOCAL, meeting=meeting)
    reader = pdf_of(brochure_generate(meeting=meeting, introduction="Welkom."))

    titles = outline_titles(reader)
    assert len(titles) == len(set(titles)), titles
    for initiative in practices:
        assert f"{initiative.title} – {initiative.municipality.name_nl}" in titles
    assert f"{first.title} – {first.municipality.name_nl} (3)" in titles
    # The printed contents say the same.
    contents = " ".join(
        page.extract_text() for page in reader.pages[1:4] if "Inhoud" in page.extract_text()
    )
    assert first.municipality.name_nl in contents
