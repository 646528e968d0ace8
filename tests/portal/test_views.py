"""The portal's pages: each with its owner, an outsider (a contact of Gent) and anonymous."""

import pytest
from django.contrib.auth.models import User

from solidair.membership.models import MembershipStatus
from tests.factories import ContactPersonFactory, municipality
from tests.helpers import contact_user
from tests.portal.helpers import MERELBEKE_CONTACT

pytestmark = pytest.mark.django_db


class TestHome:
    def test_it_lists_the_own_municipalities(self, member_client):
        response = member_client.get("/portaal/")
        body = response.content.decode()
        assert response.status_code == 200
        assert 'href="/portaal/merelbeke-melle/"' in body
        assert "/portaal/gent/" not in body
        assert "private" in response["Cache-Control"]

    def test_a_contact_of_two_municipalities_sees_both(self, member_client):
        ContactPersonFactory(municipality=municipality("Gent"), email=MERELBEKE_CONTACT.upper())
        body = member_client.get("/portaal/").content.decode()
        assert 'href="/portaal/merelbeke-melle/"' in body
        assert 'href="/portaal/gent/"' in body

    def test_it_checks_the_outsider(self, outsider_client):
        body = outsider_client.get("/portaal/").content.decode()
        assert 'href="/portaal/gent/"' in body
        assert "merelbeke-melle" not in body

    def test_a_superuser_who_is_no_contact_sees_nothing(self, client, network, coordinator):
        client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
        body = client.get("/portaal/").content.decode()
        assert "niet meer) gekoppeld aan een gemeente" in body
        assert client.get("/portaal/merelbeke-melle/").status_code == 404

    def test_it_sends_anonymous_to_sign_in(self, client):
        response = client.get("/portaal/")
        assert response.status_code == 302
        assert response.url == "/portaal/aanmelden/"


class TestMunicipality:
    def test_it_works(self, member_client):
        response = member_client.get("/portaal/merelbeke-melle/")
        body = response.content.decode()
        assert response.status_code == 200
        assert "Jouw gemeente in het netwerk" in body
        assert "<h3>Opvangplaatsen</h3>" in body  # a commitment
        assert "beslist" in body  # its status
        assert "Buddywerking voor nieuwkomers" in body
        assert "Taalcafé in opbouw" in body
        assert "niet gepubliceerd" in body
        assert "bram.claes@merelbeke-melle.be" in body  # a private contact, for its own
        assert "niet publiek" in body
        assert "private" in response["Cache-Control"]

    def test_it_checks_the_outsider(self, outsider_client):
        assert outsider_client.get("/portaal/merelbeke-melle/").status_code == 404
        assert outsider_client.get("/portaal/gent/").status_code == 200

    def test_it_shows_the_badge_embed_code_of_an_active_member(self, member_client, network):
        body = member_client.get("/portaal/merelbeke-melle/").content.decode()
        assert '<h2 id="badge-title">Badge</h2>' in body
        assert "/badge/merelbeke-melle.svg" in body
        assert "/badge/merelbeke-melle.png" in body

        network.memberships.update(status=MembershipStatus.SUSPENDED)
        body = member_client.get("/portaal/merelbeke-melle/").content.decode()
        assert "badge-title" not in body

    def test_an_unknown_slug_is_404_too(self, member_client):
        assert member_client.get("/portaal/bestaat-niet/").status_code == 404

    def test_a_removed_contact_loses_access_at_once(self, member_client, network):
        network.contacts.filter(email__iexact=MERELBEKE_CONTACT).delete()
        assert member_client.get("/portaal/merelbeke-melle/").status_code == 404

    def test_it_sends_anonymous_to_sign_in(self, client, network):
        response = client.get("/portaal/merelbeke-melle/")
        assert response.status_code == 302
        assert response.url == "/portaal/aanmelden/"

    def test_it_rejects_post(self, member_client):
        assert member_client.post("/portaal/merelbeke-melle/").status_code == 405


class TestSignOut:
    def test_it_works(self, member_client):
        response = member_client.post("/portaal/afmelden/")
        assert response.status_code == 302
        assert response.url == "/portaal/aanmelden/"
        assert member_client.get("/portaal/").status_code == 302
        assert "Je bent afgemeld." in member_client.get("/portaal/aanmelden/").content.decode()

    def test_it_rejects_get(self, member_client):
        assert member_client.get("/portaal/afmelden/").status_code == 405
        assert member_client.get("/portaal/").status_code == 200

    def test_it_is_harmless_for_the_outsider_and_anonymous(self, outsider_client, client):
        assert outsider_client.post("/portaal/afmelden/").status_code == 302
        assert client.post("/portaal/afmelden/").status_code == 302


class TestPermissions:
    def test_managed_municipalities(self, network, member_contact):
        from django.contrib.auth.models import AnonymousUser

        from solidair.portal.permissions import managed_municipalities

        owner = member_contact
        assert list(managed_municipalities(owner)) == [network]
        assert list(managed_municipalities(AnonymousUser())) == []
        owner.is_active = False
        assert list(managed_municipalities(owner)) == []
        nobody = User.objects.create(username="x", email="")
        assert list(managed_municipalities(nobody)) == []

    def test_municipality_for_contact_raises_404(self, network, outsider):
        from django.http import Http404

        from solidair.portal.permissions import municipality_for_contact

        assert municipality_for_contact(outsider, "gent").slug == "gent"
        with pytest.raises(Http404):
            municipality_for_contact(outsider, "merelbeke-melle")


def test_partner_staff_are_told_why_they_are_here(client, db):
    from solidair.network.models import PartnerOrganisation, PartnerStaff

    organisation = PartnerOrganisation.objects.get_or_create(name="Vluchtelingenwerk Vlaanderen")[0]
    PartnerStaff.objects.create(organisation=organisation, name="Els", email="els@vwv.be")
    client.force_login(contact_user("els@vwv.be"))
    body = client.get("/portaal/").content.decode()
    assert "medewerker van Vluchtelingenwerk Vlaanderen" in body
    assert "niet meer) gekoppeld" not in body
