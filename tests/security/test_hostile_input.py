"""Hostile input in production settings: oversized bodies, malformed multipart
uploads, header injection in e-mail fields and path traversal in file names are refused cleanly,
in Dutch, and leave nothing behind."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from post_office.models import Email
from pypdf import PdfWriter

from solidair.applications.models import Application
from solidair.applications.services import application_start
from solidair.initiatives.models import Initiative
from solidair.letters.forms.common import form_started_value
from solidair.letters.models import ResidentLetter
from solidair.network.models import Registration
from solidair.operations.mail import outbox_flush
from tests.factories import (
    ContactPersonFactory,
    InitiativeFactory,
    council_address_set,
    make_member,
    municipality,
)
from tests.helpers import MEMBER_SLUG
from tests.network.helpers import make_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.production]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads go to a MEDIA_ROOT of this test, inside a folder that also holds a secret file
    next to it (what traversal would reach)."""
    settings.MEDIA_ROOT = tmp_path / "site" / "media"
    settings.MEDIA_ROOT.mkdir(parents=True)
    (tmp_path / "site" / "secret.pdf").write_bytes(pdf_bytes())
    settings.LETTER_FORM_MIN_SECONDS = 0
    settings.PORTAL_SIGN_IN_MIN_SECONDS = 0
    settings.RATELIMIT_ENABLE = False
    settings.MAIL_LOCK_FILE = str(tmp_path / "outbox.lock")


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


def assert_clean_dutch(response, *statuses: int) -> None:
    assert response.status_code in statuses, (response.wsgi_request.path, response.status_code)
    content = response.content.decode()
    assert 'lang="nl-BE"' in content or 'lang="nl-be"' in content, content[:300]
    assert "Traceback" not in content and "Bad Request" not in content


def open_meeting():
    """A meeting anyone may register for, with room."""
    return make_meeting(
        day=datetime.date(2099, 3, 1),
        open_to_prospective=True,
        capacity=100,
        registration_deadline=None,
    )


@pytest.fixture
def draft(db):
    application, token = application_start(
        municipality=municipality("Zele"),
        applicant_name="An Peeters",
        applicant_email="an@zele.example",
        applicant_role="Schepen",
    )
    Email.objects.all().delete()
    return application, token


@pytest.fixture
def owner(production, member, member_contact):
    """The member contact (tests/conftest.py), signed in, with an initiative and a commitment
    to upload to."""
    production.force_login(member_contact)
    initiative = InitiativeFactory(municipality=member)
    return {"initiative": initiative, "commitment": member.memberships.get().commitments.first()}


# --- Oversized bodies --------------------------------------------------------------------------

BIG = "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024)


def test_an_oversized_form_body_gets_a_dutch_400_and_stores_nothing(production, draft):
    meeting = open_meeting()
    forms = {
        "/portaal/aanmelden/": {"email": "a@b.example", "notes": BIG},
        "/aansluiten/link/": {"email": "an@zele.example", "x": BIG},
        "/aansluiten/gemeente/zele/": {"applicant_name": BIG, "applicant_email": "n@x.example"},
        "/brief/hove/verstuur/": {"naam": "An", "email": "an@x.example", "x": BIG},
        f"/netwerk/bijeenkomsten/{meeting.pk}/inschrijven/": {"name": BIG, "email": "a@x.be"},
        f"/aansluiten/{draft[1]}/aanvrager/": {"applicant_name": BIG},
    }
    posts = list(forms.items())
    # Too many fields (DATA_UPLOAD_MAX_NUMBER_FIELDS) and too many files in one request.
    posts.append(("/aansluiten/link/", {f"veld{n}": "1" for n in range(1500)}))
    files = {f"bestand{n}": SimpleUploadedFile(f"{n}.pdf", b"%PDF-") for n in range(120)}
    posts.append((f"/aansluiten/{draft[1]}/beslissing/", files))
    for path, data in posts:
        response = production.post(path, data)
        assert_clean_dutch(response, 400)
        assert "te groot" in response.content.decode(), path
    assert not Email.objects.exists()
    assert not ResidentLetter.objects.exists() and not Registration.objects.exists()
    assert Application.objects.get().applicant_name == "An Peeters"


def test_an_oversized_upload_is_refused_in_dutch_and_not_kept(production, draft, settings):
    settings.UPLOAD_MAX_BYTES = 200_000  # the same check as 10 MB, with less to send
    big = pdf_bytes() + b"%" + b"0" * settings.UPLOAD_MAX_BYTES
    response = production.post(
        f"/aansluiten/{draft[1]}/beslissing/",
        {
            "decision_body": "council",
            "decision_date": "2026-01-05",
            "decision_document": SimpleUploadedFile("besluit.pdf", big, "application/pdf"),
            "actie": "concept",
        },
    )
    assert_clean_dutch(response, 200)
    assert "te groot" in response.content.decode()
    assert not Application.objects.get().decision_document
    assert files_under(settings.MEDIA_ROOT) == set()


