"""The production stack on the loopback, for the system tests: PostgreSQL (the machine's server,
a database of our own), a private Redis, an SMTP sink, nginx with deploy/nginx, two gunicorn
instances with deploy/gunicorn.conf.py and the worker, all in production settings
(deploy/solidair.env.example with the addresses of the parts started here).

Each part can be stopped and started again on the same port, as systemd would restart it.
"""

import contextlib
import email
import email.policy
import html.parser
import http.client
import mailbox
import os
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from bench.run import HOST, SEED_FILES, Processes, _stop, free_port, wait_until_serving
from tests.operations.helpers import ROOT, env_example, manage, settings_env
from tests.operations.servers import DEPLOY, GUNICORN, start_nginx

DOMAIN = "solidairegemeenten.be"
DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/solidair"
SEEDS = Path(os.environ.get("SEEDS", ROOT.parent / "shared" / "seeds"))
# Councils that get an address, so that residents can send them letters by e-mail.
COUNCILS = 4


def database_url(suffix: str = "system") -> str:
    """The machine's PostgreSQL server (DATABASE_URL when it names one), our own database on it:
    its name with ``_system`` appended, so that the suite's own test database is left alone."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        base = DEFAULT_SERVER_URL
    parts = urllib.parse.urlsplit(base)
    name = (parts.path.lstrip("/") or "solidair") + f"_{suffix}"
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def _admin_url(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def database_create(url: str) -> None:
    admin, name = _admin_url(url)
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL server at {admin} ({error}); set DATABASE_URL")
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_drop(url: str) -> None:
    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def binary(name: str, package: str) -> str:
    sbin = Path("/usr/sbin") / name
    found = shutil.which(name) or (str(sbin) if sbin.is_file() else "")
    if not found:
        pytest.skip(f"{name} is not installed (apt-get install {package})")
    return found


# --- HTTP through nginx ----------------------------------------------------------------------


def _tls() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class Client:
    """One visitor over HTTPS through nginx: keeps its connection and its cookies."""

    def __init__(self, port: int, *, timeout: float = 30) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPSConnection | None = None

    def close(self) -> None:
        if self.conn:
            self.conn.close()
            self.conn = None

    def request(
        self, method: str, path: str, data: dict | list | None = None, headers: dict | None = None
    ):
        headers = {"Host": DOMAIN, **(headers or {})}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            body = urllib.parse.urlencode(data or {}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{DOMAIN}"
            headers["Referer"] = f"https://{DOMAIN}{path}"
        if self.conn is None:
            self.conn = http.client.HTTPSConnection(
                HOST, self.port, timeout=self.timeout, context=_tls()
            )
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except Exception:
            self.close()
            raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, dict(response.getheaders()), content


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)


class _FormParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(Form(action=attrs.get("action") or ""))
        elif tag == "input" and self.forms and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "checkbox" and "checked" not in attrs:
                return
            if kind in ("hidden", "text", "email", "checkbox"):
                value = attrs.get("value") or ("on" if kind == "checkbox" else "")
                self.forms[-1].fields.append((attrs["name"], value))


def forms(page: bytes) -> list[Form]:
    parser = _FormParser()
    parser.feed(page.decode())
    return parser.forms


def form(page: bytes, action_part: str) -> Form:
    found = [f for f in forms(page) if action_part in f.action]
    assert found, f"no form posting to *{action_part}* on the page"
    return found[0]


# --- the parts -------------------------------------------------------------------------------


class Stack:
    """Everything of the deployment, started in ``tmp``; ``stop_all`` stops it all."""

    def __init__(self, tmp: Path, *, web_concurrency: int = 1, database_suffix: str = "system"):
        self.tmp = tmp
        # Sync workers per gunicorn instance: one, so that two instances share two cores.
        self.web_concurrency = web_concurrency
        self.processes = Processes()
        self.database_url = database_url(database_suffix)
        self.redis_port = free_port()
        self.smtp_port = free_port()
        self.maildir = tmp / "maildir"
        self.web: list[tuple[subprocess.Popen, int]] = []
        self.redis: subprocess.Popen | None = None
        self.smtp: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.councils: list[str] = []
        values = env_example()
        values.update(
            SECRET_KEY=secrets.token_urlsafe(60),
            ALLOWED_HOSTS=DOMAIN,
            SITE_URL=f"https://{DOMAIN}",
            DATABASE_URL=self.database_url,
            REDIS_URL=f"redis://{HOST}:{self.redis_port}/0",
            STATIC_ROOT=str(tmp / "static"),
            MEDIA_ROOT=str(tmp / "media"),
            EMAIL_HOST=HOST,
            EMAIL_PORT=str(self.smtp_port),
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS="0",
            EMAIL_TIMEOUT="3",
            # Letters go out at once, whatever the day and hour of the test.
            COUNCIL_OFFICE_DAYS="1,2,3,4,5,6,7",
            COUNCIL_OFFICE_HOURS="00:00-24:00",
            COUNCIL_DAILY_CAP="100000",
            LETTER_FORM_MIN_SECONDS="0",
            LOG_LEVEL="WARNING",
            # The worker's lock files (MAIL_LOCK_FILE, PERIODIC_LOCK_FILE) in our temp dir, not
            # shared with a worker of someone else on this machine.
            TMPDIR=str(tmp),
        )
        self.env = settings_env(**values)

    # Each part -------------------------------------------------------------------------------

    def redis_start(self) -> None:
        cmd = [
            binary("redis-server", "redis-server"),
            "--bind", HOST, "--port", str(self.redis_port), "--save", "", "--appendonly", "no",
            "--dir", str(self.tmp),
        ]  # fmt: skip
        self.redis = self.processes.start(cmd, log=self.tmp / "redis.log", env=dict(os.environ))
        wait_until_serving(self.redis, self.redis_port, self.processes, "redis-server")

    def redis_stop(self) -> None:
        _stop(self.redis)

    def redis_keys(self) -> int:
        import redis

        return redis.Redis(host=HOST, port=self.redis_port, socket_timeout=2).dbsize()

    def smtp_start(self) -> None:
        """aiosmtpd, keeping every mail it accepts in a Maildir (which outlives restarts)."""
        cmd = [
            sys.executable, "-m", "aiosmtpd", "-n", "-l", f"{HOST}:{self.smtp_port}",
            "-c", "aiosmtpd.handlers.Mailbox", str(self.maildir),
        ]  # fmt: skip
        self.smtp = self.processes.start(cmd, log=self.tmp / "smtp.log", env=dict(os.environ))
        wait_until_serving(self.smtp, self.smtp_port, self.processes, "aiosmtpd")

    def smtp_stop(self) -> None:
        _stop(self.smtp)

    def mails(self) -> list[email.message.EmailMessage]:
        if not self.maildir.exists():
            return []
        box = mailbox.Maildir(self.maildir, create=False)
        return [
            email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
            for key in sorted(box.keys())
        ]

    def web_start(self, port: int | None = None) -> tuple[subprocess.Popen, int]:
        """One instance as solidair-web@.service runs it."""
        port = port or free_port()
        env = {
            **self.env,
            "SOLIDAIR_BIND": f"{HOST}:{port}",
            "WEB_CONCURRENCY": str(self.web_concurrency),
        }
        cmd = [str(GUNICORN), "--config", str(DEPLOY / "gunicorn.conf.py"), "solidair.wsgi"]
        proc = self.processes.start(cmd, log=self.tmp / f"gunicorn-{port}.log", env=env)
        wait_until_serving(proc, port, self.processes, "gunicorn")
        return proc, port

    def web_kill(self, index: int) -> int:
        """SIGKILL to an instance's master and workers, as a crash or the OOM killer would."""
        proc, port = self.web[index]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return port

    def worker_start(self) -> None:
        cmd = [sys.executable, "manage.py", "run_worker", "--jobs-interval", "2",
               "--mail-interval", "1"]  # fmt: skip
        self.worker = self.processes.start(cmd, log=self.tmp / "worker.log", env=self.env)

    def sql(self, query: str, *params) -> list[tuple]:
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    # All of it -------------------------------------------------------------------------------

    def start(self) -> None:
        database_create(self.database_url)
        self.redis_start()
        self.smtp_start()
        # collectstatic beside the migrations: two cores.
        static = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        result = manage(self.env, "migrate", "--noinput", "-v0")
        assert result.returncode == 0, result.stderr
        seeds = [SEEDS / name for name in SEED_FILES]
        if all(path.is_file() for path in seeds):
            result = manage(self.env, "import_legacy_content", *map(str, seeds))
            assert result.returncode == 0, result.stderr
        result = manage(self.env, "shell", "-v0", "-c", COUNCILS_CODE % COUNCILS)
        assert result.returncode == 0, result.stderr
        self.councils = result.stdout.split()
        assert len(self.councils) == COUNCILS, result.stdout
        assert static.wait(120) == 0, static.stdout.read()
        media = Path(self.env["MEDIA_ROOT"])
        (media / "public" / "evidence").mkdir(parents=True, exist_ok=True)
        (media / "public" / "evidence" / "besluit.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
        (media / "private" / "applications").mkdir(parents=True, exist_ok=True)
        (media / "private" / "applications" / "geheim.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
        self.worker_start()
        self.web = [self.web_start() for _ in range(2)]
        self.nginx_start()
        self.wait_healthy()

    def nginx_start(self) -> None:
        self.http, self.https = start_nginx(
            self.processes, self.tmp, upstreams=[port for _, port in self.web]
        )

    def wait_healthy(self, timeout: float = 60) -> None:
        """Until /gezondheid/ says ok: the worker has written its heartbeat."""
        deadline = time.monotonic() + timeout
        client = Client(self.https)
        status = None
        while time.monotonic() < deadline:
            status, _headers, body = client.request("GET", "/gezondheid/")
            if status == 200:
                return
            time.sleep(0.5)
        raise AssertionError(f"/gezondheid/ is not ok after {timeout} s: {status} {body!r}")

    def stop_all(self) -> None:
        self.processes.stop_all()
        with contextlib.suppress(psycopg.OperationalError):  # no server: nothing was created
            database_drop(self.database_url)


COUNCILS_CODE = """
import datetime
from solidair.letters.models import CouncilAddress
from solidair.municipalities.models import Municipality
for municipality in Municipality.objects.flemish().order_by("slug")[:%d]:
    # The reference data gave most councils their real address: the test's sink takes these.
    CouncilAddress.objects.update_or_create(
        municipality=municipality,
        defaults=dict(
            email=f"college@{municipality.slug}.example",
            source="system test",
            last_verified=datetime.date.today(),
            origin="network",
        ),
    )
    print(municipality.slug)
"""


def letter_links(mails, recipient: str) -> list[str]:
    """The confirmation links (paths) in the mails to ``recipient``."""
    links = []
    for mail in mails:
        if recipient in str(mail["To"]):
            text = mail.get_body(preferencelist=("plain",)).get_content()
            links += re.findall(r"https://[^/\s]+(/brief/bevestig/[^/\s]+/)", text)
    return links
