"""Stateful (Hypothesis): an applicant fills in the steps in any order, from two tabs, through
the real views, pressing any button the page offers, while a coordinator asks for changes and
finally approves in the back-office. Nothing ever entered is lost.

The test keeps its own model of the application: what the applicant saved, applied by the
rules the pages promise (a save applies what was changed on that page; rows and activities
the page did not touch stay as stored; a person removed stays removed unless changed on an
older page; the same person sent twice is one person). After every action the database must
hold exactly the model, every page must show it, a refused save must come back with what
was typed, and the approved membership must carry every contact person.
"""

import copy
import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from solidair.applications.models import Application
from solidair.applications.services import MAX_CONTACTS
from solidair.membership.models import MIN_COMMITMENTS, ContactPerson
from tests.webforms import PageForm

pytestmark = pytest.mark.django_db

STEPS = ["aanvrager", "engagementen", "beslissing", "contactpersonen"]
CODES = ["reception", "housing", "volunteering", "network", "education", "other"]
ALL_CODES = [
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
PERSON_FIELDS = ("name", "email", "phone", "role")
NAMES = ["An De Smet", "Bo Claes", "Cas Peeters"]
PHONES = ["", "09 210 10 10", "056 27 00 00"]
ROLES = ["", "Sociale dienst", "Schepen van welzijn"]
DESCRIPTIONS = ["", "Een LOI voor twaalf mensen.", "Buddy's en taallessen,\nook 's avonds."]
DATES = ["", "15-09-2025", "01-03-2024"]
URLS = ["", "https://www.kortrijk.be/besluit", "https://example.be/besluit-2"]
TABS = st.sampled_from([0, 1])
# After typing: press a button of the page at once, or go on typing (or elsewhere).
THEN = st.sampled_from([None, "verder", "concept", "meer"])
# What the runs went through, so that the test cannot pass by never getting anywhere.
REACHED: dict[str, int] = {}


def reached(what: str) -> None:
    REACHED[what] = REACHED.get(what, 0) + 1


@dataclass
class Tab:
    """A browser tab on one step: the values its page showed, and its form as edited since."""

    step: str
    form: PageForm
    shown: dict


def snapshot(form: PageForm) -> dict:
    return {
        name: form.value(name)
        for name in form.names()
        if not name.startswith("initial-") and name != "csrfmiddlewaretoken"
    }


def date_text(value: datetime.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def parse_date(text: str) -> datetime.date | None:
    return datetime.datetime.strptime(text, "%d-%m-%Y").date() if text else None


class ApplyingMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        # Each example runs in a savepoint, rolled back at its end.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.applicant = Client()
        self.coordinator = Client()
        self.coordinator.force_login(User.objects.get(username="coordinator"))
        response = self.applicant.post(
            "/aansluiten/gemeente/kortrijk/",
            {
                "applicant_name": "Sam Peeters",
                "applicant_email": "sam.peeters@kortrijk.be",
                "applicant_role": "Diensthoofd",
                "website": "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        self.token = response["Location"].split("/")[2]
        self.application = Application.objects.get(token_hash__isnull=False, status="draft")
        self.tabs: dict[int, Tab] = {}
        self.people = 0
        # The model: what the applicant saved.
        self.status = "draft"
        self.applicant_model = {
            "applicant_name": "Sam Peeters",
            "applicant_email": "sam.peeters@kortrijk.be",
            "applicant_role": "Diensthoofd",
        }
        self.commitments: dict[str, tuple[str, str]] = {}
        self.decision = {"body": "", "date": None, "url": ""}
        self.contacts: list[dict] = []  # in order; the address is the person's identity

    def teardown(self):
        try:
            if self.status == "submitted":  # what was submitted is approved with all it holds
                self.coordinator_approves()
        finally:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    # --- Opening pages --------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        return self.status in ("draft", "changes_requested")

    @rule(tab=TABS, step=st.sampled_from(STEPS))
    def open_step(self, tab, step):
        """Open a step (a click in the steps, the mailed link in a new tab, going back)."""
        response = self.applicant.get(f"/aansluiten/{self.token}/{step}/")
        self.tabs.pop(tab, None)
        if self.status == "approved":
            assert response.status_code == 404  # the link is void once decided
            return
        if not self.editable:
            assert response.status_code == 302
            assert response["Location"] == f"/aansluiten/{self.token}/"
            return
        assert response.status_code == 200
        form = PageForm(response.content.decode(), action=f"/{step}/")
        self.tabs[tab] = Tab(step=step, form=form, shown=snapshot(form))
        self._assert_page_shows_model(step, form)

    @rule(source=TABS, step=st.sampled_from(STEPS))
    def duplicate_tab(self, source, step):
        """A second tab with the same page and typing (or the back button after a save); the
        step's page opened in both tabs when there is none."""
        if source not in self.tabs:
            self.open_step(source, step)
        if source in self.tabs:
            self.tabs[1 - source] = copy.deepcopy(self.tabs[source])

    # --- Typing ---------------------------------------------------------------------------

    def _tab_on(self, tab: int, step: str) -> tuple[int, Tab | None]:
        """A tab on ``step``: this one, else the other one, else this one opens the step."""
        for candidate in (tab, 1 - tab):
            current = self.tabs.get(candidate)
            if current and current.step == step:
                return candidate, current
        self.open_step(tab, step)
        return tab, self.tabs.get(tab)

    @rule(
        tab=TABS,
        then=THEN,
        name=st.sampled_from(["Sam Peeters", "Sam Peeters-Claes"]),
        role=st.sampled_from(["Diensthoofd", "Schepen van welzijn"]),
    )
    def type_applicant(self, tab, then, name, role):
        tab, current = self._tab_on(tab, "aanvrager")
        if current:
            current.form.fill("applicant_name", name)
            current.form.fill("applicant_role", role)
        self._then(tab, then)

    @rule(
        tab=TABS,
        then=THEN,
        code=st.sampled_from(CODES),
        chosen=st.booleans(),
        description=st.sampled_from(DESCRIPTIONS),
        title=st.sampled_from(["", "Taalcafé"]),
    )
    def type_commitment(self, tab, then, code, chosen, description, title):
        tab, current = self._tab_on(tab, "engagementen")
        if current:
            current.form.tick(f"kies_{code}", chosen)
            current.form.fill(f"omschrijving_{code}", description)
            if code == "other":
                current.form.fill("titel_other", title)
        self._then(tab, then)

    @rule(tab=TABS, then=THEN, codes=st.sets(st.sampled_from(CODES), min_size=3, max_size=4))
    def choose_commitments(self, tab, then, codes):
        """Three or four activities at once, each described: a step that can go on."""
        tab, current = self._tab_on(tab, "engagementen")
        if current:
            for code in codes:
                current.form.tick(f"kies_{code}")
                current.form.fill(f"omschrijving_{code}", DESCRIPTIONS[1])
            current.form.fill("titel_other", "Taalcafé")
        self._then(tab, then)

    @rule(
        tab=TABS,
        then=THEN,
        body=st.sampled_from(["", "council", "college"]),
        date=st.sampled_from(DATES),
        url=st.sampled_from(URLS),
    )
    def type_decision(self, tab, then, body, date, url):
        tab, current = self._tab_on(tab, "beslissing")
        if current:
            if body:  # a radio button can be chosen, not unchosen
                current.form.fill("decision_body", body)
            current.form.fill("decision_date", date)
            current.form.fill("decision_url", url)
        self._then(tab, then)

    def _then(self, tab: int, then: str | None) -> None:
        if then is not None:
            self.press(tab, then)

    @rule(step=st.sampled_from(STEPS))
    def complete_step(self, step):
        """Fill in what the step still misses, as someone who knows the answers, and go on."""
        if not (self.tabs.get(0) and self.tabs[0].step == step):
            self.open_step(0, step)
        current = self.tabs.get(0)
        if current is None:
            return
        form = current.form
        if step == "engagementen":
            chosen = [code for code in ALL_CODES if form.value(f"kies_{code}")]
            for code in [*chosen, *CODES][: max(len(chosen), MIN_COMMITMENTS)]:
                form.tick(f"kies_{code}")
                if not form.value(f"omschrijving_{code}").strip():
                    form.fill(f"omschrijving_{code}", DESCRIPTIONS[2])
            if not form.value("titel_other").strip():
                form.fill("titel_other", "Taalcafé")
        elif step == "beslissing":
            if not form.value("decision_body"):
                form.fill("decision_body", "council")
            form.fill("decision_date", form.value("decision_date") or DATES[1])
            form.fill("decision_url", form.value("decision_url") or URLS[1])
        elif step == "contactpersonen":
            rows = int(current.shown["contact-TOTAL_FORMS"])
            for row in range(int(current.shown["contact-INITIAL_FORMS"])):
                form.tick(f"contact-{row}-DELETE", False)
                if not form.value(f"contact-{row}-role"):
                    form.fill(f"contact-{row}-role", ROLES[1])
            if rows > int(current.shown["contact-INITIAL_FORMS"]) and not form.value(
                f"contact-{rows - 1}-email"
            ):
                self.type_new_person(0, None, True, True)
        self.press(0, "verder")

    def _rows(self, current: Tab) -> int:
        return int(current.shown["contact-TOTAL_FORMS"])

    @rule(
        tab=TABS,
        then=THEN,
        row=st.integers(0, MAX_CONTACTS - 1),
        name=st.sampled_from(NAMES),
        phone=st.sampled_from(PHONES),
        role=st.sampled_from(ROLES),
        public=st.booleans(),
    )
    def change_person(self, tab, then, row, name, phone, role, public):
        tab, current = self._tab_on(tab, "contactpersonen")
        if current and int(current.shown["contact-INITIAL_FORMS"]):
            row %= int(current.shown["contact-INITIAL_FORMS"])
            current.form.fill(f"contact-{row}-name", name)
            current.form.fill(f"contact-{row}-phone", phone)
            current.form.fill(f"contact-{row}-role", role)
            current.form.tick(f"contact-{row}-is_public", public)
        self._then(tab, then)

    @rule(tab=TABS, then=THEN, complete=st.booleans(), public=st.booleans())
    def type_new_person(self, tab, then, complete, public):
        tab, current = self._tab_on(tab, "contactpersonen")
        if current and self._rows(current) > int(current.shown["contact-INITIAL_FORMS"]):
            row = self._rows(current) - 1
            self.people += 1
            current.form.fill(f"contact-{row}-name", f"Persoon {self.people}")
            current.form.fill(f"contact-{row}-email", f"persoon{self.people}@kortrijk.be")
            current.form.fill(f"contact-{row}-role", "Sociale dienst" if complete else "")
            current.form.tick(f"contact-{row}-is_public", public)
        self._then(tab, then)

    @rule(tab=TABS, then=THEN, row=st.integers(0, MAX_CONTACTS - 1), remove=st.booleans())
    def tick_remove(self, tab, then, row, remove):
        tab, current = self._tab_on(tab, "contactpersonen")
        if current and int(current.shown["contact-INITIAL_FORMS"]):
            row %= int(current.shown["contact-INITIAL_FORMS"])
            current.form.tick(f"contact-{row}-DELETE", remove)

        # --- Saving ---------------------------------------------------------------------------
        self._then(tab, then)

    @rule(tab=TABS, button=st.sampled_from(["verder", "concept", "meer"]))
    def press(self, tab, button):
        if tab not in self.tabs:
            tab = 1 - tab
        current = self.tabs.get(tab)
        if current is None or ("actie", button) not in current.form.buttons():
            return
        values = snapshot(current.form)
        draft = button != "verder"
        outcome = self._expected(current, values, draft) if self.editable else "ignored"
        response = current.form.submit(self.applicant, ("actie", button))
        if self.status == "approved":
            assert response.status_code == 404
            return
        if outcome == "refused":
            assert response.status_code == 200, (current.step, button, response.status_code)
            page = response.content.decode()
            assert 'role="alert"' in page
            again = PageForm(page, action=f"/{current.step}/")
            assert snapshot(again) == values  # everything typed is still there
            current.form = again  # the same page, with the same values shown and typed
            reached(f"refused {current.step}")
            return
        assert response.status_code == 302, (current.step, button, response.content.decode())
        if outcome == "ignored":  # submitted meanwhile: nothing saved
            assert response["Location"] == f"/aansluiten/{self.token}/"
            reached("ignored after submitting")
        else:
            older = any(
                other is not current and other.step == current.step for other in self.tabs.values()
            )
            outcome()
            reached(f"saved {current.step} with {button}")
            if current.step == "contactpersonen":
                reached(f"{len(self.contacts)} contacts")
                if older:
                    reached("contacts saved beside another tab")
        del self.tabs[tab]

    def _expected(self, current: Tab, values: dict, draft: bool):
        """What the save must do: "refused", or a function that applies it to the model."""
        return {
            "aanvrager": self._expect_applicant,
            "engagementen": self._expect_commitments,
            "beslissing": self._expect_decision,
            "contactpersonen": self._expect_contacts,
        }[current.step](current.shown, values, draft)

    def _expect_applicant(self, shown, values, draft):
        def apply():
            for name in self.applicant_model:
                if values[name] != shown[name]:
                    self.applicant_model[name] = values[name]

        return apply

    def _expect_commitments(self, shown, values, draft):
        chosen = [code for code in ALL_CODES if values[f"kies_{code}"]]
        if not draft and (
            len(chosen) < MIN_COMMITMENTS
            or any(not values[f"omschrijving_{code}"].strip() for code in chosen)
            or ("other" in chosen and not values["titel_other"].strip())
        ):
            return "refused"

        def apply():
            for code in ALL_CODES:
                names = [f"kies_{code}", f"omschrijving_{code}"]
                names += ["titel_other"] if code == "other" else []
                if all(values[name] == shown[name] for name in names):
                    continue
                if values[f"kies_{code}"]:
                    title = values["titel_other"].strip() if code == "other" else ""
                    self.commitments[code] = (title, values[f"omschrijving_{code}"].strip())
                else:
                    self.commitments.pop(code, None)

        return apply

    def _expect_decision(self, shown, values, draft):
        if not draft and not (
            values.get("decision_body") and values["decision_date"] and values["decision_url"]
        ):
            return "refused"

        def apply():
            if values.get("decision_body") != shown.get("decision_body"):
                self.decision["body"] = values["decision_body"]
            if values["decision_date"] != shown["decision_date"]:
                self.decision["date"] = parse_date(values["decision_date"])
            if values["decision_url"] != shown["decision_url"]:
                self.decision["url"] = values["decision_url"]

        return apply

    def _expect_contacts(self, shown, values, draft):
        rows = []
        for row in range(int(shown["contact-TOTAL_FORMS"])):
            person = {f: values[f"contact-{row}-{f}"] for f in PERSON_FIELDS}
            person["is_public"] = values[f"contact-{row}-is_public"]
            before = {f: shown[f"contact-{row}-{f}"] for f in PERSON_FIELDS}
            before["is_public"] = shown[f"contact-{row}-is_public"]
            rows.append(
                {
                    "person": person,
                    "shown_email": before["email"] if shown[f"contact-{row}-ref"] else "",
                    "edited": person != before,
                    "blank": not any(person[f] for f in PERSON_FIELDS),
                    "removed": bool(values.get(f"contact-{row}-DELETE")),
                }
            )
        live = [row for row in rows if not row["blank"] and not row["removed"]]
        if not draft and (
            not live
            or any(
                not (r["person"]["name"] and r["person"]["email"] and r["person"]["role"])
                for r in live
            )
        ):
            return "refused"
        contacts = [dict(contact) for contact in self.contacts]
        for row in rows:
            if row["shown_email"] and (row["removed"] or row["blank"]):
                contacts = [c for c in contacts if c["email"] != row["shown_email"]]
        # Rows that showed a stored person first, then new ones (as the service does).
        for row in sorted(live, key=lambda row: not row["shown_email"]):
            if not row["edited"]:
                continue
            same = [c for c in contacts if c["email"] == row["person"]["email"]]
            if same:
                same[0].update(row["person"])
            else:
                contacts.append(dict(row["person"]))
        if len(contacts) > MAX_CONTACTS:
            reached("too many contacts")
            return "refused"

        def apply():
            self.contacts = contacts

        return apply

    # --- Submitting and the review ----------------------------------------------------------

    def _complete(self) -> bool:
        return (
            len(self.commitments) >= MIN_COMMITMENTS
            and all(description for _title, description in self.commitments.values())
            and ("other" not in self.commitments or self.commitments["other"][0])
            and self.decision["body"]
            and self.decision["date"]
            and self.decision["url"]
            and self.contacts
            and all(c["name"] and c["email"] and c["role"] for c in self.contacts)
        )

    @rule()
    def finish(self):
        """Go through every step, complete what is missing, and submit."""
        for step in STEPS:
            self.complete_step(step)
        self.submit()

    @rule()
    def submit(self):
        response = self.applicant.post(f"/aansluiten/{self.token}/indienen/")
        if self.status == "approved":
            assert response.status_code == 404
        elif self.editable and self._complete():
            assert response.status_code == 302
            self.status = "submitted"
        elif self.editable:
            assert response.status_code == 200
            assert "Je aanvraag kan nog niet ingediend worden" in response.content.decode()
        else:
            assert response.status_code == 200  # "kan niet meer aangepast worden"

    def _review(self, decision: str, message: str):
        return self.coordinator.post(
            f"/beheer/applications/application/{self.application.pk}/beoordelen/",
            {"decision": decision, "message": message},
        )

    @precondition(lambda self: self.status == "submitted")
    @rule(approve=st.sampled_from([False, False, True]))
    def coordinator_reviews(self, approve):
        if approve:
            self.coordinator_approves()
            return
        assert self._review("changes", "Graag nog een contactpersoon.").status_code == 302
        self.status = "changes_requested"
        reached("changes requested")
        page = self.applicant.get(f"/aansluiten/{self.token}/").content.decode()
        assert "Graag nog een contactpersoon." in page

    def coordinator_approves(self):
        assert self._review("approve", "Welkom!").status_code == 302
        self.status = "approved"
        reached("approved")
        if len(self.contacts) > 1:
            reached("approved with several contacts")
        application = Application.objects.get(pk=self.application.pk)
        membership = application.membership
        assert membership.status == "member"
        carried = {
            (c.name, c.email, c.phone, c.role, c.is_public)
            for c in ContactPerson.objects.filter(municipality=membership.municipality)
        }
        assert carried == {
            (c["name"], c["email"], c["phone"], c["role"], c["is_public"]) for c in self.contacts
        }
        assert {
            c.activity.code: (c.title, c.description) for c in membership.commitments.all()
        } == self.commitments
        # The public page shows every public contact.
        page = self.applicant.get("/gemeenten/kortrijk/").content.decode()
        for contact in self.contacts:
            assert (contact["email"] in page) == contact["is_public"]

    # --- What is stored and shown ---------------------------------------------------------

    @invariant()
    def stored_is_the_model(self):
        application = Application.objects.get(pk=self.application.pk)
        assert application.status == self.status
        assert {name: getattr(application, name) for name in self.applicant_model} == (
            self.applicant_model
        )
        assert {
            c.activity.code: (c.title, c.description) for c in application.commitments.all()
        } == self.commitments
        assert (
            application.decision_body,
            application.decision_date,
            application.decision_url,
        ) == (self.decision["body"], self.decision["date"], self.decision["url"])
        assert [
            {
                "name": c.name,
                "email": c.email,
                "phone": c.phone,
                "role": c.role,
                "is_public": c.is_public,
            }
            for c in application.contacts.all()
        ] == self.contacts

    def _assert_page_shows_model(self, step: str, form: PageForm) -> None:
        shown = snapshot(form)
        if step == "aanvrager":
            assert {name: shown[name] for name in self.applicant_model} == self.applicant_model
        elif step == "engagementen":
            for code in ALL_CODES:
                assert shown[f"kies_{code}"] == (code in self.commitments)
                title, description = self.commitments.get(code, ("", ""))
                assert shown[f"omschrijving_{code}"] == description
                if code == "other":
                    assert shown["titel_other"] == title
        elif step == "beslissing":
            assert (shown.get("decision_body") or "") == self.decision["body"]
            assert shown["decision_date"] == date_text(self.decision["date"])
            assert shown["decision_url"] == self.decision["url"]
        else:
            rows = int(shown["contact-TOTAL_FORMS"])
            assert int(shown["contact-INITIAL_FORMS"]) == len(self.contacts)
            assert rows == min(len(self.contacts) + 1, MAX_CONTACTS)
            for row, contact in enumerate(self.contacts):
                assert {f: shown[f"contact-{row}-{f}"] for f in PERSON_FIELDS} == {
                    f: contact[f] for f in PERSON_FIELDS
                }
                assert shown[f"contact-{row}-is_public"] == contact["is_public"]


# A stateful property test: hundreds of steps through the real views.
@pytest.mark.slow
def test_nothing_entered_is_ever_lost(settings_fast, coordinator):
    # The machine signs in the suite's coordinator (tests/conftest.py) by name.
    REACHED.clear()
    run_state_machine_as_test(
        ApplyingMachine,
        settings=settings(max_examples=30, stateful_step_count=40),
    )
    print(sorted(REACHED.items()))
    for what in (
        "approved with several contacts",
        "changes requested",
        "contacts saved beside another tab",
        "refused contactpersonen",
        "refused engagementen",
        "saved contactpersonen with meer",
        "saved contactpersonen with concept",
        "saved contactpersonen with verder",
        "3 contacts",
    ):
        assert REACHED.get(what), (what, REACHED)


@pytest.fixture
def settings_fast(settings):
    settings.RATELIMIT_ENABLE = False
