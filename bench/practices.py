"""Speed of the good-practice search (solidair.initiatives: InitiativeQuerySet.search).

`.venv/bin/python bench/practices.py` builds a throw-away database (SQLite in a temp dir, or
with `--postgres` a database of its own on DATABASE_URL's server: its name + ``_practices``,
dropped afterwards), imports the network's old page from ../shared/seeds when it is there, and
adds `--practices` generated practices (300) spread over the municipalities, each with a
summary, a text of a few paragraphs and a list, two sub-projects, a link, a partner and two
themes. Then it times, for every word shown on the imported practices (or the generated ones
without seeds) and for two- and three-word queries made of them:

- *search*: what the library page asks of the database: the count and the first page
  (``selectors.library``), and
- *page*: the whole page ``/initiatieven/?q=...`` through Django's test client, the page cache
  off (what a visitor waits for before the page cache has it).

It prints p50, p99 and the slowest per kind, also the search's CPU time in this process (it
holds SQLite's work too, and depends less than the wall time on other load on the machine),
the time to rebuild the index of all practices, and writes bench/out/practices(-postgres).json.
Exit status 1 when a query found nothing although its word is shown (the search would be
wrong, not slow).
"""

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SEEDS = Path(os.environ.get("SEEDS", ROOT.parent / "shared" / "seeds"))
PAGE = SEEDS / "000_62e2fbc28d8d54bd.txt"
LETTER = SEEDS / "004_c5cf21f2fbf0fed5.txt"

SENTENCES = [
    "Vrijwilligers begeleiden erkende vluchtelingen bij het zoeken naar een woning.",
    "Het OCMW werkt samen met de buurtwerking en de bibliotheek.",
    "Elke week is er een taalcafé waar nieuwkomers Nederlands oefenen.",
    "Buddy's volgen een gezin een jaar lang, van de eerste dag in de gemeente.",
    "Jongeren op de vlucht vinden de weg naar de sportclub en de jeugdbeweging.",
    "Het lokaal opvanginitiatief biedt plaats aan gezinnen en alleenstaanden.",
    "Scholen krijgen ondersteuning om anderstalige kinderen te onthalen.",
    "Een huurwaarborgfonds helpt bij de eerste stap naar een eigen woning.",
    "De gemeente steunt projecten in vluchtelingenkampen aan de buitengrenzen.",
    "Pleeggezinnen en voogden voor niet-begeleide minderjarigen worden gezocht.",
]
LIST = "\n- Taallessen\n- Huiswerkbegeleiding\n- Samen koken"


def practices_generate(count: int) -> None:
    from solidair.initiatives.models import Initiative, InitiativeLink, SubProject
    from solidair.initiatives.services import initiatives_search_rebuild
    from solidair.membership.models import Activity
    from solidair.municipalities.models import Municipality
    from solidair.network.models import PartnerOrganisation

    rng = random.Random(7)
    places = list(Municipality.objects.flemish().order_by("refnis"))
    themes = list(Activity.objects.all())
    partners = [
        PartnerOrganisation.objects.get_or_create(name=f"Vzw Partner {n}")[0] for n in range(30)
    ]
    for number in range(count):
        paragraphs = [" ".join(rng.sample(SENTENCES, 3)) for _ in range(3)]
        initiative = Initiative.objects.create(
            municipality=places[number % len(places)],
            title=f"{rng.choice(['Buddywerking', 'Taalcafé', 'Woonbegeleiding'])} {number}",
            summary=rng.choice(SENTENCES),
            text="\n\n".join(paragraphs) + LIST,
        )
        initiative.themes.set(rng.sample(themes, 2))
        initiative.partners.set([rng.choice(partners)])
        for position in (1, 2):
            SubProject.objects.create(
                initiative=initiative, title=f"Deelproject {position}: {rng.choice(SENTENCES)}"
            )
        InitiativeLink.objects.create(
            initiative=initiative, label="Meer informatie", url="https://example.be/"
        )
    initiatives_search_rebuild()


