"""Residents at the same moment on the default install: no error, and how many it holds.

The default install is what `make run` starts: a SQLite file (migrated, with the network's
content), Django's runserver and, beside it, `manage.py run_worker` delivering the outbox to an
SMTP server. Here all of it runs in a temp dir: the database file, the collected static files,
the uploads, the worker's lock files, an SMTP sink (aiosmtpd, in this process) that keeps every
mail, on free loopback ports. With DATABASE_URL=postgres://... the same runs on a database of its
own on that server (`<name>_concurrency`, dropped afterwards).

Residents (threads) do what people do, each with its own browser (cookies, the CSRF token of
the forms) and its own loopback address (127.x.y.z; rate limits count per address, as they
would for people at home):
- writers compose a letter (the preview), download it as DOCX and PDF, choose "Verstuur via
  e-mail", open the link in the mail and confirm;
- initiators start a collective letter, confirm it, wait for its co-signers, and send it;
- co-signers sign a collective letter and confirm their signature from the mail;
- applicants start an application for their municipality and go through every step to submit;
- contacts of member municipalities sign in to the portal with the mailed link and edit their
  municipality's public text.
Every resident loads its first page, then all of them send their first form at the same
moment (a barrier), and go on as fast as the site answers. Every answer that is not the one
a person expects (a 5xx, a 4xx, the error page, a form that comes back with an error, no
answer) is recorded, with the tracebacks in the server's and the worker's logs. Afterwards,
every confirmed letter must reach its council's address at the SMTP sink exactly once.

    .venv/bin/python bench/concurrency.py               # 8, 16, 32, ..., 384, 512 residents
    .venv/bin/python bench/concurrency.py --levels 16 48 --keep-tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/solidair .venv/bin/python bench/concurrency.py

It reports, per level, the requests, the errors and p50/p99 of the answers' times, and the
highest level with no error at all; the table goes to bench/out/concurrency.{json,md}.
tests/operations/test_concurrency.py runs one level of it in the test suite.
"""

import argparse
import contextlib
import datetime
import html.parser
import http.client
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import asdict, dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    DEFAULT_SEEDS,
    HOST,
    OUT,
    SEED_FILES,
    BenchError,
    Processes,
    exit_on_signal,
    free_port,
    wait_until_serving,
)

LEVELS = (8, 16, 32, 64, 128, 256, 384, 512)
# Councils that get an address (so that letters can be sent), each with a collective letter.
COUNCILS = 4
# The roles, in the order residents take them (initiators come first, one per council).
ROLE_CYCLE = (
    "writer", "resender", "cosigner", "applicant", "writer", "contact", "cosigner", "writer",
)  # fmt: skip
# A person waits this long for a page before giving up; a mail, this long to arrive.
PAGE_TIMEOUT = 120.0
MAIL_TIMEOUT = 120.0
# The links in the mails (in French under /fr/).
CONFIRM_LINK = r"((?:/fr)?/brief/bevestig/[^/\s]+/)"
COLLECTIVE_LINK = r"((?:/fr)?/brief/samen/bevestig/[^/\s]+/)"
SIGNATURE_LINK = r"((?:/fr)?/brief/samen/ondertekening/[^/\s]+/)"
SIGN_IN_LINK = r"((?:/fr)?/portaal/aanmelden/link/\?\S+)"
# The error page (templates/500.html) in Dutch and in French.
ERROR_PAGES = (b"Er ging iets mis", b"Une erreur s")


# --- The SMTP server: every mail the worker delivers ------------------------------------------


class Sink:
    """aiosmtpd on a free loopback port, in this process, keeping every mail it accepts."""

    def __init__(self) -> None:
        self.port = free_port()
        self.mails: list[tuple[list[str], EmailMessage]] = []
        self.arrived = threading.Condition()
        self._controller = None

    async def handle_DATA(self, server, session, envelope) -> str:
        content = envelope.content.replace(b"\r\n", b"\n")
        mail = message_from_bytes(content, policy=policy.default)
        with self.arrived:
            self.mails.append(([address.lower() for address in envelope.rcpt_tos], mail))
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname=HOST, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        with self.arrived:
            return [mail for rcpt, mail in self.mails if str(mail["To"]).lower() == address]

    def link(
        self, address: str, pattern: str, *, nth: int = 1, timeout: float = MAIL_TIMEOUT
    ) -> str | None:
        """The ``nth`` match of ``pattern`` (a path in a link) in the mails to ``address``, in
        the order they arrived; None if it did not come within ``timeout``."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.arrived:
            while True:
                found = []
                for rcpt, mail in self.mails:
                    if address in rcpt:
                        text = mail.get_body(preferencelist=("plain",)).get_content()
                        found += regex.findall(text)
                if len(found) >= nth:
                    return found[nth - 1]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self.arrived.wait(remaining)


# --- The install ------------------------------------------------------------------------------


SETUP_CODE = """
import datetime, json
from django.core.management import call_command
from solidair.letters.models import CouncilAddress
from solidair.membership.models import ContactPerson, Membership
from solidair.municipalities.models import Municipality

