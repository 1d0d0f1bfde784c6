"""The online rehearsal on a real server, at a small scale with short windows.

The project is this repository's plan with a tag at its head and the changes of ``online_changes/``
after it: a yardstick that holds ACCESS EXCLUSIVE for a known time, three deliberately bad changes on
the readings table (a plain CREATE INDEX, an ADD COLUMN with a volatile default, a CHECK validated in one
step) and a good one (CREATE INDEX CONCURRENTLY in a change without BEGIN/COMMIT). The database is the
deployed template seeded at scale 1, with ``READINGS`` extra readings so that the bad changes hold their
locks for tens of milliseconds or more.

Timing is kept out of the verdicts: the budget's blocked limit is ``BLOCKED`` (any conflicting lock the
10 ms sampler sees is over it; a good change takes none) and p99 is not judged here (``test_online_judge``
covers it). The one timed assertion is the measurement itself: the yardstick's wait equals its hold
within the sampling error.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.progress import Progress

from fleetdb.databases import Database
from fleetdb.project import Project
from fleetdb.rehearsal.online_model import Budget, OnlineReport, Step
from fleetdb.rehearsal.statements import HINTS
from fleetdb.report.online import to_json, to_markdown, write_report
from fleetdb.seed import Seeder, SeedSizes
from tests.support.online_rollout import rehearse_clone

ONLINE_CHANGES = Path(__file__).with_name("online_changes")
TAG = "online_base"
READINGS = 100_000
HOLD = 0.5  # seconds the yardstick holds ACCESS EXCLUSIVE
BLOCKED = 0.005
BUDGET = Budget(max_blocked=BLOCKED, max_p99_ratio=None)
# About 35 s of one worker on a quiet machine (a seeded server, three windows per change): make stress runs
# it; make test keeps test_online_judge, which judges reports without a server.
pytestmark = pytest.mark.stress


def _project(directory: Path, repo: Path, changes: list[str]) -> Project:
    """The repository's plan tagged at its head, then ``changes`` of online_changes/ after the tag."""
    shutil.copy(repo / "sqitch.conf", directory / "sqitch.conf")
    for kind in ("deploy", "revert", "verify"):
        shutil.copytree(repo / kind, directory / kind)
        for change in changes:
            shutil.copy(ONLINE_CHANGES / kind / f"{change}.sql", directory / kind / f"{change}.sql")
    lines = {line.split()[0]: line for line in (ONLINE_CHANGES / "plan").read_text().splitlines() if line}
    plan = (repo / "sqitch.plan").read_text().rstrip("\n")
    tag = f"@{TAG} 2026-12-01T07:59:00Z fleetdb developers <dev@fleetdb.invalid> # the head, as released"
    (directory / "sqitch.plan").write_text("\n".join([plan, tag, *(lines[c] for c in changes)]) + "\n")
    return Project.load(directory)


@pytest.fixture(scope="module")
def seeded_head(fleetdb_template: Database) -> Iterator[Database]:
    """The head of the plan seeded at scale 1."""
    database = fleetdb_template.clone()
    Seeder(database.conninfo(), SeedSizes.for_scale(1), workers=2).run(Progress(disable=True))
    database.mark_template()
    yield database
    database.drop()


