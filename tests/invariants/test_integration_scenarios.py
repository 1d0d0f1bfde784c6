"""Outbox and inbox: events commit or roll back with their state change, a consumer never skips an event
that commits late, and a second delivery of a message is a no-op."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from psycopg import sql

from fleetdb.databases import Database
from fleetdb.races import Actors
from fleetdb_persistence.queries import query
from tests.support.world import World, period

MODULES = ["iam", "fleet", "rental", "maintenance", "accounting"]


def _events(conn: psycopg.Connection[Any], module: str, aggregate: UUID) -> list[tuple[str, bool]]:
    """(event_type, written by this transaction) of an aggregate's events, in the order written."""
    rows = conn.execute(
        sql.SQL(
            "SELECT event_type, txid = pg_current_xact_id() FROM {} WHERE aggregate_id = %s"
            " ORDER BY txid, sequence_no"
        ).format(sql.Identifier(module, "outbox_events")),
        (aggregate,),
    ).fetchall()
    return [(str(kind), bool(mine)) for kind, mine in rows]


def _odometer(world: World) -> UUID:
    car = world.vehicle()
    world.conn.execute(
        "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
        " VALUES (%s, 100, '2030-06-01 00:00+00', 'manual')",
        (car,),
    )
    return car


def _completed_job(world: World) -> UUID:
    job = world.job(world.vehicle(), period(1, 2))
    for status in ("in_progress", "completed"):
        world.conn.execute("UPDATE maintenance.jobs SET status = %s WHERE id = %s", (status, job))
    return job


def _posted_entry(world: World) -> UUID:
    return world.post(f"ref-{uuid4()}", [(world.account(), 100), (world.account(type="revenue"), -100)])


# (module, make the state change -> aggregate id whose events we look at, expected event types)
CHANGES: dict[str, tuple[str, Callable[[World], UUID], list[str]]] = {
    "rental reserved": ("rental", lambda w: w.rental(w.vehicle(), period(1, 3)), ["rental.reserved"]),
    "odometer recorded": ("fleet", _odometer, ["odometer.recorded"]),
    "job completed": ("maintenance", _completed_job, ["maintenance.job_completed"]),
    "entry posted": ("accounting", _posted_entry, ["accounting.entry_posted"]),
}


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
@pytest.mark.parametrize("change", list(CHANGES))
def test_the_event_is_written_in_the_same_transaction(
    db: psycopg.Connection[Any], world: World, change: str
) -> None:
    module, make, expected = CHANGES[change]
    aggregate = make(world)
    assert _events(db, module, aggregate) == [(kind, True) for kind in expected]


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_every_rental_status_change_is_published(db: psycopg.Connection[Any], world: World) -> None:
    rental = world.rental(world.vehicle(), period(1, 3))
    for status in ("active", "completed"):
        db.execute("UPDATE rental.rentals SET status = %s WHERE id = %s", (status, rental))
    db.execute("UPDATE rental.rentals SET period = %s WHERE id = %s", (period(1, 4), rental))  # no event
    cancelled = world.rental(world.vehicle(), period(1, 3))
    db.execute("UPDATE rental.rentals SET status = 'cancelled' WHERE id = %s", (cancelled,))
    no_show = world.rental(world.vehicle(), period(1, 3))
    db.execute("UPDATE rental.rentals SET status = 'no_show' WHERE id = %s", (no_show,))
    assert [k for k, _ in _events(db, "rental", rental)] == [
        "rental.reserved",
        "rental.activated",
        "rental.completed",
    ]
    assert [k for k, _ in _events(db, "rental", cancelled)] == ["rental.reserved", "rental.cancelled"]
    assert [k for k, _ in _events(db, "rental", no_show)] == ["rental.reserved", "rental.no_show"]


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
@pytest.mark.parametrize("change", list(CHANGES))
def test_no_event_survives_a_rollback_and_none_is_visible_before_commit(
    fresh_db: Database, change: str
) -> None:
    module, make, expected = CHANGES[change]
    outbox = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(module, "outbox_events"))
    with fresh_db.connect() as conn, fresh_db.connect(autocommit=True) as other:
        world = World(conn)
        make(world)
        assert other.execute(outbox).fetchone() == (0,)  # not visible to anyone else yet
        conn.rollback()
        assert conn.execute(outbox).fetchone() == (0,)
        make(World(conn))
        conn.commit()
        assert other.execute(outbox).fetchone() == (len(expected),)


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
@pytest.mark.race
def test_a_consumer_never_skips_an_event_that_commits_late(actors: Callable[..., Actors]) -> None:
    """Two bookings: the transaction that took its id first commits last. The relay publishes the
    younger event at once (another aggregate: no order between them is promised, and no open transaction
    holds the relay back) and the older one as soon as it commits: each exactly once, none skipped."""
    race = actors(2)
    world = World(race.observer)
    cars = [world.vehicle(), world.vehicle()]
    customer, branch = world.customer(), world.location()
    book = "SELECT rental.book(%s, %s, %s, %s, %s, 'EUR')"
    claim = query("integration", "claim_batch").format(outbox=sql.Identifier("rental", "outbox_events"))
    publish = "UPDATE rental.outbox_events SET published_at = now() WHERE id = ANY(%s)"

    def consume() -> list[UUID]:
        """One relay pass: the aggregates it publishes, in order."""
        with race.observer.transaction():
            rows = race.observer.execute(claim, {"limit": 100}).fetchall()
            race.observer.execute(publish, ([row[0] for row in rows],))
        return [UUID(str(row[2])) for row in rows]

    race[0].execute("BEGIN")
    slow = race[0].execute(book, (cars[0], customer, branch, branch, period(1, 3))).fetchone()
    race[1].execute("BEGIN")
    fast = race[1].execute(book, (cars[1], customer, branch, branch, period(1, 3))).fetchone()
    race[1].execute("COMMIT")  # the later transaction commits first
    assert slow is not None and fast is not None
    assert consume() == [fast[0]]
    assert consume() == []  # the slow event is not committed: nothing to publish, nothing skipped
    race[0].execute("COMMIT")
    assert consume() == [slow[0]]
    assert consume() == []


