"""The online rehearsal's judge without a server: the statements of a script and the locks they take,
the hint for each kind, and a step's verdict from operations, waits and holds made up here."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetdb.rehearsal.budget import carried_in, judge, operation_waits
from fleetdb.rehearsal.model import Rewrite
from fleetdb.rehearsal.online import learnt_locks
from fleetdb.rehearsal.online_model import ERROR, OK, Budget, Hold, Latency, Operation, Step, Wait, Window
from fleetdb.rehearsal.statements import (
    HINTS,
    LOCK_TIMEOUT_HINT,
    conflicts,
    culprit,
    read_statement,
    split_statements,
)

ONLINE_CHANGES = Path(__file__).with_name("online_changes")
AEL = "AccessExclusiveLock"


def test_a_script_splits_into_its_statements_past_quotes_comments_and_dollar_bodies() -> None:
    script = """
    -- a comment; with a semicolon
    \\set ON_ERROR_STOP 1
    BEGIN;
    SET LOCAL lock_timeout = '5s';
    CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
    COMMENT ON TABLE t IS 'a; b';
    /* block; comment */ COMMIT;
    """
    assert split_statements(script) == [
        "BEGIN",
        "SET LOCAL lock_timeout = '5s'",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$",
        "COMMENT ON TABLE t IS 'a; b'",
        "COMMIT",
    ]


@pytest.mark.parametrize(
    ("statement", "kind", "mode"),
    [
        ("CREATE INDEX i ON fleet.readings (km)", "create index", "ShareLock"),
        ("CREATE INDEX CONCURRENTLY i ON fleet.readings (km)", "create index", "ShareUpdateExclusiveLock"),
        ("ALTER TABLE fleet.readings ADD CONSTRAINT c CHECK (km < 1)", "add constraint", AEL),
        ("ALTER TABLE fleet.readings ADD CONSTRAINT c CHECK (km < 1) NOT VALID", "alter table", AEL),
        ("ALTER TABLE fleet.readings VALIDATE CONSTRAINT c", "validate", "ShareUpdateExclusiveLock"),
        ("ALTER TABLE fleet.readings ADD COLUMN s date DEFAULT random()", "add column", AEL),
        ("ALTER TABLE fleet.readings ADD COLUMN s int DEFAULT 0", "alter table", AEL),
        ("ALTER TABLE fleet.readings ALTER COLUMN s TYPE bigint", "alter column type", AEL),
        ("LOCK TABLE fleet.readings IN SHARE MODE", "lock", "ShareLock"),
        ("UPDATE fleet.readings SET km = 1", "write", "RowExclusiveLock"),
        ("SELECT 1", "other", None),
    ],
)  # fmt: skip
def test_each_kind_of_statement_is_named_with_the_lock_it_takes(
    statement: str, kind: str, mode: str | None
) -> None:
    read = read_statement(statement)
    assert (read.kind, read.mode) == (kind, mode)


def test_lock_conflicts_follow_the_postgresql_table() -> None:
    assert conflicts("RowExclusiveLock", "ShareLock")  # a plain CREATE INDEX stops writes
    assert not conflicts("RowExclusiveLock", "ShareUpdateExclusiveLock")  # CONCURRENTLY does not
    assert not conflicts("AccessShareLock", "ShareLock")  # nor reads
    assert conflicts("AccessShareLock", "AccessExclusiveLock")


def test_the_culprit_is_the_statement_that_took_the_conflicting_lock_not_the_one_running() -> None:
    script = (ONLINE_CHANGES / "deploy" / "online_plain_index.sql").read_text()
    found = culprit(script, "fleet.odometer_readings", "RowExclusiveLock")
    assert found is not None and found.kind == "create index"
    assert (
        found.text == "CREATE INDEX odometer_readings_online_km_idx ON fleet.odometer_readings (reading_km)"
    )
    assert culprit(script, "fleet.odometer_readings", "AccessShareLock") is not None  # named, not locking
    assert culprit(script, "rental.rentals", "RowExclusiveLock") is None


def _op(
    started: float, ended: float, pid: int = 10, outcome: str = OK, sqlstate: str | None = None
) -> Operation:
    return Operation(
        "reading", 0, pid, started, started, ended, outcome, sqlstate, None, "boom" if sqlstate else None
    )


def _judged(
    script: str,
    operations: list[Operation],
    waits: list[Wait] = (),  # type: ignore[assignment]
    holds: list[Hold] = (),  # type: ignore[assignment]
    budget: Budget | None = None,
    rewrites: list[Rewrite] | None = None,
    tmp: Path | None = None,
    baseline: list[Operation] | None = None,
    kind_tables: dict[str, set[str]] | None = None,
    created: list[str] | None = None,
    offered: dict[str, set[str]] | None = None,
    app_modes: dict[str, set[str]] | None = None,
) -> Step:
    assert tmp is not None
    path = tmp / "deploy.sql"
    path.write_text(script)
    if baseline is None:
        baseline = [_op(t / 10, t / 10 + 0.010) for t in range(100)]
    window = Window("baseline", 0.0, 10.0, Latency.of(baseline), [])
    step = Step("deploy", "bad", start=20.0, end=22.0, rewrites=rewrites or [], created=created or [])
    judge(
        [step],
        [window],
        [*baseline, *operations],
        list(waits),
        list(holds),
        app_modes
        if app_modes is not None
        else {"fleet.odometer_readings": {"RowExclusiveLock", "AccessShareLock"}},
        budget or Budget(),
        {("deploy", "bad"): path},
        0.010,
        kind_tables,
        None,
        offered,
    )
    return step


def test_a_wait_longer_than_the_budget_fails_the_step_with_the_statement_and_the_hint(tmp_path: Path) -> None:
    waited = _op(20.1, 21.0)
    wait = Wait(
        10, 99, "sqitch", "fleet.odometer_readings", "RowExclusiveLock", "ShareLock", "COMMIT", 20.12, 20.98
    )
    step = _judged("CREATE INDEX i ON fleet.odometer_readings (reading_km);", [waited], [wait], tmp=tmp_path)
    assert not step.ok
    # The sampled span widened by one interval each side (20.11 … 20.99), cut to the operation's own.
    assert step.lock_wait_max == pytest.approx(0.88)
    assert any("waited 880 ms" in line for line in step.over_budget)
    [cause] = step.causes
    assert cause.statement == "CREATE INDEX i ON fleet.odometer_readings (reading_km)"
    assert cause.running == "COMMIT"
    assert cause.hint == HINTS["create index"]
    assert "ShareLock held on fleet.odometer_readings" in cause.lock


def test_a_conflicting_lock_held_long_is_charged_even_when_no_operation_arrived(tmp_path: Path) -> None:
    hold = Hold(99, "sqitch", "fleet.odometer_readings", "AccessExclusiveLock", "ALTER TABLE …", 20.0, 21.5)
    script = "ALTER TABLE fleet.odometer_readings ADD COLUMN s timestamptz DEFAULT clock_timestamp();"
    rewrite = [Rewrite("fleet.odometer_readings", 500_000)]
    step = _judged(script, [_op(20.0, 20.01)], holds=[hold], rewrites=rewrite, tmp=tmp_path)
    assert step.lock_held_max == pytest.approx(1.51)
    assert step.lock_wait_max == 0.0
    assert any("held AccessExclusiveLock on fleet.odometer_readings" in line for line in step.over_budget)
    [cause] = step.causes
    assert cause.hint == HINTS["add column"]


def test_a_lock_the_application_never_conflicts_with_is_within_budget(tmp_path: Path) -> None:
    hold = Hold(
        99, "sqitch", "fleet.odometer_readings", "ShareUpdateExclusiveLock", "CREATE INDEX …", 20.0, 22.0
    )
    script = "CREATE INDEX CONCURRENTLY i ON fleet.odometer_readings (x);"
    step = _judged(script, [_op(20.0, 20.01)], holds=[hold], tmp=tmp_path)
    assert step.ok and step.lock_held_max == 0.0 and not step.causes


def test_an_application_error_during_the_step_is_over_a_zero_budget(tmp_path: Path) -> None:
    failed = _op(20.5, 20.55, outcome=ERROR, sqlstate="55P03")
    step = _judged("SELECT 1;", [_op(20.0, 20.01), failed], tmp=tmp_path)
    assert [(e.sqlstate, e.count) for e in step.errors] == [("55P03", 1)]
    assert step.over_budget[0].startswith("1 application error(s) during the deploy (budget 0)")
    assert _judged("SELECT 1;", [failed], budget=Budget(max_errors=1), tmp=tmp_path).ok


def test_p99_is_judged_against_the_window_before_only_above_the_floor(tmp_path: Path) -> None:
    slow = [_op(20.0 + i / 100, 20.0 + i / 100 + 0.150) for i in range(100)]  # 150 ms: 15x the baseline
    step = _judged("SELECT 1;", slow, tmp=tmp_path)
    assert step.p99_ratio == pytest.approx(15.0)
    assert step.p99_verdict == "over budget"
    assert any(
        "p99 150.0 ms during the deploy (100 operations) is 15.0x" in line for line in step.over_budget
    )
    assert _judged("SELECT 1;", slow, budget=Budget(p99_floor=0.2), tmp=tmp_path).ok
    assert _judged("SELECT 1;", slow, budget=Budget(max_p99_ratio=None), tmp=tmp_path).ok


def test_the_p99_of_too_few_operations_is_not_judged(tmp_path: Path) -> None:
    """50 operations: their p99 is their slowest one, so one unlucky operation would fail the step."""
    slow = [_op(20.0 + i / 50, 20.0 + i / 50 + 0.150) for i in range(50)]
    step = _judged("SELECT 1;", slow, tmp=tmp_path)
    assert step.ok, step.over_budget
    assert step.p99_verdict == "too few samples (50 < 100)"
    assert not _judged("SELECT 1;", slow, budget=Budget(min_p99_operations=50), tmp=tmp_path).ok


def test_a_p99_within_the_windows_own_spread_is_not_over_budget(tmp_path: Path) -> None:
    """The baseline's 400 operations have p99 10 ms, but one run of 100 of them (the step's size) had a
    p99 of 200 ms with no deploy: a step's 150 ms is what the machine does at that sample size."""
    calm = [_op(t / 40, t / 40 + 0.010) for t in range(400)]
    noisy = [_op(op.scheduled, op.scheduled + 0.200) if 100 <= i < 104 else op for i, op in enumerate(calm)]
    slow = [_op(20.0 + i / 100, 20.0 + i / 100 + 0.150) for i in range(100)]
    step = _judged("SELECT 1;", slow, tmp=tmp_path, baseline=noisy)
    assert step.reference_latency.p99 == pytest.approx(0.010)
    assert step.reference_spread == pytest.approx(0.200)
    assert step.ok and step.p99_verdict == "within the windows' own spread"
    step = _judged("SELECT 1;", slow, tmp=tmp_path, baseline=calm)  # the same step over a calm baseline
    assert step.reference_spread == pytest.approx(0.010)
    assert not step.ok and "above the windows' own spread (10.0 ms)" in step.over_budget[0]


