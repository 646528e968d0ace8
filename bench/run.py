"""Throughput and latency of the public pages under gunicorn, against an nginx ceiling.

`make bench` runs this. It prepares a throw-away SQLite database in a temp dir
(migrations, the network's legacy content), starts gunicorn with a production-like
configuration and nginx serving a saved copy of each page, measures both with wrk,
prints a table and writes it to bench/out/results.{json,md} (results-no-page-cache.*
with --no-page-cache).

`--sweep` measures a few gunicorn configurations instead (app only) and writes
bench/out/sweep.{json,md}; the default configuration was chosen that way.

Nothing outside the temp dir and bench/out/ is written, only loopback addresses
are used, and every process started here is stopped on the way out, Ctrl-C too.
The exit status is 0 when the measurements ran, whether or not they meet the
targets, and 1 when something broke (a page that is not 200, a server that does
not start, errors under load).
"""

import argparse
import contextlib
import datetime
import grp
import http.client
import json
import os
import platform
import pwd
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
# `make bench` and the README run this with .venv/bin/python: gunicorn is next to it.
VENV_BIN = Path(sys.executable).parent
SEED_FILES = ("000_62e2fbc28d8d54bd.txt", "004_c5cf21f2fbf0fed5.txt")
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
# Members created with the test factories when the legacy content is not available.
FALLBACK_MEMBERS = ("Gent", "Antwerpen", "Leuven", "Mechelen", "Kortrijk", "Hasselt")

URLS = ("/", "/gemeenten/", "/gemeenten/gent/", "/api/v1/municipalities/")
TARGET_RATIO = 0.5  # app req/s at least half of the static copy's
TARGET_P99_MS = 50.0

HOST = "127.0.0.1"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


class BenchError(Exception):
    """Something broke: the script stops and exits with status 1."""


@dataclass(frozen=True)
class GunicornConfig:
    worker_class: str
    workers: int
    threads: int = 1

    @property
    def label(self) -> str:
        if self.worker_class == "sync":
            return f"sync, {self.workers} workers"
        return f"{self.worker_class}, {self.workers} workers × {self.threads} threads"


CORES = os.cpu_count() or 1
# One sync worker per core did best in --sweep on the 2-core machine: see bench/README.md.
DEFAULT_CONFIG = GunicornConfig("sync", workers=CORES)
SWEEP_CONFIGS = (
    GunicornConfig("sync", workers=CORES),
    GunicornConfig("sync", workers=2 * CORES),
    GunicornConfig("sync", workers=2 * CORES + 1),
    GunicornConfig("gthread", workers=CORES, threads=4),
    GunicornConfig("gthread", workers=2 * CORES, threads=2),
)


@dataclass(frozen=True)
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p75_ms: float
    p90_ms: float
    p99_ms: float
    requests: int
    socket_errors: dict[str, int]
    non_2xx_3xx: int
    # CPU time the server's processes spent per request (Linux only): unlike req/s,
    # it hardly depends on what else the machine is doing.
    server_cpu_ms_per_request: float | None = None


@dataclass(frozen=True)
class Page:
    path: str
    content_type: str
    body: bytes


# --- processes -------------------------------------------------------------------------


