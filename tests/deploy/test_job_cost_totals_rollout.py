"""MAINT-COST-BOUNDED while v1.1's running job cost totals roll out under live job-line writes.

``maintenance_job_cost_totals`` switches without a backfill (it holds both line tables for a moment);
``maintenance_job_cost_totals_backfill`` writes the older jobs' totals later, in batches, checks them
and drops the start triggers. In between, every job's totals must be its lines' costs at every
isolation level. Each scenario steps real sessions around a real ``sqitch deploy`` on a database
holding lines written the v1.0 way, ordered by the server's lock state (pg_blocking_pids), never by
sleep; each shows the hole with the part that closes it removed (those runs are marked long: make
test-long, which CI runs, has them; make test the guarantees).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from psycopg import IsolationLevel, errors

from fleetdb.catalog import diff_catalogs, snapshot_catalog
from fleetdb.databases import Database
from fleetdb.lab import Lab
from fleetdb.project import Change, Project
from fleetdb.races import Actors
from fleetdb.sqitch import Sqitch, SqitchFailed
from tests.support import rollout
from tests.support.rollout import commit_or_error, copy_project, waited_on
from tests.support.world import World

SWITCH = "maintenance_job_cost_totals"
BACKFILL = "maintenance_job_cost_totals_backfill"
ROLLOUT = [SWITCH, BACKFILL]
short_project, sqitch, before_switch, database = rollout.FIXTURES
START_TRIGGERS = ("job_parts_totals_start_trg", "job_labour_totals_start_trg")
PART_SQL = (
    "INSERT INTO maintenance.job_parts (job_id, currency, part_number, quantity, unit_cost_minor)"
    " VALUES (%s, 'EUR', 'P-1', 1, %s)"
)
LABOUR_SQL = (
    "INSERT INTO maintenance.job_labour (job_id, currency, technician, hours, rate_minor)"
    " VALUES (%s, 'EUR', 'Tom', 1, %s)"
)
LEVELS = [IsolationLevel.READ_COMMITTED, IsolationLevel.REPEATABLE_READ, IsolationLevel.SERIALIZABLE]
SNAPSHOT_LEVELS = LEVELS[1:]
REPO = Path(__file__).resolve().parents[2]
TAGGED_COMMIT = "9de1c9f"  # the commit that tagged @v1.1
Costs = tuple[int, int]


@pytest.fixture(scope="module")
def tagged_switch() -> str:
    """The switch's deploy script as tagged in @v1.1 (its backfill under the lock)."""
    try:
        shown = subprocess.run(
            ["git", "-C", str(REPO), "show", f"{TAGGED_COMMIT}:deploy/{SWITCH}.sql"],
            capture_output=True,
            check=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"the tagged script needs git history with commit {TAGGED_COMMIT}: {error}")
    return shown.stdout


def _change(sqitch: Sqitch, name: str) -> Change:
    return sqitch.project.change(name)


def _jobs(database: Database, n: int) -> list[UUID]:
    """``n`` jobs, each of a vehicle of its own."""
    with database.connect(autocommit=True) as conn:
        world = World(conn)
        window = "[2030-06-01 00:00+00,2030-06-03 00:00+00)"
        return [world.job(world.vehicle(), window) for _ in range(n)]


def _lines(database: Database, job: UUID, parts: list[int], labour: list[int]) -> None:
    with database.connect(autocommit=True) as conn:
        for cost in parts:
            conn.execute(PART_SQL, (job, cost))
        for cost in labour:
            conn.execute(LABOUR_SQL, (job, cost))


def _costs(database: Database, job: UUID) -> tuple[Costs, Costs | None]:
    """The job's (parts, labour) summed from its lines, and its running totals (None without a row)."""
    with database.connect(autocommit=True) as conn:
        row = conn.execute(
            "SELECT (SELECT coalesce(sum(round(quantity * unit_cost_minor)), 0) FROM maintenance.job_parts"
            "        WHERE job_id = %(job)s),"
            " (SELECT coalesce(sum(round(hours * rate_minor)), 0) FROM maintenance.job_labour"
            "  WHERE job_id = %(job)s)",
            {"job": job},
        ).fetchone()
        total = conn.execute(
            "SELECT parts_minor, labour_minor FROM maintenance.job_cost_totals WHERE job_id = %s", (job,)
        ).fetchone()
    assert row is not None
    return (int(row[0]), int(row[1])), (int(total[0]), int(total[1])) if total else None