def test_a_table_the_step_locked_and_no_operation_touched_is_named(tmp_path: Path) -> None:
    """The step holds job_parts (sampled) and its script locks job_labour too; the workload only read
    odometers meanwhile: both are named. An operation that touches job_parts covers it; a table the
    step made itself is never named (nobody else can see it before the step commits)."""
    script = "LOCK TABLE maintenance.job_parts, maintenance.job_labour IN SHARE ROW EXCLUSIVE MODE;"
    hold = Hold(99, "sqitch", "maintenance.job_parts", "ShareRowExclusiveLock", "LOCK", 20.1, 20.5)
    made = Hold(99, "sqitch", "maintenance.job_cost_totals", "AccessExclusiveLock", "CREATE", 20.1, 20.5)
    kinds = {"reading": {"fleet.odometer_readings"}, "parts": {"maintenance.job_parts"}}
    reading = _op(20.2, 20.3)
    step = _judged(
        script, [reading], holds=[hold, made], tmp=tmp_path, kind_tables=kinds,
        created=["maintenance.job_cost_totals"],
    )  # fmt: skip
    assert step.locked == ["maintenance.job_labour", "maintenance.job_parts"]
    assert step.untouched == ["maintenance.job_labour", "maintenance.job_parts"]
    parts = Operation("parts", 0, 11, 20.2, 20.2, 20.3)
    step = _judged(script, [reading, parts], holds=[hold], tmp=tmp_path, kind_tables=kinds)
    assert step.untouched == ["maintenance.job_labour"]
    assert _judged(script, [reading], holds=[hold], tmp=tmp_path).untouched == []  # not judged without kinds