settings = json.loads(%r)
call_command("migrate", "--noinput", verbosity=0)
if settings["seeds"]:
    call_command("import_legacy_content", *settings["seeds"], verbosity=0)
else:
    from tests.factories import make_member
    for name in ("Gent", "Antwerpen", "Leuven", "Mechelen", "Kortrijk", "Hasselt"):
        make_member(name)
flemish = Municipality.objects.flemish().order_by("slug")
members = [m.municipality for m in Membership.objects.active().select_related("municipality")]
members.sort(key=lambda municipality: municipality.slug)
member_ids = {municipality.pk for municipality in members}
others = [municipality for municipality in flemish if municipality.pk not in member_ids]
# Two member councils and the rest not members, each with a collective letter and an address
# of the bench (replacing the one from the reference data: the sink is the only mail server).
councils = members[:2] + others[: settings["councils"] - 2]
for municipality in councils:
    CouncilAddress.objects.update_or_create(
        municipality=municipality,
        defaults={
            "email": f"college@{municipality.slug}.example",
            "source": "bench",
            "last_verified": datetime.date.today(),
        },
    )
contacts = []
for number in range(settings["contacts"]):
    municipality = members[number %% len(members)]
    contact = ContactPerson.objects.create(
        municipality=municipality, name=f"Contact {number}", role="sociale dienst",
        email=f"contact{number}@{municipality.slug}.example",
    )
    contacts.append([municipality.slug, contact.email])
