import pytest

from tests.factories import InitiativeFactory, activity, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    InitiativeFactory(
        municipality=municipality("Leuven"),
        title="De Nomade",
        text="<p>Een open huis voor anderstalige nieuwkomers.</p>",
        themes=[activity("participation")],
    )
    InitiativeFactory(
        municipality=municipality("Gent"),
        title="Vzw Thope",
        text="<p>Betaalbare woningen voor vluchtelingen, met de nodige omarming.</p>",
        themes=[activity("housing")],
    )
    InitiativeFactory(municipality=municipality("Brugge"), title="Concept", published=False)


def titles(response):
    return [initiative.title for initiative in response.context["page"].object_list]


def test_it_lists_published_initiatives(client, library):
    assert titles(client.get("/initiatieven/")) == ["Vzw Thope", "De Nomade"]


def test_it_searches_title_and_text_without_accents_or_case(client, library):
    assert titles(client.get("/initiatieven/", {"q": "WONINGEN vluchtelingen"})) == ["Vzw Thope"]
    assert titles(client.get("/initiatieven/", {"q": "nomade"})) == ["De Nomade"]
    assert titles(client.get("/initiatieven/", {"q": "nieuwkomérs"})) == ["De Nomade"]


def test_it_finds_by_municipality_name(client, library):
    assert titles(client.get("/initiatieven/", {"q": "leuven"})) == ["De Nomade"]


def test_it_finds_by_the_french_name_of_the_municipality(client, library):
    assert titles(client.get("/fr/initiatieven/", {"q": "Louvain"})) == ["De Nomade"]
    assert titles(client.get("/initiatieven/", {"q": "gand"})) == ["Vzw Thope"]


def test_it_filters_by_commitment_and_province(client, library):
    assert titles(client.get("/initiatieven/", {"engagement": "housing"})) == ["Vzw Thope"]
    assert titles(client.get("/initiatieven/", {"provincie": "vlaams-brabant"})) == ["De Nomade"]


def test_it_says_when_nothing_is_found(client, library):
    body = client.get("/initiatieven/", {"q": "onvindbaar"}).content.decode()
    assert "Geen initiatieven gevonden" in body


def test_it_paginates(client, settings):
    settings.INITIATIVES_PAGE_SIZE = 2
    for number in range(5):
        InitiativeFactory(municipality=municipality("Gent"), title=f"Initiatief {number}")
    response = client.get("/initiatieven/", {"pagina": 3})
    assert titles(response) == ["Initiatief 4"]
    assert "Pagina 3 van 3" in response.content.decode()


def test_the_detail_page_renders_safe_html(client):
    initiative = InitiativeFactory(
        municipality=municipality("Gent"),
        text='<p>Tekst met <a href="https://stad.gent">link</a>.</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">x</a>',
    )
    body = client.get(f"/initiatieven/{initiative.pk}/").content.decode()
    assert 'href="https://stad.gent"' in body
    assert "<script>alert(1)</script>" not in body
    assert "javascript:" not in body


def test_an_unpublished_initiative_is_not_found(client, library):
    from solidair.initiatives.models import Initiative

    concept = Initiative.objects.get(title="Concept")
    assert client.get(f"/initiatieven/{concept.pk}/").status_code == 404
