"""RENT-REFUND-LIMIT while v1.1's running refund totals roll out under live refunds.

``rental_refund_totals`` switches the check without a backfill (it holds rental.refunds for a moment);
``rental_refund_totals_backfill`` writes the older payments' totals later, in batches. In between, the
limit must stay exact at every isolation level. Each scenario steps real sessions around a real
``sqitch deploy`` on a database holding refunds checked the v1.0 way, ordered by the server's lock state
(pg_blocking_pids), never by sleep; each shows the hole with the part that closes it removed.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from psycopg import IsolationLevel, errors

from fleetdb.databases import Database
from fleetdb.lab import Lab
from fleetdb.project import Change, Project
from fleetdb.races import Actors
from fleetdb.sqitch import Sqitch, SqitchFailed
from tests.support import rollout
from tests.support.rollout import commit_or_error, copy_project, waited_on
from tests.support.world import World

SWITCH = "rental_refund_totals"
BACKFILL = "rental_refund_totals_backfill"
ROLLOUT = [SWITCH, "shared_check_rollout", BACKFILL]
short_project, sqitch, before_switch, database = rollout.FIXTURES
PAID = 1000
REFUND = 600  # two of them overdraw the payment
GUARD = "refund_totals_snapshot_guard_trg"
REFUND_SQL = (
    "INSERT INTO rental.refunds (payment_id, currency, amount_minor, reason, refunded_at)"
    " VALUES (%s, 'EUR', %s, 'goodwill', '2030-06-02 12:00+00')"
)
SNAPSHOT_LEVELS = [IsolationLevel.REPEATABLE_READ, IsolationLevel.SERIALIZABLE]


def _change(project: Project, name: str) -> Change:
    return project.change(name)


def _payments(database: Database, n: int) -> list[UUID]:
    """``n`` payments of PAID, each of a rental of its own."""
    with database.connect(autocommit=True) as conn:
        world = World(conn)
        span = "[2030-06-01 00:00+00,2030-06-03 00:00+00)"
        return [world.payment(world.rental(world.vehicle(), span), PAID) for _ in range(n)]


def _payment(database: Database) -> UUID:
    return _payments(database, 1)[0]


def _refunded(database: Database, payment: UUID) -> int:
    with database.connect(autocommit=True) as conn:
        row = conn.execute(
            "SELECT coalesce(sum(amount_minor), 0) FROM rental.refunds WHERE payment_id = %s", (payment,)
        ).fetchone()
    assert row is not None
    return int(row[0])


def _without_guard(database: Database) -> None:
    with database.connect(autocommit=True) as conn:
        conn.execute(f"DROP TRIGGER {GUARD} ON rental.refund_totals")


def _old_snapshot_refunds_after_the_switch(
    sqitch: Sqitch, database: Database, level: IsolationLevel, *, guard: bool
) -> tuple[UUID, psycopg.Error | None]:
    """A transaction takes its snapshot; a refund checked the v1.0 way commits; the switch deploys; the
    old snapshot then refunds the same payment: its total would start from a sum that misses the first."""
    payment = _payment(database)
    group = Actors(database, 1, level)
    try:
        old = group[0]
        old.execute("BEGIN")
        old.execute("SELECT 1")  # the snapshot
        group.observer.execute(REFUND_SQL, (payment, REFUND))  # v1.0's check: 600 of 1000
        sqitch.deploy(_change(sqitch.project, SWITCH))
        if not guard:
            _without_guard(database)
        return payment, commit_or_error(old, REFUND_SQL, (payment, REFUND))
    finally:
        group.close()


@pytest.mark.parametrize("level", SNAPSHOT_LEVELS, ids=lambda level: level.name)
def test_a_snapshot_older_than_the_switch_cannot_start_a_total(
    sqitch: Sqitch, database: Database, level: IsolationLevel
) -> None:
    payment, failure = _old_snapshot_refunds_after_the_switch(sqitch, database, level, guard=True)
    assert isinstance(failure, errors.SerializationFailure), failure
    assert failure.diag.constraint_name == GUARD
    assert _refunded(database, payment) == REFUND


def test_without_the_guard_an_old_snapshot_overdraws_the_payment(sqitch: Sqitch, database: Database) -> None:
    """The hole the guard closes (the guard's test fails this way when the guard is gone)."""
    payment, failure = _old_snapshot_refunds_after_the_switch(
        sqitch, database, IsolationLevel.REPEATABLE_READ, guard=False
    )
    assert failure is None
    assert _refunded(database, payment) == 2 * REFUND > PAID


def _switch_beside_an_open_refund(sqitch: Sqitch, database: Database) -> tuple[UUID, str]:
    """A refund checked the v1.0 way is still open while the switch deploys; a refund after the switch
    then asks for the same 600. Returns the payment and the second refund's SQLSTATE ("" if it committed)."""
    payment = _payment(database)
    group = Actors(database, 2)
    try:
        first = group[0]
        first.execute("BEGIN")
        first.execute(REFUND_SQL, (payment, REFUND))
        deploy = sqitch.start_deploy(_change(sqitch.project, SWITCH))
        waited = waited_on(group, group.pid(0), deploy)
        if waited:
            first.execute("COMMIT")  # the switch goes on once the v1.0-checked refund is in
        output = deploy.communicate(timeout=120)[0]
        assert deploy.returncode == 0, output
        second = group.submit(1, REFUND_SQL, (payment, REFUND))
        if not waited:  # the new check ran beside the open refund; its FK check waits for it
            while not second.done() and not group.blocking_pids(1):
                group.observer.execute("SELECT pg_sleep(0.005)")
            first.execute("COMMIT")
        error = second.exception(timeout=60)
        return payment, str(error.sqlstate) if isinstance(error, psycopg.Error) else ""
    finally:
        group.close()


def test_the_switch_waits_for_a_refund_checked_the_v1_0_way(sqitch: Sqitch, database: Database) -> None:
    payment, outcome = _switch_beside_an_open_refund(sqitch, database)
    assert outcome == "23514"
    assert _refunded(database, payment) == REFUND


def test_without_its_lock_the_switch_lets_two_refunds_overdraw(
    fleetdb_lab: Lab, short_project: Project, database: Database, tmp_path: Path
) -> None:
    """The hole the switch's LOCK TABLE closes: the new check's first total misses the open refund."""
    project = Project.load(copy_project(short_project.root, tmp_path))
    script = project.root / "deploy" / f"{SWITCH}.sql"
    lock = "LOCK TABLE rental.refunds IN SHARE ROW EXCLUSIVE MODE;\n"
    assert lock in script.read_text()
    script.write_text(script.read_text().replace(lock, ""))
    payment, outcome = _switch_beside_an_open_refund(
        Sqitch(project, database.target, fleetdb_lab.variables), database
    )
    assert outcome == ""
    assert _refunded(database, payment) == 2 * REFUND > PAID


def _totals(database: Database) -> dict[UUID, tuple[int, int]]:
    """Per payment with refunds: (sum of its refunds, its running total or -1)."""
    with database.connect(autocommit=True) as conn:
        rows = conn.execute(
            "SELECT r.payment_id, sum(r.amount_minor), coalesce(max(t.refunded_minor), -1)"
            " FROM rental.refunds AS r LEFT JOIN rental.refund_totals AS t USING (payment_id)"
            " GROUP BY r.payment_id"
        ).fetchall()
    return {UUID(str(p)): (int(s), int(t)) for p, s, t in rows}


def _guarded(database: Database) -> bool:
    with database.connect(autocommit=True) as conn:
        return bool(conn.execute("SELECT FROM pg_trigger WHERE tgname = %s", (GUARD,)).fetchall())


def test_the_backfill_writes_every_older_total_and_then_the_guard_goes(
    sqitch: Sqitch, database: Database
) -> None:
    payments = _payments(database, 3)
    with database.connect(autocommit=True) as conn:
        for amount, payment in zip((100, 200, 300), payments, strict=True):
            conn.execute(REFUND_SQL, (payment, amount))
            conn.execute(REFUND_SQL, (payment, 1))
    sqitch.deploy(_change(sqitch.project, SWITCH))
    with database.connect(autocommit=True) as conn:
        conn.execute(REFUND_SQL, (payments[0], 10))  # starts its total: 100 + 1 + 10
    assert sorted(_totals(database).values()) == [(111, 111), (201, -1), (301, -1)]
    group = Actors(database, 1, IsolationLevel.REPEATABLE_READ)
    try:
        old = group[0]
        old.execute("BEGIN")
        old.execute("SELECT 1")  # a snapshot from before the backfill
        sqitch.deploy(_change(sqitch.project, BACKFILL))
        assert sorted(_totals(database).values()) == [(111, 111), (201, 201), (301, 301)]
        assert not _guarded(database)
        with pytest.raises(errors.SerializationFailure):  # its payment's total committed unseen
            old.execute(REFUND_SQL, (payments[1], REFUND))
        old.execute("ROLLBACK")
    finally:
        group.close()
    with database.connect(autocommit=True) as conn:
        conn.execute(REFUND_SQL, (payments[2], PAID - 301))  # exactly what is left
        with pytest.raises(errors.CheckViolation) as caught:
            conn.execute(REFUND_SQL, (payments[2], 1))
    assert caught.value.diag.constraint_name == "refunds_within_payment_trg"


def test_the_backfill_names_a_total_that_differs_from_its_refunds(sqitch: Sqitch, database: Database) -> None:
    payment = _payment(database)
    sqitch.deploy(_change(sqitch.project, SWITCH))
    with database.connect(autocommit=True) as conn:
        conn.execute(REFUND_SQL, (payment, 300))
        conn.execute("UPDATE rental.refund_totals SET refunded_minor = 299 WHERE payment_id = %s", (payment,))
    with pytest.raises(SqitchFailed) as caught:
        sqitch.deploy(_change(sqitch.project, BACKFILL))
    assert f"payment {payment}: refunds 300, total 299" in caught.value.output
    assert _guarded(database)  # the guard stays until every total is right
    with database.connect(autocommit=True) as conn:
        conn.execute("DELETE FROM rental.refund_totals WHERE payment_id = %s", (payment,))
    sqitch.deploy(_change(sqitch.project, BACKFILL))  # as the hint says: the backfill writes it anew
    assert _totals(database)[payment] == (300, 300)
    assert not _guarded(database)
