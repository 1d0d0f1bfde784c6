"""Sqitch projects shaped like real ones (projects/<name>/), each rehearsed to exactly the report in its
expected.json:

- ``rework_chain``: a function reworked twice across two tags; scripts under sql/ with the extension
  .pgsql and the plan in sql/shop.plan (paths sqitch takes from sqitch.conf); each version's lock trial
  runs its own script, and the deploy killed halfway is that of a reworked change;
- ``real_world``: roles created by the plan from names and passwords read from files, a database created
  with ``\\gexec`` outside any transaction, psql variables from sqitch.conf and from ``--set``, an index
  built concurrently, and an extension, a collation, a role and a setting the plan expects the server to
  have (prepared from its fleetdb.toml);
- ``keep_going``: a verify that is a TODO, destructive reverts, a database created with ``\\gexec`` that
  its revert forgets to drop, a change whose deploy fails and one that requires it: every other change
  is still rehearsed, the dependent one is listed as not rehearsed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from fleetdb.lab import Lab
from fleetdb.project import Project
from fleetdb.rehearsal import RehearsalOptions, RehearsalReport, rehearse
from fleetdb.report.rehearsal import summary as rehearsal_summary

# The fixture projects, each rehearsed on its own server (about 45 s of a worker): make test-long runs them.
pytestmark = pytest.mark.long

PROJECTS = Path(__file__).with_name("projects")
# real_world: the schema name comes from --set, overriding the one in its sqitch.conf.
VARIABLES = {"real_world": {"schema": "stock"}}
# A killed CREATE INDEX CONCURRENTLY leaves an invalid index behind by design; real_world is not killed.
KILL = {"rework_chain": True, "keep_going": True, "real_world": False}


def summary(report: RehearsalReport) -> dict[str, Any]:
    """The parts of a report that do not depend on timing or row counts."""
    return {
        "ok": report.ok,
        "changes": {change.change: change.findings for change in report.changes},
        "not_rehearsed": {skipped.change: skipped.reason for skipped in report.not_rehearsed},
        "killed": None if report.killed is None else {"change": report.killed.change, "ok": report.killed.ok},
        "whole_plan": None if report.whole_plan is None else report.whole_plan.ok,
    }


def _rehearse(name: str, lab: Lab) -> RehearsalReport:
    database = lab.database(f"rehearse_{name}").create()
    options = RehearsalOptions(
        lab.project,
        database.target,
        variables=VARIABLES.get(name, {}),
        kill=KILL[name],
        server=lab.server_version(),
        own_server=True,  # each project on a server of its own: its databases are compared too
    )
    return rehearse(options)


@pytest.fixture(scope="module")
def reports(fleetdb_lab: Lab) -> Iterator[dict[str, RehearsalReport]]:
    """Each project on its own server, prepared as its fleetdb.toml says; rehearsed side by side."""
    names = sorted(KILL)
    labs: dict[str, Lab] = {}
    try:
        for name in names:
            project = Project.load(PROJECTS / name)
            labs[name] = Lab.throwaway(
                project, bindir=fleetdb_lab.instance.bindir if fleetdb_lab.instance else None
            )
        with ThreadPoolExecutor(max_workers=len(names)) as pool:
            yield dict(zip(names, pool.map(lambda n: _rehearse(n, labs[n]), names), strict=True))
    finally:
        for lab in labs.values():
            lab.close()


@pytest.mark.parametrize("name", sorted(KILL))
def test_each_project_rehearses_to_its_expected_report(
    name: str, reports: dict[str, RehearsalReport]
) -> None:
    expected = json.loads((PROJECTS / name / "expected.json").read_text())
    assert summary(reports[name]) == expected


def test_reworked_versions_ran_their_own_scripts(reports: dict[str, RehearsalReport]) -> None:
    changes = {c.change: c for c in reports["rework_chain"].changes}
    # Only version 2 adds the CHECK constraint, only version 3 the trigger: each trial ran its own script.
    assert "constraint shop.accounts.accounts_email_lower_ck" in changes["add_account@v2"].created
    assert "trigger shop.accounts.accounts_audit_opened" in changes["add_account"].created
    assert not any("accounts_audit_opened" in obj for obj in changes["add_account@v2"].created)
    killed = reports["rework_chain"].killed
    assert killed is not None and killed.registry_changes[-1] == "account_audit"


def test_a_change_that_cannot_deploy_stops_only_what_needs_it(reports: dict[str, RehearsalReport]) -> None:
    report = reports["keep_going"]
    tags = next(c for c in report.changes if c.change == "tags")
    assert tags.error is not None and 'relation "notes.owners" does not exist' in tags.error
    rows = json.loads(json.dumps(report.as_json_rows()))
    assert {"change": "entry_tags", "ok": False, "rehearsed": False}.items() <= rows[-1].items()
    assert [c.change for c in report.changes][-1] == "entries_title_length", "rehearsed after the failure"


def test_the_prepared_server_is_what_the_plan_needed(reports: dict[str, RehearsalReport]) -> None:
    created = {c.change: c.created for c in reports["real_world"].changes}
    assert "relation stock.items" in created["items"], "--set schema=stock overrides sqitch.conf"
    assert any("warehouse_owner" in obj for obj in created["roles"]), "the role named in a file"
    assert "database warehouse_reporting" in created["reporting_db"], "databases are in the catalog snapshot"


def test_a_database_a_revert_forgets_is_found(reports: dict[str, RehearsalReport]) -> None:
    """The plan's databases are in the catalog snapshot, as its roles are: a revert that leaves one is
    not exact, change by change and for the whole plan."""
    report = reports["keep_going"]
    mirror = next(c for c in report.changes if c.change == "mirror_db")
    assert "database notes_mirror" in mirror.created
    assert mirror.revert_diff == ["database notes_mirror still exists after revert"]
    assert report.whole_plan is not None and report.whole_plan.revert_exact is False
    assert "database notes_mirror still exists after reverting the whole plan" in report.whole_plan.diff


def test_each_release_is_upgraded_from_with_data_in_it(reports: dict[str, RehearsalReport]) -> None:
    """The changes after a tag are rehearsed onto the database as that release left it, seeded: every
    table of @v1 and @v2 holds rows when the first change after the tag deploys, and the summary says so."""
    report = reports["rework_chain"]
    upgrades = [c for c in report.changes if c.upgrades_from]
    assert [(c.change, c.upgrades_from) for c in upgrades] == [
        ("add_account@v2", "@v1"),
        ("add_account", "@v2"),
    ]
    for change in upgrades:
        assert change.rows_before > 0 and change.tables_before > 0
        assert change.empty_tables_before == []
    lines = [line for line in rehearsal_summary(report) if line.startswith("upgrade from")]
    assert lines == [
        f"upgrade from @v1: add_account@v2 and the 1 change(s) after it were deployed one by one onto the "
        f"database at @v1 holding {upgrades[0].rows_before} rows in {upgrades[0].tables_before} tables, "
        "none of them empty",
        f"upgrade from @v2: add_account and the 0 change(s) after it were deployed one by one onto the "
        f"database at @v2 holding {upgrades[1].rows_before} rows in {upgrades[1].tables_before} tables, "
        "none of them empty",
    ]
