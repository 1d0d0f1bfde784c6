"""The test tree mirrors the code: a directory of tests is named after the package of
``python/fleetdb`` it tests, or is one of the few that test something else (listed with what they
test); shared code lives in ``tests/support`` and no test imports another directory's conftest."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
PACKAGES = TESTS.parent / "python" / "fleetdb"
# Test directories that are not named after a harness package, and what they test.
NOT_PACKAGES = {
    "schema_contracts": "the schema contracts as data (the directory `fleetdb contracts` runs)",
    "deploy": "the Sqitch project's scripts: each change's trio, deploys into prepared databases",
    "docs": "the pages of docs/ against the schema, links and figures",
    "foundation": "the front door (project, target, lab, instance), the CLI and the fixtures plugin",
    "persistence": "the application library, python/persistence (a distribution of its own)",
    "support": "not tests: code the tests share",
}


def _directories() -> list[str]:
    return sorted(path.parent.name for path in TESTS.glob("*/__init__.py"))


def test_every_test_directory_is_a_package_or_says_what_it_tests() -> None:
    packages = {path.parent.name for path in PACKAGES.glob("*/__init__.py")}
    assert [name for name in _directories() if name not in packages and name not in NOT_PACKAGES] == []
    assert [name for name in NOT_PACKAGES if name not in _directories()] == []


def test_no_test_imports_a_conftest() -> None:
    found = [
        f"{path.relative_to(TESTS)}:{node.lineno}"
        for path in TESTS.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("conftest")
    ]
    assert found == [], "shared code goes to tests/support, shared fixtures to tests/conftest.py"
