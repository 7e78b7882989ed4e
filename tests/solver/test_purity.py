"""solver/ is pure: it imports no web framework, database, calendar library or app code.

Imports go views → services → solver_bridge → solver, never back (tests/app/test_layers.py
holds the app's side). Every file is parsed, so an import inside a function is caught too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOLVER = Path(__file__).resolve().parents[2] / "solver"
FORBIDDEN = {"flask", "sqlalchemy", "flask_sqlalchemy", "icalendar", "app"}


def imported_top_level_names(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def solver_files() -> list[Path]:
    return sorted(SOLVER.rglob("*.py"))


def test_the_import_finder_sees_imports_inside_functions():
    source = "def f():\n    from flask import Flask\n    import sqlalchemy.orm\n"
    assert imported_top_level_names(source) == {"flask", "sqlalchemy"}


def test_there_are_solver_files_to_check():
    assert len(solver_files()) > 5


@pytest.mark.parametrize("path", solver_files(), ids=lambda p: p.name)
def test_no_solver_module_imports_the_app_or_its_frameworks(path):
    imported = imported_top_level_names(path.read_text(encoding="utf-8"))
    assert not imported & FORBIDDEN, f"{path.name} imports {sorted(imported & FORBIDDEN)}"
