"""The restore drill: prove that a backup of the database and the uploads can be restored.

``restore_drill`` dumps PostgreSQL as deploy/backup.sh does (``pg_dump --format=custom``) and
archives MEDIA_ROOT, restores both into an empty database and an empty folder, and compares
what came back with what was there: the rows of every table and every file (size and SHA-256).
The source is counted inside the very snapshot that pg_dump dumps (``pg_export_snapshot``), so
the counts match exactly on a database that is in use. The drill never touches an existing
database: the target must not exist, and is dropped afterwards unless ``keep``.
"""

import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connections
from psycopg import sql

TABLES = """
    SELECT schemaname, tablename FROM pg_tables
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
    ORDER BY schemaname, tablename
"""


class DrillError(Exception):
    """The drill could not run (not PostgreSQL, target exists, pg_dump failed...)."""


@dataclass
class DrillReport:
    tables: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    files: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    media_skipped: str = ""

    @property
    def table_mismatches(self) -> list[str]:
        return [name for name, (source, restored) in self.tables.items() if source != restored]

    @property
    def file_mismatches(self) -> list[str]:
        return [name for name, (source, restored) in self.files.items() if source != restored]

    @property
    def ok(self) -> bool:
        return bool(self.tables) and not self.table_mismatches and not self.file_mismatches


def _connection_kwargs(dbname: str) -> dict:
    db = settings.DATABASES["default"]
    kwargs = {"dbname": dbname, "user": db.get("USER") or None, "password": db.get("PASSWORD")}
    kwargs |= {"host": db.get("HOST") or None, "port": db.get("PORT") or None}
    return {key: value for key, value in kwargs.items() if value not in (None, "")}


def _libpq_env(dbname: str) -> dict[str, str]:
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD"}
    names |= {"host": "PGHOST", "port": "PGPORT"}
    env = dict(os.environ)
    for key, value in _connection_kwargs(dbname).items():
        env[names[key]] = str(value)
    return env


def _count_rows(conn: psycopg.Connection) -> dict[str, int]:
    counts = {}
    for schema, table in conn.execute(TABLES).fetchall():
        query = sql.SQL("SELECT count(*) FROM {}.{}").format(
            sql.Identifier(schema), sql.Identifier(table)
        )
        name = table if schema == "public" else f"{schema}.{table}"
        counts[name] = conn.execute(query).fetchone()[0]
    return counts


def _run(cmd: list[str], *, env: dict[str, str]) -> None:
    # Our own argument lists (pg_dump, pg_restore), no shell.
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise DrillError(f"{Path(cmd[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _files(root: Path) -> dict[str, str]:
    """Relative path -> "size:sha256" of every file under ``root``."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[path.relative_to(root).as_posix()] = f"{path.stat().st_size}:{digest}"
    return found


def dump_database(*, source: str, out: Path) -> dict[str, int]:
    """pg_dump of ``source`` into ``out``; the row counts of the same snapshot."""
    with psycopg.connect(**_connection_kwargs(source)) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _count_rows(conn)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={out}"],
            env=_libpq_env(source),
        )  # fmt: skip
    return counts


def create_database(name: str) -> None:
    """Create an empty database; refuse when one of that name exists (never overwrite)."""
    with psycopg.connect(**_connection_kwargs("postgres"), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            raise DrillError(f"The database {name!r} exists; the drill restores into a new one.")
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def restore_database(*, dump: Path, target: str) -> dict[str, int]:
    """Restore ``dump`` into the (new, empty) ``target``; its row counts."""
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={target}",
         str(dump)],
        env=_libpq_env(target),
    )  # fmt: skip
    with psycopg.connect(**_connection_kwargs(target)) as conn:
        return _count_rows(conn)


def drop_database(name: str) -> None:
    with psycopg.connect(**_connection_kwargs("postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def restore_drill(*, target: str | None = None, keep: bool = False) -> DrillReport:
    if connections["default"].vendor != "postgresql":
        raise DrillError("The restore drill needs PostgreSQL (DATABASE_URL=postgres://...).")
    source = settings.DATABASES["default"]["NAME"]
    target = target or f"{source}_restore_drill"
    if target == source:
        raise DrillError("The target database must not be the source.")
    report = DrillReport()
    work = Path(tempfile.mkdtemp(prefix="solidair-drill-"))
    created = False
    try:
        source_counts = dump_database(source=source, out=work / "database.dump")
        media = Path(settings.MEDIA_ROOT)
        source_files: dict[str, str] = {}
        if settings.STORAGE_BACKEND != "local":
            report.media_skipped = "uploads are in S3-compatible storage: back them up there"
        elif media.is_dir():
            source_files = _files(media)
            with tarfile.open(work / "media.tar.gz", "w:gz") as archive:
                archive.add(media, arcname=".")
        create_database(target)
        created = True
        restored_counts = restore_database(dump=work / "database.dump", target=target)
        restored_files: dict[str, str] = {}
        if (work / "media.tar.gz").exists():
            with tarfile.open(work / "media.tar.gz") as archive:
                archive.extractall(work / "media", filter="data")
            restored_files = _files(work / "media")
        report.tables = {
            name: (count, restored_counts.get(name)) for name, count in source_counts.items()
        }
        report.files = {
            name: (value, restored_files.get(name)) for name, value in source_files.items()
        }
    finally:
        if created and not keep:
            drop_database(target)
        shutil.rmtree(work, ignore_errors=True)
    return report