def _exact(database: Database, *jobs: UUID) -> bool:
    return all(lines == totals for lines, totals in (_costs(database, job) for job in jobs))


def _started(database: Database) -> bool:
    with database.connect(autocommit=True) as conn:
        rows = conn.execute(
            "SELECT FROM pg_trigger WHERE tgname = ANY(%s)", (list(START_TRIGGERS),)
        ).fetchall()
    return len(rows) == len(START_TRIGGERS)


def _replace_start(database: Database, pattern: str, replacement: str = "") -> None:
    """The start function with ``pattern`` (a regular expression over its definition) replaced."""
    with database.connect(autocommit=True) as conn:
        row = conn.execute(
            "SELECT pg_get_functiondef('maintenance.job_cost_totals_start()'::regprocedure)"
        ).fetchone()
        assert row is not None
        definition, count = re.subn(pattern, replacement, str(row[0]), flags=re.DOTALL)
        assert count == 1, pattern
        conn.execute(definition.encode())


# --- the switch: a moment, whatever the tables hold ---------------------------------------------------


def _switch_beside_an_open_line(sqitch: Sqitch, database: Database) -> tuple[UUID, UUID]:
    """A part written without the triggers is still open while the switch deploys; another session
    writes a part of a second job while the switch waits. Returns (the open part's job, the second)."""
    first_job, second_job = _jobs(database, 2)
    _lines(database, first_job, [100], [7])
    group = Actors(database, 2)
    try:
        first = group[0]
        first.execute("BEGIN")
        first.execute(PART_SQL, (first_job, 20))
        deploy = sqitch.start_deploy(_change(sqitch, SWITCH))
        assert waited_on(group, group.pid(0), deploy)  # the switch waits for the line in flight ...
        second = group.submit(1, PART_SQL, (second_job, 5))
        blockers = group.wait_until_blocked(1)  # ... and a new line queues behind the switch alone
        assert group.pid(0) not in blockers
        first.execute("COMMIT")
        output = deploy.communicate(timeout=120)[0]
        assert deploy.returncode == 0, output
        second.result(timeout=60)
        return first_job, second_job
    finally:
        group.close()


def test_the_switch_waits_for_lines_in_flight_and_backfills_nothing(
    sqitch: Sqitch, database: Database
) -> None:
    first_job, second_job = _switch_beside_an_open_line(sqitch, database)
    assert _costs(database, first_job) == ((120, 7), None)  # left to the backfill
    assert _costs(database, second_job) == ((5, 0), (5, 0))  # started by its first line
    _lines(database, first_job, [1], [])  # its first line after the switch starts from all of them
    assert _costs(database, first_job) == ((121, 7), (121, 7))


@pytest.mark.long  # a hole shown with its guard removed: make test-long
def test_the_tagged_switch_backfilled_under_its_lock(
    fleetdb_lab: Lab, short_project: Project, database: Database, tmp_path: Path, tagged_switch: str
) -> None:
    """What the test above catches: the switch as tagged summed every job while line writers waited."""
    project = Project.load(copy_project(short_project.root, tmp_path))
    (project.root / "deploy" / f"{SWITCH}.sql").write_text(tagged_switch)
    first_job, _ = _switch_beside_an_open_line(
        Sqitch(project, database.target, fleetdb_lab.variables), database
    )
    assert _costs(database, first_job) == ((120, 7), (120, 7))  # filled by the switch itself


