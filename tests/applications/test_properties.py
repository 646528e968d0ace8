"""Property-based: whatever an applicant posts, no server error, and nothing that breaks the
rules is ever submitted."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from solidair.applications.models import Application, ApplicationStatus
from solidair.applications.services import application_problems, application_start
from solidair.membership.models import MIN_COMMITMENTS, Activity
from tests.factories import municipality

# Production settings (tests/conftest.py): the proof of issue #9 that no input gives a 500.
pytestmark = [pytest.mark.django_db, pytest.mark.production]

CODES = [
    "reception",
    "housing",
    "volunteering",
    "participation",
    "international",
    "network",
    "sponsorship",
    "education",
    "access",
    "other",
]
# Anything a browser can send (no lone surrogates: they cannot be encoded), NUL included.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
ACTION = st.one_of(st.just("verder"), st.sampled_from(["concept", "meer", "", "iets"]))
HYPOTHESIS = settings(max_examples=40)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.RATELIMIT_ENABLE = False


def mutated(base: st.SearchStrategy, keys: list[str], values: st.SearchStrategy):
    """A well-formed post with a few fields changed or left out: most examples get far, and
    some all the way to the review queue."""
    changes = st.dictionaries(st.sampled_from(keys), st.one_of(st.none(), values), max_size=3)

    def apply(pair):
        data, overrides = pair
        data = dict(data)
        for key, value in overrides.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return data

    return st.tuples(base, changes).map(apply)


def _commitments(codes: set[str]) -> dict:
    data = {}
    for code in codes:
        data[f"kies_{code}"] = "on"
        data[f"omschrijving_{code}"] = f"Wat we doen voor {code}."
    data["titel_other"] = "Taalcafé"
    return data


COMMITMENT_KEYS = [f"{field}_{code}" for code in CODES for field in ("kies", "omschrijving")]
commitments_posts = mutated(
    st.tuples(
        ACTION,
        st.one_of(
            st.just({"reception", "housing", "other"}), st.sets(st.sampled_from(CODES), max_size=6)
        ),
    ).map(lambda pair: {"actie": pair[0], **_commitments(pair[1])}),
    [*COMMITMENT_KEYS, "titel_other", "actie"],
    st.one_of(st.just("on"), st.just(""), TEXT),
)

decision_posts = mutated(
    st.fixed_dictionaries(
        {
            "actie": ACTION,
            "decision_body": st.sampled_from(["council", "college"]),
            "decision_date": st.one_of(
                st.just("15-09-2025"),
                st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(
                    lambda day: day.strftime("%d-%m-%Y")
                ),
            ),
            "decision_url": st.just("https://example.be/besluit"),
        }
    ),
    ["actie", "decision_body", "decision_date", "decision_url", "remove_document"],
    st.one_of(st.just("on"), st.just(""), TEXT),
)

CONTACT_FIELDS = ["name", "email", "phone", "role", "is_public", "DELETE"]
contacts_posts = mutated(
    st.tuples(ACTION, st.one_of(st.just(1), st.integers(0, 3))).map(
        lambda pair: {
            "actie": pair[0],
            "contact-TOTAL_FORMS": str(pair[1]),
            "contact-INITIAL_FORMS": "0",
            "contact-MIN_NUM_FORMS": "0",
            "contact-MAX_NUM_FORMS": "10",
            **{
                f"contact-{index}-{key}": value
                for index in range(pair[1])
                for key, value in {
                    "name": f"Persoon {index}",
                    "email": f"persoon{index}@example.be",
                    "role": "Sociale dienst",
                    "is_public": "on",
                }.items()
            },
        }
    ),
    [
        "actie",
        "contact-TOTAL_FORMS",
        "contact-INITIAL_FORMS",
        *[f"contact-{index}-{key}" for index in range(4) for key in CONTACT_FIELDS],
    ],
    st.one_of(st.just("on"), st.integers(-2, 30).map(str), st.emails(), TEXT),
)


def _assert_rules(today: datetime.date) -> None:
    """Every application in the review queue is complete and keeps the rule of three."""
    for application in Application.objects.filter(status=ApplicationStatus.SUBMITTED):
        commitments = list(application.commitments.select_related("activity"))
        assert len(commitments) >= MIN_COMMITMENTS
        assert all(commitment.description.strip() for commitment in commitments)
        assert all(
            commitment.title.strip()
            for commitment in commitments
            if commitment.activity.code == Activity.OTHER
        )
        assert application.decision_body in ("council", "college")
        assert application.decision_date and application.decision_date <= today
        assert application.decision_url or application.decision_document
        assert application.contacts.exists()
        assert application_problems(application=application) == []


def test_no_post_breaks_the_rules_or_the_server(client):
    """The steps and the submission, with well-formed posts changed in a few places."""
    submitted = []

    @HYPOTHESIS
    @given(
        commitments=commitments_posts,
        decision=decision_posts,
        contacts=contacts_posts,
        applicant=mutated(
            st.fixed_dictionaries(
                {
                    "actie": ACTION,
                    "applicant_name": st.just("Sam Peeters"),
                    "applicant_email": st.just("sam@kortrijk.be"),
                    "applicant_role": st.just("Sociale dienst"),
                }
            ),
            ["actie", "applicant_name", "applicant_email", "applicant_role"],
            st.one_of(st.emails(), TEXT),
        ),
    )
    def post_everything(commitments, decision, contacts, applicant):
        _application, token = application_start(
            municipality=municipality("Kortrijk"),
            applicant_name="Sam Peeters",
            applicant_email="sam@kortrijk.be",
            applicant_role="Sociale dienst",
        )
        base = f"/aansluiten/{token}"
        for url, data in (
            (f"{base}/engagementen/", commitments),
            (f"{base}/beslissing/", decision),
            (f"{base}/contactpersonen/", contacts),
            (f"{base}/aanvrager/", applicant),
        ):
            response = client.post(url, data)
            assert response.status_code in (200, 302), (url, data, response.status_code)
            assert client.get(url).status_code in (200, 302)
        response = client.post(f"{base}/indienen/")
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            submitted.append(token)
        assert client.get(f"{base}/").status_code == 200
        _assert_rules(timezone.localdate())

    post_everything()
    # Some examples reached the queue, so the rules were checked on real submissions.
    assert submitted


@HYPOTHESIS
@given(
    name=TEXT,
    email=st.one_of(st.emails(), TEXT),
    role=TEXT,
    website=st.one_of(st.just(""), TEXT),
    slug=st.sampled_from(["kortrijk", "gent", "namen", "bestaat-niet"]),
)
def test_starting_never_fails_on_odd_input(client, name, email, role, website, slug):
    before = Application.objects.count()
    response = client.post(
        f"/aansluiten/gemeente/{slug}/",
        {
            "applicant_name": name,
            "applicant_email": email,
            "applicant_role": role,
            "website": website,
        },
    )
    assert response.status_code in (200, 302, 400, 404)
    created = Application.objects.count() - before
    assert created == (1 if response.status_code == 302 else 0)
    if created:
        application = Application.objects.latest("pk")
        assert application.municipality.is_flemish
        assert application.applicant_name.strip() and application.applicant_email
        assert not website
