"""Every app keeps one shape: a grown module is a package (`models/`, `views/`, `admin/`, `forms/`)
rather than a sibling named `models_meetings.py` or `meeting_views.py`; imports sit at the top of
a module, never below its code; and no module reaches for another module's `_private` name."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "solidair"
# Sets the settings module before importing what needs it: the one allowed late import.
LATE_IMPORTS_ALLOWED = {PACKAGE / "wsgi.py"}
# A sibling named for a layer: what a package (models/, views/, admin/, forms/) is for.
LAYER_SIBLING = re.compile(r"^((models|views|admin|forms)_\w+|\w+_(models|views|admin|forms))\.py$")


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_a_grown_module_is_a_package():
    siblings = [
        relative(path)
        for path in sources()
        # Template tag libraries are named for their {% load %}, not for a layer.
        if "templatetags" not in path.parts and LAYER_SIBLING.match(path.name)
    ]
    assert siblings == []


def test_imports_sit_at_the_top():
    late = []
    for path in sources():
        if path in LATE_IMPORTS_ALLOWED:
            continue
        body = ast.parse(path.read_text(encoding="utf-8")).body
        code_seen = False
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                if code_seen:
                    late.append(f"{relative(path)}:{node.lineno}")
            elif not (
                isinstance(node, ast.Expr)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                code_seen = True
    assert late == []


def test_no_private_name_is_imported_from_another_module():
    borrowed = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(
                "solidair"
            ):
                continue
            borrowed += [
                f"{relative(path)}:{node.lineno}: {node.module}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")
            ]
    assert borrowed == []


# An issue named by its number (the word, then "#" or a number): history lives in git, not in
# the code.
ISSUE_NUMBER = re.compile(r"\b[Ii]ssues? (#?\d+|#)")
WRITTEN = ("solidair", "templates", "tests", "bench", "deploy", "docs", "static/css", "static/js")


def test_no_issue_numbers_in_code_templates_or_docs():
    files = [ROOT / "README.md", ROOT / "Makefile", ROOT / "pyproject.toml"]
    for folder in WRITTEN:
        files += [p for p in (ROOT / folder).rglob("*") if p.is_file()]
    found = []
    for path in files:
        if "__pycache__" in path.parts or path.suffix in {".pyc", ".png", ".jpg", ".ico", ".mo"}:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found += [
            f"{relative(path)}:{number}"
            for number, line in enumerate(text.splitlines(), 1)
            if ISSUE_NUMBER.search(line)
        ]
    assert found == []