def test_a_kind_offered_during_the_phase_covers_its_tables_with_no_operation_in_the_step(
    tmp_path: Path,
) -> None:
    """What a kind touches is learnt over the whole run: a short step that no "parts" operation
    overlapped is still covered for job_parts while the workload offers "parts" in that phase (the
    lock held max charges the lock); a kind not offered then (the relay before it joins) covers
    nothing."""
    script = "LOCK TABLE maintenance.job_parts IN SHARE ROW EXCLUSIVE MODE;"
    hold = Hold(99, "sqitch", "maintenance.job_parts", "ShareRowExclusiveLock", "LOCK", 20.1, 20.5)
    kinds = {"reading": {"fleet.odometer_readings"}, "parts": {"maintenance.job_parts"}}
    reading = _op(20.2, 20.3)
    covered = _judged(
        script,
        [reading],
        holds=[hold],
        tmp=tmp_path,
        kind_tables=kinds,
        offered={"deploy": {"reading", "parts"}},
    )
    assert covered.untouched == []
    other = _judged(
        script, [reading], holds=[hold], tmp=tmp_path, kind_tables=kinds, offered={"revert": {"parts"}}
    )
    assert other.untouched == ["maintenance.job_parts"]


def test_a_hold_on_a_table_only_the_operations_own_locks_name_is_charged(tmp_path: Path) -> None:
    """The sampler never caught a refund holding its lock (a refund is a few ms of a 10 ms interval);
    the refunds read their own locks before committing, so the step's SHARE ROW EXCLUSIVE on the table
    is charged with no refund running during it."""
    script = "LOCK TABLE rental.refunds IN SHARE ROW EXCLUSIVE MODE;"
    hold = Hold(99, "sqitch", "rental.refunds", "ShareRowExclusiveLock", "LOCK", 20.1, 21.1)
    reported = {"refund": {"rental.refunds": {"RowExclusiveLock"}, "rental.payments": {"RowShareLock"}}}
    kind_tables, app_modes = learnt_locks(reported, {"reading": {"fleet.odometer_readings"}}, {})
    assert kind_tables == {
        "reading": {"fleet.odometer_readings"},
        "refund": {"rental.refunds", "rental.payments"},
    }
    step = _judged(script, [_op(20.2, 20.3)], holds=[hold], tmp=tmp_path, app_modes=app_modes)
    assert step.lock_held_max == pytest.approx(1.01)
    assert not step.ok and "held ShareRowExclusiveLock on rental.refunds" in step.over_budget[0]
    assert _judged(script, [_op(20.2, 20.3)], holds=[hold], tmp=tmp_path, app_modes={}).ok