class Processes:
    """The long-running servers. Each gets its own session, so a Ctrl-C in the terminal
    reaches this script only, and `stop_all` stops them in order."""

    def __init__(self) -> None:
        self._running: list[tuple[subprocess.Popen, Path]] = []

    def start(self, cmd: list[str], *, log: Path, env: dict[str, str]) -> subprocess.Popen:
        with log.open("ab") as out:
            proc = subprocess.Popen(
                cmd,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._running.append((proc, log))
        return proc

    def log_tail(self, proc: subprocess.Popen, lines: int = 20) -> str:
        for running, log in self._running:
            if running is proc and log.exists():
                return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def stop_all(self) -> None:
        while self._running:
            proc, _log = self._running.pop()
            _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM (gunicorn and nginx stop their workers, then exit); SIGKILL to the
    process's own group if it does not exit in time."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        # Not reaped yet, so the group id (its pid) still names its processes only.
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def exit_on_signal(signum: int, _frame) -> None:
    raise SystemExit(128 + signum)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_serving(proc: subprocess.Popen, port: int, processes: Processes, name: str):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(
                f"{name} exited with status {proc.returncode}:\n{processes.log_tail(proc)}"
            )
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            return
        time.sleep(0.2)
    raise BenchError(f"{name} does not answer on port {port} after {START_TIMEOUT:.0f} s")


# --- preparation -----------------------------------------------------------------------


def subprocess_env(tmp: Path, *, page_cache: bool, redis_url: str = "") -> dict[str, str]:
    """Production-like settings for the app, with all its files in the temp dir."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="solidair.settings",
        SQLITE_PATH=str(tmp / "db.sqlite3"),
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"  # solidair.operations.pagecache
    if redis_url:
        env["REDIS_URL"] = redis_url  # one cache shared by the workers, as in production
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-15:]
        raise BenchError(f"manage.py {args[0]} failed:\n" + "\n".join(tail))
    return result.stdout


def prepare_database(env: dict[str, str], seeds: Path) -> str:
    """Migrate (which loads the reference data), then the legacy content or, failing that,
    a few members made with the test factories. Returns how the members came about."""
    manage(env, "migrate", "--noinput", "-v0")
    seed_paths = [seeds / name for name in SEED_FILES]
    commands = manage(env, "help", "--commands").split()
    if "import_legacy_content" in commands and all(path.is_file() for path in seed_paths):
        manage(env, "import_legacy_content", *map(str, seed_paths))
        source = f"legacy content ({seeds})"
    else:
        missing = "the command" if "import_legacy_content" not in commands else str(seeds)
        print(f"  import_legacy_content skipped ({missing} is missing): using test factories")
        code = (
            "from tests.factories import InitiativeFactory, make_member, municipality\n"
            f"for name in {FALLBACK_MEMBERS!r}:\n"
            "    make_member(name)\n"
            "    InitiativeFactory(municipality=municipality(name))\n"
        )
        manage(env, "shell", "-v0", "-c", code)
        source = f"test factories ({', '.join(FALLBACK_MEMBERS)})"
    count, gent = manage(
        env,
        "shell",
        "-v0",
        "-c",
        "from solidair.membership.models import Membership\n"
        "members = Membership.objects.active()\n"
        "print(members.count(), members.filter(municipality__slug='gent').exists())",
    ).split()[-2:]
    if gent != "True":
        print("  warning: Gent is not a member, /gemeenten/gent/ is not a member page")
    return f"{count} members, from {source}"


def find_tool(name: str, fallback: str, package: str) -> str:
    found = shutil.which(name) or (fallback if Path(fallback).is_file() else None)
    if not found:
        raise BenchError(f"{name} is missing: apt-get install {package}")
    return found


# --- servers ---------------------------------------------------------------------------


def gunicorn_settings(config: GunicornConfig, port: int, tmp: Path) -> dict[str, object]:
    return {
        "bind": f"{HOST}:{port}",
        "worker_class": config.worker_class,
        "workers": config.workers,
        "threads": config.threads,
        "preload_app": True,
        "accesslog": None,
        "errorlog": str(tmp / f"gunicorn-{port}-error.log"),
        "loglevel": "warning",
        "pidfile": str(tmp / f"gunicorn-{port}.pid"),
        "worker_tmp_dir": str(tmp),
        # Since gunicorn 25 the default is a control socket in $HOME/.gunicorn/.
        "control_socket_disable": True,
    }


def start_gunicorn(processes, config, tmp, env) -> tuple[subprocess.Popen, int, dict]:
    port = free_port()
    settings = gunicorn_settings(config, port, tmp)
    conf = tmp / f"gunicorn-{port}.conf.py"
    conf.write_text("".join(f"{key} = {value!r}\n" for key, value in settings.items()))
    cmd = [str(VENV_BIN / "gunicorn"), "--config", str(conf), "solidair.wsgi"]
    proc = processes.start(cmd, log=tmp / f"gunicorn-{port}.out", env=env)
    wait_until_serving(proc, port, processes, "gunicorn")
    return proc, port, settings


def fetch(port: int, path: str) -> tuple[int, str, bytes, str]:
    """One GET that follows no redirect: status, content type, body, Location."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return (
            response.status,
            response.getheader("Content-Type", ""),
            body,
            response.getheader("Location", ""),
        )
    finally:
        conn.close()


