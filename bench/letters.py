"""Time to generate a residents' letter as DOCX and as PDF: median and p95 over 50 letters.

`make bench` runs this after the page benchmark. It uses a throw-away SQLite
database in a temp dir (migrations load the municipalities and the letter
templates) with the network's members from ../shared/seeds when present, and
times `letter_build` and each renderer separately. Targets (issue "Residents'
letter"): DOCX <= 50 ms, PDF <= 300 ms per letter on this machine.
"""

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
SEEDS = ROOT.parent / "shared" / "seeds"
LETTERS = 50
TARGETS_MS = {"docx": 50, "pdf": 300}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure() -> dict:
    import django

    django.setup()
    from solidair.letters.composing.renderers.docx import render_docx
    from solidair.letters.composing.renderers.pdf import render_pdf
    from solidair.letters.composing.services import ResidentInput, letter_build
    from solidair.municipalities.models import Municipality

    places = list(Municipality.objects.flemish().order_by("?")[:LETTERS])
    timings: dict[str, list[float]] = {"build": [], "docx": [], "pdf": []}
    render_pdf(letter_build(municipality=places[0], resident=ResidentInput("A", "a@b.be")))
    for number, place in enumerate(places):
        resident = ResidentInput(
            name=f"Inwoner {number} Peeters-Çelik",
            email=f"inwoner{number}@example.be",
            phone="0470 12 34 56" if number % 2 else "",
            personal_paragraph="Ik woon hier graag en wil helpen. " * (number % 5),
            preferences=("housing", "reception")[: number % 3],
        )
        start = time.perf_counter()
        letter = letter_build(municipality=place, resident=resident)
        timings["build"].append(time.perf_counter() - start)
        for name, render in (("docx", render_docx), ("pdf", render_pdf)):
            start = time.perf_counter()
            render(letter)
            timings[name].append(time.perf_counter() - start)
    return {
        name: {
            "median_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            "n": len(values),
        }
        for name, values in timings.items()
    }


def main() -> int:
    if os.environ.get("SOLIDAIR_BENCH_CHILD"):
        print(json.dumps(measure()))
        return 0
    with tempfile.TemporaryDirectory(prefix="solidair-letters-") as tmp:
        env = {
            **os.environ,
            "SQLITE_PATH": str(Path(tmp) / "bench.sqlite3"),
            "DJANGO_SETTINGS_MODULE": "solidair.settings",
            "PYTHONPATH": str(ROOT),
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        page, letter = SEEDS / "000_62e2fbc28d8d54bd.txt", SEEDS / "004_c5cf21f2fbf0fed5.txt"
        if page.exists() and letter.exists():
            subprocess.run(
                [*manage, "import_legacy_content", str(page), str(letter)],
                env=env,
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
        child = subprocess.run(
            [sys.executable, __file__],
            env={**env, "SOLIDAIR_BENCH_CHILD": "1"},
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    results = json.loads(child.stdout)
    lines = [
        f"# Letter generation ({LETTERS} letters, one process)",
        "",
        "| step | median | p95 | target |",
        "|:---|---:|---:|---:|",
    ]
    for name, figures in results.items():
        target = TARGETS_MS.get(name)
        verdict = ""
        if target:
            verdict = f"≤ {target} ms: {'met' if figures['median_ms'] <= target else 'MISS'}"
        lines.append(f"| {name} | {figures['median_ms']} ms | {figures['p95_ms']} ms | {verdict} |")
    report = "\n".join(lines) + "\n"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "letters.md").write_text(report, encoding="utf-8")
    (OUT / "letters.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
