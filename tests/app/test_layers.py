"""The app's layers: views and the API use services; services use models, the solver bridge,
invites, timescales and time. Every import is read, including those inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
PURE = ("app.time", "app.limits", "app.timescales", "app.invites", "app.mail")
WEB_AND_DATABASE = ("flask", "apiflask", "sqlalchemy", "flask_sqlalchemy", "app.services")


def _module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(APP.rglob("*.py"))}


def _imports(name: str) -> set[str]:
    """Every module `name` imports (absolute names; a `from package import module` counts as
    the module)."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in MODULES else node.module)
    return found


def _within(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_no_module_of_the_app_is_part_of_an_import_cycle():
    graph = {name: {i for i in _imports(name) if i in MODULES and i != name} for name in MODULES}
    cycles = []
    for start in graph:
        stack, seen = [(start, [start])], set()
        while stack:
            name, path = stack.pop()
            for nxt in graph[name]:
                if nxt == start:
                    cycles.append(path)
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    assert cycles == []


def test_time_timescales_invites_and_mail_need_no_web_framework_database_or_services():
    for name in MODULES:
        if _within(name, PURE):
            assert not {i for i in _imports(name) if _within(i, WEB_AND_DATABASE)}, name


def test_only_the_quorum_demo_command_uses_the_demo_package():
    users = {n for n in MODULES if not _within(n, ["app.demo"]) and _within_any(n, "app.demo")}
    assert users == {"app.cli.demo"}


def test_only_the_solver_bridge_imports_the_solver():
    users = {n for n in MODULES if _within_any(n, "solver")}
    assert users and all(_within(n, ["app.solver_bridge"]) for n in users)


def _within_any(name: str, prefix: str) -> bool:
    return any(_within(i, [prefix]) for i in _imports(name))
