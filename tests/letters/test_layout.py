"""The letters' seam: composing a letter never depends on delivering it (nor on the pages)."""

import ast
from pathlib import Path

import solidair.letters.composing

COMPOSING = Path(solidair.letters.composing.__file__).parent
DELIVERY_AND_PAGES = (
    "solidair.letters.delivery",
    "solidair.letters.views",
    "solidair.letters.forms",
    "solidair.letters.admin",
)


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules |= {f"{node.module}.{alias.name}" for alias in node.names}
    return modules


def test_composing_imports_nothing_of_delivery():
    files = sorted(COMPOSING.rglob("*.py"))
    assert len(files) > 5
    wrong = {
        f"{path.relative_to(COMPOSING)}: {module}"
        for path in files
        for module in imported_modules(path)
        if module.startswith(DELIVERY_AND_PAGES)
    }
    assert not wrong
