"""solver/'s modules import one another without a cycle, and so do its sub-packages.

Every import counts, wherever it is written: inside a function (a "lazy" import only hides a
cycle until someone calls the function) or under TYPE_CHECKING (a cycle for the reader, and
for the type checker, all the same). So each file is parsed rather than imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

SOLVER = Path(__file__).resolve().parents[2] / "solver"


def module_name(path: Path) -> str:
    parts = path.relative_to(SOLVER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(SOLVER.rglob("*.py"))}


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The solver modules that `name` imports, wherever in the file the import is written."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.add(submodule if submodule in known else source)
    return {m for m in found if m in known and m != name}


def import_graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imported_modules(name, path, set(found)) for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for after in sorted(graph.get(node, ())):
            if after not in index:
                visit(after)
                low[node] = min(low[node], low[after])
            elif after in on_stack:
                low[node] = min(low[node], index[after])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def sub_package(module: str) -> str:
    """`solver.search.cp.model` → `solver.search`; a module in solver/ itself stands alone."""
    parts = module.split(".")
    return ".".join(parts[:2])


def test_the_finder_sees_lazy_relative_and_type_checking_imports(tmp_path):
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from solver.b import B\n"
        "def f():\n    from . import c\n"
    )
    path = tmp_path / "a.py"
    path.write_text(source)
    known = {"solver.a", "solver.b", "solver.c"}
    assert imported_modules("solver.a", path, known) == {"solver.b", "solver.c"}


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_solver_module_imports_itself_back():
    assert cycles(import_graph()) == []


def test_no_solver_sub_package_imports_itself_back():
    packages: dict[str, set[str]] = {}
    for module, imported in import_graph().items():
        edges = packages.setdefault(sub_package(module), set())
        edges.update(sub_package(m) for m in imported if sub_package(m) != sub_package(module))
    assert cycles(packages) == []
