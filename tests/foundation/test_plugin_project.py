"""The pytest plugin serves a Sqitch project that is not fleetdb: tests/plugin_project (a library schema)
runs its own tests with ``db``, ``fresh_db`` and ``actors`` deployed from its own plan, and a copy whose
rule is taken away fails them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1] / "plugin_project"


def _run_its_tests(project: Path, junit: Path) -> tuple[int, dict[str, str]]:
    """pytest in the project's directory, as its developers run it; outcomes from the JUnit XML."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "FLEETDB_LAB"))}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", f"--junitxml={junit}"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    outcomes: dict[str, str] = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        failed = case.find("failure") is not None or case.find("error") is not None
        outcomes[case.get("name", "?")] = "failed" if failed else "passed"
    return result.returncode, outcomes


def test_a_project_that_is_not_fleetdb_gets_db_fresh_db_and_actors(tmp_path: Path) -> None:
    code, outcomes = _run_its_tests(PROJECT, tmp_path / "junit.xml")
    assert outcomes == {
        "test_a_book_cannot_be_lent_twice": "passed",
        "test_a_returned_book_can_be_lent_again": "passed",
        "test_two_readers_racing_for_one_book_get_it_once": "passed",
    }
    assert code == 0


@pytest.mark.long  # two pytest runs of the project, each deploying its plan
def test_its_tests_fail_when_its_rule_is_taken_away(tmp_path: Path) -> None:
    copy = tmp_path / "library"
    shutil.copytree(PROJECT, copy)
    deploy = copy / "deploy" / "loans.sql"
    deploy.write_text(deploy.read_text().replace("CREATE UNIQUE INDEX", "CREATE INDEX"))
    code, outcomes = _run_its_tests(copy, tmp_path / "junit.xml")
    assert outcomes["test_a_book_cannot_be_lent_twice"] == "failed"
    assert outcomes["test_two_readers_racing_for_one_book_get_it_once"] == "failed"
    assert code == 1


# The project's one parametrised test over its contract data (docs/contracts.md shows the same module).
_CONTRACT_TEST = """
from pathlib import Path

import pytest

from fleetdb.catalog import snapshot_catalog
from fleetdb.contract.schema_contract import PARTS, check_contract, load_contracts

CONTRACTS = load_contracts(Path(__file__).parent)


@pytest.mark.parametrize(("schema", "part"), [(s, p) for s in CONTRACTS for p in PARTS])
def test_schema_contract(fresh_db, schema, part):
    with fresh_db.connect() as conn:
        check_contract(snapshot_catalog(conn), CONTRACTS[schema], part)
"""


def test_contracts_run_the_projects_own_plan_and_a_broken_copy_fails(tmp_path: Path) -> None:
    """``fleetdb contracts --draft library --project DIR`` writes DIR's contract as data
    (tests/schema_contracts/library.json); ``fleetdb contracts --project DIR`` deploys DIR's plan and
    hands it to the child pytest: the copy passes its contract, and fails it once its rule is taken away
    (the child tested the copy's plan, not the checkout fleetdb runs from)."""
    from fleetdb.cli import main

    copy = tmp_path / "library"
    shutil.copytree(PROJECT, copy)
    reports = {"FLEETDB_REPORTS": str(tmp_path / "reports")}
    with pytest.MonkeyPatch.context() as env:
        for key, value in reports.items():
            env.setenv(key, value)
        assert main(["contracts", "--project", str(copy), "--draft", "library"]) == 0
        drafted = json.loads((copy / "tests" / "schema_contracts" / "library.json").read_text())
        assert "library.loans_one_open_per_book" in drafted["objects"]["index"]
        (copy / "tests" / "schema_contracts" / "test_schema_contracts.py").write_text(_CONTRACT_TEST)
        assert main(["contracts", "--project", str(copy)]) == 0
        deploy = copy / "deploy" / "loans.sql"
        deploy.write_text(deploy.read_text().replace("CREATE UNIQUE INDEX", "CREATE INDEX"))
        assert main(["contracts", "--project", str(copy)]) == 1