def test_a_switch_that_cannot_lock_gives_up_and_leaves_nothing(sqitch: Sqitch, database: Database) -> None:
    """A line transaction left open: the switch fails on lock_timeout (55P03) and the line writers that
    queued behind it go on; nothing of the change is left."""
    first_job, second_job = _jobs(database, 2)
    group = Actors(database, 2)
    try:
        group[0].execute("BEGIN")
        group[0].execute(LABOUR_SQL, (first_job, 3))
        deploy = sqitch.start_deploy(_change(sqitch, SWITCH))
        assert waited_on(group, group.pid(0), deploy)
        second = group.submit(1, LABOUR_SQL, (second_job, 4))
        output = deploy.communicate(timeout=120)[0]
        assert deploy.returncode != 0
        assert "lock timeout" in output
        second.result(timeout=60)
        group[0].execute("COMMIT")
    finally:
        group.close()
    with database.connect(autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('maintenance.job_cost_totals')").fetchone() == (None,)


# --- between the switch and the backfill ---------------------------------------------------------------


def _old_snapshot_writes_after_the_switch(
    sqitch: Sqitch, database: Database, level: IsolationLevel, *, guard: bool
) -> tuple[UUID, psycopg.Error | None]:
    """A transaction takes its snapshot; a part written without the triggers commits; the switch deploys;
    the old snapshot then writes a part of the same job: its totals would start from a sum that misses
    the first part."""
    (job,) = _jobs(database, 1)
    group = Actors(database, 1, level)
    try:
        old = group[0]
        old.execute("BEGIN")
        old.execute("SELECT 1")  # the snapshot
        group.observer.execute(PART_SQL, (job, 100))
        sqitch.deploy(_change(sqitch, SWITCH))
        if not guard:
            _replace_start(database, r"IF NOT EXISTS \(SELECT FROM pg_class.*?END IF;")
        return job, commit_or_error(old, PART_SQL, (job, 10))
    finally:
        group.close()


@pytest.mark.parametrize("level", SNAPSHOT_LEVELS, ids=lambda level: level.name)
def test_a_snapshot_older_than_the_switch_cannot_start_totals(
    sqitch: Sqitch, database: Database, level: IsolationLevel
) -> None:
    job, failure = _old_snapshot_writes_after_the_switch(sqitch, database, level, guard=True)
    assert isinstance(failure, errors.SerializationFailure), failure
    assert failure.diag.constraint_name == "job_parts_totals_start_trg"
    assert _costs(database, job) == ((100, 0), None)


@pytest.mark.long  # a hole shown with its guard removed: make test-long
def test_without_the_snapshot_check_an_old_snapshot_starts_short(sqitch: Sqitch, database: Database) -> None:
    """The hole the snapshot check closes."""
    job, failure = _old_snapshot_writes_after_the_switch(
        sqitch, database, IsolationLevel.REPEATABLE_READ, guard=False
    )
    assert failure is None
    assert _costs(database, job) == ((110, 0), (10, 0))


def _writes_after_the_switch(
    sqitch: Sqitch, database: Database, level: IsolationLevel, *, start: bool
) -> list[UUID]:
    """Two jobs with lines written the v1.0 way; after the switch, at ``level``: two parts of the first
    in one statement, one of its parts moved to the second job, a labour line of the second repriced
    and one deleted."""
    first_job, second_job = _jobs(database, 2)
    _lines(database, first_job, [100, 200], [30])
    _lines(database, second_job, [1000], [40, 50])
    sqitch.deploy(_change(sqitch, SWITCH))
    if not start:
        with database.connect(autocommit=True) as conn:
            conn.execute("DROP TRIGGER job_parts_totals_start_trg ON maintenance.job_parts")
            conn.execute("DROP TRIGGER job_labour_totals_start_trg ON maintenance.job_labour")
    group = Actors(database, 1, level)
    try:
        app = group[0]
        app.execute(
            "INSERT INTO maintenance.job_parts (job_id, currency, part_number, quantity, unit_cost_minor)"
            " VALUES (%(job)s, 'EUR', 'P-2', 1, 4), (%(job)s, 'EUR', 'P-3', 2, 8)",
            {"job": first_job},
        )
        app.execute(
            "UPDATE maintenance.job_parts SET job_id = %s WHERE job_id = %s AND unit_cost_minor = 200",
            (second_job, first_job),
        )
        app.execute("UPDATE maintenance.job_labour SET rate_minor = 45 WHERE rate_minor = 40")
        app.execute("DELETE FROM maintenance.job_labour WHERE rate_minor = 50")
    finally:
        group.close()
    return [first_job, second_job]


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.name)
def test_lines_written_between_switch_and_backfill_keep_exact_totals(
    sqitch: Sqitch, database: Database, level: IsolationLevel
) -> None:
    jobs = _writes_after_the_switch(sqitch, database, level, start=True)
    assert [_costs(database, job)[1] for job in jobs] == [(120, 30), (1200, 45)]
    assert _exact(database, *jobs)
    sqitch.deploy(_change(sqitch, BACKFILL))
    assert _exact(database, *jobs)


