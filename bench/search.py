"""Latency of "Is mijn gemeente solidair?" over every name and postal code the search knows.

`.venv/bin/python bench/search.py`: a throw-away SQLite database (the migrations load the
reference data), then, in this process, the search page (/zoeken/?q=..., through Django's
whole middleware stack with the page cache off, as every first visitor of a query gets it) and
the search function alone, for:

- every name: the municipalities of Belgium (Dutch and French), the former municipalities and
  every Flemish locality (Dutch and French);
- every postal code; every "postal code + locality name" ("2100 Deurne");
- one typo of every name (its middle letter changed), which is not itself a name: the path
  that looks for similar names.

It prints how many localities, names and postal codes the search knows, the time to build the
index once per process, and p50/p99/max per group; the figures go to bench/out/search.json.

Usage: .venv/bin/python bench/search.py [--keep-tmp]
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
# A few members, so that the lists show the membership badges as they do in production.
MEMBERS = ("Antwerpen", "Diest", "Gent", "Leuven", "Merelbeke-Melle", "Tielt")


def setup(tmp: Path) -> None:
    sys.path.insert(0, str(ROOT))
    for key in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(key, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="solidair.settings",
        SQLITE_PATH=str(tmp / "db.sqlite3"),
        MEDIA_ROOT=str(tmp / "media"),
        STATIC_ROOT=str(tmp / "static"),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        PAGE_CACHE_SECONDS="0",
        LOG_LEVEL="ERROR",
    )
    (tmp / "static").mkdir()
    import django

    django.setup()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(timings: list[float]) -> dict[str, float]:
    return {
        "count": len(timings),
        "p50_ms": round(statistics.median(timings), 3),
        "p99_ms": round(percentile(timings, 0.99), 3),
        "max_ms": round(max(timings), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep-tmp", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        setup(tmp)
        run(tmp)
    finally:
        if args.keep_tmp:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def run(tmp: Path) -> None:
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from solidair.lib.text import fold
    from solidair.municipalities import search
    from solidair.municipalities.models import (
        FormerMunicipality,
        Locality,
        Municipality,
        PostalCode,
    )
    from tests.factories import make_member

    print(f"migrating a fresh database in {tmp} ...")
    call_command("migrate", "--noinput", verbosity=0)
    for name in MEMBERS:
        make_member(name)

    names = set()
    for municipality in Municipality.objects.all():
        names |= {municipality.name_nl, municipality.name_fr}
    names |= set(FormerMunicipality.objects.values_list("name", flat=True))
    coded = []
    for locality in Locality.objects.all():
        for name in filter(None, (locality.name_nl, locality.name_fr)):
            names.add(name)
            coded.append(f"{locality.postal_code} {name}")
    codes = sorted(set(PostalCode.objects.values_list("code", flat=True)))
    flemish_codes = set(
        PostalCode.objects.filter(municipality__region="flanders").values_list("code", flat=True)
    )
    known = {fold(name) for name in names}
    typos = []
    for name in sorted(names):
        middle = len(name) // 2
        typo = name[:middle] + ("q" if name[middle] != "q" else "x") + name[middle + 1 :]
        if fold(typo) not in known:
            typos.append(typo)

    started = time.perf_counter()
    index = search.place_index()
    build_ms = (time.perf_counter() - started) * 1000
    known_counts = {
        "localities": Locality.objects.count(),
        "locality_names": len({loc.name_nl for loc in Locality.objects.all()}),
        "municipalities": Municipality.objects.count(),
        "flemish_municipalities": Municipality.objects.flemish().count(),
        "former_municipalities": FormerMunicipality.objects.count(),
        "folded_names": len(index.keys),
        "postal_codes": len(index.postal_codes),
        "flemish_postal_codes": len(flemish_codes),
        "postal_codes_with_a_locality": Locality.objects.values("postal_code").distinct().count(),
    }

    groups = {
        "names": sorted(names),
        "postal codes": codes,
        "code + name": coded,
        "typos": typos,
    }
    client = Client()
    results: dict[str, dict] = {}
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):  # no collectstatic manifest needed
        for query in groups["names"][:50]:  # warm the templates and the URL resolver
            client.get("/zoeken/", {"q": query})
        every_page, every_call = [], []
        for group, queries in groups.items():
            pages, calls, redirects = [], [], 0
            for query in queries:
                started = time.perf_counter()
                response = client.get("/zoeken/", {"q": query})
                pages.append((time.perf_counter() - started) * 1000)
                redirects += response.status_code == 302
                if response.status_code not in (200, 302):
                    raise SystemExit(f"/zoeken/?q={query} answered {response.status_code}")
                started = time.perf_counter()
                search.search_municipalities(query)
                calls.append((time.perf_counter() - started) * 1000)
            results[group] = {
                "page": summary(pages),
                "function": summary(calls),
                "redirects": redirects,
            }
            every_page += pages
            every_call += calls
        results["all"] = {
            "page": summary(every_page),
            "function": summary(every_call),
            "redirects": sum(r["redirects"] for r in results.values()),
        }

    print(
        "The search knows {localities} localities ({locality_names} names), "
        "{flemish_municipalities} Flemish of {municipalities} municipalities, "
        "{former_municipalities} former municipalities: {folded_names} folded names; "
        "{postal_codes} postal codes ({flemish_postal_codes} Flemish, "
        "{postal_codes_with_a_locality} with a locality).".format(**known_counts)
    )
    print(f"Index built in {build_ms:.0f} ms (once per process).")
    print()
    print("| queries | count | redirects | page p50 | page p99 | page max | search() p50 | p99 |")
    print("|:---|---:|---:|---:|---:|---:|---:|---:|")
    for group, result in results.items():
        page, function = result["page"], result["function"]
        print(
            f"| {group} | {page['count']} | {result['redirects']} | {page['p50_ms']:.2f} ms "
            f"| {page['p99_ms']:.2f} ms | {page['max_ms']:.1f} ms "
            f"| {function['p50_ms']:.3f} ms | {function['p99_ms']:.3f} ms |"
        )
    OUT.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    (OUT / "search.json").write_text(
        json.dumps(
            {
                "known": known_counts,
                "index_build_ms": round(build_ms, 1),
                "results": results,
                "load_average": [round(x, 2) for x in load],
            },
            indent=2,
        )
    )
    print(f"\nLoad average {load[0]:.2f}; written to {OUT / 'search.json'}")


if __name__ == "__main__":
    main()
