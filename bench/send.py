"""Letters sent by e-mail: 1,000 confirmed letters through the outbox to a local SMTP server.

`make bench` runs this after the letter benchmark. A throw-away SQLite database in a temp dir
(migrations load the municipalities and the letter templates); an aiosmtpd server in a
subprocess on a free loopback port that accepts and discards every mail (`Sink`). Fifty
councils get twenty letters each (their daily cap), all confirmed and due. Then, timed, what
the worker does: `letters_dispatch` (the letter built from live data, its PDF, the mail
queued in the outbox, the letter marked sent) and `outbox_flush` (SMTP delivery, one mail at a
time, as in production). Reported: letters per second for each step and for both, and the
worker's peak memory (maximum resident set size, and the peak of Python allocations with
--tracemalloc, which slows everything down). Target: >= 20 letters/s.
"""

import argparse
import datetime
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET = 20.0
SINK = "aiosmtpd.handlers.Sink"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the SMTP server did not start on port {port}")


def peak_rss_kb(pid: int) -> int:
    """The peak resident set size of a running process (VmHWM), in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def measure(letters: int, use_tracemalloc: bool) -> dict:
    import django

    django.setup()
    import tracemalloc
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.db import connection
    from post_office.models import STATUS, Email

    from solidair.letters.composing.services import ResidentInput, letter_build
    from solidair.letters.delivery.dispatch import letters_dispatch
    from solidair.letters.delivery.sending import resident_letter_confirm, resident_letter_create
    from solidair.letters.models import CouncilAddress, ResidentLetter
    from solidair.lib.tokens import link_token
    from solidair.lib.typst import render_process_ids, render_processes
    from solidair.municipalities.models import Municipality
    from solidair.operations.mail import outbox_flush

    per_council = 20
    brussels = ZoneInfo("Europe/Brussels")
    monday_8 = datetime.datetime(2026, 11, 30, 8, tzinfo=brussels)
    places = list(Municipality.objects.flemish().order_by("name_nl")[: letters // per_council])
    for place in places:
        CouncilAddress.objects.create(
            municipality=place,
            email=f"college@{place.slug}.be",
            source="bench",
            last_verified=datetime.date(2026, 1, 5),
        )
    started = time.perf_counter()
    for number in range(letters):
        place = places[number // per_council]
        resident = ResidentInput(
            name=f"Inwoner {number} Peeters-Çelik",
            email=f"inwoner{number}@example.be",
            phone="0470 12 34 56" if number % 2 else "",
            personal_paragraph="Ik woon hier graag en wil helpen. " * (number % 5),
            preferences=("housing", "reception")[: number % 3],
        )
        letter = resident_letter_create(
            municipality=place,
            resident=resident,
            letter=letter_build(municipality=place, resident=resident),
            now=monday_8,
        )
        resident_letter_confirm(
            token=link_token(letter.confirm_key, purpose="confirm"), now=monday_8
        )
    prepare_seconds = time.perf_counter() - started
    # The confirmation mails went out long before: only the letters are measured.
    Email.objects.all().delete()
    connection.close()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if use_tracemalloc:
        tracemalloc.start()

    cpu_start = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    # As `manage.py run_worker` does: the PDFs in its render processes, started at the first
    # PDF (their start is timed), stopped at the end.
    with render_processes(settings.PDF_RENDER_PROCESSES):
        summary = letters_dispatch(now=datetime.datetime(2026, 11, 30, 16, 59, tzinfo=brussels))
        dispatched = time.perf_counter()
        cpu_dispatched = resource.getrusage(resource.RUSAGE_SELF)
        delivered = outbox_flush(lockfile=os.environ["SOLIDAIR_BENCH_LOCK"])
        finished = time.perf_counter()
        cpu_end = resource.getrusage(resource.RUSAGE_SELF)
        renderers_peak_kb = [peak_rss_kb(pid) for pid in render_process_ids()]
    # The render processes have ended: their CPU time is the children's.
    cpu_renderers = resource.getrusage(resource.RUSAGE_CHILDREN)

    peak_python = tracemalloc.get_traced_memory()[1] if use_tracemalloc else None
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sent = ResidentLetter.objects.filter(status="sent").count()
    mails_sent = Email.objects.filter(status=STATUS.sent).count()
    dispatch_seconds = dispatched - started
    flush_seconds = finished - dispatched
    total = finished - started

    def cpu(start, end) -> float:
        return (end.ru_utime - start.ru_utime) + (end.ru_stime - start.ru_stime)

    cpu_dispatch = cpu(cpu_start, cpu_dispatched)
    cpu_flush = cpu(cpu_dispatched, cpu_end)
    cpu_render = cpu_renderers.ru_utime + cpu_renderers.ru_stime
    return {
        "letters": letters,
        "councils": len(places),
        "dispatch_summary": summary,
        "letters_sent": sent,
        "mails_delivered": delivered,
        "mails_with_status_sent": mails_sent,
        "prepare_seconds": round(prepare_seconds, 1),
        "dispatch_seconds": round(dispatch_seconds, 2),
        "flush_seconds": round(flush_seconds, 2),
        "total_seconds": round(total, 2),
        "dispatch_letters_per_s": round(letters / dispatch_seconds, 1),
        "flush_letters_per_s": round(letters / flush_seconds, 1),
        "letters_per_s": round(letters / total, 1),
        # CPU time of the worker process: what the figures would be on an idle core.
        "dispatch_cpu_ms_per_letter": round(cpu_dispatch / letters * 1000, 1),
        "flush_cpu_ms_per_letter": round(cpu_flush / letters * 1000, 1),
        "render_processes": len(renderers_peak_kb),
        "render_cpu_ms_per_letter": round(cpu_render / letters * 1000, 1),
        "letters_per_cpu_s": round(letters / (cpu_dispatch + cpu_flush + cpu_render), 1),
        "rss_before_mb": round(rss_before / 1024, 1),
        "rss_peak_mb": round(rss_peak / 1024, 1),
        "renderers_rss_peak_mb": [round(kb / 1024, 1) for kb in renderers_peak_kb],
        # The worker and its render processes together (each at its own peak).
        "worker_rss_peak_total_mb": round((rss_peak + sum(renderers_peak_kb)) / 1024, 1),
        "python_peak_mb": round(peak_python / 1024 / 1024, 1) if peak_python else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--letters", type=int, default=1000, help="a multiple of 20")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace allocations")
    options = parser.parse_args()
    if os.environ.get("SOLIDAIR_BENCH_CHILD"):
        print(json.dumps(measure(options.letters, options.tracemalloc)))
        return 0
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="solidair-send-") as tmp:
        port = free_port()
        env = {
            **os.environ,
            "SQLITE_PATH": str(Path(tmp) / "bench.sqlite3"),
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "DJANGO_SETTINGS_MODULE": "solidair.settings",
            "PYTHONPATH": str(ROOT),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "LOG_LEVEL": "ERROR",
        }
        env.pop("DATABASE_URL", None)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        smtp = subprocess.Popen(
            [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", SINK],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_port(port)
            child = subprocess.run(
                [sys.executable, __file__, "--letters", str(options.letters)]
                + (["--tracemalloc"] if options.tracemalloc else []),
                env={
                    **env,
                    "SOLIDAIR_BENCH_CHILD": "1",
                    "SOLIDAIR_BENCH_LOCK": str(Path(tmp) / "outbox.lock"),
                },
                check=True,
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
        finally:
            smtp.terminate()
            smtp.wait(timeout=10)
    results = json.loads(child.stdout)
    results["load_average_before"] = [round(value, 2) for value in load_before]
    results["load_average_after"] = [round(value, 2) for value in os.getloadavg()]
    verdict = "met" if results["letters_per_s"] >= TARGET else "MISS"
    renderers = results["render_processes"]
    lines = [
        f"# Letters sent by e-mail ({results['letters']} letters to "
        f"{results['councils']} councils, one worker process"
        + (f" and {renderers} PDF render processes)" if renderers else ")"),
        "",
        "| step | seconds | letters/s | worker CPU per letter |",
        "|:---|---:|---:|---:|",
        f"| dispatch (build, PDF, queue) | {results['dispatch_seconds']} "
        f"| {results['dispatch_letters_per_s']} | {results['dispatch_cpu_ms_per_letter']} ms "
        + (
            f"+ {results['render_cpu_ms_per_letter']} ms in the render processes |"
            if renderers
            else "|"
        ),
        f"| outbox flush (SMTP) | {results['flush_seconds']} | {results['flush_letters_per_s']} "
        f"| {results['flush_cpu_ms_per_letter']} ms |",
        f"| **both** | {results['total_seconds']} | **{results['letters_per_s']}** "
        f"(target ≥ {TARGET:g}: {verdict}) | {results['letters_per_cpu_s']} letters per CPU s |",
        "",
        f"Delivered: {results['mails_delivered']} mails; letters marked sent: "
        f"{results['letters_sent']}.",
        f"Worker memory: peak RSS {results['rss_peak_mb']} MB "
        f"(after the setup: {results['rss_before_mb']} MB)"
        + (
            f"; render processes {' + '.join(map(str, results['renderers_rss_peak_mb']))} MB; "
            f"together {results['worker_rss_peak_total_mb']} MB"
            if renderers
            else ""
        )
        + (
            f"; peak of Python allocations {results['python_peak_mb']} MB."
            if results["python_peak_mb"] is not None
            else "."
        ),
        f"Load average before/after: {results['load_average_before']} / "
        f"{results['load_average_after']}.",
    ]
    report = "\n".join(lines) + "\n"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "send.md").write_text(report, encoding="utf-8")
    (OUT / "send.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report)
    if results["mails_delivered"] != results["letters"]:
        print("Not every letter was delivered.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
