"""integration: outbox events written with the state change, commit-order reads, idempotent inbox."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
import pytest

from tests.support.world import World, period, violates

_MODULES = ["iam", "fleet", "rental", "maintenance", "accounting"]


def _events(db: psycopg.Connection[Any], schema: str, aggregate_id: UUID) -> list[tuple[str, bool]]:
    """(event_type, written by this transaction) of an aggregate, oldest first."""
    rows = db.execute(
        f"SELECT event_type, txid = pg_current_xact_id() FROM {schema}.outbox_events"
        " WHERE aggregate_id = %s ORDER BY txid, sequence_no",
        (aggregate_id,),
    ).fetchall()
    return [(str(kind), bool(same)) for kind, same in rows]


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_rental_status_changes_write_their_events(db: psycopg.Connection[Any], world: World) -> None:
    car = world.vehicle()
    rental = world.rental(car, period(1, 3))
    for status in ("active", "completed"):
        db.execute("UPDATE rental.rentals SET status = %s WHERE id = %s", (status, rental))
    db.execute(
        "UPDATE rental.rentals SET period = %s WHERE id = %s", (period(1, 3), rental)
    )  # no status change
    assert _events(db, "rental", rental) == [
        ("rental.reserved", True),
        ("rental.activated", True),
        ("rental.completed", True),
    ]
    cancelled = world.rental(car, period(5, 6))
    db.execute("UPDATE rental.rentals SET status = 'cancelled' WHERE id = %s", (cancelled,))
    no_show = world.rental(car, period(7, 8))
    db.execute("UPDATE rental.rentals SET status = 'no_show' WHERE id = %s", (no_show,))
    assert _events(db, "rental", cancelled)[-1] == ("rental.cancelled", True)
    assert _events(db, "rental", no_show)[-1] == ("rental.no_show", True)


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_a_failed_state_change_leaves_no_event(db: psycopg.Connection[Any], world: World) -> None:
    car = world.vehicle()
    world.rental(car, period(1, 5))
    before = db.execute("SELECT count(*) FROM rental.outbox_events").fetchone()
    with violates(db, "23P01", "rentals_no_overlap_excl"):
        world.rental(car, period(2, 3))
    assert db.execute("SELECT count(*) FROM rental.outbox_events").fetchone() == before


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_odometer_maintenance_and_accounting_events(db: psycopg.Connection[Any], world: World) -> None:
    car = world.vehicle()
    db.execute(
        "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
        " VALUES (%s, 100, '2030-06-01 00:00+00', 'telematics')",
        (car,),
    )
    assert _events(db, "fleet", car) == [("odometer.recorded", True)]

    job = world.job(car, period(10, 11))
    db.execute("UPDATE maintenance.jobs SET status = 'in_progress' WHERE id = %s", (job,))
    assert _events(db, "maintenance", job) == []
    db.execute("UPDATE maintenance.jobs SET status = 'completed' WHERE id = %s", (job,))
    assert _events(db, "maintenance", job) == [("maintenance.job_completed", True)]

    cash, revenue = world.account(), world.account(type="revenue")
    entry = world.post("evt-1", [(cash, 100), (revenue, -100)])
    assert _events(db, "accounting", entry) == [("accounting.entry_posted", True)]
    world.post("evt-1", [(cash, 100), (revenue, -100)])  # idempotent repeat: no second event
    assert _events(db, "accounting", entry) == [("accounting.entry_posted", True)]


@pytest.mark.invariant("INTEG-INBOX-IDEMPOTENT")
@pytest.mark.parametrize("schema", _MODULES)
def test_handling_a_message_twice_is_a_no_op(db: psycopg.Connection[Any], schema: str) -> None:
    record = (
        f"INSERT INTO {schema}.inbox_processed_messages (consumer, message_id) VALUES ('billing', %s)"
        " ON CONFLICT DO NOTHING"
    )
    message = UUID("01900000-0000-7000-8000-0000000000aa")
    assert db.execute(record, (message,)).rowcount == 1
    assert db.execute(record, (message,)).rowcount == 0
    with violates(db, "23505", "inbox_processed_messages_pk"):
        db.execute(
            f"INSERT INTO {schema}.inbox_processed_messages (consumer, message_id) VALUES ('billing', %s)",
            (message,),
        )


@pytest.mark.parametrize("schema", _MODULES)
def test_unpublished_events_are_served_by_the_partial_index(db: psycopg.Connection[Any], schema: str) -> None:
    db.execute("SET LOCAL enable_seqscan = off")
    plan = db.execute(
        f"EXPLAIN SELECT id FROM {schema}.outbox_events WHERE published_at IS NULL"
        " AND txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY txid, sequence_no"
    ).fetchall()
    assert any("outbox_events_unpublished_idx" in line for (line,) in plan), plan
