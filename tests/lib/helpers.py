"""Plain helpers for the tests of solidair/lib (fixtures: tests/conftest.py; the SMTP server:
smtp.py), also used by the letter tests."""

import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone
from post_office.models import STATUS, Email

ROOT = Path(__file__).resolve().parents[2]

# A letter and the residents' own paragraphs, for the likeness of texts (solidair.lib.similarity).
ORIGINAL = (
    "Wij willen dat onze gemeente solidair is met mensen op de vlucht. Ik vraag het college "
    "om toe te treden tot het netwerk van Solidaire Steden en Gemeenten en dat ook te laten zien."
)
# What a resident does to a text they copy.
EDITS = {
    "case, punctuation and spaces": (
        "WIJ willen, dat onze  gemeente SOLIDAIR is met mensen op de vlucht!!! Ik vraag het "
        "college om toe te treden tot het netwerk van Solidaire Steden en Gemeenten en dat ook "
        "te laten zien"
    ),
    "accents and line breaks": ORIGINAL.replace("gemeente", "gémeente").replace(". ", ".\n\n"),
    "two typos": ORIGINAL.replace("solidair is", "solidiar is").replace("college", "colege"),
    "two words replaced": ORIGINAL.replace("onze gemeente", "onze stad").replace(
        "het college", "het bestuur"
    ),
    "three words replaced": ORIGINAL.replace("Wij willen", "Wij vragen")
    .replace("onze gemeente", "onze stad")
    .replace("het college", "het bestuur"),
    "a sentence added": ORIGINAL + " Ik woon in de Kerkstraat.",
    "a clause left out": ORIGINAL.replace(" en dat ook te laten zien", ""),
    "the sentences swapped": (
        "Ik vraag het college om toe te treden tot het netwerk van Solidaire Steden en "
        "Gemeenten en dat ook te laten zien. Wij willen dat onze gemeente solidair is met "
        "mensen op de vlucht."
    ),
}
# Residents who wrote their own paragraph: on the same subject, with the letter's turns of
# phrase ("toe te treden tot het netwerk"), yet each their own.
GENUINE = [
    "Ik woon al twintig jaar in Hove en zie hoe mensen die vluchten hier moeilijk een woning "
    "vinden. Ik vraag het college om werk te maken van betaalbare huisvesting voor erkende "
    "vluchtelingen.",
    "Als vrijwilliger bij de voetbalclub zie ik elke week hoeveel kinderen op de vlucht "
    "bijdragen aan onze ploeg. Steun de verenigingen die hen opnemen, en maak van onze gemeente "
    "een solidaire gemeente.",
    "Onze school telt veel leerlingen die pas in België aankwamen. De leerkrachten doen hun "
    "best maar hebben ondersteuning nodig. Ik vraag dat de gemeente hen daarin helpt.",
    "Mijn grootouders kwamen hier zelf als vluchteling aan. Ik ben trots op een gemeente die "
    "mensen op de vlucht een warme opvang biedt en hoop dat Hove lid wordt van het netwerk.",
    "Ik vraag het college om een lokaal opvanginitiatief te openen en de inwoners te betrekken. "
    "Samen kunnen we meer mensen op de vlucht een veilige plek geven in onze gemeente.",
    "Ik werk in het OCMW en merk dat de drempels voor nieuwkomers hoog zijn. Maak de "
    "dienstverlening toegankelijker: tolken, eenvoudige taal en een vast aanspreekpunt zouden "
    "veel helpen.",
    ORIGINAL,
    "Ik vraag het college om toe te treden tot het netwerk van solidaire gemeenten. Onze "
    "gemeente kan meer doen voor mensen op de vlucht, bijvoorbeeld door vrijwilligers te "
    "ondersteunen.",
    "Graag zou ik zien dat onze gemeente lid wordt van het netwerk van Solidaire Gemeenten en "
    "dat ze de vrijwilligers die mensen op de vlucht helpen beter ondersteunt.",
    "Ik ben voogd van een niet-begeleide minderjarige. Meer voogden en pleeggezinnen zijn "
    "nodig; de gemeente kan inwoners daartoe oproepen en hen ondersteunen.",
]


def time_passes() -> None:
    """Every requeued mail is due again, as if its retry time had come."""
    Email.objects.filter(status=STATUS.requeued).update(
        scheduled_time=timezone.now() - timedelta(seconds=1)
    )


# The worker as its own process, on the test database: a copy of it on SQLite (the test database
# is in memory), the test database itself on PostgreSQL. Both need committed rows.


def worker_environment(tmp_path: Path, smtp) -> dict[str, str]:
    env = {
        **os.environ,
        "EMAIL_HOST": smtp.host,
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "5",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        copy = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        connection.connection.backup(target)
        target.close()
        env["SQLITE_PATH"] = str(copy)
        env.pop("DATABASE_URL", None)
    elif connection.vendor == "postgresql":
        credentials = quote(database["USER"] or "", safe="")
        if database["PASSWORD"]:
            credentials += ":" + quote(database["PASSWORD"], safe="")
        address = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        env["DATABASE_URL"] = f"postgres://{credentials}@{address}/{database['NAME']}"
    else:
        pytest.skip(f"no worker subprocess test for {connection.vendor}")
    return env


def worker_outbox(env: dict[str, str]) -> list[tuple[int, str]]:
    """(status, Message-ID) of every mail, as the worker's database has them."""
    if connection.vendor == "sqlite":
        database = sqlite3.connect(env["SQLITE_PATH"])
        try:
            query = "SELECT status, message_id FROM post_office_email ORDER BY id"
            return database.execute(query).fetchall()
        finally:
            database.close()
    return list(Email.objects.order_by("id").values_list("status", "message_id"))


def run_worker(env: dict[str, str], tmp_path: Path, *options: str) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "-v", "0"]
    return subprocess.Popen(
        [*command, "--lockfile", str(tmp_path / "outbox.lock"), *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