def queries(rng: random.Random) -> list[tuple[str, set[int]]]:
    """Every word shown on the imported practices (or on 50 generated ones), with the
    initiatives that show it, and 200 queries of two or three of those words."""
    from solidair.initiatives.models import Initiative
    from solidair.lib.richtext import rich_text_plain

    initiatives = Initiative.objects.published().prefetch_related(
        "sub_projects", "links", "partners", "themes", "municipality__former_municipalities"
    )
    imported = [i for i in initiatives if i.source_note]
    by_word: dict[str, set[int]] = {}
    for initiative in imported or initiatives[:50]:
        place = initiative.municipality
        pieces = [initiative.title, initiative.summary, rich_text_plain(initiative.text)]
        pieces += [s.title for s in initiative.sub_projects.all()]
        pieces += [link.label for link in initiative.links.all()]
        pieces += [partner.name for partner in initiative.partners.all()]
        pieces += [theme.label_nl for theme in initiative.themes.all()]
        pieces += [place.name_nl, place.name_fr]
        pieces += [former.name for former in place.former_municipalities.all()]
        for word in " ".join(pieces).split():
            if any(c.isalnum() for c in word):
                by_word.setdefault(word, set()).add(initiative.pk)
    single = sorted(by_word.items())
    words = [word for word, _ids in single]
    combined = [(" ".join(rng.sample(words, rng.choice((2, 3)))), set()) for _ in range(200)]
    return single + combined


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(practices: int) -> dict:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic needed
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from solidair.initiatives.models import Initiative
    from solidair.initiatives.selectors import library
    from solidair.initiatives.services import initiatives_search_rebuild

    # The page cache off; static files named without a collectstatic manifest (as in tests).
    override_settings(
        PAGE_CACHE_SECONDS=0,
        ALLOWED_HOSTS=["testserver"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()
    imported = PAGE.exists() and LETTER.exists()
    if imported:
        call_command("import_legacy_content", str(PAGE), str(LETTER), stdout=io.StringIO())
    practices_generate(practices)
    total = Initiative.objects.count()
    started = time.perf_counter()
    initiatives_search_rebuild()
    rebuild_s = time.perf_counter() - started

    rng = random.Random(11)
    search_ms, search_cpu_ms, page_ms, wrong = [], [], [], []
    client = Client()
    for query, expected in queries(rng):
        started, cpu = time.perf_counter(), time.process_time()
        results = library(query=query)
        results.count()
        first_page = list(results[: settings.INITIATIVES_PAGE_SIZE])
        search_ms.append((time.perf_counter() - started) * 1000)
        search_cpu_ms.append((time.process_time() - cpu) * 1000)
        if expected and not expected <= set(results.values_list("pk", flat=True)):
            wrong.append(query)
        started = time.perf_counter()
        response = client.get("/initiatieven/", {"q": query})
        page_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (query, response.status_code)
        assert first_page or not expected

    def summary(values: list[float]) -> dict:
        return {
            "p50_ms": round(statistics.median(values), 1),
            "p99_ms": round(percentile(values, 0.99), 1),
            "max_ms": round(max(values), 1),
        }

    return {
        "database": connection.vendor,
        "legacy_imported": imported,
        "initiatives": total,
        "queries": len(search_ms),
        "rebuild_index_s": round(rebuild_s, 2),
        "search": summary(search_ms),
        "search_cpu": summary(search_cpu_ms),
        "page": summary(page_ms),
        "wrong": wrong,
    }


def _postgres_url() -> str:
    base = os.environ.get("DATABASE_URL", "") or "postgres://postgres@127.0.0.1:5432/solidair"
    parts = urllib.parse.urlsplit(base)
    name = (parts.path.lstrip("/") or "solidair") + "_practices"
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def _postgres(url: str, statement: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        conn.execute(statement.format(name=parts.path.lstrip("/")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=300, help="generated practices (300)")
    parser.add_argument(
        "--postgres", action="store_true", help="on DATABASE_URL's PostgreSQL server"
    )
    args = parser.parse_args()
    if os.environ.get("SOLIDAIR_BENCH_CHILD"):
        print(json.dumps(measure(args.practices)))
        return 0

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="solidair-practices-") as tmp:
        env = {
            **os.environ,
            "SQLITE_PATH": str(Path(tmp) / "bench.sqlite3"),
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "DJANGO_SETTINGS_MODULE": "solidair.settings",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        if args.postgres:
            env["DATABASE_URL"] = _postgres_url()
            _postgres(env["DATABASE_URL"], 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            _postgres(env["DATABASE_URL"], 'CREATE DATABASE "{name}"')
        try:
            manage = [sys.executable, str(ROOT / "manage.py")]
            subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
            child = subprocess.run(
                [sys.executable, __file__, "--practices", str(args.practices)],
                env={**env, "SOLIDAIR_BENCH_CHILD": "1"},
                check=True,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
            )
        finally:
            if args.postgres:
                _postgres(env["DATABASE_URL"], 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    result = json.loads(child.stdout.strip().splitlines()[-1])
    result["load_average"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    OUT.mkdir(parents=True, exist_ok=True)
    name = "practices-postgres" if args.postgres else "practices"
    (OUT / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")

    print(
        f"{result['database']}: {result['initiatives']} initiatives "
        f"({'legacy content and ' if result['legacy_imported'] else ''}generated), "
        f"{result['queries']} queries; index rebuilt in {result['rebuild_index_s']} s"
    )
    print("| what | p50 | p99 | slowest |\n|:---|---:|---:|---:|")
    for kind, label in (
        ("search", "search (count + first page)"),
        ("search_cpu", "search, CPU time of this process"),
        ("page", "whole page"),
    ):
        row = result[kind]
        print(f"| {label} | {row['p50_ms']} ms | {row['p99_ms']} ms | {row['max_ms']} ms |")
    print("load average before and after: {} and {} (2 cores)".format(*result["load_average"]))
    if result["wrong"]:
        print(f"Words that did not find their practice: {result['wrong'][:20]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
