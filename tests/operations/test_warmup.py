"""What a web process does before its first visitor (solidair/operations/warmup.py)."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from tests.operations.helpers import ROOT, settings_env

PROBE = """
import django, sys, time
django.setup()
from django.db import connections
from django.urls import get_resolver
from solidair.operations.warmup import prepare_application, prepare_worker

count = prepare_application()
# Only pure Python before the fork: no connection to the database (or the cache) is open.
assert all(connections[alias].connection is None for alias in connections), "a connection"
print("patterns", count)
started = time.perf_counter()
prepare_worker()
print("worker", round(1000 * (time.perf_counter() - started)))
started = time.perf_counter()
from solidair.letters.composing.renderers.pdf import warm_up
warm_up()
print("after", round(1000 * (time.perf_counter() - started)))
"""


@pytest.mark.slow
def test_prepare_compiles_every_pattern_without_a_connection_and_warms_typst(tmp_path):
    env = settings_env(SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = dict(line.split() for line in result.stdout.splitlines())
    assert int(figures["patterns"]) > 300  # every URL pattern of every app, per language
    # The sample letter warmed Typst: the next one is laid out without its first-time costs.
    assert int(figures["after"]) <= int(figures["worker"])


def _not_compiled(patterns, language):
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, (RegexPattern, RoutePattern)) and not (
            "regex" in pattern.__dict__ or language in pattern._regex_dict
        ):
            yield entry
        if isinstance(entry, URLResolver):
            yield from _not_compiled(entry.url_patterns, language)


def test_every_url_pattern_is_compiled_in_every_language():
    from solidair.operations.warmup import prepare_application

    prepare_application()
    for language, _name in settings.LANGUAGES:
        assert not list(_not_compiled(get_resolver().url_patterns, language)), language
