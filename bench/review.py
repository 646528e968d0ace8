"""Cost of the review rule when a letter is confirmed (solidair/letters/delivery/review.py): the
comparison of its paragraph with other residents' letters.

`.venv/bin/python bench/review.py [--letters N] [--words W] [--runs R]`: a throw-away SQLite
database in a temp dir (migrations load the municipalities and the letter templates) holds N
individual and N collective letters (default 500 each, the comparison's bound), confirmed in
the last 90 days, each with its own paragraph of about W words (default 80) drawn from a
Dutch vocabulary, plus shorter and longer ones. Then, timed R times each (default 50):
``review_reason`` for a new letter whose paragraph is like none of them (every candidate is
read and compared), and for one that copies the oldest letter with two words changed (found
last). Reported: median and p99 of the wall time, and the median CPU time of the process (the
figure that the machine's other load does not change), in ms.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
VOCABULARY = str.split(
    "ik wij onze gemeente stad college bestuur vraag vragen willen mensen op de vlucht opvang "
    "warm solidair netwerk toe treden vrijwilligers school kinderen woning huisvesting steun "
    "verenigingen sport buurt inwoners samen veilig thuis erkende vluchtelingen werk taal les "
    "ocmw drempels toegankelijk tolken pleeggezin voogd minderjarige hulp helpen trots hoop "
    "meer doen lokaal initiatief plek plaats bibliotheek jeugd cultuur zorg gezin dank goed "
    "graag zien betrekken ondersteunen betaalbaar wonen nieuwkomers leerkrachten aankomst"
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(VOCABULARY) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def measure(letters: int, words: int, runs: int) -> dict:
    import django

    django.setup()
    from django.utils import timezone

    from solidair.letters.delivery.review import review_reason
    from solidair.letters.models import (
        CollectiveLetter,
        LetterKind,
        LetterStatus,
        ResidentLetter,
    )
    from solidair.lib.tokens import email_digest, key_new
    from solidair.municipalities.models import Municipality

    rng = random.Random(7)
    now = timezone.now()
    places = list(Municipality.objects.flemish().order_by("refnis")[:50])
    common = {"kind": LetterKind.JOIN, "template_version": 1, "status": LetterStatus.SENT}

    def when(number: int) -> datetime.datetime:
        return now - datetime.timedelta(days=89 * number / letters)

    def length(number: int) -> int:
        return (words // 2, words, words * 2)[number % 3]

    ResidentLetter.objects.bulk_create(
        ResidentLetter(
            municipality=places[number % len(places)],
            created_at=when(number),
            confirmed_at=when(number),
            name=f"Inwoner {number}",
            email=f"inwoner{number}@example.be",
            personal_paragraph=paragraph(rng, length(number)),
            email_digest=email_digest(f"inwoner{number}@example.be"),
            **common,
        )
        for number in range(letters)
    )
    CollectiveLetter.objects.bulk_create(
        CollectiveLetter(
            municipality=places[number % len(places)],
            created_at=when(number),
            confirmed_at=when(number),
            share_key=key_new(),
            manage_key=key_new(),
            initiator_name=f"Initiatiefnemer {number}",
            initiator_email=f"samen{number}@example.be",
            personal_paragraph=paragraph(rng, length(number)),
            email_digest=email_digest(f"samen{number}@example.be"),
            **common,
        )
        for number in range(letters)
    )
    oldest = ResidentLetter.objects.order_by("confirmed_at").first()
    copied = oldest.personal_paragraph.split()
    copied[3], copied[-3] = "anders", "ook"
    cases = {
        "like none (all compared)": paragraph(random.Random(99), words),
        "copy of the oldest": " ".join(copied),
    }
    results = {}
    for name, text in cases.items():
        letter = ResidentLetter(
            municipality=places[0],
            personal_paragraph=text,
            email_digest=email_digest("nieuw@example.be"),
        )
        reason = review_reason(letter=letter, now=now)  # warm: connection, query plans
        timings, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            review_reason(letter=letter, now=now)
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        results[name] = {
            "median_ms": round(statistics.median(timings) * 1000, 1),
            "p99_ms": round(percentile(timings, 0.99) * 1000, 1),
            # CPU time of this process (SQLite runs in it): what the others' load does not change.
            "cpu_median_ms": round(statistics.median(cpu) * 1000, 1),
            "held": bool(reason),
        }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=500, help="letters of each kind")
    parser.add_argument("--words", type=int, default=80, help="words in a typical paragraph")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    if os.environ.get("SOLIDAIR_BENCH_CHILD"):
        print(json.dumps(measure(args.letters, args.words, args.runs)))
        return 0
    with tempfile.TemporaryDirectory(prefix="solidair-review-") as tmp:
        env = {
            **os.environ,
            "SQLITE_PATH": str(Path(tmp) / "bench.sqlite3"),
            "DJANGO_SETTINGS_MODULE": "solidair.settings",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("DATABASE_URL", None)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        child = subprocess.run(
            [sys.executable, __file__, *sys.argv[1:]],
            env={**env, "SOLIDAIR_BENCH_CHILD": "1"},
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    results = json.loads(child.stdout)
    lines = [
        f"# Review of a confirmed letter ({args.letters} individual + {args.letters} collective "
        f"letters stored, paragraphs of about {args.words} words, {args.runs} runs)",
        "",
        "| new paragraph | median | p99 | CPU (median) | held |",
        "|:---|---:|---:|---:|:---|",
    ]
    for name, figures in results.items():
        lines.append(
            f"| {name} | {figures['median_ms']} ms | {figures['p99_ms']} ms | "
            f"{figures['cpu_median_ms']} ms | {'yes' if figures['held'] else 'no'} |"
        )
    report = "\n".join(lines) + "\n"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "review.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
