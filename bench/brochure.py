"""Time to generate the brochure of a learning meeting with 50 practices.

`make bench` runs this after the letters. A throw-away SQLite database in a temp dir
(the migrations load the municipalities, the activities and the partners); one meeting
with 50 published practices spread over 50 municipalities, each with a summary, rich
text (paragraphs and a list), three themes, a link, a public contact and, for one in
five, an image; 6 recommendations. It times `brochure_generate` (data, Typst, page count,
storing the file and the row) RUNS times and reports the median and the slowest.
Target: <= 3 s on this machine.
"""

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
PRACTICES = 50
RUNS = 5
TARGET_S = 3.0

TEXT = (
    "<p>De gemeente werkt samen met het OCMW en vrijwilligers om nieuwkomers te begeleiden "
    "bij het zoeken naar een woning, de inschrijving op school en de eerste contacten met "
    "verenigingen.</p><ul><li>Een wekelijks taalcafé in de bibliotheek.</li>"
    "<li>Buddy's die een gezin een jaar lang volgen.</li><li>Een huurwaarborgfonds.</li></ul>"
    "<p>Resultaat: 40 gezinnen vonden in twee jaar een woning; 25 vrijwilligers zijn actief."
    "</p>"
) * 2


def setup_meeting():
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone
    from PIL import Image

    from solidair.initiatives.models import Initiative
    from solidair.membership.models import Activity, ContactPerson
    from solidair.municipalities.models import Municipality
    from solidair.network.models import Level, Meeting, Position, Recommendation
    from solidair.operations.uploads import image_prepare

    start = timezone.now() - datetime.timedelta(days=7)
    meeting = Meeting.objects.create(
        title="Wonen na de opvang",
        theme="Huisvesting",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        published=True,
    )
    activities = list(Activity.objects.all()[:3])
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1000), "teal").save(buffer, format="JPEG")
    image = image_prepare(ContentFile(buffer.getvalue(), name="photo.jpg"))
    places = list(Municipality.objects.flemish().order_by("name_nl")[:PRACTICES])
    for number, place in enumerate(places):
        initiative = Initiative.objects.create(
            municipality=place,
            title=f"Buddywerking en woonbegeleiding in {place.name_nl}",
            summary="Vrijwilligers en het OCMW begeleiden erkende vluchtelingen naar een woning.",
            text=TEXT,
        )
        initiative.themes.set(activities)
        initiative.links.create(label="Meer info", url="https://example.be/praktijk")
        if number % 5 == 0:
            initiative.image.save(image.name, ContentFile(image.read()), save=False)
            image.seek(0)
            initiative.image_alt = "Vrijwilligers en nieuwkomers rond een tafel"
            initiative.save()
        ContactPerson.objects.create(
            municipality=place, name="Contact", email=f"sociale.dienst{number}@example.be"
        )
        initiative.meetings.add(meeting)
    position = Position.objects.create(title="Vlaams minister van Wonen", level=Level.FLEMISH)
    for number in range(6):
        Recommendation.objects.create(
            title=f"Aanbeveling {number + 1}",
            text="Voorzie middelen voor begeleiding naar een woning.\n\nEn meer.",
            level=Level.FLEMISH,
            meeting=meeting,
            addressee=position,
        )
    return meeting


def measure() -> dict:
    import django

    django.setup()
    from solidair.network.brochures import brochure_generate

    meeting = setup_meeting()
    timings, pages = [], 0
    for number in range(RUNS):
        started = time.perf_counter()
        brochure = brochure_generate(meeting=meeting, introduction="Inleiding.\n\n" * 3)
        timings.append(time.perf_counter() - started)
        pages, size = brochure.page_count, brochure.size
        assert brochure.version == number + 1
    return {
        "practices": PRACTICES,
        "runs": RUNS,
        "median_s": round(statistics.median(timings), 2),
        "max_s": round(max(timings), 2),
        "pages": pages,
        "size_kb": round(size / 1024),
    }


def main() -> int:
    if os.environ.get("SOLIDAIR_BENCH_CHILD"):
        print(json.dumps(measure()))
        return 0
    with tempfile.TemporaryDirectory(prefix="solidair-brochure-") as tmp:
        env = {
            **os.environ,
            "SQLITE_PATH": str(Path(tmp) / "bench.sqlite3"),
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "DJANGO_SETTINGS_MODULE": "solidair.settings",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("DATABASE_URL", None)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        child = subprocess.run(
            [sys.executable, __file__],
            env={**env, "SOLIDAIR_BENCH_CHILD": "1"},
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    results = json.loads(child.stdout)
    verdict = "met" if results["median_s"] <= TARGET_S else "MISS"
    report = (
        f"# Brochure generation ({results['practices']} practices, {results['runs']} runs)\n\n"
        "| median | slowest | pages | size | target |\n|---:|---:|---:|---:|---:|\n"
        f"| {results['median_s']} s | {results['max_s']} s | {results['pages']} "
        f"| {results['size_kb']} kB | ≤ {TARGET_S:g} s: {verdict} |\n"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "brochure.md").write_text(report, encoding="utf-8")
    (OUT / "brochure.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report)
    return 0 if verdict == "met" else 1


if __name__ == "__main__":
    sys.exit(main())
