import datetime

import pytest
from django.urls import Resolver404, resolve

from solidair.initiatives.models import InitiativeLink, SubProject
from solidair.membership.ladder import commitment_rung_refresh
from solidair.membership.models import CommitmentRung, CommitmentState, MembershipStatus, Rung
from solidair.municipalities.models import Municipality
from solidair.network.models import PartnerOrganisation
from tests.factories import (
    ContactPersonFactory,
    InitiativeFactory,
    MembershipFactory,
    activity,
    make_member,
    municipality,
)
from tests.opendata.helpers import make_network

MUNICIPALITIES = "/api/v1/municipalities/"
INITIATIVES = "/api/v1/initiatives/"

# A page of any size: one query counts, one reads the rows, then one per prefetch.
MUNICIPALITY_LIST_QUERIES = 5  # count, municipalities, memberships, commitments, rungs
MUNICIPALITY_DETAIL_QUERIES = 7  # municipality, memberships, commitments, rungs, initiatives,
#                                  their themes, contacts
INITIATIVE_LIST_QUERIES = 6  # count, initiatives, themes, partners, links, sub-projects


def municipality_in(response, name: str) -> dict:
    return next(item for item in response.json()["items"] if item["name"] == name)


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["items"]]


# GET /api/v1/municipalities/


@pytest.mark.django_db
def test_it_lists_every_flemish_municipality(client):
    response = client.get(MUNICIPALITIES)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 285
    assert {item["refnis"] for item in body["items"]} == set(
        Municipality.objects.flemish().values_list("refnis", flat=True)
    )


@pytest.mark.django_db
def test_it_leaves_out_brussels_and_wallonia(client):
    response = client.get(MUNICIPALITIES)

    assert "Anderlecht" not in names(response)
    assert "Namen" not in names(response)


@pytest.mark.django_db
def test_it_orders_municipalities_by_dutch_name(client):
    response = client.get(MUNICIPALITIES)

    assert names(response) == sorted(
        Municipality.objects.flemish().values_list("name_nl", flat=True)
    )


@pytest.mark.django_db
def test_it_describes_a_municipality(client):
    response = client.get(MUNICIPALITIES)

    assert municipality_in(response, "Brugge") == {
        "refnis": "31005",
        "name": "Brugge",
        "name_fr": "Bruges",
        "slug": "brugge",
        "province": "West-Vlaanderen",
        "is_city": True,
        "population": 120_283,
        "is_member": False,
        "member_since": None,
        "commitments_to_confirm": False,
        "status": "none",
        "commitments": [],
        "ladder": [],
        "url": "/gemeenten/brugge/",
        "display_name": "Brugge",
        "province_label": "West-Vlaanderen",
        "status_label": "geen lid",
        "commitment_labels": [],
    }


@pytest.mark.django_db
def test_it_gives_dutch_names_whatever_the_language(client):
    response = client.get(MUNICIPALITIES, headers={"accept-language": "fr"})

    assert municipality_in(response, "Brugge")["province"] == "West-Vlaanderen"


@pytest.mark.django_db
def test_it_shows_an_active_member(client):
    make_member("Gent", ("network", "reception", "housing"), since=datetime.date(2023, 5, 2))

    gent = municipality_in(client.get(MUNICIPALITIES), "Gent")

    assert gent["is_member"] is True
    assert gent["member_since"] == "2023-05-02"
    assert gent["commitments_to_confirm"] is False
    assert gent["status"] == "member"