# --- Malformed multipart -------------------------------------------------------------------------

PART = (
    b'--XyZ\r\nContent-Disposition: form-data; name="decision_document"; filename="a.pdf"\r\n'
    b"Content-Type: application/pdf\r\n\r\n"
)


def malformed_bodies(pdf: bytes) -> list[tuple[str, bytes]]:
    whole = PART + pdf + b"\r\n--XyZ--\r\n"
    return [
        # Broken boundary: the header names none, or one the body does not use.
        ("multipart/form-data", whole),
        ("multipart/form-data; boundary=", whole),
        ("multipart/form-data; boundary=\x00\r\n", whole),
        ("multipart/form-data; boundary=" + "b" * 5000, whole),
        # Truncated: cut in the part's headers, in the file, before the closing boundary.
        ("multipart/form-data; boundary=XyZ", whole[:40]),
        ("multipart/form-data; boundary=XyZ", whole[: len(PART) + 100]),
        ("multipart/form-data; boundary=XyZ", whole[:-8]),
        # Wrong content type for a multipart body, and garbage for a multipart type.
        ("text/plain", whole),
        ("application/x-www-form-urlencoded", whole),
        ("application/json", b'{"decision_document": "../../etc/passwd"}'),
        ("multipart/form-data; boundary=XyZ", b"\x00\xff" * 500),
        ("multipart/mixed; boundary=XyZ", whole),
    ]


def upload_targets(draft, owner) -> dict[str, callable]:
    initiative, commitment = owner["initiative"], owner["commitment"]
    return {
        f"/aansluiten/{draft[1]}/beslissing/": lambda: bool(
            Application.objects.get().decision_document
        ),
        f"/portaal/{MEMBER_SLUG}/initiatieven/{initiative.pk}/": lambda: bool(
            Initiative.objects.get(pk=initiative.pk).image
        ),
        f"/portaal/{MEMBER_SLUG}/engagementen/{commitment.pk}/": lambda: bool(
            # Any rung's PDF (the ladder of evidence).
            any(r.evidence_document for r in commitment.rungs.all())
        ),
    }


def test_malformed_multipart_uploads_are_refused_cleanly(production, draft, owner, settings):
    bodies = malformed_bodies(pdf_bytes())
    for path, stored in upload_targets(draft, owner).items():
        for content_type, body in bodies:
            response = production.generic("POST", path, body, content_type=content_type)
            # A broken boundary is a 400; a body Django reads as an empty or partial form is
            # answered with the form and its errors. Never a 500, nothing kept.
            assert response.status_code in (200, 400), (path, content_type, response.status_code)
            assert_clean_dutch(response, 200, 400)
            assert not stored(), (path, content_type)
        for content_type, _body in bodies[:2]:
            response = production.generic("POST", path, bodies[0][1], content_type=content_type)
            assert response.status_code == 400, (path, content_type)
    assert files_under(settings.MEDIA_ROOT) == set()


# --- Header injection ----------------------------------------------------------------------------

INJECTED_ADDRESSES = [
    "a@b.be\r\nBcc: x@y.example",
    "a@b.be\nBcc: x@y.example",
    "a@b.be%0D%0ABcc:x@y.example",
    "a@b.be,x@y.example",
    "a@b.be\r\n\r\nbody",
    "x@y.example\r\nSubject: spam",
]
INJECTED_NAMES = [
    "An\r\nBcc: x@y.example",
    "An\nCc: x@y.example",
    "An\rTo: x@y.example",
    '"An" <x@y.example>',
    "An\r\n\r\nNieuwe inhoud",
]


