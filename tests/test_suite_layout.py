"""The suite's own rule: fixtures come from conftest.py files and helpers from non-test modules
(tests/helpers.py, tests/<app>/helpers.py); a module never imports a test module or a conftest."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def test_no_module_imports_a_test_module_or_a_conftest():
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        for line, module in imported_modules(ast.parse(path.read_text())):
            last = module.rsplit(".", 1)[-1]
            if module.startswith("tests.") and (last.startswith("test_") or last == "conftest"):
                offenders.append(f"{path.relative_to(TESTS)}:{line} imports {module}")
    assert not offenders, "\n".join(offenders)