@pytest.mark.django_db
def test_it_shows_how_far_each_commitment_has_come(client):
    gent = make_member("Gent", ("reception", "housing", "network"))
    housing = gent.commitments.get(activity__code="housing")
    CommitmentRung.objects.create(
        commitment=housing,
        rung=Rung.VISIBLE,
        date=datetime.date(2025, 2, 3),
        evidence_url="https://gent.be/wonen",
    )
    commitment_rung_refresh(commitment=housing)
    network = gent.commitments.get(activity__code="network")
    network.state, network.state_date = CommitmentState.STOPPED, datetime.date(2025, 9, 1)
    network.save()

    detail = client.get(f"{MUNICIPALITIES}44021/").json()

    ladder = {item["activity"]: item for item in detail["ladder"]}
    assert ladder["housing"]["rung"] == "visible"
    assert ladder["housing"]["rung_label"] == "zichtbaar voor inwoners"
    assert [(r["rung"], r["date"], r["proven"]) for r in ladder["housing"]["rungs"]] == [
        ("decided", "2024-03-01", False),
        ("visible", "2025-02-03", True),
    ]
    assert ladder["housing"]["rungs"][1]["evidence_url"] == "https://gent.be/wonen"
    assert ladder["reception"]["rung"] == "decided"
    assert ladder["network"]["state"] == "stopped"
    assert ladder["network"]["state_date"] == "2025-09-01"
    # The list of codes leaves the stopped one out, as before.
    assert detail["commitments"] == ["reception", "housing"]


@pytest.mark.django_db
def test_it_lists_commitments_in_the_order_of_the_activities(client):
    make_member("Gent", ("network", "reception", "education", "housing"))

    gent = municipality_in(client.get(MUNICIPALITIES), "Gent")

    assert gent["commitments"] == ["reception", "housing", "network", "education"]


@pytest.mark.django_db
def test_it_shows_a_legacy_member_without_date(client):
    membership = make_member("Gent", ())
    membership.member_since = None
    membership.commitments_to_confirm = True
    membership.save()

    gent = municipality_in(client.get(MUNICIPALITIES), "Gent")

    assert gent["is_member"] is True
    assert gent["member_since"] is None
    assert gent["commitments_to_confirm"] is True
    assert gent["status"] == "to_confirm"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [MembershipStatus.APPLIED, MembershipStatus.SUSPENDED, MembershipStatus.LEFT]
)
def test_it_shows_nothing_of_a_membership_that_is_not_active(client, status):
    membership = make_member("Gent", ("reception", "housing", "network"))
    membership.status = status
    membership.commitments_to_confirm = True
    membership.save()

    gent = municipality_in(client.get(MUNICIPALITIES), "Gent")

    assert gent["is_member"] is False
    assert gent["member_since"] is None
    assert gent["commitments_to_confirm"] is False
    assert gent["commitments"] == []
    assert gent["status"] == ("suspended" if status == MembershipStatus.SUSPENDED else "none")


@pytest.mark.django_db
def test_it_shows_the_new_membership_of_a_former_member(client):
    MembershipFactory(municipality=municipality("Gent"), status=MembershipStatus.LEFT)
    make_member("Gent", ("reception", "housing", "network"), since=datetime.date(2025, 2, 1))

    gent = municipality_in(client.get(MUNICIPALITIES), "Gent")

    assert gent["is_member"] is True
    assert gent["member_since"] == "2025-02-01"


@pytest.mark.django_db
def test_it_returns_every_municipality_in_one_default_page(client):
    response = client.get(MUNICIPALITIES)

    assert len(response.json()["items"]) == 285


@pytest.mark.django_db
def test_it_paginates_municipalities_with_limit_and_offset(client):
    everything = names(client.get(MUNICIPALITIES))

    response = client.get(MUNICIPALITIES, {"limit": 10, "offset": 20})

    assert response.json()["count"] == 285
    assert names(response) == everything[20:30]


@pytest.mark.django_db
def test_it_rejects_a_limit_above_500(client):
    response = client.get(MUNICIPALITIES, {"limit": 501})

    assert response.status_code == 422


@pytest.mark.django_db
def test_it_rejects_an_offset_above_100000(client):
    # Unbounded, a huge offset overflows the database's integers: a 500.
    response = client.get(MUNICIPALITIES, {"offset": 100_001})

    assert response.status_code == 422