@pytest.fixture(scope="module")
def big_readings(seeded_head: Database) -> Iterator[Database]:
    """``seeded_head`` plus READINGS readings of one vehicle, each with its event."""
    database = seeded_head.clone()
    with database.connect(autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # the filler writes the trigger's events
        conn.execute((ONLINE_CHANGES / "fill_readings.sql").read_text(), {"rows": READINGS})  # type: ignore[arg-type]
        conn.execute("SET session_replication_role = origin")
        conn.execute("VACUUM ANALYZE fleet.odometer_readings, fleet.outbox_events")
    database.mark_template()
    yield database
    database.drop()


def _rehearse(template: Database, project: Project, *, revert: bool) -> OnlineReport:
    return rehearse_clone(template, project, TAG, BUDGET, revert=revert, variables={"hold": str(HOLD)})


@pytest.fixture(scope="module")
def deployed(
    big_readings: Database, tmp_path_factory: pytest.TempPathFactory, fleetdb_project: Project
) -> OnlineReport:
    """The yardstick, the three bad changes and the good one, deployed under load (no revert)."""
    changes = [line.split()[0] for line in (ONLINE_CHANGES / "plan").read_text().splitlines() if line]
    project = _project(tmp_path_factory.mktemp("online_all"), fleetdb_project.root, changes)
    return _rehearse(big_readings, project, revert=False)


def _step(report: OnlineReport, change: str, phase: str = "deploy") -> Step:
    return next(s for s in report.steps if s.change == change and s.phase == phase)


def test_the_workload_runs_every_operation_without_an_error_outside_the_bad_changes(
    deployed: OnlineReport,
) -> None:
    assert deployed.error is None, deployed.error
    assert set(deployed.operation_kinds()) >= {"book", "reading", "charge", "payment", "refund", "posting"}
    assert [w.name for w in deployed.windows] == ["baseline", "after deploy"]
    assert all(not w.errors for w in deployed.windows)
    assert [c.after for c in deployed.checks] == ["deploy"] and deployed.checks[0].ok, deployed.checks


def test_a_lock_held_for_a_known_time_is_measured_as_that_wait(deployed: OnlineReport) -> None:
    """The yardstick holds its lock HOLD seconds from the moment a workload operation waits on it
    (pg_blocking_pids, in its script): that operation's wait is HOLD, and the hold is HOLD plus the
    time from the lock to the first waiter, both read from the report's own samples."""
    step = _step(deployed, "online_hold_lock")
    error = 2 * deployed.sample_interval + 0.1  # a sample each side, and a loaded machine's lag
    assert step.lock_wait_max == pytest.approx(HOLD, abs=error)
    assert step.waits and step.holds
    arrival = min(w.first for w in step.waits) - min(h.first for h in step.holds)
    assert step.lock_held_max == pytest.approx(HOLD + arrival, abs=error)
    assert step.blocked_operations >= 1
    [cause] = step.causes
    assert cause.statement.startswith("LOCK TABLE fleet.odometer_readings, rental.rentals")
    assert "AccessExclusiveLock" in cause.lock


@pytest.mark.parametrize(
    ("change", "statement", "hint"),
    [
        (
            "online_plain_index",
            "CREATE INDEX odometer_readings_online_km_idx ON fleet.odometer_readings (reading_km)",
            HINTS["create index"],
        ),
        (
            "online_volatile_default",
            "ALTER TABLE fleet.odometer_readings ADD COLUMN online_seen_at timestamptz "
            "DEFAULT clock_timestamp()",
            HINTS["add column"],
        ),
        (
            "online_validated_check",
            "ALTER TABLE fleet.odometer_readings ADD CONSTRAINT odometer_readings_online_km_ck "
            "CHECK (reading_km < 9000000)",
            HINTS["add constraint"],
        ),
    ],
)
def test_a_bad_change_fails_the_budget_with_its_statement_and_hint(
    deployed: OnlineReport, change: str, statement: str, hint: str
) -> None:
    step = _step(deployed, change)
    assert not step.ok and step.error is None
    assert step.lock_held_max > BLOCKED
    readings = [c for c in step.causes if "fleet.odometer_readings" in c.lock]
    assert [(c.statement, c.hint) for c in readings] == [(statement, hint)]


def test_a_volatile_default_is_reported_as_a_rewrite_of_the_table(deployed: OnlineReport) -> None:
    [rewrite] = _step(deployed, "online_volatile_default").rewrites
    assert rewrite.relation == "fleet.odometer_readings" and rewrite.rows > READINGS


def test_an_index_built_concurrently_passes(deployed: OnlineReport) -> None:
    step = _step(deployed, "online_concurrent_index")
    assert step.ok, step.over_budget
    assert step.lock_held_max == 0.0 and step.lock_wait_max == 0.0 and not step.errors


def test_the_report_names_the_statement_and_the_hint(deployed: OnlineReport, tmp_path: Path) -> None:
    markdown, data, chart = write_report(deployed, tmp_path)
    text = markdown.read_text()
    assert "![Application latency" in text and "(online.svg)" in text
    assert "CREATE INDEX CONCURRENTLY in a change of its own" in text
    assert chart.read_text().startswith("<svg") and "over budget" in chart.read_text()
    assert '"change": "online_plain_index"' in data.read_text()
    assert to_markdown(deployed, "online.svg") == text and to_json(deployed) == data.read_text()


def test_a_good_change_passes_deploy_revert_and_redeploy_with_the_data_intact(
    seeded_head: Database, tmp_path: Path, fleetdb_project: Project
) -> None:
    project = _project(tmp_path, fleetdb_project.root, ["online_concurrent_index"])
    with seeded_head.connect() as conn:  # a lower bound of what the row check must have recorded
        row = conn.execute(
            "SELECT (SELECT count(*) FROM rental.rentals) + (SELECT count(*) FROM fleet.odometer_readings)"
            " + (SELECT count(*) FROM accounting.journal_lines)"
        ).fetchone()
    assert row is not None
    big_tables = row[0]
    report = _rehearse(seeded_head, project, revert=True)
    assert [(s.phase, s.ok) for s in report.steps] == [("deploy", True), ("revert", True), ("redeploy", True)]
    assert all(c.ok for c in report.checks), [c.as_dict() for c in report.checks]
    assert [(c.after, c.ok) for c in report.checks] == [
        ("deploy", True),
        ("revert", True),
        ("redeploy", True),
    ]
    assert report.checks[0].rows_checked > big_tables > 0
    assert report.ok, report.as_dict()