@pytest.mark.long  # a hole shown with its guard removed: make test-long
def test_without_the_start_triggers_the_totals_miss_the_older_lines(
    sqitch: Sqitch, database: Database
) -> None:
    """The hole the start triggers close: a job's totals counted from its first line after the switch,
    so they miss the older lines, and taking an older line away drives them below zero."""
    with pytest.raises(errors.CheckViolation) as caught:
        _writes_after_the_switch(sqitch, database, IsolationLevel.READ_COMMITTED, start=False)
    assert caught.value.diag.constraint_name == "job_cost_totals_parts_range_ck"
    with database.connect(autocommit=True) as conn:
        rows = conn.execute("SELECT parts_minor, labour_minor FROM maintenance.job_cost_totals").fetchall()
    assert rows == [(20, 0)]  # the first job's 300 of older parts are missing


# --- the backfill --------------------------------------------------------------------------------------


def _backfill_beside_a_first_line(sqitch: Sqitch, database: Database) -> tuple[UUID, UUID, str]:
    """A job's first line after the switch is still open while the backfill runs. Returns the job,
    another job left to the backfill, and the backfill's output."""
    job, other = _jobs(database, 2)
    _lines(database, job, [100], [])
    _lines(database, other, [300], [3])
    sqitch.deploy(_change(sqitch, SWITCH))
    group = Actors(database, 1)
    try:
        group[0].execute("BEGIN")
        group[0].execute(PART_SQL, (job, 10))  # starts the job's totals: 100, then 110
        deploy = sqitch.start_deploy(_change(sqitch, BACKFILL))
        assert waited_on(group, group.pid(0), deploy)  # the batch's insert of the job waits
        group[0].execute("COMMIT")
        output = deploy.communicate(timeout=120)[0]
    finally:
        group.close()
    return job, other, output if deploy.returncode != 0 else ""


def test_a_backfill_batch_racing_a_first_line_waits_and_leaves_its_totals(
    sqitch: Sqitch, database: Database
) -> None:
    job, other, failure = _backfill_beside_a_first_line(sqitch, database)
    assert failure == ""
    assert _costs(database, job) == ((110, 0), (110, 0))
    assert _costs(database, other) == ((300, 3), (300, 3))
    assert not _started(database)


@pytest.mark.long  # a hole shown with its guard removed: make test-long
def test_without_on_conflict_the_racing_batch_fails(
    fleetdb_lab: Lab, short_project: Project, database: Database, tmp_path: Path
) -> None:
    """What makes the race clean: the batch's ON CONFLICT leaves a total a line started alone."""
    project = Project.load(copy_project(short_project.root, tmp_path))
    script = project.root / "deploy" / f"{BACKFILL}.sql"
    clause = "        ON CONFLICT ON CONSTRAINT job_cost_totals_pk DO NOTHING;\n        COMMIT;"
    assert clause in script.read_text()
    script.write_text(script.read_text().replace(clause, "        ;\n        COMMIT;"))
    _, _, failure = _backfill_beside_a_first_line(
        Sqitch(project, database.target, fleetdb_lab.variables), database
    )
    assert "job_cost_totals_pk" in failure


