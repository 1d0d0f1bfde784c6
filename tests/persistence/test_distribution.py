"""The persistence library installs and works on its own: a service that installs ``fleetdb-persistence``
gets psycopg and psycopg-pool and nothing of the harness (no rich, no pytest, no pytest plugin loaded
into its own test runs), every error it can catch has ``PersistenceError`` as its root, and every SQL
file ships in the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LIBRARY = REPO / "python" / "persistence"

# Run inside the isolated environment: what is installed, what loads, and what the errors descend from.
PROBE = """
import importlib, importlib.metadata as metadata, inspect, json, pkgutil
import fleetdb_persistence
modules = [m.name for m in pkgutil.walk_packages(fleetdb_persistence.__path__, "fleetdb_persistence.")]
for name in modules:
    importlib.import_module(name)
from fleetdb_persistence.errors import PersistenceError
roots = sorted({
    f"{base.__module__}.{base.__qualname__}"
    for name in modules
    for _, cls in inspect.getmembers(importlib.import_module(name), inspect.isclass)
    if issubclass(cls, BaseException) and cls.__module__.startswith("fleetdb_persistence")
    for base in cls.__mro__
    if not issubclass(base, PersistenceError) and base not in (Exception, BaseException, object)
})
try:
    import fleetdb
    harness = fleetdb.__file__
except ModuleNotFoundError:
    harness = None
root = fleetdb_persistence.__path__[0]
print(json.dumps({
    "distributions": sorted(d.metadata["Name"].lower().replace("_", "-") for d in metadata.distributions()),
    "pytest_plugins": [e.name for e in metadata.entry_points(group="pytest11")],
    "foreign_error_bases": roots,
    "harness": harness,
    "root": root,
    "sql": sorted(str(p.relative_to(root)) for p in __import__("pathlib").Path(root).rglob("*.sql")),
}))
"""


@pytest.fixture(scope="module")
def isolated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The library alone, as a wheel (not editable) in an environment of its own, at the lock's versions."""
    environment = tmp_path_factory.mktemp("persistence") / "venv"
    uv = Path(sys.executable).with_name("uv")
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(environment), "UV_LINK_MODE": "copy"}
    env["UV_PYTHON_DOWNLOADS"] = "never"
    sync = [str(uv), "sync", "--frozen", "--package", "fleetdb-persistence", "--no-editable"]
    sync += ["--refresh-package", "fleetdb-persistence"]  # built from this checkout, never a cached wheel
    sync += ["--python", sys.executable, "--quiet"]
    built = subprocess.run(sync, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    probe = subprocess.run(
        [str(environment / "bin" / "python"), "-c", PROBE],
        cwd=environment,  # not the checkout: nothing importable from the working directory
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr
    result: dict[str, object] = json.loads(probe.stdout)
    return result


def test_only_the_library_and_its_database_driver_are_installed(isolated: dict[str, object]) -> None:
    assert isolated["distributions"] == [
        "fleetdb-persistence",
        "psycopg",
        "psycopg-binary",
        "psycopg-pool",
        "typing-extensions",
    ]
    assert isolated["harness"] is None, "the fleetdb harness came along with the library"


def test_no_pytest_plugin_comes_with_the_library(isolated: dict[str, object]) -> None:
    assert isolated["pytest_plugins"] == []


def test_every_error_of_the_library_has_its_own_root(isolated: dict[str, object]) -> None:
    assert isolated["foreign_error_bases"] == [], "errors that descend from something else"


def test_every_sql_file_ships_in_the_wheel(isolated: dict[str, object]) -> None:
    source = LIBRARY / "fleetdb_persistence"
    assert isolated["sql"] == sorted(str(p.relative_to(source)) for p in source.rglob("*.sql"))