def save_pages(port: int, urls: tuple[str, ...]) -> list[Page]:
    pages = []
    for path in urls:
        status, content_type, body, location = fetch(port, path)
        if status != 200:
            where = f" to {location}" if location else ""
            raise BenchError(f"GET {path} answered {status}{where}, not 200")
        pages.append(Page(path, content_type, body))
    return pages


def start_nginx(processes, nginx, pages: list[Page], tmp, env) -> tuple[subprocess.Popen, int]:
    port = free_port()
    site = tmp / "site"
    site.mkdir()
    locations = []
    for number, page in enumerate(pages):
        name = f"page-{number}"
        (site / name).write_bytes(page.body)
        locations.append(
            f"        location = {page.path} {{\n"
            f'            default_type "{page.content_type}";\n'
            f"            try_files /{name} =500;\n"
            f"        }}\n"
        )
    user_line = ""
    if os.geteuid() == 0:  # otherwise the workers would run as nobody
        user = pwd.getpwuid(os.geteuid()).pw_name
        user_line = f"user {user} {grp.getgrgid(os.getegid()).gr_name};"
    template = string.Template((BENCH / "nginx.conf.template").read_text())
    conf = tmp / "nginx.conf"
    conf.write_text(
        template.substitute(
            user_line=user_line, tmp=tmp, site=site, port=port, locations="".join(locations)
        )
    )
    prefix = tmp / "nginx"
    prefix.mkdir()
    cmd = [nginx, "-p", str(prefix), "-c", str(conf), "-e", str(tmp / "nginx-error.log")]
    check = subprocess.run([*cmd, "-t", "-q"], capture_output=True, text=True, check=False)
    if check.returncode != 0:
        raise BenchError(f"nginx rejects its configuration:\n{check.stderr}")
    proc = processes.start(cmd, log=tmp / "nginx.out", env=env)
    wait_until_serving(proc, port, processes, "nginx")
    for page in pages:
        status, content_type, body, _location = fetch(port, page.path)
        if (status, content_type, body) != (200, page.content_type, page.body):
            raise BenchError(f"nginx does not serve the same {page.path}: {status} {content_type}")
    return proc, port


# --- wrk -------------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_wrk(output: str) -> WrkResult:
    percentiles = {
        int(pct): float(value) * _UNITS_MS[unit]
        for pct, value, unit in re.findall(
            r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE
        )
    }
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in ", output, re.MULTILINE)
    if not rps or not total or len(percentiles) != 4:
        raise BenchError(f"could not read wrk's output:\n{output}")
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    kinds = ("connect", "read", "write", "timeout")
    return WrkResult(
        requests_per_s=float(rps.group(1)),
        p50_ms=percentiles[50],
        p75_ms=percentiles[75],
        p90_ms=percentiles[90],
        p99_ms=percentiles[99],
        requests=int(total.group(1)),
        socket_errors=dict(zip(kinds, map(int, errors.groups()), strict=True)) if errors else {},
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
    )