@pytest.mark.django_db
def test_it_filters_municipalities_by_province(client):
    response = client.get(MUNICIPALITIES, {"province": "limburg"})

    assert response.json()["count"] == Municipality.objects.filter(province__slug="limburg").count()
    assert "Genk" in names(response)
    assert "Gent" not in names(response)


@pytest.mark.django_db
def test_it_returns_no_municipalities_for_an_unknown_province(client):
    response = client.get(MUNICIPALITIES, {"province": "atlantis"})

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


@pytest.mark.django_db
def test_it_returns_no_municipalities_for_a_walloon_province(client):
    response = client.get(MUNICIPALITIES, {"province": "namen"})

    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_it_filters_members(client):
    make_member("Gent")
    make_member("Brugge")
    MembershipFactory(municipality=municipality("Leuven"), status=MembershipStatus.SUSPENDED)

    response = client.get(MUNICIPALITIES, {"member": "true"})

    assert names(response) == ["Brugge", "Gent"]


@pytest.mark.django_db
def test_it_filters_non_members(client):
    make_member("Gent")
    MembershipFactory(municipality=municipality("Leuven"), status=MembershipStatus.SUSPENDED)

    response = client.get(MUNICIPALITIES, {"member": "false"})

    assert response.json()["count"] == 284
    assert "Gent" not in names(response)
    assert "Leuven" in names(response)


@pytest.mark.django_db
def test_it_filters_municipalities_by_commitment(client):
    make_member("Gent", ("reception", "housing", "education"))
    make_member("Brugge", ("reception", "housing", "network"))

    response = client.get(MUNICIPALITIES, {"commitment": "education"})

    assert names(response) == ["Gent"]


@pytest.mark.django_db
def test_it_ignores_commitments_of_a_suspended_membership(client):
    membership = make_member("Gent", ("reception", "housing", "education"))
    membership.status = MembershipStatus.SUSPENDED
    membership.save()

    response = client.get(MUNICIPALITIES, {"commitment": "education"})

    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_it_returns_no_municipalities_for_an_unknown_commitment(client):
    make_member("Gent")

    response = client.get(MUNICIPALITIES, {"commitment": "juggling"})

    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", [{"member": "perhaps"}, {"province": "west vlaanderen"}, {"commitment": "a/b"}]
)
def test_it_rejects_a_malformed_municipality_filter(client, query):
    response = client.get(MUNICIPALITIES, query)

    assert response.status_code == 422


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 10])
def test_it_lists_municipalities_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries, size
):
    make_network(size)

    with django_assert_max_num_queries(MUNICIPALITY_LIST_QUERIES):
        response = client.get(MUNICIPALITIES)

    assert len([m for m in response.json()["items"] if m["is_member"]]) == size


# GET /api/v1/municipalities/{refnis}/


@pytest.mark.django_db
def test_it_shows_a_municipality_by_refnis(client):
    make_member("Gent", ("reception", "housing", "network"), since=datetime.date(2023, 5, 2))

    response = client.get(f"{MUNICIPALITIES}44021/")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Gent"
    assert body["url"] == "/gemeenten/gent/"
    assert body["is_member"] is True
    assert body["member_since"] == "2023-05-02"
    assert body["commitments"] == ["reception", "housing", "network"]


