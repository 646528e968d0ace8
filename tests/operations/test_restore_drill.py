"""The restore drill on the local PostgreSQL: dump, restore into a new database, compare."""

from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from solidair.operations.backups import DrillReport, _connection_kwargs
from solidair.operations.mail import mail_queue
from tests.factories import make_member

TARGET = "wt_production_drill"


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the restore drill needs PostgreSQL (DATABASE_URL=postgres://...)")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "public" / "evidence").mkdir(parents=True)
    (tmp_path / "media" / "public" / "evidence" / "besluit.pdf").write_bytes(b"%PDF-1.7 besluit")
    (tmp_path / "media" / "private" / "applications").mkdir(parents=True)
    (tmp_path / "media" / "private" / "applications" / "a.pdf").write_bytes(b"%PDF-1.7 private")
    return tmp_path / "media"


def database_exists(name: str) -> bool:
    with psycopg.connect(**_connection_kwargs("postgres")) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


@pytest.mark.django_db(transaction=True)
def test_the_drill_restores_every_row_and_file(postgresql, media, reference_data):
    make_member("Gent")
    mail_queue(to=["college@gent.be"], subject="Brief", text="Geacht college,")
    out = StringIO()

    call_command("restore_drill", target=TARGET, stdout=out)

    output = out.getvalue()
    assert "Restore drill passed:" in output
    assert "Files: 2 of 2 restored identical." in output
    lines = {line.split()[0]: line.split()[1:] for line in output.splitlines()[1:]}
    assert lines["membership_membership"] == ["1", "1"]
    assert lines["post_office_email"] == ["1", "1"]
    assert int(lines["municipalities_municipality"][0]) >= 285  # the reference data
    assert not database_exists(TARGET)  # dropped afterwards


@pytest.mark.django_db(transaction=True)
def test_the_drill_never_restores_into_an_existing_database(postgresql, media):
    with psycopg.connect(**_connection_kwargs("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{TARGET}"')
    try:
        with pytest.raises(CommandError, match="exists; the drill restores into a new one"):
            call_command("restore_drill", target=TARGET, stdout=StringIO())
        assert database_exists(TARGET)  # left alone
    finally:
        with psycopg.connect(**_connection_kwargs("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{TARGET}"')


@pytest.mark.django_db
def test_the_drill_needs_postgresql():
    if connection.vendor == "postgresql":
        pytest.skip("runs on SQLite")
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("restore_drill", stdout=StringIO())


def test_a_difference_fails_the_drill():
    report = DrillReport(
        tables={"a": (3, 3), "b": (2, 1), "c": (1, None)},
        files={"public/x.pdf": ("3:ab", "3:ab"), "public/y.pdf": ("4:cd", None)},
    )
    assert not report.ok
    assert report.table_mismatches == ["b", "c"]
    assert report.file_mismatches == ["public/y.pdf"]
    assert DrillReport(tables={"a": (1, 1)}).ok
