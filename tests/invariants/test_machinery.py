"""The invariant machinery can fail: a stale invariants page, an enforcing object missing from the
schema, a mutant no scenario notices, a red report row are all detected."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fleetdb.catalog import snapshot_catalog
from fleetdb.databases import Database
from fleetdb.invariants.catalog import load_catalog
from fleetdb.invariants.docs import DOC_PATH, render_invariants_doc
from fleetdb.invariants.model import EnforcingObject
from fleetdb.lab import Lab
from fleetdb.mutation.engine import run_mutants
from fleetdb.mutation.model import MutantResult, read_results, write_results
from fleetdb.mutation.removal import mutant_for, removal_mutants
from fleetdb.mutation.scenarios import ScenarioRun
from fleetdb.report.invariants import merge_mutants, read_rows, rows_for, to_json, to_markdown, write_report

REPO = Path(__file__).resolve().parents[2]


def test_the_invariants_page_is_generated_from_the_catalog() -> None:
    committed = (REPO / DOC_PATH).read_text()
    assert committed == render_invariants_doc(load_catalog()), (
        f"{DOC_PATH} is stale: run `fleetdb invariants-doc` and commit it"
    )


def test_a_catalog_change_changes_the_page() -> None:
    catalog = load_catalog()
    changed = [dataclasses.replace(catalog[0], statement="Something else entirely."), *catalog[1:]]
    assert render_invariants_doc(changed) != render_invariants_doc(catalog)


def test_every_enforcing_object_of_the_catalog_is_deployed(db: psycopg.Connection[Any]) -> None:
    snapshot = snapshot_catalog(db, kinds=("relation", "constraint", "index", "trigger", "function"))
    missing = [m.label for m in removal_mutants(load_catalog(), snapshot) if not m.statements]
    assert missing == []


def test_an_object_that_is_not_deployed_gives_no_mutant(db: psycopg.Connection[Any]) -> None:
    snapshot = snapshot_catalog(db, kinds=("relation", "constraint", "trigger"))
    ghosts = [
        EnforcingObject("constraint", "rentals_ghost_ck", "rental.rentals"),
        EnforcingObject("trigger", "rentals_status_transition_trg", "rental.charges"),  # wrong table
        EnforcingObject("privilege", "x", "rental.ghosts", "fleetdb_app", "DELETE"),
        EnforcingObject("privilege", "x", "rental.rentals", "fleetdb_app", "DROP TABLE; --"),
    ]
    assert [mutant_for("RENT-OVERLAP", ghost, snapshot).statements for ghost in ghosts] == [()] * 4


def test_each_kind_of_mutant_applies(db: psycopg.Connection[Any]) -> None:
    """Every mutation the catalog asks for is valid DDL on the deployed schema."""
    snapshot = snapshot_catalog(db, kinds=("relation", "constraint", "index", "trigger", "function"))
    kinds: dict[str, Any] = {}
    for mutant in removal_mutants(load_catalog(), snapshot):
        kinds.setdefault(mutant.mutation.split(" ", 1)[0], mutant)
    assert {"drop", "replace", "grant"} <= set(kinds)
    for mutant in kinds.values():
        with db.transaction(force_rollback=True):
            for statement in mutant.statements:
                db.execute(statement.encode())


_PASSING = """
import pytest

@pytest.mark.invariant("RENT-PAYMENT-ONCE")
def test_looks_at_nothing(db):
    db.execute("SELECT 1")
"""
_CHECKING = """
import psycopg, pytest

@pytest.mark.invariant("RENT-PAYMENT-ONCE")
def test_payment_reference_is_unique(db):
    query = "SELECT count(*) FROM pg_constraint WHERE conname = 'payments_provider_reference_uq'"
    assert db.execute(query).fetchone() == (1,)
