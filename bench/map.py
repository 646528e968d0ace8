"""Transfer size and time to interactive of the map page (/kaart/), in Debian's Chromium.

Prepares a throw-away database and static files like bench/run.py, serves the app with
gunicorn (production-like: DEBUG=0, WhiteNoise serving the compressed static files),
and opens /kaart/ in a fresh browser context `--runs` times. For each run it records,
from the DevTools protocol, the bytes on the wire of every response (gzipped where the
server compresses) and, from the page, the navigation timings and the moment the map's
script marked "map-drawn" (the polygons are on screen and the keyboard list is ready).
The median run is printed and written to bench/out/map.json.

Usage: .venv/bin/python bench/map.py [--runs 5] [--language nl|fr|en] [--keep-tmp]
"""

import argparse
import gzip
import json
import shutil
import signal
import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from run import (
    HOST,
    OUT,
    ROOT,
    VENV_BIN,
    BenchError,
    GunicornConfig,
    Processes,
    exit_on_signal,
    manage,
    prepare_database,
    start_gunicorn,
    subprocess_env,
)

CHROMIUM = "/usr/bin/chromium"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"

TIMINGS = """() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const drawn = performance.getEntriesByName('map-drawn')[0];
    return {
        ttfb_ms: nav.responseStart,
        dom_interactive_ms: nav.domInteractive,
        dom_content_loaded_ms: nav.domContentLoadedEventEnd,
        load_ms: nav.loadEventEnd,
        map_drawn_ms: drawn ? drawn.startTime : null,
    };
}"""


def kind_of(url: str) -> str:
    url = urlsplit(url).path  # the map data is asked for with ?lang=
    if url.endswith(".geojson"):
        return "geojson"
    if url.endswith(".js"):
        return "js"
    if url.endswith(".css"):
        return "css"
    if "/kaart/" in url:
        return "html"
    return "other"


def measure_once(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-BE")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"])
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])),
    )
    try:
        page.goto(url)
        page.wait_for_selector("#map[data-ready='true']", timeout=30_000)
        page.wait_for_load_state("load")
        timings = page.evaluate(TIMINGS)
        polygons = page.locator("#map path.leaflet-interactive").count()
    finally:
        context.close()
    by_kind: dict[str, int] = {}
    for request_id, size in sizes.items():
        kind = kind_of(urls.get(request_id, ""))
        by_kind[kind] = by_kind.get(kind, 0) + size
    return {
        **timings,
        "polygons": polygons,
        "bytes": by_kind,
        "total_bytes": sum(by_kind.values()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep-tmp", action="store_true")
    parser.add_argument(
        "--language", choices=("nl", "fr", "en"), default="nl", help="the page's language"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, exit_on_signal)
    processes = Processes()
    tmp = Path(tempfile.mkdtemp(prefix="solidair-bench-map-"))
    try:
        if not (VENV_BIN / "gunicorn").is_file():
            raise BenchError(f"no gunicorn next to {sys.executable}: run .venv/bin/python")
        env = subprocess_env(tmp, page_cache=True)
        print(f"Preparing the database and static files in {tmp}")
        print(f"  {prepare_database(env, DEFAULT_SEEDS)}")
        manage(env, "collectstatic", "--noinput", "-v0")
        _proc, port, _settings = start_gunicorn(processes, GunicornConfig("sync", 2), tmp, env)
        path = "/kaart/" if args.language == "nl" else f"/{args.language}/kaart/"
        url = f"http://{HOST}:{port}{path}"

        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            measure_once(browser, url)  # warms the app's caches (boundaries, page cache)
            runs = [measure_once(browser, url) for _ in range(args.runs)]
            browser.close()
        median = sorted(runs, key=lambda run: run["map_drawn_ms"])[len(runs) // 2]
        # The app compresses the open data, not its HTML pages (a proxy in front would).
        with urllib.request.urlopen(url, timeout=30) as response:
            html_gzipped = len(gzip.compress(response.read()))
        result = {
            "url": path,
            "runs": args.runs,
            "median": median,
            "map_drawn_ms_all": [round(run["map_drawn_ms"]) for run in runs],
            "map_drawn_ms_stdev": round(statistics.pstdev(r["map_drawn_ms"] for r in runs), 1),
            "html_gzipped_bytes": html_gzipped,
        }
        OUT.mkdir(exist_ok=True)
        name = "map.json" if args.language == "nl" else f"map-{args.language}.json"
        (OUT / name).write_text(json.dumps(result, indent=2))
        kb = {kind: round(size / 1024, 1) for kind, size in median["bytes"].items()}
        print(f"Polygons drawn: {median['polygons']}")
        print(
            f"Transfer (KB on the wire, median run): {kb}, total {median['total_bytes'] / 1024:.1f}"
        )
        print(
            "Timings (ms): TTFB {ttfb_ms:.0f}, DOM interactive {dom_interactive_ms:.0f}, "
            "load {load_ms:.0f}, map drawn {map_drawn_ms:.0f}".format(**median)
        )
        print(f"Map drawn in every run (ms): {result['map_drawn_ms_all']}")
        proxied = median["total_bytes"] - median["bytes"].get("html", 0) + html_gzipped
        print(
            f"HTML gzipped (behind a compressing proxy): {html_gzipped / 1024:.1f} KB; total "
            f"then {proxied / 1024:.1f} KB"
        )
        return 0
    except BenchError as error:
        print(f"\nbench: {error}", file=sys.stderr)
        return 1
    finally:
        processes.stop_all()
        if args.keep_tmp:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
