"""The fixture plans under plans/: each broken one in a way the rehearsal must catch, and ``good``, which
must pass every check, lists its locks and destructive revert, and survives its deploy killed halfway;
the JSON and Markdown reports carry what the issue asks for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fleetdb.rehearsal import RehearsalReport
from fleetdb.rehearsal.killed import choose_change
from fleetdb.rehearsal.model import ChangeRehearsal, LockTaken, Rewrite
from fleetdb.report.rehearsal import to_json, to_markdown, write_report

# The fixture plans, each rehearsed in full (about 45 s of a worker): make test-long runs them.
pytestmark = pytest.mark.long

Reports = dict[str, RehearsalReport]


def test_a_revert_that_forgets_an_index_is_caught(fixture_reports: Reports) -> None:
    report = fixture_reports["revert_forgets_index"]
    change = report.changes[0]
    assert "index app.customers_status_idx still exists after revert" in change.revert_diff
    assert not change.revert_exact
    assert change.verify_can_fail is None, "with the index still there, the verify check means nothing"
    assert not report.ok


def test_a_revert_that_leaves_a_column_default_changed_is_caught(fixture_reports: Reports) -> None:
    report = fixture_reports["revert_leaves_default"]
    change = report.changes[0]
    assert change.revert_diff == [
        "column app.customers.status: default was \"'active'::text\", is None after revert"
    ]
    assert not report.ok


def test_a_revert_that_drops_an_older_grant_is_caught(fixture_reports: Reports) -> None:
    report = fixture_reports["revert_drops_grant"]
    change = report.changes[0]
    assert len(change.revert_diff) == 1
    assert change.revert_diff[0].startswith("relation app.customers: acl was (")
    was, _, now = change.revert_diff[0].partition(", is (")
    assert "'=r/" in was and "'=r/" not in now, "the SELECT granted to PUBLIC is the one that went"
    assert not report.ok


def test_a_verify_that_cannot_fail_is_caught(fixture_reports: Reports) -> None:
    report = fixture_reports["verify_cannot_fail"]
    change = report.changes[0]
    assert change.deployed and change.revert_exact and change.redeploy_exact and change.data_preserved
    assert change.verify_can_fail is False
    assert not change.ok and not report.ok


def test_a_deploy_that_rewrites_a_populated_table_is_flagged(fixture_reports: Reports) -> None:
    report = fixture_reports["deploy_rewrites_table"]
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


def test_a_change_that_loses_rows_is_caught(fixture_reports: Reports) -> None:
    report = fixture_reports["change_loses_rows"]
    change = report.changes[0]
    assert change.revert_exact and change.redeploy_exact
    assert not change.data_preserved
    assert change.data_diff == ["table app.customers rows deleted by the deploy (3 rows)"]
    assert not report.ok


def test_locks_of_a_script_that_is_not_one_transaction_are_sampled(fixture_reports: Reports) -> None:
    report = fixture_reports["concurrent_index"]
    (change,) = report.changes
    assert change.ok, change.as_dict()
    assert change.locks is not None
    assert change.locks_note is not None and change.locks_note.startswith("sampled every")
    assert "index app.customers_email_lower_idx" in change.created
    assert change.destructive_revert == []
    assert not change.transactional


def test_the_deploy_killed_by_default_is_one_transaction() -> None:
    """A script that commits as it goes (CREATE INDEX CONCURRENTLY) cannot leave the database at the
    previous change when killed midway; the kill scenario picks the last change that can."""
    lock = LockTaken("app.customers", "ShareUpdateExclusiveLock", 10)
    atomic = ChangeRehearsal("customers_status", "customers", locks=[lock])
    concurrent = ChangeRehearsal(
        "customers_email_lower_idx", "customers_status", locks=[lock], transactional=False
    )
    assert choose_change([atomic, concurrent], None) is atomic
    assert choose_change([atomic, concurrent], "customers_email_lower_idx") is concurrent
    assert choose_change([concurrent], None) is None


JSON_KEYS = {
    "change",
    "deployed",
    "verified",
    "revert_exact",
    "redeploy_exact",
    "data_preserved",
    "destructive_revert",
    "locks",
    "rewrites",
    "seconds",
    "diff",
}


@pytest.fixture
def good(fixture_reports: Reports) -> RehearsalReport:
    return fixture_reports["good"]


def test_a_clean_change_passes_every_check(good: RehearsalReport) -> None:
    assert good.skipped == ["app_schema", "customers"], "the base was deployed before the rehearsal"
    (change,) = good.changes
    assert change.change == "orders" and change.previous == "customers"
    assert change.ok, change.as_dict()
    assert change.verify_can_fail is True
    assert change.not_seeded == {}
    assert good.ok


def test_the_foreign_key_lock_on_a_populated_table_is_a_risk(good: RehearsalReport) -> None:
    (change,) = good.changes
    (lock,) = change.locks or []
    assert lock == LockTaken("app.customers", "ShareRowExclusiveLock", lock.rows) and lock.rows > 0
    assert lock.risk
    assert change.rewrites == []


def test_reverting_a_table_that_holds_rows_is_listed_as_destructive(good: RehearsalReport) -> None:
    (change,) = good.changes
    assert [loss.obj for loss in change.destructive_revert] == ["table app.orders"]
    assert change.destructive_revert[0].rows > 0


def test_a_killed_deploy_leaves_the_database_at_the_previous_change(good: RehearsalReport) -> None:
    killed = good.killed
    assert killed is not None
    assert killed.change == "orders" and killed.waited_on == "app.customers"
    assert killed.terminated_pid is not None
    assert killed.statement is not None and killed.statement.startswith("CREATE TABLE app.orders")
    assert killed.sqitch_failed
    assert killed.registry_changes == ["app_schema", "customers"]
    assert killed.at_previous_change
    assert killed.last_event == "fail orders"
    assert killed.catalog_diff == []
    # The sequence is created before the statement that waits: the kill must have rolled it back.
    assert "sequence app.order_numbers" in good.changes[0].created
    assert killed.objects_left == []
    assert killed.redeploy_completed and killed.redeploy_exact
    assert killed.ok


def test_sqitch_killed_mid_deploy_leaves_the_change_committed_but_unrecorded_and_the_runbook_recovers(
    good: RehearsalReport,
) -> None:
    killed = good.killed_sqitch
    assert killed is not None
    assert killed.change == "orders" and killed.waited_on == "app.customers"
    assert killed.sqitch_pid is not None and killed.script_pid is not None
    # sqitch is gone, its psql is not: once the lock is released, it commits the change on its own.
    assert killed.script_outlived_sqitch
    assert killed.registry_changes == ["app_schema", "customers"]
    assert not killed.in_registry and killed.in_catalog
    assert killed.disagreement
    finding = killed.finding()
    assert finding is not None and "sqitch deploy --log-only --to orders" in finding
    assert killed.verify_passed is True
    assert killed.recovery == [
        "psql -f verify/orders.sql: passed",
        "sqitch deploy --log-only --to orders",
        "sqitch verify",
        "sqitch deploy --verify",
    ]
    assert killed.recovered and killed.recovered_exact
    assert killed.ok and killed.error is None


def test_the_json_report_has_one_object_per_change_with_the_issue_keys(good: RehearsalReport) -> None:
    rows = json.loads(to_json(good))
    assert [row["change"] for row in rows] == ["orders"]
    assert set(rows[0]) >= JSON_KEYS
    assert rows[0]["locks"] == [
        {"relation": "app.customers", "mode": "ShareRowExclusiveLock", "rows": 6, "risk": True}
    ]
    assert rows[0]["killed_deploy"]["ok"] is True
    assert rows[0]["killed_sqitch"]["disagreement"] is True and rows[0]["killed_sqitch"]["ok"] is True
    assert rows[0]["diff"] is None


def test_the_markdown_report_has_a_row_per_change(good: RehearsalReport, tmp_path: Path) -> None:
    markdown, data = write_report(good, tmp_path)
    text = markdown.read_text()
    assert text == to_markdown(good)
    assert "| `orders` | ✓ | ✓ | ✓ | ✓ | ✓ | table app.orders dropped by the revert" in text
    assert "⚠ ShareRowExclusiveLock on app.customers (6 rows)" in text
    assert "killed deploy of orders" in text
    assert "sqitch killed (SIGKILL" in text and "registry and catalog disagree: orders" in text
    assert json.loads(data.read_text())