"""


def test_a_mutant_survives_a_scenario_that_checks_nothing_and_is_killed_by_one_that_does(
    fleetdb_lab: Lab, fleetdb_template: Database, tmp_path: Path
) -> None:
    (tmp_path / "weak").mkdir()
    (tmp_path / "weak" / "test_weak.py").write_text(_PASSING)
    (tmp_path / "strong").mkdir()
    (tmp_path / "strong" / "test_strong.py").write_text(_CHECKING)
    with fleetdb_template.connect() as conn:
        snapshot = snapshot_catalog(conn, kinds=("constraint",))
    target = EnforcingObject("constraint", "payments_provider_reference_uq", "rental.payments")
    mutant = mutant_for("RENT-PAYMENT-ONCE", target, snapshot)
    weak, strong = (
        run_mutants(fleetdb_template, [mutant], ScenarioRun(fleetdb_lab, (str(tmp_path / name),)))[0]
        for name in ("weak", "strong")
    )
    assert weak.outcome == "survived", weak
    assert strong.outcome == "killed", strong
    assert "test_payment_reference_is_unique" in strong.detail


def test_a_surviving_mutant_turns_the_report_red(tmp_path: Path) -> None:
    catalog = load_catalog()
    rows = rows_for(catalog)
    for row in rows.values():
        row.scenarios_passed = 1
    write_report(list(rows.values()), tmp_path)
    first, second = catalog[0].id, catalog[1].id
    results = [
        MutantResult(first, "x", "drop constraint a", "killed", "FAILED test_a", 1.0),
        MutantResult(second, "y", "drop trigger b", "survived", "every scenario still passes", 1.0),
        MutantResult(second, "z", "drop trigger c", "not applied", "not deployed", 0.0),
        MutantResult(first, "x", "flip < in a", "equivalent", "listed: cannot change", 1.0, "flip"),
    ]
    write_results(results, tmp_path)
    assert read_results(tmp_path) == results
    merged = read_rows(catalog, tmp_path)
    merge_mutants(merged, read_results(tmp_path))
    assert (merged[first].mutants_killed, merged[first].mutants_survived, merged[first].ok) == (1, 0, True)
    assert merged[first].mutants_equivalent == 1
    assert merged[first].mutant_operators == {"remove": [1, 0, 0], "flip": [0, 1, 0]}
    assert merged[second].mutant_operators == {"remove": [0, 0, 2]}
    assert (merged[second].mutants_killed, merged[second].mutants_survived) == (0, 2)
    assert merged[second].verdict == "mutant survived" and not merged[second].ok
    entries = json.loads(to_json(list(merged.values())))
    keys = {"id", "statement", "enforced_by", "scenarios_passed", "scenarios_failed", "races", "examples"}
    assert keys | {"mutants_killed", "mutants_survived", "mutants_equivalent", "mutant_operators"} <= set(
        entries[0]
    )
    assert f"| `{first}` | flip | 0 | 1 | 0 |" in to_markdown(list(merged.values()))


def test_examples_are_counted_in_the_report(request: pytest.FixtureRequest) -> None:
    """The generated tests record ("examples", n); the reporter sums it per invariant."""
    from fleetdb.plugins.invariants import InvariantReporter

    reporter = InvariantReporter(request.config)
    properties = [("invariant", "RENT-OVERLAP"), ("examples", 7)]
    report = pytest.TestReport("t::x", ("t", 1, "x"), {}, "passed", None, "call", user_properties=properties)
    reporter.pytest_runtest_logreport(report)
    assert reporter.rows["RENT-OVERLAP"].examples == 7


def test_invariants_doc_check_fails_on_a_stale_page(tmp_path: Path) -> None:
    from fleetdb.cli import main

    (tmp_path / "sqitch.plan").write_text((REPO / "sqitch.plan").read_text())
    assert main(["invariants-doc", "--project", str(tmp_path), "--check"]) == 1  # no page yet
    assert main(["invariants-doc", "--project", str(tmp_path)]) == 0
    assert main(["invariants-doc", "--project", str(tmp_path), "--check"]) == 0
    page = tmp_path / DOC_PATH
    page.write_text(page.read_text().replace("invariants in", "invariants (edited by hand) in"))
    assert main(["invariants-doc", "--project", str(tmp_path), "--check"]) == 1


def test_the_stress_command_reports_and_exits_zero_without_violations(
    fleetdb_template: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    from fleetdb.cli import main

    server = fleetdb_template.server.conninfo
    args = ["stress", "--race", "payments", "--sessions", "3", "--attempts", "4"]
    assert main([*args, "--target", server, "--template", fleetdb_template.name]) == 0
    out = capsys.readouterr().out
    assert "36 attempts, 0 violations" in out  # 3 sessions x 4 attempts at each of the 3 levels
    assert all(level in out for level in ("read-committed", "repeatable-read", "serializable"))
    assert "23505 payments_provider_reference_uq" in out
    one_level = [*args, "--isolation", "read-committed", "--target", server]
    assert main([*one_level, "--template", fleetdb_template.name]) == 0
    assert "12 attempts, 0 violations" in capsys.readouterr().out
