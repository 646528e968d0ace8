"""Render cost of the municipality pages: every member's page and a sample of the others.

`.venv/bin/python bench/member_pages.py` builds a throw-away SQLite database in a temp dir
(migrations, then the network's old page from ../shared/seeds when it is there, else a few
members made with the test factories), gives each member's commitments a ladder (a proven rung
*in uitvoering* for every other commitment), and renders through Django's test client, with the
page cache off (what a visitor waits for before the page cache has the page):

- every member's page (`/gemeenten/<slug>/`), `--rounds` times each (5), and
- the pages of 20 municipalities that are not members.

It prints the p50, p99 and slowest whole-page time, the queries per page (the most and the
fewest: they should not grow with a member's commitments) and writes
bench/out/member_pages.json. Only loopback and the temp dir are used.
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SEEDS = Path(os.environ.get("SEEDS", ROOT.parent / "shared" / "seeds"))
PAGE = SEEDS / "000_62e2fbc28d8d54bd.txt"
LETTER = SEEDS / "004_c5cf21f2fbf0fed5.txt"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(rounds: int) -> dict:
    import datetime
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic needed
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from solidair.membership.ladder import commitment_rung_refresh
    from solidair.membership.models import CommitmentRung, Membership, Rung
    from solidair.municipalities.models import Municipality

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
    else:
        sys.path.insert(0, str(ROOT))
        from tests.factories import make_member

        for name in ("Gent", "Leuven", "Aalst", "Brugge", "Hasselt"):
            make_member(name, ("reception", "housing", "network", "education"))
    members = list(Membership.objects.active().select_related("municipality"))
    for membership in members:
        for index, commitment in enumerate(membership.commitments.all()):
            if index % 2 == 0 and not commitment.rungs.filter(rung=Rung.IN_PROGRESS).exists():
                CommitmentRung.objects.create(
                    commitment=commitment,
                    rung=Rung.IN_PROGRESS,
                    date=datetime.date(2025, 3, 1),
                    evidence_url="https://example.be/bewijs",
                )
                commitment_rung_refresh(commitment=commitment)
    member_slugs = [m.municipality.slug for m in members]
    others = list(
        Municipality.objects.flemish()
        .exclude(slug__in=member_slugs)
        .order_by("refnis")
        .values_list("slug", flat=True)[:20]
    )
    client = Client()
    result = {"database": connection.vendor, "legacy_imported": imported}
    for kind, slugs in (("member", member_slugs), ("other", others)):
        times, queries = [], []
        for slug in slugs:
            client.get(f"/gemeenten/{slug}/")  # warm: templates, translations
            for _ in range(rounds):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(f"/gemeenten/{slug}/")
                    times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (slug, response.status_code)
                queries.append(len(captured))
        result[kind] = {
            "pages": len(slugs),
            "p50_ms": round(statistics.median(times), 1),
            "p99_ms": round(percentile(times, 0.99), 1),
            "max_ms": round(max(times), 1),
            "queries_min": min(queries),
            "queries_max": max(queries),
        }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="renders per page (5)")
    args = parser.parse_args()
    if os.environ.get("SOLIDAIR_BENCH_CHILD"):
        print(json.dumps(measure(args.rounds)))
        return 0
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="solidair-member-pages-") as tmp:
        env = {
            **os.environ,
            "SQLITE_PATH": str(Path(tmp) / "bench.sqlite3"),
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "DJANGO_SETTINGS_MODULE": "solidair.settings",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True
        )
        child = subprocess.run(
            [sys.executable, __file__, "--rounds", str(args.rounds)],
            env={**env, "SOLIDAIR_BENCH_CHILD": "1"},
            check=True,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
    result = json.loads(child.stdout.strip().splitlines()[-1])
    result["load_average"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "member_pages.json").write_text(json.dumps(result, indent=2) + "\n")
    print("| pages | count | p50 | p99 | slowest | queries |\n|:---|---:|---:|---:|---:|---:|")
    for kind, label in (("member", "members"), ("other", "not members")):
        row = result[kind]
        print(
            f"| {label} | {row['pages']} | {row['p50_ms']} ms | {row['p99_ms']} ms | "
            f"{row['max_ms']} ms | {row['queries_min']}–{row['queries_max']} |"
        )
    print("load average before and after: {} and {} (2 cores)".format(*result["load_average"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