def test_a_wait_is_matched_to_the_operation_of_its_session_only() -> None:
    wait = Wait(10, 99, "sqitch", "t", "RowExclusiveLock", "ShareLock", "x", 1.0, 1.5)
    mine, other = _op(0.9, 1.6, pid=10), _op(0.9, 1.6, pid=11)
    found = operation_waits([mine, other], [wait], 0.010)
    assert [(op.pid, round(seconds, 3)) for op, seconds, _ in found] == [(10, 0.52)]


def test_without_a_statement_of_its_own_the_hint_is_lock_timeout(tmp_path: Path) -> None:
    wait = Wait(
        10,
        99,
        "sqitch",
        "fleet.odometer_readings",
        "RowExclusiveLock",
        "queued for AccessExclusiveLock",
        "CALL p()",
        20.1,
        20.9,
    )
    step = _judged("CALL p();", [_op(20.1, 21.0)], [wait], tmp=tmp_path)  # fmt: skip
    [cause] = step.causes
    assert cause.hint == LOCK_TIMEOUT_HINT
    assert cause.lock.startswith("queued for AccessExclusiveLock on fleet.odometer_readings")


def test_a_deadlock_of_the_application_is_hinted_one_table_per_transaction(tmp_path: Path) -> None:
    script = "CALL shared.add_checks_not_valid(ARRAY[['rental.locations', 'a', 'true']]);"
    wait = Wait(
        10,
        99,
        "sqitch",
        "fleet.odometer_readings",
        "RowExclusiveLock",
        "AccessExclusiveLock",
        "CALL",
        20.1,
        21.0,
    )
    failed = _op(20.1, 21.0, pid=10, outcome=ERROR, sqlstate="40P01")
    step = _judged(script, [failed], [wait], tmp=tmp_path)
    assert any("40P01" in line for line in step.over_budget)
    [cause] = step.causes
    assert cause.hint.startswith(HINTS["deadlock"])
    timeout = _op(20.1, 21.0, pid=10, outcome=ERROR, sqlstate="55P03")
    [cause] = _judged(script, [timeout], [wait], tmp=tmp_path).causes
    assert HINTS["deadlock"] not in cause.hint


