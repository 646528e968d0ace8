"""Dozens of residents at the same moment on the default install (bench/concurrency.py): the
web server (runserver) and the worker, as `make run` starts them, on a SQLite file, or on
PostgreSQL when DATABASE_URL names a server. Every resident loads its first page, then all of
them send their first form at the same moment: letter previews, DOCX and PDF downloads, sends,
a letter sent three times over, confirmations, collective letters with their co-signatures,
applications with every step, portal sign-ins and edits.

No answer may be an error (a 5xx, the error page, a 4xx, a form refused, no answer), no
traceback may be in the server's or the worker's log, no dispatch may leave a letter not sent,
every confirmed letter reaches its council at the SMTP server exactly once, and the campaign
figures count every preview.
"""

import os

import pytest
from django.core.management import get_commands, load_command_class
from whitenoise.runserver_nostatic.management.commands import runserver as whitenoise_runserver

from bench.concurrency import Install, database_url_for, level_run
from solidair.operations.management.commands.runserver import Admission

RESIDENTS = 40


@pytest.fixture
def install(tmp_path):
    base = os.environ.get("DATABASE_URL", "")
    on_postgres = base.startswith(("postgres://", "postgresql://"))
    started = Install(
        tmp_path,
        database_url=database_url_for(base) if on_postgres else "",
        collect_static=False,
        contacts=RESIDENTS // 8 + 1,
        settings_module="tests.operations.concurrency_settings",
    )
    try:
        started.prepare()
        started.start()
        yield started
    finally:
        started.stop()


def test_dozens_of_residents_at_once_meet_no_error_and_each_letter_arrives_once(install):
    result = level_run(install, RESIDENTS, level=0, first_applicant=0)
    print(
        f"\n{result.residents} residents {result.roles}: {result.requests} requests in "
        f"{result.seconds} s, p50 {result.p50_ms:.0f} ms, p99 {result.p99_ms:.0f} ms"
    )
    assert result.failures == []
    assert result.log_problems == []
    # Every role took part; the letters are those of the writers and the collective ones.
    assert set(result.roles) == {
        "initiator", "writer", "resender", "cosigner", "applicant", "contact",
    }  # fmt: skip
    assert result.letters_expected == sum(
        result.roles[role] for role in ("writer", "resender", "initiator")
    )
    assert result.letters_delivered_once == result.letters_expected
    assert (result.letters_missing, result.letters_duplicated) == (0, 0)
    assert result.previews > 0
    assert result.previews_counted == result.previews


def test_make_run_starts_the_runserver_made_for_a_crowd():
    """solidair.operations comes before whitenoise's app in INSTALLED_APPS, else Django would
    run whitenoise's runserver, with Django's listen queue of 10 and no limit on requests."""
    assert get_commands()["runserver"] == "solidair.operations"
    command = load_command_class("solidair.operations", "runserver")
    assert command.server_cls.request_queue_size >= 128
    handler = command.get_handler(use_static_handler=False, insecure_serving=False)
    assert isinstance(handler, Admission)
    # whitenoise's part stays: the app serves the static files, not Django's static handler.
    assert isinstance(command, whitenoise_runserver.Command)
