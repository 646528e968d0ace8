"""Dependencies point one way, read from the source with ast (migrations left out).

- ``solidair.lib`` holds pure functions: it imports no app of ours and has no model, middleware,
  management command, template tags or AppConfig, and it is not an installed app.
- The reference data (``solidair.municipalities``) builds on the infrastructure only.
- The infrastructure (``web``, ``operations``) imports no domain app: an app that needs the
  infrastructure to call it registers itself (its AppConfig: ``warm_up``,
  ``load_reference_data``; signals).
- The domain apps import each other without cycles. A relation to a model of an app that builds
  on this one is named as a string (``"network.PartnerOrganisation"``), as Django allows.
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

SOLIDAIR = Path(__file__).resolve().parents[1] / "solidair"
APPS = sorted(p.name for p in SOLIDAIR.iterdir() if (p / "__init__.py").is_file())
INFRASTRUCTURE = {"lib", "web", "operations"}
DOMAIN = sorted(set(APPS) - INFRASTRUCTURE)


def sources(app: str) -> list[Path]:
    return sorted(f for f in (SOLIDAIR / app).rglob("*.py") if "migrations" not in f.parts)


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def imported_apps(path: Path) -> set[str]:
    """Our apps (other than the file's own) that a file imports."""
    own = path.relative_to(SOLIDAIR).parts[0]
    apps = set()
    for module in imported_modules(path):
        parts = module.split(".")
        if parts[0] == "solidair" and len(parts) > 1 and parts[1] in APPS and parts[1] != own:
            apps.add(parts[1])
    return apps


def app_imports() -> dict[str, set[str]]:
    return {app: set().union(*(imported_apps(f) for f in sources(app))) for app in APPS}


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in graph[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def cycles(graph: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """The groups of apps that reach each other (strongly connected, more than one app)."""
    reach = {app: reachable(graph, app) for app in graph}
    groups = set()
    for app in graph:
        group = tuple(sorted({app} | {other for other in reach[app] if app in reach[other]}))
        if len(group) > 1:
            groups.add(group)
    return groups


def test_the_helpers_see_every_app_and_its_imports():
    assert {"lib", "municipalities", "pages", "letters", "network"} <= set(APPS)
    assert "web" in app_imports()["pages"]


class TestLib:
    def test_it_imports_no_app_of_ours(self):
        for path in sources("lib"):
            ours = {m for m in imported_modules(path) if m.startswith("solidair.")}
            assert {m for m in ours if not m.startswith("solidair.lib")} == set(), path

    def test_it_is_not_an_installed_app_and_has_no_app_config(self):
        assert not any(app.startswith("solidair.lib") for app in settings.INSTALLED_APPS)
        assert not (SOLIDAIR / "lib" / "apps.py").exists()
        assert not (SOLIDAIR / "lib" / "models.py").exists()

    def test_it_has_no_command_and_no_template_tags(self):
        assert not (SOLIDAIR / "lib" / "management").exists()
        assert not (SOLIDAIR / "lib" / "templatetags").exists()

    def test_it_defines_no_model_no_app_config_and_no_middleware(self):
        for path in sources("lib"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef):
                    bases = {ast.unparse(base).rsplit(".", 1)[-1] for base in node.bases}
                    assert not bases & {"Model", "AppConfig", "MiddlewareMixin"}, (path, node.name)
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    # A middleware is a factory taking get_response (or a class whose
                    # __init__ does).
                    arguments = {arg.arg for arg in node.args.args}
                    assert "get_response" not in arguments, (path, node.name)
        assert not any(entry.startswith("solidair.lib") for entry in settings.MIDDLEWARE)


def test_the_reference_data_builds_on_the_infrastructure_only():
    for path in sources("municipalities"):
        assert imported_apps(path) <= INFRASTRUCTURE, path


def test_the_infrastructure_imports_no_domain_app():
    reaches = {}
    for app in sorted(INFRASTRUCTURE):
        for path in sources(app):
            domain = imported_apps(path) - INFRASTRUCTURE
            if domain:
                reaches[str(path.relative_to(SOLIDAIR))] = domain
    assert reaches == {}


def test_the_domain_apps_import_each_other_without_cycles():
    imports = app_imports()
    graph = defaultdict(set, {app: imports[app] & set(DOMAIN) for app in DOMAIN})
    assert cycles(graph) == set()


def test_the_cycle_finder_finds_a_longer_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == {("a", "b", "c")}