def test_a_wait_and_a_hold_reach_the_samples_around_them_when_the_sampler_fell_behind() -> None:
    """On a loaded machine the samples are not evenly spaced: a wait first seen 200 ms after the sample
    before it may have begun right after that sample (and no earlier than its operation), and a hold lasts
    from halfway between its surrounding samples to halfway between the next ones."""
    late = Wait(10, 99, "sqitch", "t", "RowExclusiveLock", "ShareLock", "x", 1.2, 1.5, 1.0, 1.51)
    op = _op(0.9, 1.6, pid=10)
    [(_, seconds, _)] = operation_waits([op], [late], 0.010)
    assert seconds == pytest.approx(0.51)  # one interval each side would say 0.32
    [(_, seconds, _)] = operation_waits([_op(1.1, 1.6, pid=10)], [late], 0.010)
    assert seconds == pytest.approx(0.41)
    hold = Hold(99, "sqitch", "t", "ShareLock", "x", 1.2, 1.5, 1.0, 1.52)
    assert hold.seconds(0.010) == pytest.approx(0.41)
    assert Hold(99, "sqitch", "t", "ShareLock", "x", 1.2, 1.5).seconds(0.010) == pytest.approx(0.31)


def test_a_session_catching_up_on_an_earlier_steps_wait_is_left_out_of_the_steps_latency(
    tmp_path: Path,
) -> None:
    """Session 1 was held 4 s by the step before (its operation due at 16.0 ends at 20.05) and runs its
    backlog back to back into this step (20-22): those operations are that step's, not this one's. Once
    an operation is due after the one before it ended, the session is on time again and counts."""
    on_time = [_op(20.0 + i / 100, 20.0 + i / 100 + 0.010) for i in range(150)]
    held = Operation("reading", 1, 11, 16.0, 16.0, 20.05)
    backlog = [
        Operation("reading", 1, 11, 16.1 + i / 10, 20.05 + i / 100, 20.06 + i / 100) for i in range(44)
    ]
    caught_up = Operation("reading", 1, 11, 21.0, 21.0, 21.01)
    step = _judged("SELECT 1;", [*on_time, held, *backlog, caught_up], tmp=tmp_path)
    assert step.latency.operations == 151 and step.ok, step.over_budget
    assert carried_in([held, *backlog, caught_up], 20.0, 0.2) == {held, *backlog}
    assert carried_in([held, *backlog, caught_up], 20.0, 5.0) == set()  # less behind than the budget
    without = _judged(
        "SELECT 1;", [*on_time, held, *backlog, caught_up], tmp=tmp_path, budget=Budget(max_blocked=5.0)
    )
    assert not without.ok and "p99" in without.over_budget[0]
