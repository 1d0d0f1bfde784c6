"""The clean fixture plan passes every check, its locks and destructive revert are listed, and its deploy,
killed halfway, leaves nothing behind; the JSON and Markdown reports carry what the issue asks for."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from fleetdb.rehearsal import RehearsalReport
from fleetdb.rehearsal.model import LockTaken
from fleetdb.report.rehearsal import to_json, to_markdown, write_report

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


@pytest.fixture(scope="module")
def good(rehearse_plan: Callable[..., RehearsalReport]) -> RehearsalReport:
    return rehearse_plan("good", kill=True)


def test_a_clean_change_passes_every_check(good: RehearsalReport) -> None:
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


def test_the_json_report_has_one_object_per_change_with_the_issue_keys(good: RehearsalReport) -> None:
    rows = json.loads(to_json(good))
    assert [row["change"] for row in rows] == ["orders"]
    assert set(rows[0]) >= JSON_KEYS
    assert rows[0]["locks"] == [
        {"relation": "app.customers", "mode": "ShareRowExclusiveLock", "rows": 6, "risk": True}
    ]
    assert rows[0]["killed_deploy"]["ok"] is True
    assert rows[0]["diff"] is None


def test_the_markdown_report_has_a_row_per_change(good: RehearsalReport, tmp_path: Path) -> None:
    markdown, data = write_report(good, tmp_path)
    text = markdown.read_text()
    assert text == to_markdown(good)
    assert "| `orders` | ✓ | ✓ | ✓ | ✓ | ✓ | table app.orders dropped by the revert" in text
    assert "⚠ ShareRowExclusiveLock on app.customers (6 rows)" in text
    assert "killed deploy of orders" in text
    assert json.loads(data.read_text())