print(json.dumps({
    "councils": [
        [m.slug, f"college@{m.slug}.example", m.postal_codes.order_by("code").first().code]
        for m in councils
    ],
    "contacts": contacts,
    "applicants": [m.slug for m in others[settings["councils"] - 2 :]],
    "members": len(members),
}))
"""


def database_url_for(base: str, suffix: str = "concurrency") -> str:
    """A database of our own on the PostgreSQL server of ``base``: its name + ``_suffix``."""
    parts = urllib.parse.urlsplit(base)
    name = (parts.path.lstrip("/") or "solidair") + f"_{suffix}"
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def _postgres(url: str, statement: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(statement.format(name=parts.path.lstrip("/")))


class Install:
    """The default install in ``tmp``: the database, runserver, the worker, the SMTP sink."""

    def __init__(
        self,
        tmp: Path,
        *,
        database_url: str = "",
        collect_static: bool = True,
        seeds: Path | None = DEFAULT_SEEDS,
        contacts: int = 16,
        settings_module: str = "solidair.settings",
    ) -> None:
        self.tmp = tmp
        self.database_url = database_url
        self.collect_static = collect_static
        self.seeds = seeds
        self.contacts = contacts
        self.processes = Processes()
        self.sink = Sink()
        self.port = free_port()
        self.server_log = tmp / "runserver.log"
        self.worker_log = tmp / "worker.log"
        self.data: dict = {}
        # Contacts already signed in by earlier levels (each level takes fresh ones).
        self.contacts_used = 0
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE=settings_module,
            SQLITE_PATH=str(tmp / "db.sqlite3"),
            STATIC_ROOT=str(tmp / "static"),
            MEDIA_ROOT=str(tmp / "media"),
            SECRET_KEY=secrets.token_urlsafe(50),
            SITE_URL=f"http://{HOST}:{self.port}",
            EMAIL_HOST=HOST,
            EMAIL_PORT=str(self.sink.port),
            # Letters go out at once, whatever the day and hour of the run.
            COUNCIL_OFFICE_DAYS="1,2,3,4,5,6,7",
            COUNCIL_OFFICE_HOURS="00:00-24:00",
            COUNCIL_DAILY_CAP="100000",
            # Residents here are quicker than the forms' minimum time for people.
            LETTER_FORM_MIN_SECONDS="0",
            # The worker's lock files in the temp dir, not shared with another worker.
            TMPDIR=str(tmp),
            PYTHONDONTWRITEBYTECODE="1",
        )
        if database_url:
            env["DATABASE_URL"] = database_url
        self.env = env

    def manage(self, *args: str, env: dict | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            tail = (result.stderr or result.stdout).strip().splitlines()[-20:]
            raise BenchError(f"manage.py {args[0]} failed:\n" + "\n".join(tail))
        return result.stdout

    def prepare(self) -> None:
        """Migrate and load the content (the legacy content, or a few members made with the
        test factories), give councils an address and members contacts; static files beside."""
        if self.database_url:
            _postgres(self.database_url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            _postgres(self.database_url, 'CREATE DATABASE "{name}"')
        static = None
        if self.collect_static:
            static = subprocess.Popen(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True,
            )  # fmt: skip
        seeds = [self.seeds / name for name in SEED_FILES] if self.seeds else []
        settings = {
            "seeds": [str(path) for path in seeds] if all(p.is_file() for p in seeds) else [],
            "councils": COUNCILS,
            "contacts": self.contacts,
        }
        output = self.manage("shell", "-v0", "-c", SETUP_CODE % json.dumps(settings))
        self.data = json.loads(output.strip().splitlines()[-1])
        if static is not None and static.wait() != 0:
            raise BenchError(f"collectstatic failed:\n{static.stdout.read()[-2000:]}")

    def start(self, *, jobs_interval: float = 2.0, mail_interval: float = 1.0) -> None:
        """The SMTP sink, then the worker and runserver as `make run` starts them (runserver
        without its autoreloader, which only watches the code)."""
        self.sink.start()
        # INFO: the periodic jobs' summaries ("3 letters sent", "1 not sent") are in the log.
        worker_env = {**self.env, "LOG_LEVEL": "INFO"}
        self.processes.start(
            [sys.executable, "manage.py", "run_worker", "--jobs-interval", str(jobs_interval),
             "--mail-interval", str(mail_interval)],
            log=self.worker_log, env=worker_env,
        )  # fmt: skip
        server = self.processes.start(
            [sys.executable, "manage.py", "runserver", f"{HOST}:{self.port}", "--noreload"],
            log=self.server_log,
            env=self.env,
        )
        wait_until_serving(server, self.port, self.processes, "runserver")

    def stop(self) -> None:
        self.processes.stop_all()
        self.sink.stop()
        if self.database_url:
            with contextlib.suppress(Exception):
                _postgres(self.database_url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def letters_counted(self) -> int:
        """The campaign figures' count of letters composed (LetterCount), all days."""
        query = "SELECT COALESCE(SUM(count), 0) FROM letters_lettercount"
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as conn:
                return conn.execute(query).fetchone()[0]
        with contextlib.closing(sqlite3.connect(self.env["SQLITE_PATH"], timeout=30)) as conn:
            return conn.execute(query).fetchone()[0]

    def log_offset(self) -> dict[Path, int]:
        return {
            log: log.stat().st_size if log.exists() else 0
            for log in (self.server_log, self.worker_log)
        }

    def log_problems(self, since: dict[Path, int]) -> list[str]:
        """Tracebacks and dispatch summaries with letters not sent, in the logs since
        ``since``: each traceback as its first line and its exception."""
        problems = []
        for log, offset in since.items():
            if not log.exists():
                continue
            with log.open("rb") as handle:
                handle.seek(offset)
                text = handle.read().decode(errors="replace")
            lines = text.splitlines()
            for number, line in enumerate(lines):
                if line.startswith("Traceback (most recent call last)"):
                    before = lines[number - 1] if number else ""
                    end = number + 1
                    while end < len(lines) and (lines[end].startswith(" ") or not lines[end]):
                        end += 1
                    last = lines[end] if end < len(lines) else "?"
                    problems.append(f"{log.stem}: {before.strip()} -> {last.strip()}")
                elif "not sent" in line:
                    problems.append(f"{log.stem}: {line.strip()}")
        return problems


# --- A resident's browser ---------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def text(self) -> str:
        return self.body.decode(errors="replace")


@dataclass
class Record:
    role: str
    step: str
    status: int | str
    seconds: float
    problem: str = ""


class GaveUp(Exception):
    """The resident met an answer a person would not expect, and stops."""


class Browser:
    """One resident: its own loopback address, its language, its cookies; each request on a
    new connection. Paths are given in Dutch (no prefix); a French resident asks for them
    under /fr/, as the language switch leads there."""

    def __init__(self, run: "Run", role: str, address: str, language: str) -> None:
        self.run = run
        self.role = role
        self.address = address
        self.language = language
        self.cookies: dict[str, str] = {}

    def request(
        self,
        step: str,
        method: str,
        path: str,
        fields: list[tuple[str, str]] | None = None,
        *,
        expect: int = 200,
    ) -> Answer:
        prefix = "" if self.language == "nl" else f"/{self.language}"
        if not path.startswith(f"{prefix}/"):
            path = prefix + path
        accept = "nl-BE,nl;q=0.9" if self.language == "nl" else f"{self.language};q=0.9"
        headers = {"Host": f"{HOST}:{self.run.port}", "Accept-Language": accept}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urllib.parse.urlencode(fields or [])
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{HOST}:{self.run.port}"
        started = time.monotonic()
        conn = http.client.HTTPConnection(
            HOST, self.run.port, timeout=PAGE_TIMEOUT, source_address=(self.address, 0)
        )
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            answer = Answer(
                response.status,
                {name.lower(): value for name, value in response.getheaders()},
                response.read(),
            )
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
        except Exception as error:  # no answer: a failure, whatever it is
            seconds = time.monotonic() - started
            self.run.record(Record(self.role, step, type(error).__name__, seconds, repr(error)))
            raise GaveUp(step) from error
        finally:
            conn.close()
        seconds = time.monotonic() - started
        problem = ""
        if answer.status != expect:
            problem = f"{answer.status} instead of {expect}: {_summary(answer)}"
        elif any(error_page in answer.body for error_page in ERROR_PAGES):
            problem = "the error page"
        self.run.record(Record(self.role, step, answer.status, seconds, problem))
        if problem:
            raise GaveUp(step)
        return answer

    def get(self, step: str, path: str, *, expect: int = 200) -> Answer:
        return self.request(step, "GET", path, expect=expect)

    def post(
        self, step: str, path: str, fields: list[tuple[str, str]], *, expect: int = 200
    ) -> Answer:
        return self.request(step, "POST", path, fields, expect=expect)

    def follow(self, step: str, answer: Answer) -> Answer:
        location = urllib.parse.urlsplit(answer.headers["location"])
        path = location.path + (f"?{location.query}" if location.query else "")
        return self.get(step, path)


