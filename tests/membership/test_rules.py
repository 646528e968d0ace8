"""The rule of the network: an active membership has at least three commitments."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from solidair.membership.models import Commitment, Membership, MembershipStatus
from tests.factories import MembershipFactory, activity, make_member, municipality

pytestmark = pytest.mark.django_db


def test_an_active_member_with_three_commitments_is_valid():
    make_member("Gent", ("reception", "housing", "network")).full_clean()


def test_an_active_member_with_two_commitments_is_refused():
    membership = make_member("Gent", ("reception", "housing"))
    with pytest.raises(ValidationError, match="minstens 3 engagementen"):
        membership.full_clean()


def test_a_new_active_member_without_commitments_is_refused():
    membership = Membership(
        municipality=municipality("Gent"),
        status=MembershipStatus.MEMBER,
        member_since=datetime.date(2025, 5, 1),
    )
    with pytest.raises(ValidationError):
        membership.full_clean()


def test_an_applicant_may_have_fewer_commitments():
    MembershipFactory(
        municipality=municipality("Gent"), status=MembershipStatus.APPLIED
    ).full_clean()


def test_a_legacy_member_with_commitments_to_confirm_is_the_exception():
    membership = MembershipFactory(
        municipality=municipality("Hove"), member_since=None, commitments_to_confirm=True
    )
    membership.full_clean()


def test_an_active_member_needs_a_date():
    membership = make_member("Gent")
    membership.member_since = None
    with pytest.raises(ValidationError, match="datum van toetreding"):
        membership.full_clean()


def test_other_needs_its_own_title():
    membership = make_member("Gent")
    commitment = Commitment(membership=membership, activity=activity("other"))
    with pytest.raises(ValidationError, match="titel"):
        commitment.full_clean()
    commitment.title = "Taalcafé"
    commitment.full_clean()
    assert commitment.display_title == "Taalcafé"


def test_each_activity_is_chosen_once():
    membership = make_member("Gent", ("reception", "housing", "network"))
    duplicate = Commitment(membership=membership, activity=activity("reception"))
    with pytest.raises(ValidationError, match="maar één keer"):
        duplicate.full_clean()


def test_a_municipality_has_one_current_membership():
    make_member("Gent")
    second = Membership(municipality=municipality("Gent"), status=MembershipStatus.APPLIED)
    with pytest.raises(ValidationError, match="lopend lidmaatschap"):
        second.full_clean()


def test_a_municipality_that_left_may_apply_again():
    MembershipFactory(municipality=municipality("Gent"), status=MembershipStatus.LEFT)
    Membership(municipality=municipality("Gent"), status=MembershipStatus.APPLIED).full_clean()


class TestStoppedCommitments:
    """A stopped commitment stays on the page but no longer counts towards the rule."""

    def test_the_model_counts_only_active_commitments(self):
        membership = make_member("Gent", ("reception", "housing", "network"))
        membership.commitments.filter(activity__code="housing").update(state="stopped")
        with pytest.raises(ValidationError, match="er zijn er nu 2"):
            membership.full_clean()
        Commitment.objects.create(membership=membership, activity=activity("education"))
        membership.full_clean()

    def test_counts_directory_and_api_leave_them_out(self, client):
        from solidair.membership.selectors import directory_members
        from solidair.pages.selectors import network_counts

        membership = make_member("Gent", ("reception", "housing", "network", "education"))
        membership.commitments.filter(activity__code="housing").update(state="stopped")
        assert network_counts()["commitments"] == 3
        assert list(directory_members(commitment="housing")) == []
        assert list(directory_members(commitment="reception")) == [membership]
        api = client.get(f"/api/v1/municipalities/{municipality('Gent').refnis}/").json()
        assert api["commitments"] == ["reception", "network", "education"]
        listed = client.get("/api/v1/municipalities/", {"commitment": "housing"}).json()
        assert "Gent" not in str(listed)
        listed = client.get("/api/v1/municipalities/", {"commitment": "reception"}).json()
        assert "Gent" in str(listed)
