"""Plain helpers shared by the tests of several apps (fixtures live in conftest.py)."""

import io
import os
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
LEGACY_PAGE = SEEDS / "000_62e2fbc28d8d54bd.txt"
LEGACY_LETTER = SEEDS / "004_c5cf21f2fbf0fed5.txt"


# --- The people -------------------------------------------------------------------------------
# The suite's one set of named people (fixtures: tests/conftest.py; docs/testing.md). Their
# municipality is the member MEMBER; the outsider is a contact of OUTSIDER_MUNICIPALITY, which
# is not a member. The member contact's address is written in mixed case on purpose: accounts
# are made with the lower-case address.
@dataclass(frozen=True)
class Person:
    name: str
    email: str
    municipality: str = ""  # name_nl; "" for the coordinator


MEMBER = "Merelbeke-Melle"
MEMBER_SLUG = "merelbeke-melle"
OUTSIDER_MUNICIPALITY = "Gent"
MEMBER_CONTACT = Person("An Peeters", "Sociale.Dienst@merelbeke-melle.be", MEMBER)
COLLEAGUE = Person("Bram Claes", "bram.claes@merelbeke-melle.be", MEMBER)
OUTSIDER = Person("Gert Gent", "welzijn@stad.gent", OUTSIDER_MUNICIPALITY)
COORDINATOR = Person("coordinator", "coordinator@example.be")
COORDINATOR_PASSWORD = "x-secret-9"
# How a contact person signs in: the link of the sign-in mail (django-sesame).
CONTACT_BACKEND = "sesame.backends.ModelBackend"


def worker_index() -> int:
    """0, or the number of this pytest-xdist worker (``make test`` runs the suite in several
    processes): what the tests share on the machine (a Redis database, a PostgreSQL database
    of their own) is one per worker."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


def redis_test_url() -> str:
    """The machine's Redis, a database of this worker's own (8 to 15)."""
    return f"redis://127.0.0.1:6379/{8 + worker_index() % 8}"


def contact_user(email: str):
    """The account a contact gets when they first ask for a link."""
    from django.contrib.auth.models import User

    user = User.objects.create(username=email.lower(), email=email.lower())
    user.set_unusable_password()
    user.save()
    return user


# --- Production settings ----------------------------------------------------------------------
# What PRODUCTION=1 and the example environment (deploy/solidair.env.example) change, applied in
# the test process by the `production` fixture (tests/conftest.py);
# tests/security/test_production_settings.py checks it against a real start. Redis is left out
# (shared by every engineer's tests on this machine): sessions are cached_db on the local cache
# instead, the same code path.
PRODUCTION_HOST = "solidairegemeenten.be"
PRODUCTION_SETTINGS = {
    "DEBUG": False,
    "ALLOWED_HOSTS": [PRODUCTION_HOST, f"www.{PRODUCTION_HOST}"],
    "SITE_URL": f"https://{PRODUCTION_HOST}",
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_REDIRECT_EXEMPT": [r"^gezondheid/$"],
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 365 * 24 * 60 * 60,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "RATELIMIT_IP_META_KEY": "solidair.operations.middleware.client_ip",
    "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
}


# --- Uploads ----------------------------------------------------------------------------------
def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str = "PNG", size=(3000, 2000), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "teal").save(out, format=fmt)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Pages ------------------------------------------------------------------------------------
def html(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content.decode())


def switch(response) -> list[lxml.html.HtmlElement]:
    """The links of the page's language switch."""
    nav = html(response).xpath('//header//nav[contains(@class, "language-switch")]')
    assert len(nav) == 1
    assert nav[0].get("aria-label")
    return nav[0].xpath(".//a")
