import fcntl
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from solidair.operations.periodic import periodic_run

calls: list[tuple[str, datetime]] = []


def job_ok(*, now):
    calls.append(("ok", now))
    return "2 done"


def job_broken(*, now):
    calls.append(("broken", now))
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def jobs(settings, tmp_path):
    calls.clear()
    settings.PERIODIC_JOBS = {
        "ok": "tests.operations.test_periodic.job_ok",
        "broken": "tests.operations.test_periodic.job_broken",
    }
    settings.PERIODIC_LOCK_FILE = str(tmp_path / "periodic.lock")
    return settings


def test_every_job_runs_with_the_given_clock_and_a_failure_does_not_stop_the_others():
    now = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    results = periodic_run(now=now)
    assert results == {"ok": "2 done", "broken": "failed: RuntimeError"}
    assert calls == [("ok", now), ("broken", now)]


def test_one_job_by_name():
    assert periodic_run(only="ok") == {"ok": "2 done"}
    with pytest.raises(KeyError):
        periodic_run(only="nope")


def test_a_second_run_waits_its_turn(jobs):
    with open(jobs.PERIODIC_LOCK_FILE, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        assert periodic_run() == {}
    assert calls == []


def test_the_command_reports_each_job_and_fails_when_one_fails(capsys):
    call_command("run_periodic_jobs", "--job", "ok")
    assert "ok: 2 done" in capsys.readouterr().out
    with pytest.raises(CommandError, match="failed"):
        call_command("run_periodic_jobs")
    with pytest.raises(CommandError, match="No periodic job"):
        call_command("run_periodic_jobs", "--job", "nope")
    call_command("run_periodic_jobs", "--list")
    assert "broken: tests.operations.test_periodic.job_broken" in capsys.readouterr().out
