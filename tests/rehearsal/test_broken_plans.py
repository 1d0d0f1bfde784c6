"""Each fixture plan is broken in one way the rehearsal must catch; ``good`` must pass every check."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fleetdb.rehearsal import RehearsalReport
from fleetdb.rehearsal.model import LockTaken, Rewrite

Rehearse = Callable[..., RehearsalReport]


def only_change(report: RehearsalReport) -> object:
    assert report.skipped == ["app_schema", "customers"], "the base was deployed before the rehearsal"
    assert len(report.changes) == 1
    return report.changes[0]


def test_a_revert_that_forgets_an_index_is_caught(rehearse_plan: Rehearse) -> None:
    report = rehearse_plan("revert_forgets_index")
    change = report.changes[0]
    assert "index app.customers_status_idx still exists after revert" in change.revert_diff
    assert not change.revert_exact
    assert not report.ok


def test_a_revert_that_leaves_a_column_default_changed_is_caught(rehearse_plan: Rehearse) -> None:
    report = rehearse_plan("revert_leaves_default")
    change = report.changes[0]
    assert change.revert_diff == [
        "column app.customers.status: default was \"'active'::text\", is None after revert"
    ]
    assert not report.ok


def test_a_revert_that_drops_an_older_grant_is_caught(rehearse_plan: Rehearse) -> None:
    report = rehearse_plan("revert_drops_grant")
    change = report.changes[0]
    assert len(change.revert_diff) == 1
    assert change.revert_diff[0].startswith("relation app.customers: acl was (")
    assert "'=r/postgres'" in change.revert_diff[0], "the SELECT granted to PUBLIC is the one that went"
    assert not report.ok


def test_a_verify_that_cannot_fail_is_caught(rehearse_plan: Rehearse) -> None:
    report = rehearse_plan("verify_cannot_fail")
    change = report.changes[0]
    assert change.deployed and change.revert_exact and change.redeploy_exact and change.data_preserved
    assert change.verify_can_fail is False
    assert not change.ok and not report.ok


def test_a_deploy_that_rewrites_a_populated_table_is_flagged(rehearse_plan: Rehearse) -> None:
    report = rehearse_plan("deploy_rewrites_table")
    change = report.changes[0]
    rows = change.rewrites[0].rows if change.rewrites else 0
    assert rows > 0, "the rehearsal seeded app.customers before the change"
    assert change.rewrites == [Rewrite("app.customers", rows)]
    assert change.locks == [LockTaken("app.customers", "AccessExclusiveLock", rows)]
    assert change.risks == [
        f"AccessExclusiveLock on app.customers ({rows} rows)",
        f"app.customers rewritten ({rows} rows)",
    ]
    # Dropping the new column on revert destroys its values: allowed, but listed.
    assert [loss.describe() for loss in change.destructive_revert] == [
        f"column app.customers.joined_at dropped by the revert ({rows} rows)"
    ]


def test_a_change_that_loses_rows_is_caught(rehearse_plan: Rehearse) -> None:
    report = rehearse_plan("change_loses_rows")
    change = report.changes[0]
    assert change.revert_exact and change.redeploy_exact
    assert not change.data_preserved
    assert change.data_diff == ["table app.customers rows deleted by the deploy (3 rows)"]
    assert not report.ok


@pytest.mark.parametrize("name", ["revert_forgets_index", "revert_leaves_default", "revert_drops_grant"])
def test_fixture_plans_are_complete_sqitch_projects(name: str) -> None:
    from tests.rehearsal.conftest import PLANS

    plan = PLANS / name
    changes = [line.split()[0] for line in (plan / "sqitch.plan").read_text().splitlines()[4:] if line]
    for change in changes:
        for script in ("deploy", "revert", "verify"):
            assert (plan / script / f"{change}.sql").is_file()
