"""One loader for SQL files and one convention: every ``.sql`` file of the harness lies in a package's
``sql/`` directory and is read through ``fleetdb.sql_files``; no other module builds a path into one.
(The application library, installed without the harness, has its own loader with the same layout:
``fleetdb_persistence/queries.py``.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from fleetdb.errors import FleetdbError
from fleetdb.sql_files import load_sql, named_queries, sql_exists

PYTHON = Path(__file__).resolve().parents[1] / "python"
HARNESS = PYTHON / "fleetdb"
LOADERS = {HARNESS / "sql_files.py", PYTHON / "persistence" / "fleetdb_persistence" / "queries.py"}


def _modules() -> list[Path]:
    return [path for path in PYTHON.rglob("*.py") if "build" not in path.parts]


def test_every_sql_file_lies_in_a_packages_sql_directory() -> None:
    stray = [
        str(path.relative_to(PYTHON))
        for path in PYTHON.rglob("*.sql")
        if "build" not in path.parts and "sql" not in path.relative_to(PYTHON).parts[:-1]
    ]
    assert stray == []


def _sql_directory_paths(tree: ast.AST) -> list[int]:
    """Lines where ``"sql"`` names a directory: ``x / "sql"``, ``"sql" / x``, ``with_name("sql")``,
    ``joinpath("sql", ...)`` (a ``"sql"`` compared with a language name is not a path)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            operands = (node.left, node.right)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            operands = tuple(node.args) if node.func.attr in {"with_name", "joinpath"} else ()
        else:
            continue
        lines += [node.lineno for o in operands if isinstance(o, ast.Constant) and o.value == "sql"]
    return lines


def test_only_the_loaders_build_a_path_into_a_sql_directory() -> None:
    builders = [
        f"{path.relative_to(PYTHON)}:{line}"
        for path in _modules()
        if path not in LOADERS
        for line in _sql_directory_paths(ast.parse(path.read_text()))
    ]
    assert builders == [], "read SQL files through fleetdb.sql_files.load_sql"


@pytest.mark.parametrize(
    "source",
    ['Path(__file__).parent / "sql" / "x.sql"', 'Path(__file__).with_name("sql")', 'p.joinpath("sql")'],
)
def test_each_spelling_of_a_path_into_sql_is_found(source: str) -> None:
    assert _sql_directory_paths(ast.parse(source)) == [1]


def test_a_language_named_sql_is_not_a_path() -> None:
    assert _sql_directory_paths(ast.parse('language == "sql"')) == []


def test_a_missing_file_is_a_clear_error() -> None:
    assert not sql_exists("fleetdb.catalog", "no_such_query")
    with pytest.raises(FleetdbError, match=r"no SQL file .*catalog/sql/no_such_query\.sql"):
        load_sql("fleetdb.catalog", "no_such_query")
    with pytest.raises(FleetdbError, match="__package__"):
        load_sql(None, "indexes")


def test_named_queries_split_a_file_by_its_name_headers() -> None:
    paths = named_queries("fleetdb.plans", "paths")
    assert "customer_rentals" in paths
    assert all(not block.startswith("-- name:") for block in paths.values())
