import pytest

from solidair.membership.models import MembershipStatus, Rung
from tests.factories import (
    ContactPersonFactory,
    InitiativeFactory,
    MembershipFactory,
    activity,
    make_member,
    municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gent():
    membership = make_member("Gent", ("reception", "housing", "network"))
    InitiativeFactory(
        municipality=membership.municipality,
        title="Vzw Thope",
        is_highlighted=True,
        themes=[activity("housing")],
    )
    InitiativeFactory(municipality=membership.municipality, title="Verborgen", published=False)
    ContactPersonFactory(municipality=membership.municipality, email="publiek@stad.gent")
    ContactPersonFactory(
        municipality=membership.municipality, email="intern@stad.gent", is_public=False
    )
    return membership


class TestHome:
    def test_it_shows_the_counters(self, client, gent):
        response = client.get("/")
        assert response.status_code == 200
        counters = response.context["counts"]
        assert counters == {"members": 1, "initiatives": 1, "commitments": 3}
        assert "Is mijn gemeente solidair?" in response.content.decode()

    def test_it_is_dutch(self, client):
        response = client.get("/")
        assert '<html lang="nl-BE">' in response.content.decode()

    def test_it_rejects_post(self, client):
        assert client.post("/").status_code == 405


class TestSearch:
    def test_a_postal_code_lands_on_the_municipality(self, client):
        response = client.get("/zoeken/", {"q": "9820"})
        assert response.status_code == 302
        assert response.url == "/gemeenten/merelbeke-melle/"

    def test_an_old_name_lands_on_the_merged_municipality(self, client):
        response = client.get("/zoeken/", {"q": "merelbeke"}, follow=True)
        assert response.redirect_chain[-1][0] == "/gemeenten/merelbeke-melle/?van=merelbeke"
        assert "Merelbeke is sinds 1 januari 2025 deel van Merelbeke-Melle" in (
            response.content.decode()
        )

    def test_a_district_lands_on_its_municipality_and_says_so(self, client):
        response = client.get("/zoeken/", {"q": "2100 Deurne"}, follow=True)
        assert response.redirect_chain[-1][0] == "/gemeenten/antwerpen/?van=deurne"
        assert "Deurne (2100) hoort bij Antwerpen." in response.content.decode()

    def test_a_locality_notice_lists_its_postal_codes(self, client):
        body = client.get("/gemeenten/beveren-kruibeke-zwijndrecht/?van=kallo").content.decode()
        assert "Kallo (9120, 9130) hoort bij Beveren-Kruibeke-Zwijndrecht." in body

    @pytest.mark.parametrize("van", ["onbekend", "deurne", "antwerpen"])
    def test_a_name_not_of_this_municipality_gives_no_notice(self, client, van):
        body = client.get(f"/gemeenten/diksmuide/?van={van}").content.decode()
        assert "hoort bij" not in body
        assert "deel van" not in body

    def test_a_name_of_two_places_offers_both_with_province_and_membership(self, client):
        make_member("Antwerpen")
        response = client.get("/zoeken/", {"q": "Deurne"})
        assert response.status_code == 200
        items = response.content.decode().split('<ul class="choice-list">')[1].split("</ul>")[0]
        antwerpen, diest = items.split("<li>")[1:]
        assert 'href="/gemeenten/antwerpen/?van=deurne"' in antwerpen
        assert "(provincie Antwerpen)" in antwerpen
        assert "badge--member" in antwerpen
        assert "Deurne (2100) hoort bij Antwerpen." in antwerpen
        assert 'href="/gemeenten/diest/?van=deurne"' in diest
        assert "(provincie Vlaams-Brabant)" in diest
        assert "badge--none" in diest
        assert "Deurne (3290) hoort bij Diest." in diest
        assert "Bedoelde je…" in response.content.decode()
        assert "veurne" not in items

    def test_part_of_a_name_offers_a_choice(self, client):
        response = client.get("/zoeken/", {"q": "Heist"})
        body = response.content.decode()
        assert response.status_code == 200
        assert 'href="/gemeenten/heist-op-den-berg/' in body
        assert 'href="/gemeenten/knokke-heist/?van=heist-aan-zee"' in body

    def test_no_match_says_so_in_dutch_with_closest_names(self, client):
        response = client.get("/zoeken/", {"q": "Antwerpen-Noord"})
        body = response.content.decode()
        assert "We vonden geen plaats met de naam" in body
        assert 'href="/gemeenten/antwerpen/"' in body

    def test_a_flemish_locality_is_not_told_it_is_outside_flanders(self, client):
        body = client.get("/zoeken/", {"q": "Vorst"}).content.decode()
        assert 'href="/gemeenten/laakdal/?van=vorst"' in body
        assert "Vorst (2430) hoort bij Laakdal." in body
        # Vorst in Brussels is a municipality of its own, and that is said of it alone.
        assert "<strong>Vorst</strong> (Forest) ligt in het Brussels Hoofdstedelijk Gewest" in body

    def test_brussels_says_the_network_is_flemish(self, client):
        body = client.get("/zoeken/", {"q": "1000"}).content.decode()
        assert "Vlaams netwerk" in body
        assert "Brussels Hoofdstedelijk Gewest" in body

    def test_namur_is_answered_too(self, client):
        body = client.get("/zoeken/", {"q": "Namur"}).content.decode()
        assert "Namen" in body and "Waals Gewest" in body

    def test_markup_in_the_query_is_shown_as_text(self, client):
        body = client.get("/zoeken/", {"q": "<script>x</script>"}).content.decode()
        assert "<script>x</script>" not in body
        assert "&lt;script&gt;" in body


class TestDirectory:
    def test_it_lists_members_alphabetically(self, client, gent):
        make_member("Brugge", ("reception", "housing", "education"))
        response = client.get("/gemeenten/")
        members = [m.municipality.name_nl for m in response.context["page"].object_list]
        assert members == ["Brugge", "Gent"]

    def test_it_filters_by_province(self, client, gent):
        make_member("Brugge", ("reception", "housing", "education"))
        response = client.get("/gemeenten/", {"provincie": "west-vlaanderen"})
        members = [m.municipality.name_nl for m in response.context["page"].object_list]
        assert members == ["Brugge"]

    def test_it_filters_by_commitment(self, client, gent):
        make_member("Brugge", ("reception", "housing", "education"))
        response = client.get("/gemeenten/", {"engagement": "education"})
        members = [m.municipality.name_nl for m in response.context["page"].object_list]
        assert members == ["Brugge"]

    def test_it_leaves_out_applicants_and_former_members(self, client, gent):
        MembershipFactory(municipality=municipality("Aalst"), status=MembershipStatus.APPLIED)
        MembershipFactory(municipality=municipality("Lier"), status=MembershipStatus.LEFT)
        response = client.get("/gemeenten/")
        assert response.context["page"].paginator.count == 1

    def test_it_can_list_all_flemish_municipalities_with_their_status(self, client, gent):
        response = client.get("/gemeenten/", {"alle": "on"})
        assert response.context["page"].paginator.count == 285
        response = client.get("/gemeenten/", {"alle": "on", "provincie": "oost-vlaanderen"})
        body = response.content.decode()
        assert 'href="/gemeenten/gent/"' in body
        assert "geen lid" in body

    def test_an_invalid_filter_is_ignored(self, client, gent):
        response = client.get("/gemeenten/", {"provincie": "atlantis"})
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 1

    def test_it_says_when_no_member_matches(self, client, gent):
        body = client.get("/gemeenten/", {"engagement": "sponsorship"}).content.decode()
        assert "Geen enkele gemeente voldoet aan deze filters." in body

    def test_it_stays_within_a_few_queries(self, client, gent, django_assert_max_num_queries):
        for name in ("Brugge", "Leuven", "Hasselt", "Aalst"):
            make_member(name)
        with django_assert_max_num_queries(8):
            client.get("/gemeenten/")
        with django_assert_max_num_queries(8):
            client.get("/gemeenten/", {"alle": "on"})


class TestMunicipalityPage:
    def test_a_member_page_costs_the_same_queries_for_more_commitments_and_rungs(
        self, client, settings
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from solidair.membership.models import CommitmentRung

        settings.PAGE_CACHE_SECONDS = 0
        small = make_member("Gent", ("reception", "housing", "network"))
        codes = ("reception", "housing", "network", "education", "access", "volunteering")
        large = make_member("Leuven", codes)
        for commitment in large.commitments.all():
            CommitmentRung.objects.create(commitment=commitment, rung=Rung.IN_PROGRESS)
        counts = []
        for slug in (small.municipality.slug, large.municipality.slug):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/gemeenten/{slug}/").status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], counts
        assert counts[0] <= 30, counts

    def test_a_member_page_shows_commitments_initiatives_and_public_contacts(self, client, gent):
        response = client.get("/gemeenten/gent/")
        body = response.content.decode()
        assert response.status_code == 200
        assert "Gent is een Solidaire Stad" in body
        assert "1 maart 2024" in body
        assert "Opvangplaatsen" in body and "Huisvesting" in body
        assert "Vzw Thope" in body
        assert "Verborgen" not in body
        assert "publiek@stad.gent" in body
        assert "intern@stad.gent" not in body

    def test_a_member_whose_commitments_are_to_be_confirmed_says_so(self, client):
        membership = MembershipFactory(
            municipality=municipality("Hove"), member_since=None, commitments_to_confirm=True
        )
        membership.commitments.create(activity=activity("reception"), rung=Rung.VISIBLE)
        body = client.get("/gemeenten/hove/").content.decode()
        assert "Hove is een Solidaire Gemeente" in body
        assert "moeten nog bevestigd worden" in body
        assert "datum nog te bevestigen" in body

    def test_a_non_member_page_invites_a_letter(self, client):
        body = client.get("/gemeenten/aalst/").content.decode()
        assert "Aalst is (nog) geen Solidaire stad" in body
        assert 'href="/brief/?gemeente=aalst"' in body

    def test_a_municipality_without_the_title_stad_is_a_gemeente(self, client):
        body = client.get("/gemeenten/hove/").content.decode()
        assert "Hove is (nog) geen Solidaire gemeente" in body

    def test_a_pre_2025_name_redirects_to_the_merged_municipality(self, client):
        response = client.get("/gemeenten/merelbeke/")
        assert response.status_code == 301
        assert response.url == "/gemeenten/merelbeke-melle/?van=merelbeke"

    def test_the_merged_municipality_names_its_parts(self, client):
        body = client.get("/gemeenten/beveren-kruibeke-zwijndrecht/").content.decode()
        assert "Beveren, Kruibeke, Zwijndrecht" in body

    def test_a_municipality_that_took_in_one_other_names_it(self, client):
        body = client.get("/gemeenten/antwerpen/").content.decode()
        assert "hoort ook de voormalige gemeente Borsbeek bij Antwerpen" in body
        assert "voormalige gemeenten Borsbeek" not in body

    def test_an_unknown_slug_is_a_dutch_404(self, client):
        response = client.get("/gemeenten/atlantis/")
        assert response.status_code == 404
        assert "Deze pagina bestaat niet" in response.content.decode()

    def test_a_brussels_municipality_has_no_page(self, client):
        assert client.get("/gemeenten/elsene/").status_code == 404


def test_a_paused_member_is_not_said_to_have_failed_its_check_in(client):
    membership = make_member("Hove")
    membership.status = MembershipStatus.SUSPENDED
    membership.save()
    body = client.get("/gemeenten/hove/").content.decode()
    assert "Het lidmaatschap is geschorst of gepauzeerd." in body
    assert "niet tijdig bevestigd" not in body
