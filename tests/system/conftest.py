"""System tests start real servers (nginx, gunicorn instances, the worker) on the loopback and
take a minute: they run only when asked for, `pytest tests/system -m system`."""

import pytest


def pytest_collection_modifyitems(config, items):
    if (config.option.markexpr or "").strip() == "system":
        return
    skip = pytest.mark.skip(reason="system test: run with `pytest tests/system -m system`")
    for item in items:
        if "system" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The whole deployment (tests/system/stack.py), shared by the system tests in order."""
    from tests.system.stack import Stack

    started = Stack(tmp_path_factory.mktemp("stack"))
    try:
        started.start()
        yield started
    finally:
        started.stop_all()
