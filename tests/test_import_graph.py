"""The import graph of the package has no cycle and no upward import.

Every ``import`` of every module counts, wherever it stands (at the top, inside a function, under
``TYPE_CHECKING``): an import moved into a function to dodge a cycle is still the cycle. The layers:
- ``fleetdb_persistence`` (the application library) imports nothing of the harness;
- the reports (``fleetdb.report``) import the reports and model modules only (``model.py``,
  ``<topic>_model.py``), never the code that produces what they show;
- the command line (``fleetdb.cli``, ``fleetdb.commands``) calls the library; nothing else imports it;
- the pytest plugins (``fleetdb.plugins``) are loaded by pytest; nothing else imports them, and nothing
  else imports pytest except the mutation engine, which runs it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PYTHON = Path(__file__).resolve().parents[1] / "python"
ROOTS = {"fleetdb": PYTHON / "fleetdb", "fleetdb_persistence": PYTHON / "persistence" / "fleetdb_persistence"}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str  # a module of the package (a package counts as its __init__), or a third-party name
    line: int

    def __str__(self) -> str:
        return f"{self.importer} imports {self.imported} (line {self.line})"


def _modules() -> dict[str, Path]:
    modules = {}
    for root, directory in ROOTS.items():
        for path in directory.rglob("*.py"):
            parts = (root, *path.relative_to(directory).with_suffix("").parts)
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


MODULES = _modules()


def _resolve(module: str, names: list[str]) -> Iterator[str]:
    """``from module import a, b``: the submodules a and b when they are modules, else ``module``."""
    for name in names:
        yield f"{module}.{name}" if f"{module}.{name}" in MODULES else module


def _imports(name: str, path: Path) -> Iterator[Import]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(name, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for target in _resolve(base, [alias.name for alias in node.names]):
                yield Import(name, target, node.lineno)


IMPORTS = [found for name, path in sorted(MODULES.items()) for found in _imports(name, path)]


def _internal(imported: str) -> str | None:
    """The module of the package an import names (``fleetdb.catalog.snapshot``), else None."""
    while imported and imported not in MODULES:
        imported = imported.rpartition(".")[0]
    return imported or None


def _is(module: str, *prefixes: str) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for successor in sorted(edges.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(_path_through(sorted(component), edges))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _path_through(component: list[str], edges: dict[str, set[str]]) -> list[str]:
    """One closed path inside a strongly connected component: what to read to see the cycle."""
    members = set(component)
    start = component[0]
    path = [start]
    seen = {start}
    while True:
        following = sorted(edges[path[-1]] & members)
        back = start if start in following else None
        step = back or next((m for m in following if m not in seen), following[0])
        path.append(step)
        if step == start or step in seen:
            return path
        seen.add(step)


def _graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {name: set() for name in MODULES}
    for found in IMPORTS:
        target = _internal(found.imported)
        if target is not None and target != found.importer:
            edges[found.importer].add(target)
    return edges


def test_the_graph_is_read() -> None:
    """The checks below see the package: every known edge of it is found."""
    edges = _graph()
    assert "fleetdb.catalog.snapshot" in edges["fleetdb.catalog"]
    assert "fleetdb.plugins.fixtures" in MODULES and "fleetdb_persistence.errors" in MODULES
    assert "fleetdb_persistence.errors" in edges["fleetdb_persistence.unit_of_work"]


def test_no_import_cycle() -> None:
    cycles = [" -> ".join(cycle) for cycle in _cycles(_graph())]
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_the_application_library_imports_nothing_of_the_harness() -> None:
    upward = [
        str(found)
        for found in IMPORTS
        if _is(found.importer, "fleetdb_persistence") and _is(found.imported, "fleetdb")
    ]
    assert upward == []


def test_reports_import_only_reports_and_models() -> None:
    def allowed(module: str) -> bool:
        return _is(module, "fleetdb.report") or module.rpartition(".")[2].endswith("model")

    forbidden = [
        str(found)
        for found in IMPORTS
        if _is(found.importer, "fleetdb.report")
        and (target := _internal(found.imported)) is not None
        and not allowed(target)
    ]
    assert forbidden == [], "a report imports what is not a model:\n" + "\n".join(forbidden)


def test_only_the_command_line_imports_the_command_line() -> None:
    upward = [
        str(found)
        for found in IMPORTS
        if _is(found.imported, "fleetdb.cli", "fleetdb.commands")
        and not _is(found.importer, "fleetdb.cli", "fleetdb.commands")
    ]
    assert upward == [], "the library calls the command line:\n" + "\n".join(upward)


def test_only_pytest_loads_the_plugins() -> None:
    importers = [
        str(found)
        for found in IMPORTS
        if _is(found.imported, "fleetdb.plugins") and not _is(found.importer, "fleetdb.plugins")
    ]
    assert importers == []


def test_only_the_plugins_and_the_mutation_engine_import_pytest() -> None:
    importers = [
        str(found)
        for found in IMPORTS
        if _is(found.imported, "pytest", "_pytest")
        and not _is(found.importer, "fleetdb.plugins", "fleetdb.mutation.engine")
    ]
    assert importers == []