@pytest.mark.parametrize("level", SNAPSHOT_LEVELS, ids=lambda level: level.name)
def test_a_snapshot_older_than_the_backfill_conflicts_with_its_totals(
    sqitch: Sqitch, database: Database, level: IsolationLevel
) -> None:
    (job,) = _jobs(database, 1)
    _lines(database, job, [100], [])
    sqitch.deploy(_change(sqitch, SWITCH))
    group = Actors(database, 1, level)
    try:
        old = group[0]
        old.execute("BEGIN")
        old.execute("SELECT 1")  # a snapshot from after the switch, before the backfill
        sqitch.deploy(_change(sqitch, BACKFILL))
        with pytest.raises(errors.SerializationFailure):  # its job's totals committed unseen
            old.execute(PART_SQL, (job, 10))
        old.execute("ROLLBACK")
    finally:
        group.close()
    assert _costs(database, job) == ((100, 0), (100, 0))


def test_the_backfill_names_totals_that_differ_from_their_lines(sqitch: Sqitch, database: Database) -> None:
    (job,) = _jobs(database, 1)
    sqitch.deploy(_change(sqitch, SWITCH))
    _lines(database, job, [300], [])
    with database.connect(autocommit=True) as conn:
        conn.execute("UPDATE maintenance.job_cost_totals SET parts_minor = 299 WHERE job_id = %s", (job,))
    with pytest.raises(SqitchFailed) as caught:
        sqitch.deploy(_change(sqitch, BACKFILL))
    assert f"job {job}: parts 300, labour 0, totals 299 and 0" in caught.value.output
    assert _started(database)  # the start triggers stay until every total is right
    with database.connect(autocommit=True) as conn:
        conn.execute("DELETE FROM maintenance.job_cost_totals WHERE job_id = %s", (job,))
    sqitch.deploy(_change(sqitch, BACKFILL))  # as the hint says: the backfill writes it anew
    assert _costs(database, job) == ((300, 0), (300, 0))
    assert not _started(database)


def test_the_backfill_verify_fails_on_totals_that_differ(sqitch: Sqitch, database: Database) -> None:
    (job,) = _jobs(database, 1)
    _lines(database, job, [300], [])
    sqitch.deploy(_change(sqitch, BACKFILL))
    script = (sqitch.project.root / "verify" / f"{BACKFILL}.sql").read_bytes()
    with database.connect(autocommit=True) as conn:
        conn.execute(script)
        conn.execute("UPDATE maintenance.job_cost_totals SET labour_minor = 1 WHERE job_id = %s", (job,))
        with pytest.raises(errors.RaiseException, match="differs from the job lines"):
            conn.execute(script)


# --- revert and redeploy -------------------------------------------------------------------------------


def test_revert_restores_each_catalog_and_a_redeploy_is_exact(sqitch: Sqitch, database: Database) -> None:
    jobs = _jobs(database, 2)
    _lines(database, jobs[0], [100], [10])
    with database.connect(autocommit=True) as conn:
        before = snapshot_catalog(conn)
    sqitch.deploy(_change(sqitch, SWITCH))
    with database.connect(autocommit=True) as conn:
        switched = snapshot_catalog(conn)
    sqitch.deploy(_change(sqitch, BACKFILL))
    _lines(database, jobs[1], [5], [])
    sqitch.revert(_change(sqitch, SWITCH))
    with database.connect(autocommit=True) as conn:
        assert diff_catalogs(switched, snapshot_catalog(conn)) == []
    assert _started(database)
    _lines(database, jobs[1], [6], [1])
    assert _exact(database, *jobs)
    previous = sqitch.project.changes[sqitch.project.index(_change(sqitch, SWITCH)) - 1]
    sqitch.revert(previous)
    with database.connect(autocommit=True) as conn:
        assert diff_catalogs(before, snapshot_catalog(conn)) == []
    sqitch.deploy(_change(sqitch, BACKFILL))
    assert _exact(database, *jobs)
    assert _costs(database, jobs[1]) == ((11, 1), (11, 1))