def group_cpu_seconds(pgid: int) -> float | None:
    """User + system CPU time of the live processes of a process group, from /proc."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    ticks = 0
    for stat in proc.glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            # After "(comm)": state ppid pgrp ... with utime and stime 12th and 13th.
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:
                ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def run_wrk(wrk: str, server: subprocess.Popen, port: int, path: str, args) -> WrkResult:
    """Warm up, then measure; `server` leads its own process group (see Processes)."""
    url = f"http://{HOST}:{port}{path}"
    base = [
        wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"--timeout={args.timeout}s",
        "--latency",
    ]
    if args.warmup > 0:
        subprocess.run([*base, f"-d{args.warmup}s", url], capture_output=True, check=False)
    cpu_before = group_cpu_seconds(server.pid)
    result = subprocess.run(
        [*base, f"-d{args.duration}s", url], capture_output=True, text=True, check=False
    )
    cpu_after = group_cpu_seconds(server.pid)
    if result.returncode != 0:
        raise BenchError(f"wrk failed on {url}:\n{result.stderr or result.stdout}")
    measured = parse_wrk(result.stdout)
    if cpu_before is not None and cpu_after is not None and measured.requests:
        cpu_ms = 1000 * (cpu_after - cpu_before) / measured.requests
        measured = replace(measured, server_cpu_ms_per_request=round(cpu_ms, 3))
    if measured.requests == 0:
        raise BenchError(f"{path}: no request completed within {args.timeout} s")
    if measured.non_2xx_3xx:
        raise BenchError(f"{path}: {measured.non_2xx_3xx} responses were 4xx/5xx under load")
    return measured


# --- report ----------------------------------------------------------------------------

COLUMNS = (
    "URL",
    "app req/s",
    "app p50",
    "app p99",
    "app CPU/req",
    "static req/s",
    "static p50",
    "static p99",
    "app/static",
    f"≥ {TARGET_RATIO:.0%} of static",
    f"p99 < {TARGET_P99_MS:.0f} ms",
)


def cpu_cell(result: dict) -> str:
    cpu = result["server_cpu_ms_per_request"]
    return "?" if cpu is None else f"{cpu:.1f} ms"


def table_rows(rows: list[dict]) -> list[tuple[str, ...]]:
    def verdict(ok: bool) -> str:
        return "yes" if ok else "MISS"

    return [
        (
            row["url"],
            f"{row['app']['requests_per_s']:.0f}",
            f"{row['app']['p50_ms']:.1f} ms",
            f"{row['app']['p99_ms']:.1f} ms",
            cpu_cell(row["app"]),
            f"{row['static']['requests_per_s']:.0f}",
            f"{row['static']['p50_ms']:.2f} ms",
            f"{row['static']['p99_ms']:.2f} ms",
            f"{row['ratio']:.1%}",
            verdict(row["meets_ratio"]),
            verdict(row["meets_p99"]),
        )
        for row in rows
    ]


def text_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells):
        first, *rest = cells
        return "  ".join(
            [first.ljust(widths[0])] + [c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)]
        )

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def markdown_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join([":---"] + ["---:"] * (len(header) - 1)) + "|",
    ]
    # URLs in code style; configuration labels as they are.
    first = "`{}`".format if rows and rows[0][0].startswith("/") else str
    lines += ["| " + " | ".join([first(r[0]), *r[1:]]) + " |" for r in rows]
    return "\n".join(lines)


def environment_summary(args, config: GunicornConfig | None, env: dict[str, str]) -> dict:
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpus": CORES,
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "wrk": f"-t{args.threads} -c{args.connections} -d{args.duration}s "
        f"--timeout={args.timeout}s --latency (after a {args.warmup} s warm-up), "
        f"best of {args.repeat}",
        "gunicorn": config.label if config else "see the table",
        "database": "SQLite in a temp dir",
        "cache": "local memory, one per worker process",
        "page_cache": f"PAGE_CACHE_SECONDS={env.get('PAGE_CACHE_SECONDS', 'default')}",
    }


def write_results(name: str, data: dict, markdown: str) -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    (OUT / f"{name}.md").write_text(markdown)
    print(f"\nWritten: {(OUT / name).relative_to(ROOT)}.json and .md")


def warn_if_busy() -> None:
    load = os.getloadavg()[0]
    if load > CORES:
        print(f"  warning: load average {load:.1f} before the run; other work skews the numbers")


# --- the two modes ---------------------------------------------------------------------


def best(current: WrkResult | None, new: WrkResult) -> WrkResult:
    """Of repeated runs, the one with the most req/s: the least disturbed by other work."""
    return new if current is None or new.requests_per_s > current.requests_per_s else current


def report(name: str, title: str, summary: dict, table, data: dict, footer: str = "") -> None:
    header, cells = table
    print()
    print(text_table(header, cells))
    if footer:
        print(footer)
    markdown = "\n".join(
        [
            f"# {title}",
            "",
            *(f"- {key.replace('_', ' ')}: {value}" for key, value in summary.items()),
            "",
            markdown_table(header, cells),
            "",
            footer,
            "",
        ]
    )
    write_results(name, {"environment": summary, **data}, markdown)


def benchmark(args, processes: Processes, tmp: Path, env, wrk: str, nginx: str, data: str):
    config = GunicornConfig(args.worker_class, args.workers, args.gunicorn_threads)
    print(f"Starting gunicorn ({config.label}) and nginx")
    gunicorn, app_port, settings = start_gunicorn(processes, config, tmp, env)
    pages = save_pages(app_port, URLS)
    nginx_proc, static_port = start_nginx(processes, nginx, pages, tmp, env)

    summary = environment_summary(args, config, env) | {"data": data}
    warn_if_busy()
    rows = []
    for page in pages:
        app = static = None
        for _round in range(args.repeat):
            print(f"  {page.path}: app", end="", flush=True)
            app_run = run_wrk(wrk, gunicorn, app_port, page.path, args)
            print(", static", end="", flush=True)
            static_run = run_wrk(wrk, nginx_proc, static_port, page.path, args)
            print(f" — {app_run.requests_per_s:.0f} vs {static_run.requests_per_s:.0f} req/s")
            app, static = best(app, app_run), best(static, static_run)
        ratio = app.requests_per_s / static.requests_per_s
        rows.append(
            {
                "url": page.path,
                "bytes": len(page.body),
                "app": asdict(app),
                "static": asdict(static),
                "ratio": ratio,
                "meets_ratio": ratio >= TARGET_RATIO,
                # wrk leaves timed-out requests out of its percentiles.
                "meets_p99": app.p99_ms < TARGET_P99_MS and not app.socket_errors.get("timeout"),
            }
        )
    summary["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]

    footer = (
        f"Targets: app ≥ {TARGET_RATIO:.0%} of the static ceiling's req/s, "
        f"app p99 < {TARGET_P99_MS:.0f} ms."
    )
    for row in rows:
        for side in ("app", "static"):
            if any(row[side]["socket_errors"].values()):
                footer += f"\nNote: {row['url']} {side}: socket errors {row[side]['socket_errors']}"
    report(
        "results" if args.page_cache else "results-no-page-cache",
        "Benchmark: app vs static ceiling",
        summary,
        (COLUMNS, table_rows(rows)),
        {
            "gunicorn_settings": settings,
            "targets": {"min_ratio": TARGET_RATIO, "max_p99_ms": TARGET_P99_MS},
            "rows": rows,
        },
        footer,
    )


def sweep(args, processes: Processes, tmp: Path, env, wrk: str, _nginx: str, data: str):
    """All configurations run side by side (idle ones cost nothing), and are measured in
    turn for each URL, so that a burst of other work does not favour one of them."""
    print(f"Starting gunicorn in {len(SWEEP_CONFIGS)} configurations")
    servers = [(config, *start_gunicorn(processes, config, tmp, env)) for config in SWEEP_CONFIGS]
    for _config, _proc, port, _settings in servers:
        save_pages(port, URLS)

    summary = environment_summary(args, None, env) | {"data": data}
    warn_if_busy()
    results: dict[GunicornConfig, dict[str, WrkResult]] = {c: {} for c in SWEEP_CONFIGS}
    for path in URLS:
        for _round in range(args.repeat):
            for config, proc, port, _settings in servers:
                measured = run_wrk(wrk, proc, port, path, args)
                results[config][path] = best(results[config].get(path), measured)
                print(f"  {path}, {config.label}: {measured.requests_per_s:.0f} req/s")
    summary["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]

    header = ("gunicorn", *(f"{path} req/s · p99 · CPU/req" for path in URLS))
    cells = [
        (
            config.label,
            *(
                f"{result.requests_per_s:.0f} · {result.p99_ms:.0f} ms · "
                + cpu_cell(asdict(result))
                for result in measured.values()
            ),
        )
        for config, measured in results.items()
    ]
    report(
        "sweep" if args.page_cache else "sweep-no-page-cache",
        "Benchmark: gunicorn configurations",
        summary,
        (header, cells),
        {
            "configs": [
                {"config": asdict(config), "results": {p: asdict(r) for p, r in measured.items()}}
                for config, measured in results.items()
            ]
        },
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load first")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--timeout", type=int, default=10, help="wrk's timeout in seconds (its default is 2)"
    )
    parser.add_argument("--workers", type=int, default=DEFAULT_CONFIG.workers)
    parser.add_argument(
        "--worker-class", choices=("sync", "gthread"), default=DEFAULT_CONFIG.worker_class
    )
    parser.add_argument("--gunicorn-threads", type=int, default=DEFAULT_CONFIG.threads)
    parser.add_argument(
        "--seeds",
        type=Path,
        default=Path(os.environ.get("SEEDS", DEFAULT_SEEDS)),
        help="directory of the legacy content (default: $SEEDS or ../shared/seeds)",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="measure N times, keep the best (busy machine)"
    )
    parser.add_argument(
        "--no-page-cache",
        dest="page_cache",
        action="store_false",
        help="PAGE_CACHE_SECONDS=0: measure the rendering, not the whole-page cache",
    )
    parser.add_argument(
        "--sweep", action="store_true", help="compare gunicorn configurations instead"
    )
    parser.add_argument("--keep-tmp", action="store_true", help="keep the temp dir, for a look")
    parser.add_argument(
        "--redis-url",
        default="",
        help="share one Redis cache between the workers (e.g. redis://127.0.0.1:6379/14); "
        "flushes that database first",
    )
    args = parser.parse_args()
    if min(args.duration, args.repeat, args.connections, args.threads, args.workers) < 1:
        parser.error("durations and counts must be at least 1")
    return args


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, exit_on_signal)
    signal.signal(signal.SIGHUP, exit_on_signal)
    processes = Processes()
    tmp = Path(tempfile.mkdtemp(prefix="solidair-bench-"))
    try:
        wrk = find_tool("wrk", "/usr/bin/wrk", "wrk")
        nginx = find_tool("nginx", "/usr/sbin/nginx", "nginx-light")
        if not (VENV_BIN / "gunicorn").is_file():
            raise BenchError(f"no gunicorn next to {sys.executable}: run .venv/bin/python")
        env = subprocess_env(tmp, page_cache=args.page_cache, redis_url=args.redis_url)
        if args.redis_url:
            import redis

            redis.Redis.from_url(args.redis_url).flushdb()
        print(f"Preparing the database and static files in {tmp}")
        data = prepare_database(env, args.seeds if args.seeds.is_absolute() else ROOT / args.seeds)
        manage(env, "collectstatic", "--noinput", "-v0")
        print(f"  {data}")
        (sweep if args.sweep else benchmark)(args, processes, tmp, env, wrk, nginx, data)
        return 0
    except BenchError as error:
        print(f"\nbench: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nbench: interrupted", file=sys.stderr)
        return 130
    finally:
        processes.stop_all()
        if args.keep_tmp:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