def _summary(answer: Answer) -> str:
    """What a person would read on an unexpected page: its title and its error messages."""
    text = answer.text()
    title = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
    errors = re.findall(r'class="[^"]*(?:errorlist|error)[^"]*"[^>]*>(.*?)</', text, re.DOTALL)
    parts = [title.group(1).strip() if title else text[:120]]
    parts += [re.sub(r"<[^>]+>|\s+", " ", error).strip() for error in errors[:3]]
    return " | ".join(part for part in parts if part)


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    def with_values(self, **values: str) -> list[tuple[str, str]]:
        """The form's fields as the page filled them, ``values`` replacing or adding fields."""
        kept = [(name, value) for name, value in self.fields if name not in values]
        return kept + [(name, value) for name, value in values.items() if value is not None]


class _FormParser(html.parser.HTMLParser):
    """The forms of a page with what a browser would send for their fields (submit buttons
    aside: the caller adds the one it presses)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(Form(action=attrs.get("action") or ""))
        if not self.forms:
            return
        fields = self.forms[-1].fields
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    fields.append((name, attrs.get("value") or "on"))
                return
            fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            if self._select_value is None or "selected" in attrs:
                self._select_value = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.forms[-1].fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.forms[-1].fields.append((self._select, self._select_value or ""))
            self._select = None


def form_on(answer: Answer, action_part: str) -> Form:
    parser = _FormParser()
    parser.feed(answer.text())
    for found in parser.forms:
        if action_part in found.action:
            return found
    raise AssertionError(f"no form posting to *{action_part}*: {_summary(answer)}")


# --- The residents ----------------------------------------------------------------------------


class Run:
    """One level: ``count`` residents at once on a running install."""

    def __init__(self, install: Install, count: int, level: int, first_applicant: int) -> None:
        self.install = install
        self.port = install.port
        self.count = count
        self.level = level
        self.records: list[Record] = []
        self.lock = threading.Lock()
        self.barrier = threading.Barrier(count)
        self.councils = install.data["councils"][: max(1, min(COUNCILS, count // 8))]
        self.roles = self._roles(first_applicant)
        # Collective letters: the share page of each council's letter, once confirmed.
        self.share_paths: dict[str, str | None] = {}
        self.shared = threading.Condition()
        self.cosigners_left = Counter(
            council for role, council, *_ in self.roles if role == "cosigner"
        )
        # What the councils must get: (council address, the writer's address).
        self.expected: list[tuple[str, str]] = []

    def _roles(self, first_applicant: int) -> list[tuple]:
        data = self.install.data
        tag = secrets.token_hex(3)
        roles: list[tuple] = [
            ("initiator", council[0], f"initiatief-{tag}-{n}@bewoners.example")
            for n, council in enumerate(self.councils)
        ]
        contacts = iter(data["contacts"][self.install.contacts_used :])
        applicants = data["applicants"]
        number = 0
        while len(roles) < self.count:
            role = ROLE_CYCLE[number % len(ROLE_CYCLE)]
            council = self.councils[number % len(self.councils)][0]
            address = f"{role}-{tag}-{number}@bewoners.example"
            if role == "applicant":
                slug = applicants[(first_applicant + number) % len(applicants)]
                roles.append((role, slug, address))
            elif role == "contact":
                contact = next(contacts, None)
                if contact is None:
                    role = "writer"
                    roles.append((role, council, address))
                else:
                    roles.append((role, contact[0], contact[1]))
            else:
                roles.append((role, council, address))
            number += 1
        return roles

    def record(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)

    def council(self, slug: str) -> list[str]:
        return next(council for council in self.install.data["councils"] if council[0] == slug)

    def address_of(self, number: int) -> str:
        """127.<level>.<n / 250>.<n % 250 + 2>: a loopback address per resident and level."""
        return f"127.{self.level % 250 + 1}.{number // 250}.{number % 250 + 2}"

    def go(self) -> None:
        threads = [
            threading.Thread(target=self._resident, args=(number, *role), daemon=True)
            for number, role in enumerate(self.roles)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.install.contacts_used += sum(1 for role in self.roles if role[0] == "contact")

    def _resident(self, number: int, role: str, slug: str, email: str) -> None:
        language = "fr" if number % 2 else "nl"
        browser = Browser(self, role, self.address_of(number), language)
        together = Together(self.barrier)
        try:
            ROLES[role](self, browser, together, slug, email)
        except GaveUp:
            pass
        except Exception as error:  # a bug here, not in the site: say so
            self.record(Record(role, "bench", "bench error", 0.0, repr(error)))
        finally:
            together.release()
            if role == "cosigner":
                with self.shared:
                    self.cosigners_left[slug] -= 1
                    self.shared.notify_all()
            elif role == "initiator":
                with self.shared:
                    self.share_paths.setdefault(slug, None)
                    self.shared.notify_all()

    def mail_link(
        self, browser: Browser, step: str, email: str, pattern: str, *, nth: int = 1
    ) -> str:
        started = time.monotonic()
        link = self.install.sink.link(email, pattern, nth=nth)
        if link is None:
            self.record(Record(browser.role, step, "no mail", time.monotonic() - started, email))
            raise GaveUp(step)
        return link


class Together:
    """Every resident sends its first form at the same moment: after its first page."""

    def __init__(self, barrier: threading.Barrier) -> None:
        self.barrier = barrier
        self.done = False

    def wait(self) -> None:
        if not self.done:
            self.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                self.barrier.wait(timeout=PAGE_TIMEOUT)

    def release(self) -> None:
        self.wait()  # a resident that gave up before still counts at the barrier


# Words a resident's own paragraph is made of: each writer writes their own (the platform holds
# near-identical paragraphs from different residents for a coordinator).
OWN_WORDS = [
    "buren",
    "school",
    "vrijwilliger",
    "taalcafé",
    "voetbal",
    "bibliotheek",
    "kinderen",
    "opvang",
    "woning",
    "werk",
    "gezin",
    "markt",
    "fiets",
    "kerk",
    "moskee",
    "jeugdbeweging",
    "sporthal",
    "dokter",
    "bakker",
    "tram",
    "park",
    "vereniging",
    "koor",
    "toneel",
    "muziek",
    "zorg",
    "buurt",
    "straat",
    "plein",
    "winter",
    "zomer",
    "welkom",
    "samen",
    "helpen",
    "leren",
]


def own_paragraph(email: str) -> str:
    """A paragraph of its own for each writer, the same every time for one address."""
    chosen = random.Random(email).sample(OWN_WORDS, 12)
    return "Ik woon hier graag. " + " ".join(chosen).capitalize() + "."


def writer(run: Run, browser: Browser, together: Together, slug: str, email: str) -> None:
    page = browser.get("letter page", f"/brief/{slug}/")
    compose = form_on(page, f"/brief/{slug}/").with_values(
        naam="Een Inwoner",
        email=email,
        bestuur="gemeente",
        persoonlijke_alinea=own_paragraph(email),
        keuze_1="housing",
    )
    together.wait()
    preview = browser.post("preview", f"/brief/{slug}/", compose)
    browser.post("docx", f"/brief/{slug}/download/docx/", form_on(preview, "/docx/").fields)
    pdf = browser.post("pdf", f"/brief/{slug}/download/pdf/", form_on(preview, "/pdf/").fields)
    if not pdf.body.startswith(b"%PDF"):
        run.record(Record(browser.role, "pdf", pdf.status, 0.0, "not a PDF"))
        raise GaveUp("pdf")
    send = form_on(preview, f"/brief/{slug}/verstuur/").fields
    browser.follow("sent", browser.post("send", f"/brief/{slug}/verstuur/", send, expect=302))
    link = run.mail_link(browser, "confirmation mail", email, CONFIRM_LINK)
    page = browser.get("confirm page", link)
    browser.post("confirm", link, form_on(page, link).fields)
    with run.lock:
        run.expected.append((run.council(slug)[1], email))


def resender(run: Run, browser: Browser, together: Together, slug: str, email: str) -> None:
    """A writer who, after each confirmation mail, goes back, changes the letter and presses
    "Verstuur" again, three times; the last link sends it, the first no longer works."""
    page = browser.get("letter page", f"/brief/{slug}/")
    compose = form_on(page, f"/brief/{slug}/")
    together.wait()
    links = []
    for turn in range(1, 4):
        fields = compose.with_values(
            naam="Een Twijfelaar",
            email=email,
            bestuur="gemeente",
            persoonlijke_alinea=f"Mijn brief, versie {turn}.",
        )
        preview = browser.post("preview", f"/brief/{slug}/", fields)
        send = form_on(preview, f"/brief/{slug}/verstuur/").fields
        sent = browser.post(f"send #{turn}", f"/brief/{slug}/verstuur/", send, expect=302)
        browser.follow("sent", sent)
        pattern = CONFIRM_LINK
        links.append(run.mail_link(browser, "confirmation mail", email, pattern, nth=turn))
    browser.get("replaced link", links[0], expect=410)
    page = browser.get("confirm page", links[-1])
    browser.post("confirm", links[-1], form_on(page, links[-1]).fields)
    with run.lock:
        run.expected.append((run.council(slug)[1], email))


def initiator(run: Run, browser: Browser, together: Together, slug: str, email: str) -> None:
    _slug, _council, postal_code = run.council(slug)
    page = browser.get("collective page", f"/brief/{slug}/samen/")
    start = form_on(page, f"/brief/{slug}/samen/").with_values(
        naam="Initiatiefnemer Samen",
        email=email,
        postcode=postal_code,
        bestuur="gemeente",
        naam_tonen="on",
        gezamenlijke_alinea="Wij vragen samen dat onze gemeente solidair wordt.",
    )
    together.wait()
    browser.post("collective start", f"/brief/{slug}/samen/", start)
    link = run.mail_link(browser, "collective mail", email, COLLECTIVE_LINK)
    page = browser.get("collective confirm page", link)
    confirmed = browser.post("collective confirm", link, form_on(page, link).fields, expect=302)
    manage = browser.follow("collective manage", confirmed)
    share = re.search(r"/brief/samen/([A-Za-z0-9_-]{8,})/", manage.text())
    with run.shared:
        run.share_paths[slug] = f"/brief/samen/{share.group(1)}/" if share else None
        run.shared.notify_all()
        # Sent once its co-signers are done (or gave up).
        run.shared.wait_for(lambda: run.cosigners_left[slug] <= 0, timeout=4 * MAIL_TIMEOUT)
    manage_path = urllib.parse.urlsplit(confirmed.headers["location"]).path
    fields = form_on(manage, manage_path).with_values(versturen="1")
    sent = browser.post("collective send", manage_path, fields, expect=302)
    browser.follow("collective sent", sent)
    with run.lock:
        run.expected.append((run.council(slug)[1], email))


def cosigner(run: Run, browser: Browser, together: Together, slug: str, email: str) -> None:
    _slug, _council, postal_code = run.council(slug)
    browser.get("collective page", f"/brief/{slug}/samen/")
    together.wait()
    with run.shared:
        run.shared.wait_for(lambda: slug in run.share_paths, timeout=4 * MAIL_TIMEOUT)
        share = run.share_paths.get(slug)
    if not share:
        run.record(Record("cosigner", "share page", "no letter", 0.0, "the initiator gave up"))
        raise GaveUp("share page")
    page = browser.get("share page", share)
    sign = form_on(page, share).with_values(
        naam="Mede Ondertekenaar",
        email=email,
        postcode=postal_code,
        woont_hier="on",
        naam_tonen="on",
    )
    browser.post("co-sign", share, sign)
    pattern = SIGNATURE_LINK
    link = run.mail_link(browser, "signature mail", email, pattern)
    page = browser.get("signature confirm page", link)
    browser.post("signature confirm", link, form_on(page, link).fields)


def applicant(run: Run, browser: Browser, together: Together, slug: str, email: str) -> None:
    page = browser.get("application page", f"/aansluiten/gemeente/{slug}/")
    start = form_on(page, f"/aansluiten/gemeente/{slug}/").with_values(
        applicant_name="Aanvrager Gemeente", applicant_email=email, applicant_role="schepen"
    )
    together.wait()
    answer = browser.post("application start", f"/aansluiten/gemeente/{slug}/", start, expect=302)
    base = urllib.parse.urlsplit(answer.headers["location"]).path.rsplit("/", 2)[0] + "/"
    chosen = ("reception", "housing", "network")
    steps = {
        "engagementen": {
            **{f"kies_{code}": "on" for code in chosen},
            **{f"omschrijving_{code}": f"We doen al veel voor {code}." for code in chosen},
        },
        "beslissing": {
            "decision_body": "college",
            "decision_date": "01-09-2025",
            "decision_url": "https://example.org/besluit",
        },
        "contactpersonen": {
            "contact-0-name": "Contact Aanvraag",
            "contact-0-email": email,
            "contact-0-role": "sociale dienst",
            "contact-0-is_public": "on",
        },
    }
    for step, values in steps.items():
        page = browser.get(f"application {step} page", base + f"{step}/")
        fields = form_on(page, base + f"{step}/").with_values(**values, actie="verder")
        browser.post(f"application {step}", base + f"{step}/", fields, expect=302)
    overview = browser.get("application overview", base)
    fields = form_on(overview, base + "indienen/").fields
    browser.post("application submit", base + "indienen/", fields, expect=302)


def contact(run: Run, browser: Browser, together: Together, slug: str, email: str) -> None:
    page = browser.get("portal sign-in page", "/portaal/aanmelden/")
    fields = form_on(page, "/portaal/aanmelden/").with_values(email=email)
    together.wait()
    browser.post("portal sign-in", "/portaal/aanmelden/", fields)
    link = run.mail_link(browser, "sign-in mail", email, SIGN_IN_LINK)
    page = browser.get("portal link page", link)
    fields = form_on(page, "/portaal/aanmelden/link/").fields
    browser.follow("portal home", browser.post("portal link", link, fields, expect=302))
    for turn in range(2):
        path = f"/portaal/{slug}/tekst/"
        page = browser.get("portal text page", path)
        text = f"Onze gemeente ontvangt mensen op de vlucht. ({email}, {turn})"
        fields = form_on(page, path).with_values(public_text=text)
        browser.follow("portal page", browser.post("portal text edit", path, fields, expect=302))


ROLES = {
    "writer": writer,
    "resender": resender,
    "initiator": initiator,
    "cosigner": cosigner,
    "applicant": applicant,
    "contact": contact,
}


# --- One level, and the letters at the councils -----------------------------------------------


@dataclass
class LevelResult:
    residents: int
    roles: dict[str, int]
    requests: int
    errors: int
    error_kinds: dict[str, int]
    p50_ms: float
    p99_ms: float
    max_ms: float
    seconds: float
    letters_expected: int
    letters_delivered_once: int
    letters_missing: int
    letters_duplicated: int
    # Previews shown, and how many more letters the campaign figures count than before.
    previews: int
    previews_counted: int
    log_problems: list[str]
    failures: list[str]
    # Per step: [answers, p50 ms, p99 ms].
    steps: dict[str, list[float]] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return (
            not self.errors
            and self.previews == self.previews_counted
            and not self.log_problems
            and not self.letters_missing
            and not self.letters_duplicated
        )


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def council_letters_check(
    install: Install, expected: list[tuple[str, str]], *, timeout: float = MAIL_TIMEOUT
) -> tuple[int, int, int]:
    """Wait until every expected letter reached its council, then a moment longer for any
    duplicate; return (delivered once, missing, delivered more than once)."""

    def counts() -> Counter:
        found: Counter = Counter()
        wanted = set(expected)
        for council in {council for council, _writer in expected}:
            for mail in install.sink.to(council):
                key = (council, str(mail["Reply-To"]).lower())
                if key in wanted:
                    found[key] += 1
        return found

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(counts()) < len(set(expected)):
        time.sleep(0.5)
    time.sleep(3)  # two more rounds of the worker: a letter sent twice would show now
    found = counts()
    once = sum(1 for key in expected if found[key] == 1)
    missing = sum(1 for key in expected if found[key] == 0)
    twice = sum(1 for key in expected if found[key] > 1)
    return once, missing, twice


def level_run(install: Install, count: int, level: int, first_applicant: int) -> LevelResult:
    offset = install.log_offset()
    counted_before = install.letters_counted()
    run = Run(install, count, level, first_applicant)
    started = time.monotonic()
    run.go()
    seconds = time.monotonic() - started
    once, missing, twice = council_letters_check(install, run.expected)
    # The worker writes its summaries after each run of the periodic jobs.
    time.sleep(1)
    durations = [r.seconds * 1000 for r in run.records if isinstance(r.status, int)]
    failed = [r for r in run.records if r.problem]
    problems = install.log_problems(offset)
    try:
        counted = install.letters_counted()
    except Exception as error:  # e.g. PostgreSQL refusing more connections
        problems.append(f"the count of letters could not be read: {error}")
        counted = counted_before - 1
    return LevelResult(
        residents=count,
        roles=dict(Counter(role for role, *_ in run.roles)),
        requests=len(durations),
        errors=len(failed),
        error_kinds=dict(Counter(f"{r.step}: {r.status}" for r in failed)),
        p50_ms=round(percentile(durations, 0.50), 1),
        p99_ms=round(percentile(durations, 0.99), 1),
        max_ms=round(max(durations, default=0.0), 1),
        seconds=round(seconds, 1),
        letters_expected=len(run.expected),
        letters_delivered_once=once,
        letters_missing=missing,
        letters_duplicated=twice,
        previews=sum(1 for r in run.records if r.step == "preview" and r.status == 200),
        previews_counted=counted - counted_before,
        log_problems=problems,
        failures=[f"{r.role} / {r.step}: {r.status} {r.problem}"[:300] for r in failed],
        steps=step_times(run.records),
    )


def step_times(records: list[Record]) -> dict[str, list[float]]:
    by_step: dict[str, list[float]] = {}
    for record in records:
        if isinstance(record.status, int):
            by_step.setdefault(record.step, []).append(record.seconds * 1000)
    return {
        step: [len(times), round(percentile(times, 0.5)), round(percentile(times, 0.99))]
        for step, times in sorted(by_step.items(), key=lambda item: -percentile(item[1], 0.99))
    }


# --- The ramp ---------------------------------------------------------------------------------


def table(results: list[LevelResult]) -> str:
    lines = [
        "| residents | requests | errors | p50 | p99 | slowest | letters at the councils "
        "| log problems |",
        "|---:|---:|---:|---:|---:|---:|:---|---:|",
    ]
    for r in results:
        letters = f"{r.letters_delivered_once}/{r.letters_expected} once"
        if r.letters_missing or r.letters_duplicated:
            letters += f", {r.letters_missing} missing, {r.letters_duplicated} twice"
        if r.previews != r.previews_counted:
            letters += f"; {r.previews} previews, {r.previews_counted} counted"
        lines.append(
            f"| {r.residents} | {r.requests} | {r.errors} | {r.p50_ms:.0f} ms "
            f"| {r.p99_ms:.0f} ms | {r.max_ms / 1000:.1f} s | {letters} | {len(r.log_problems)} |"
        )
    return "\n".join(lines)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--levels", type=int, nargs="+", default=list(LEVELS), help="residents per level"
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="run every level, also after one with errors (default: stop after two such levels)",
    )
    parser.add_argument("--seeds", type=Path, default=Path(os.environ.get("SEEDS", DEFAULT_SEEDS)))
    parser.add_argument("--keep-tmp", action="store_true", help="keep the temp dir and its logs")
    parser.add_argument(
        "--pause", type=float, default=5.0, help="seconds of quiet between two levels"
    )
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, exit_on_signal)
    tmp = Path(tempfile.mkdtemp(prefix="solidair-concurrency-"))
    base_url = os.environ.get("DATABASE_URL", "")
    database_url = (
        database_url_for(base_url) if base_url.startswith(("postgres://", "postgresql://")) else ""
    )
    contacts = sum(level // len(ROLE_CYCLE) + 1 for level in args.levels)
    install = Install(tmp, database_url=database_url, seeds=args.seeds, contacts=contacts)
    database = "PostgreSQL" if database_url else "SQLite (file)"
    results: list[LevelResult] = []
    try:
        print(f"Preparing the default install in {tmp} ({database})", flush=True)
        install.prepare()
        install.start()
        print(f"  {install.data['members']} members; runserver on port {install.port}, worker")
        load_before = os.getloadavg()
        first_applicant = 0
        levels_with_errors = 0
        for level, count in enumerate(args.levels):
            result = level_run(install, count, level, first_applicant)
            first_applicant += result.roles.get("applicant", 0)
            results.append(result)
            print(
                f"{count:5d} residents: {result.requests} requests in {result.seconds:.1f} s, "
                f"{result.errors} errors, p50 {result.p50_ms:.0f} ms, p99 {result.p99_ms:.0f} ms; "
                f"letters {result.letters_delivered_once}/{result.letters_expected} once; "
                f"{len(result.log_problems)} problems in the logs",
                flush=True,
            )
            for line in (result.failures + result.log_problems)[:12]:
                print(f"        {line}")
            slowest = list(result.steps.items())[:4]
            print(
                "        slowest steps (p50/p99 ms): "
                + ", ".join(f"{step} {p50:.0f}/{p99:.0f}" for step, (_n, p50, p99) in slowest)
            )
            if not result.clean:
                levels_with_errors += 1
                if levels_with_errors >= 2 and not args.keep_going:
                    break
            time.sleep(args.pause)
        clean = [r.residents for r in results if r.clean]
        highest = max(clean, default=0)
        print()
        print(table(results))
        print(f"\nHighest concurrency with no error: {highest} residents ({database}).")
        OUT.mkdir(exist_ok=True)
        report = {
            "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": database,
            "machine": f"{platform.node()}, {os.cpu_count()} cores",
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "highest_without_error": highest,
            "levels": [asdict(r) for r in results],
        }
        suffix = "-postgresql" if database_url else ""
        (OUT / f"concurrency{suffix}.json").write_text(json.dumps(report, indent=2) + "\n")
        (OUT / f"concurrency{suffix}.md").write_text(
            f"{database}, {report['when']}\n\n{table(results)}\n\n"
            f"Highest concurrency with no error: {highest} residents.\n"
        )
        return 0
    except BenchError as error:
        print(f"\nbench: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nbench: interrupted", file=sys.stderr)
        return 130
    finally:
        install.stop()
        if args.keep_tmp:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
