"""Journeys: each core path walked as its user, against the default install as `make run` makes it.

One install for the whole session, in a folder of its own: a fresh database migrated with the
reference data (SQLite in a file, or a database of its own on DATABASE_URL's PostgreSQL server),
the network's legacy content when ../shared/seeds is there, Django's development server and
`manage.py run_worker` as separate processes, and a real SMTP server on loopback that the
worker delivers to. Tests see what the user sees: pages in Chromium and mails in the inbox.
Councils take letters at any hour here (COUNCIL_OFFICE_HOURS), so a confirmed letter goes out
at the worker's next round instead of the next office morning.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.browser.journeys.helpers import COORDINATOR, body_text
from tests.helpers import LEGACY_LETTER, LEGACY_PAGE, worker_index
from tests.lib.smtp import SmtpServer, free_port

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable
ADMIN_USER, ADMIN_PASSWORD = "coordinator", "journeys-coordinator-password"
START_TIMEOUT = 60


@dataclass
class Install:
    url: str
    env: dict[str, str]
    smtp: SmtpServer
    folder: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def manage(self, *args: str, input: str | None = None) -> str:
        """Runs a management command against the install, as its operator would."""
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            input=input,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr}"
        return result.stdout

    def shell(self, code: str) -> str:
        """Runs Python in the install's Django (for a fact a test cannot see on a page)."""
        return self.manage("shell", "-c", code).strip()

    def mails(self, to: str, *, about: str = "") -> list[EmailMessage]:
        with self.smtp.inbox.lock:
            pairs = list(zip(self.smtp.inbox.envelopes, self.smtp.inbox.messages, strict=True))
        return [
            message
            for rcpts, message in pairs
            if to.lower() in (r.lower() for r in rcpts)
            and (not about or about in f"{message['Subject']}\n{body_text(message)}")
        ]

    def wait_for_mail(
        self, to: str, *, count: int = 1, about: str = "", timeout: float = 30
    ) -> list[EmailMessage]:
        """The mails to ``to`` (with ``about`` in their subject or text, when given: other
        journeys of the session write to the same coordinators), once there are at least
        ``count`` (the worker sends often)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.mails(to, about=about)
            if len(found) >= count:
                return found
            self.check_alive()
            time.sleep(0.2)
        found = self.mails(to, about=about)
        raise AssertionError(
            f"{len(found)} mail(s) to {to} about {about!r} after {timeout} s, expected {count}; "
            f"subjects: {[m['Subject'] for m in self.mails(to)]}\n{self.logs()}"
        )

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise AssertionError(f"{name} stopped ({process.returncode}):\n{self.logs()}")

    def logs(self) -> str:
        out = []
        for name in self.processes:
            log = self.folder / f"{name}.log"
            if log.exists():
                out.append(
                    f"--- {name} (last lines) ---\n" + "\n".join(log.read_text().splitlines()[-40:])
                )
        return "\n".join(out)

    def server_errors(self) -> list[str]:
        """Lines of the server's log that report an answer 500 or a traceback."""
        log = (self.folder / "web.log").read_text()
        return [line for line in log.splitlines() if '" 500 ' in line or "Traceback" in line]


def _database_env(folder: Path) -> dict[str, str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return {"SQLITE_PATH": str(folder / "db.sqlite3")}
    import psycopg

    base, _, name = url.rpartition("/")
    journeys = f"{name.split('?')[0]}_journeys{worker_index()}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{journeys}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{journeys}"')
    return {"DATABASE_URL": f"{base}/{journeys}"}


def _wait_until_up(install: Install) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        install.check_alive()
        try:
            with urllib.request.urlopen(install.url + "/", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise AssertionError(f"the server did not answer in {START_TIMEOUT} s:\n{install.logs()}")


def _start(install: Install, name: str, *args: str) -> None:
    log = (install.folder / f"{name}.log").open("w")
    install.processes[name] = subprocess.Popen(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=install.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


@pytest.fixture(scope="session")
def install(tmp_path_factory, collected_static) -> Iterator[Install]:
    folder = tmp_path_factory.mktemp("install")
    (folder / "tmp").mkdir()
    smtp = SmtpServer()
    smtp.start()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "REDIS_URL", "SQLITE_PATH"))
    }
    env.update(
        {
            **_database_env(folder),
            "DEBUG": "0",
            "SITE_URL": url,
            "EMAIL_HOST": smtp.host,
            "EMAIL_PORT": str(smtp.port),
            "MEDIA_ROOT": str(folder / "media"),
            "STATIC_ROOT": str(collected_static),
            "TMPDIR": str(folder / "tmp"),
            "COORDINATOR_EMAILS": COORDINATOR,
            "COUNCIL_OFFICE_HOURS": "00:00-24:00",
            "COUNCIL_OFFICE_DAYS": "1,2,3,4,5,6,7",
            "COUNCIL_DAILY_CAP": "100",
            "PDF_RENDER_PROCESSES": "1",
            "LETTER_FORM_MIN_SECONDS": "0",
            "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
        }
    )
    install = Install(url=url, env=env, smtp=smtp, folder=folder)
    install.manage("migrate", "--noinput", "-v0")
    if LEGACY_PAGE.exists() and LEGACY_LETTER.exists():
        install.manage("import_legacy_content", str(LEGACY_PAGE), str(LEGACY_LETTER))
    install.manage("createsuperuser", "--noinput", "--username", ADMIN_USER, "--email", COORDINATOR)
    _start(install, "web", "runserver", "--noreload", f"127.0.0.1:{port}")
    _start(install, "worker", "run_worker", "--mail-interval", "0.5", "--jobs-interval", "1")
    try:
        _wait_until_up(install)
        yield install
    finally:
        for process in install.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in install.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        smtp.stop()
        shutil.rmtree(folder / "media", ignore_errors=True)


@pytest.fixture
def coordinator_page(install, browser):
    """A browser signed in to the back-office as a coordinator."""
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(install.url + "/beheer/login/")
    page.fill("#id_username", ADMIN_USER)
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/beheer/$"))
    yield page
    context.close()


@pytest.fixture
def no_server_errors(install):
    """Fails the journey when the server logged an answer 500 or a traceback during it."""
    before = len(install.server_errors())
    yield
    errors = install.server_errors()[before:]
    assert not errors, "the server answered 500:\n" + "\n".join(errors) + "\n" + install.logs()