@pytest.mark.invariant("INTEG-INBOX-IDEMPOTENT")
@pytest.mark.parametrize("module", MODULES)
def test_a_duplicate_message_is_a_no_op(db: psycopg.Connection[Any], module: str) -> None:
    inbox = sql.Identifier(module, "inbox_processed_messages")
    handle = sql.SQL(
        "INSERT INTO {} (consumer, message_id) VALUES (%s, %s) ON CONFLICT DO NOTHING RETURNING message_id"
    ).format(inbox)
    message = uuid4()
    assert db.execute(handle, ("billing", message)).fetchall() == [(message,)]
    assert db.execute(handle, ("billing", message)).fetchall() == []  # second delivery: nothing to do
    assert db.execute(handle, ("reporting", message)).fetchall() == [(message,)]  # another consumer
    count = db.execute(sql.SQL("SELECT count(*) FROM {} WHERE message_id = %s").format(inbox), (message,))
    assert count.fetchone() == (2,)
    with pytest.raises(psycopg.errors.UniqueViolation) as caught, db.transaction():
        db.execute(
            sql.SQL("INSERT INTO {} (consumer, message_id) VALUES ('billing', %s)").format(inbox), (message,)
        )
    assert caught.value.diag.constraint_name == "inbox_processed_messages_pk"


@pytest.mark.invariant("INTEG-OUTBOX-AGGREGATE-ORDER")
@pytest.mark.parametrize("module", MODULES)
def test_an_aggregate_version_is_written_once_whoever_writes_it(
    db: psycopg.Connection[Any], module: str
) -> None:
    """The triggers never write a version twice (they hold the aggregate's lock); the unique index also
    refuses a path that would skip the lock, such as the owner writing by hand."""
    outbox = sql.Identifier(module, "outbox_events")
    write = sql.SQL(
        "INSERT INTO {} (aggregate_type, aggregate_id, aggregate_version, event_type, payload)"
        " VALUES ('thing', %s, 1, 'thing.happened', '{{}}')"
    ).format(outbox)
    aggregate = uuid4()
    db.execute(write, (aggregate,))
    with pytest.raises(psycopg.errors.UniqueViolation) as caught, db.transaction():
        db.execute(write, (aggregate,))
    assert caught.value.diag.constraint_name == "outbox_events_aggregate_version_uq"


@pytest.mark.invariant("INTEG-OUTBOX-AGGREGATE-ORDER")
def test_every_trigger_writes_its_aggregates_next_version(db: psycopg.Connection[Any], world: World) -> None:
    rental = world.rental(world.vehicle(), period(1, 3))
    for status in ("active", "completed"):
        db.execute("UPDATE rental.rentals SET status = %s WHERE id = %s", (status, rental))
    car = _odometer(world)
    db.execute(
        "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
        " VALUES (%s, 200, '2030-07-01 00:00+00', 'manual'), (%s, 300, '2030-08-01 00:00+00', 'manual')",
        (car, car),
    )
    versions = {
        (module, aggregate): db.execute(
            sql.SQL(
                "SELECT array_agg(aggregate_version ORDER BY sequence_no) FROM {} WHERE aggregate_id = %s"
            ).format(sql.Identifier(module, "outbox_events")),
            (aggregate,),
        ).fetchone()
        for module, aggregate in (
            ("rental", rental),
            ("fleet", car),
            ("maintenance", _completed_job(world)),
            ("accounting", _posted_entry(world)),
        )
    }
    # The vehicle: its first reading, then one event for the two readings of one statement.
    assert list(versions.values()) == [([1, 2, 3],), ([1, 2],), ([1],), ([1],)]
