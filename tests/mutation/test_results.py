"""A pytest run hands its results to the tool that started it as data (``--fleetdb-results``): the
mutation engine names the scenario that killed a mutant, with the SQLSTATE and constraint that failed
it, from that file and never from pytest's console output."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from fleetdb.databases import Database
from fleetdb.lab import Lab
from fleetdb.mutation.engine import run_mutants
from fleetdb.mutation.model import Mutant
from fleetdb.mutation.scenarios import ScenarioRun
from fleetdb.results import read_run_results

PACKAGE = Path(__file__).resolve().parents[2] / "python" / "fleetdb"

_OUTCOMES = """
import psycopg, pytest

def test_passes():
    pass

def test_fails():
    assert 1 == 2, "one is not two"

@pytest.mark.skip(reason="not today")
def test_skipped():
    pass

def test_database_error_behind_an_assertion():
    try:
        raise psycopg.errors.UniqueViolation("duplicate key")
    except psycopg.Error as error:
        raise AssertionError("the booking was refused") from error

@pytest.fixture
def broken():
    raise RuntimeError("fixture broke")

def test_setup_error(broken):
    pass
"""


def test_the_results_file_holds_each_outcome_and_what_failed_it(tmp_path: Path) -> None:
    (tmp_path / "test_outcomes.py").write_text(_OUTCOMES)
    results_file = tmp_path / "out" / "results.json"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0"]
    command += ["--fleetdb-results", str(results_file), "test_outcomes.py"]
    completed = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    results = read_run_results(results_file)
    assert results is not None, completed.stdout + completed.stderr
    assert (results.exitstatus, results.interrupted) == (1, False)
    by_name = {r.nodeid.split("::")[-1]: r for r in results.results}
    outcomes = {name: (r.outcome, r.when) for name, r in by_name.items()}
    assert outcomes == {
        "test_passes": ("passed", "call"),
        "test_fails": ("failed", "call"),
        "test_skipped": ("skipped", "setup"),
        "test_database_error_behind_an_assertion": ("failed", "call"),
        "test_setup_error": ("error", "setup"),
    }
    assert by_name["test_fails"].message == "AssertionError: one is not two"
    assert by_name["test_database_error_behind_an_assertion"].sqlstate == "23505"
    assert by_name["test_setup_error"].message == "RuntimeError: fixture broke"
    assert [r.nodeid for r in results.failures] == [
        "test_outcomes.py::test_fails",
        "test_outcomes.py::test_database_error_behind_an_assertion",
        "test_outcomes.py::test_setup_error",
    ]


_SCENARIO = """
import pytest

@pytest.mark.invariant("RENT-PAYMENT-ONCE")
def test_a_valid_location_is_accepted(db):
    db.execute(
        "INSERT INTO rental.locations (code, name, address, time_zone) VALUES ('AMS1', 'A', 'B', 'UTC')"
    )
"""


def test_a_killed_mutant_names_the_scenario_the_sqlstate_and_the_constraint(
    fleetdb_lab: Lab, fleetdb_template: Database, tmp_path: Path
) -> None:
    """A flipped check (valid codes refused) is killed; the detail comes from the results file."""
    (tmp_path / "test_scenario.py").write_text(_SCENARIO)
    flipped = (
        "ALTER TABLE rental.locations DROP CONSTRAINT locations_code_format_ck",
        "ALTER TABLE rental.locations ADD CONSTRAINT locations_code_format_ck "
        "CHECK (code !~ '^[A-Z0-9]{3,10}$') NOT VALID",
    )
    mutant = Mutant(
        "RENT-PAYMENT-ONCE", "constraint locations_code_format_ck", "flip", "flip the match", flipped
    )
    (result,) = run_mutants(fleetdb_template, [mutant], ScenarioRun(fleetdb_lab, (str(tmp_path),)))
    assert result.outcome == "killed", result
    # The scenario lives outside any project, so pytest's rootdir (and the node id's directory part)
    # depends on where the checkout and the temporary directory are; the file and test name do not.
    assert result.detail.rpartition("/")[2] == (
        "test_scenario.py::test_a_valid_location_is_accepted "
        "[SQLSTATE 23514, constraint locations_code_format_ck]"
    )


def test_no_module_reads_pytest_console_output() -> None:
    """The CLI and its pytest runs talk through exit codes, the hand-over and results files: no module
    of the package holds pytest's summary words (``FAILED``, ``ERROR``) to look for them in output."""
    offenders = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and (node.value.strip() in ("FAILED", "ERROR") or node.value.startswith("FAILED "))
    ]
    assert not offenders, offenders
