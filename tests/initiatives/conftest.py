from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def run_import(legacy_paths):
    """Run the command on the network's real documents and return what it printed."""
    page, letter = legacy_paths

    def run() -> str:
        out = StringIO()
        call_command("import_legacy_content", str(page), str(letter), stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def imported(run_import) -> str:
    return run_import()