@pytest.mark.django_db
def test_it_returns_404_for_an_unknown_refnis(client):
    response = client.get(f"{MUNICIPALITIES}99999/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.django_db
def test_it_returns_404_for_a_brussels_municipality(client):
    response = client.get(f"{MUNICIPALITIES}21001/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_it_returns_404_for_a_walloon_municipality(client):
    response = client.get(f"{MUNICIPALITIES}92094/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_it_rejects_a_malformed_refnis(client):
    response = client.get(f"{MUNICIPALITIES}gent/")

    assert response.status_code == 422


@pytest.mark.django_db
def test_it_shows_nothing_of_a_suspended_membership_in_the_detail(client):
    MembershipFactory(
        municipality=municipality("Gent"),
        status=MembershipStatus.SUSPENDED,
        member_since=datetime.date(2020, 1, 1),
    )

    body = client.get(f"{MUNICIPALITIES}44021/").json()

    assert body["is_member"] is False
    assert body["member_since"] is None


@pytest.mark.django_db
def test_it_lists_the_published_initiatives_of_a_municipality(client):
    initiative = InitiativeFactory(
        municipality=municipality("Gent"), title="Buddy's", summary="Samen.", is_highlighted=True
    )
    initiative.themes.set([activity("participation"), activity("reception")])
    InitiativeFactory(municipality=municipality("Gent"), title="Concept", published=False)
    InitiativeFactory(municipality=municipality("Brugge"), title="Elders")

    body = client.get(f"{MUNICIPALITIES}44021/").json()

    assert body["initiatives"] == [
        {
            "id": initiative.pk,
            "title": "Buddy's",
            "summary": "Samen.",
            "themes": ["reception", "participation"],
            "theme_labels": ["Opvangplaatsen", "Verenigingsleven en vrije tijd"],
            "is_highlighted": True,
        }
    ]


@pytest.mark.django_db
def test_it_puts_the_highlighted_initiative_first(client):
    InitiativeFactory(municipality=municipality("Gent"), title="Alfa")
    InitiativeFactory(municipality=municipality("Gent"), title="Zulu", is_highlighted=True)

    body = client.get(f"{MUNICIPALITIES}44021/").json()

    assert [initiative["title"] for initiative in body["initiatives"]] == ["Zulu", "Alfa"]


@pytest.mark.django_db
def test_it_shows_public_contacts(client):
    ContactPersonFactory(
        municipality=municipality("Gent"),
        name="An Peeters",
        email="an.peeters@stad.gent",
        phone="09 123 45 67",
        role="Sociale dienst",
    )

    body = client.get(f"{MUNICIPALITIES}44021/").json()

    assert body["contacts"] == [
        {
            "name": "An Peeters",
            "email": "an.peeters@stad.gent",
            "phone": "09 123 45 67",
            "role": "Sociale dienst",
        }
    ]


@pytest.mark.django_db
def test_it_hides_non_public_contacts(client):
    ContactPersonFactory(municipality=municipality("Gent"), email="publiek@stad.gent")
    ContactPersonFactory(
        municipality=municipality("Gent"), email="intern@stad.gent", is_public=False
    )

    response = client.get(f"{MUNICIPALITIES}44021/")

    assert [contact["email"] for contact in response.json()["contacts"]] == ["publiek@stad.gent"]
    assert b"intern@stad.gent" not in response.content


@pytest.mark.django_db
def test_it_shows_a_municipality_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    make_network(1)
    place = Municipality.objects.flemish().order_by("refnis").first()
    for _ in range(5):
        InitiativeFactory(municipality=place).themes.set([activity("housing")])
        ContactPersonFactory(municipality=place)

    with django_assert_max_num_queries(MUNICIPALITY_DETAIL_QUERIES):
        response = client.get(f"{MUNICIPALITIES}{place.refnis}/")

    assert len(response.json()["initiatives"]) == 6


# GET /api/v1/initiatives/


@pytest.mark.django_db
def test_it_lists_published_initiatives(client):
    InitiativeFactory(municipality=municipality("Gent"), title="Gepubliceerd")
    InitiativeFactory(municipality=municipality("Gent"), title="Concept", published=False)

    response = client.get(INITIATIVES)

    assert response.status_code == 200
    assert titles(response) == ["Gepubliceerd"]
    assert response.json()["count"] == 1


@pytest.mark.django_db
def test_it_describes_an_initiative(client):
    initiative = InitiativeFactory(
        municipality=municipality("Gent"),
        title="Buddy's",
        summary="Samen.",
        text="<p>Wat we doen.</p>",
        is_highlighted=True,
    )
    initiative.themes.set([activity("participation"), activity("reception")])
    initiative.partners.set([PartnerOrganisation.objects.create(name="Caritas")])
    InitiativeLink.objects.create(initiative=initiative, label="Meer", url="https://stad.gent/")
    SubProject.objects.create(initiative=initiative, title="Taalcafé", description="Elke week.")

    response = client.get(INITIATIVES)

    assert response.json()["items"] == [
        {
            "id": initiative.pk,
            "municipality": {
                "refnis": "44021",
                "name": "Gent",
                "display_name": "Gent",
                "slug": "gent",
            },
            "title": "Buddy's",
            "summary": "Samen.",
            "text": "<p>Wat we doen.</p>",
            "themes": ["reception", "participation"],
            "theme_labels": ["Opvangplaatsen", "Verenigingsleven en vrije tijd"],
            "partners": ["Caritas"],
            "links": [{"label": "Meer", "url": "https://stad.gent/"}],
            "sub_projects": [{"title": "Taalcafé", "description": "Elke week."}],
            "is_highlighted": True,
            "aim": "",
            "audience": "",
            "audience_label": "",
            "audience_note": "",
            "approach": "",
            "result": "",
            "people_reached": None,
            "people_reached_year": None,
            "started_year": None,
            "cost_band": "",
            "cost_band_label": "",
            "funding": "",
            "local_partners": "",
            "to_copy": "",
        }
    ]


@pytest.mark.django_db
def test_it_gives_the_structured_fields_of_an_initiative_but_never_its_contact(client):
    gent = municipality("Gent")
    InitiativeFactory(
        municipality=gent,
        title="Buddy's",
        aim="Sneller thuis.",
        audience="minors",
        audience_note="Jongeren van 16 tot 18.",
        approach="Elke week.",
        result="Tien jongeren.",
        people_reached=10,
        people_reached_year=2025,
        started_year=2020,
        cost_band="medium",
        funding="Provincie.",
        local_partners="Het OCMW.",
        to_copy="Een coördinator.",
        contact=ContactPersonFactory(municipality=gent, email="buddy@gent.be", is_public=True),
    )

    (item,) = client.get(INITIATIVES, {"lang": "fr"}).json()["items"]

    assert item["audience"] == "minors" and item["cost_band"] == "medium"
    assert item["audience_label"] == "Mineurs étrangers non accompagnés"
    assert item["cost_band_label"] == "De 5 000 à 25 000 euros par an"
    assert (item["people_reached"], item["people_reached_year"], item["started_year"]) == (
        10,
        2025,
        2020,
    )
    assert item["to_copy"] == "Een coördinator."
    assert "buddy@gent.be" not in str(item) and "contact" not in item


@pytest.mark.django_db
def test_it_filters_initiatives_on_audience_cost_and_results(client):
    gent = municipality("Gent")
    InitiativeFactory(municipality=gent, title="Voor minderjarigen", audience="minors")
    InitiativeFactory(
        municipality=gent, title="Goedkoop met cijfers", cost_band="small", people_reached=5
    )
    InitiativeFactory(municipality=gent, title="Met resultaat in woorden", result="Het werkt.")

    assert titles(client.get(INITIATIVES, {"audience": "minors"})) == ["Voor minderjarigen"]
    assert titles(client.get(INITIATIVES, {"cost_band": "small"})) == ["Goedkoop met cijfers"]
    assert titles(client.get(INITIATIVES, {"has_results": "true"})) == [
        "Goedkoop met cijfers",
        "Met resultaat in woorden",
    ]
    assert client.get(INITIATIVES, {"audience": "everyone"}).status_code == 422


@pytest.mark.django_db
def test_it_sanitises_the_text_of_an_initiative(client):
    InitiativeFactory(
        municipality=municipality("Gent"),
        text='<p onclick="x()">Lees <a href="javascript:x()">dit</a></p><script>x()</script>',
    )

    text = client.get(INITIATIVES).json()["items"][0]["text"]

    assert "<script" not in text
    assert "onclick" not in text
    assert "javascript:" not in text
    assert text.startswith("<p>Lees")


@pytest.mark.django_db
def test_it_orders_initiatives_by_municipality_highlighted_first(client):
    InitiativeFactory(municipality=municipality("Gent"), title="Gent B")
    InitiativeFactory(municipality=municipality("Gent"), title="Gent Z", is_highlighted=True)
    InitiativeFactory(municipality=municipality("Brugge"), title="Brugge")

    assert titles(client.get(INITIATIVES)) == ["Brugge", "Gent Z", "Gent B"]


@pytest.mark.django_db
def test_it_pages_initiatives_by_50(client):
    place = municipality("Gent")
    for number in range(51):
        InitiativeFactory(municipality=place, title=f"Initiatief {number:02}")

    response = client.get(INITIATIVES)

    assert response.json()["count"] == 51
    assert len(response.json()["items"]) == 50
    assert titles(client.get(INITIATIVES, {"offset": 50})) == ["Initiatief 50"]


@pytest.mark.django_db
def test_it_rejects_a_limit_above_200(client):
    response = client.get(INITIATIVES, {"limit": 201})

    assert response.status_code == 422


@pytest.mark.django_db
def test_it_filters_initiatives_by_commitment(client):
    InitiativeFactory(municipality=municipality("Gent"), title="Wonen").themes.set(
        [activity("housing"), activity("reception")]
    )
    InitiativeFactory(municipality=municipality("Gent"), title="Onderwijs").themes.set(
        [activity("education")]
    )

    response = client.get(INITIATIVES, {"commitment": "housing"})

    assert titles(response) == ["Wonen"]


@pytest.mark.django_db
def test_it_filters_initiatives_by_province(client):
    InitiativeFactory(municipality=municipality("Gent"), title="In Gent")
    InitiativeFactory(municipality=municipality("Genk"), title="In Genk")

    response = client.get(INITIATIVES, {"province": "limburg"})

    assert titles(response) == ["In Genk"]


@pytest.mark.django_db
def test_it_searches_initiatives_regardless_of_case_and_accents(client):
    InitiativeFactory(municipality=municipality("Gent"), title="Taalcafé voor nieuwkomers")
    InitiativeFactory(municipality=municipality("Gent"), title="Woonbegeleiding")

    response = client.get(INITIATIVES, {"q": "TAALCAFE nieuwkomers"})

    assert titles(response) == ["Taalcafé voor nieuwkomers"]


@pytest.mark.django_db
def test_it_searches_initiatives_with_a_nul_character(client):
    InitiativeFactory(municipality=municipality("Gent"), title="Taalcafé")

    response = client.get(INITIATIVES, {"q": "taal\x00cafe"})

    assert titles(response) == ["Taalcafé"]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 10])
def test_it_lists_initiatives_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries, size
):
    make_network(size)

    with django_assert_max_num_queries(INITIATIVE_LIST_QUERIES):
        response = client.get(INITIATIVES)

    assert response.json()["count"] == size


# The OpenAPI document


@pytest.mark.django_db
def test_it_serves_the_openapi_document(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Solidaire Gemeenten API"
    assert document["info"]["version"] == "1"
    assert set(document["paths"]) == {
        "/api/v1/municipalities/",
        "/api/v1/municipalities/{refnis}/",
        "/api/v1/initiatives/",
        "/api/v1/campaign/",
        "/api/v1/meetings/",
        "/api/v1/recommendations/",
        "/api/v1/reception/",
    }


@pytest.mark.django_db
def test_it_does_not_serve_a_docs_page_from_a_cdn(client):
    with pytest.raises(Resolver404):
        resolve("/api/v1/docs")
    assert client.get("/api/v1/docs").status_code == 404