def test_header_injection_in_mail_forms_sends_nothing_extra(production, smtp):
    meeting = open_meeting()
    make_member("Gent")
    ContactPersonFactory(municipality=municipality("Gent"), email="contact@gent.example")

    posts = []
    for address in INJECTED_ADDRESSES:
        posts += [
            ("/portaal/aanmelden/", {"email": address}),
            ("/aansluiten/link/", {"email": address}),
            (
                "/aansluiten/gemeente/zele/",
                {"applicant_name": "An", "applicant_email": address, "applicant_role": "Schepen"},
            ),
            (
                f"/netwerk/bijeenkomsten/{meeting.pk}/inschrijven/",
                {"name": "An", "email": address, "role": "Schepen"},
            ),
        ]
    council_address_set(
        municipality("Hove"), "college@hove.be", source="https://www.hove.be/contact"
    )

    def letter(name: str, address: str) -> dict:
        return {
            "naam": name,
            "email": address,
            "telefoon": "",
            "bestuur": "gemeente",
            "persoonlijke_alinea": "",
            "website": "",
            "begonnen": form_started_value(),
        }

    for address in INJECTED_ADDRESSES:
        posts.append(("/brief/hove/verstuur/", letter("An", address)))
    for number, name in enumerate(INJECTED_NAMES):
        address = f"inwoner{number}@zele.example"
        posts += [
            ("/brief/hove/verstuur/", letter(name, f"bewoner{number}@hove.example")),
            (
                "/aansluiten/gemeente/zele/",
                {"applicant_name": name, "applicant_email": address, "applicant_role": name},
            ),
            (
                f"/netwerk/bijeenkomsten/{meeting.pk}/inschrijven/",
                {"name": name, "email": address, "role": name},
            ),
        ]
        Application.objects.all().delete()  # one open draft per municipality
    # A real contact asks for a sign-in link too: the outbox does deliver.
    posts.append(("/portaal/aanmelden/", {"email": "contact@gent.example"}))
    for path, data in posts:
        response = production.post(path, data)
        assert response.status_code in (200, 302, 400), (path, data, response.status_code)
        Application.objects.all().delete()

    while outbox_flush():
        pass
    inbox = smtp.inbox
    assert inbox.messages, "nothing was delivered: the check below would prove nothing"
    recipients = {address for envelope in inbox.envelopes for address in envelope}
    assert not any("y.example" in address for address in recipients), recipients
    assert all(address.count("@") == 1 and "\n" not in address for address in recipients)
    for message in inbox.messages:
        assert message["Bcc"] is None and message["Cc"] is None
        assert "x@y.example" not in str(message["To"])
        assert message["Subject"] is None or "spam" not in str(message["Subject"])
        for name, value in message.items():
            assert "\n" not in str(value) and "\r" not in str(value), (name, value)
    assert "contact@gent.example" in recipients
    # Mails did go to the people whose names held line breaks: their names were made harmless.
    assert len({address for address in recipients if address.startswith("inwoner")}) >= 3
    assert len({address for address in recipients if address.startswith("bewoner")}) >= 3


# --- Path traversal ------------------------------------------------------------------------------

TRAVERSAL_NAMES = [
    "../../secret.pdf",
    "../../../../etc/passwd.pdf",
    "..%2f..%2fsecret.pdf",
    "/etc/passwd.pdf",
    "C:\\Windows\\evil.pdf",
    "..\\..\\secret.pdf",
    "evil.pdf\x00.png",
    "....//....//secret.pdf",
    "public/../../secret.pdf",
]


def test_upload_file_names_cannot_steer_where_a_file_goes(production, draft, settings):
    root = Path(settings.MEDIA_ROOT)
    site = root.parent
    before = files_under(site)
    for name in TRAVERSAL_NAMES:
        response = production.post(
            f"/aansluiten/{draft[1]}/beslissing/",
            {
                "decision_body": "council",
                "decision_date": "2026-01-05",
                "decision_document": SimpleUploadedFile(name, pdf_bytes(), "application/pdf"),
                "actie": "concept",
            },
        )
        assert response.status_code in (200, 302), (name, response.status_code)
    new = files_under(site) - before
    assert new, "no upload was stored: the check below would prove nothing"
    for path in new:
        assert path.resolve().is_relative_to(root.resolve()), path
        relative = path.relative_to(root)
        assert relative.parts[:2] == ("private", "decisions") or relative.parts[0] == "private"
        assert ".." not in relative.parts and "\x00" not in str(relative)
    assert (site / "secret.pdf").read_bytes() == pdf_bytes()


TRAVERSAL_PATHS = [
    "/bestanden/../secret.pdf",
    "/bestanden/public/../../secret.pdf",
    "/bestanden/public/..%2f..%2fsecret.pdf",
    "/bestanden/public/%2e%2e/%2e%2e/secret.pdf",
    "/bestanden/public/..%5c..%5csecret.pdf",
    "/bestanden//etc/passwd",
    "/bestanden/public//etc/passwd",
    "/bestanden/public/%00/secret.pdf",
    "/bestanden/public/x.pdf%00.png",
    "/bestanden/private/decisions/besluit.pdf",
    "/bestanden/public/.hidden.pdf",
    "/bestanden/public/evidence/../../private/decisions/besluit.pdf",
    "/bestanden/%2e%2e/secret.pdf",
    "/bestanden/public/" + "a/" * 500 + "x.pdf",
]


def test_bestanden_serves_public_uploads_only(production, settings):
    root = Path(settings.MEDIA_ROOT)
    (root / "public" / "evidence").mkdir(parents=True)
    (root / "public" / "evidence" / "bewijs.pdf").write_bytes(pdf_bytes())
    (root / "public" / ".hidden.pdf").write_bytes(pdf_bytes())
    (root / "private" / "decisions").mkdir(parents=True)
    (root / "private" / "decisions" / "besluit.pdf").write_bytes(b"%PDF-1.4 private")
    # The positive control: a public upload is served, with its safe headers.
    response = production.get("/bestanden/public/evidence/bewijs.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    for path in TRAVERSAL_PATHS:
        response = production.get(path)
        assert response.status_code in (400, 404), (path, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"%PDF" not in body, path
