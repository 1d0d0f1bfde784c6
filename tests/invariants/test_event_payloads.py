"""Every event's exact content (type, aggregate and payload, value by value, written in Python from the
row the test made), and no event from a save that changes nothing. Written for the semantic mutants that
swap two values (pickup time for return time) or widen a trigger's condition."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from psycopg import sql

from tests.support.world import World, period


@pytest.fixture(autouse=True)
def utc(db: psycopg.Connection[Any]) -> None:
    db.execute("SET LOCAL TimeZone = 'UTC'")  # timestamps in payloads print in the session's zone


def _events(db: psycopg.Connection[Any], module: str, aggregate: UUID) -> list[tuple[str, str, Any]]:
    query = sql.SQL(
        "SELECT aggregate_type, event_type, payload FROM {} WHERE aggregate_id = %s ORDER BY sequence_no"
    ).format(sql.Identifier(module, "outbox_events"))
    return [(str(a), str(e), p) for a, e, p in db.execute(query, (aggregate,)).fetchall()]


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_rental_events_carry_the_booking_exactly(db: psycopg.Connection[Any], world: World) -> None:
    car, customer = world.vehicle(), world.customer()
    rental = world.rental(car, period(1, 3), customer_id=customer)
    db.execute("UPDATE rental.rentals SET status = 'active' WHERE id = %s", (rental,))
    body = {
        "rental_id": str(rental),
        "vehicle_id": str(car),
        "customer_id": str(customer),
        "pickup_at": "2030-06-01T00:00:00+00:00",
        "return_at": "2030-06-03T00:00:00+00:00",
        "currency": "EUR",
    }
    assert _events(db, "rental", rental) == [
        ("rental", "rental.reserved", {**body, "status": "reserved"}),
        ("rental", "rental.activated", {**body, "status": "active"}),
    ]


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_a_save_that_changes_no_status_writes_no_event(db: psycopg.Connection[Any], world: World) -> None:
    rental = world.rental(world.vehicle(), period(1, 3))
    db.execute("UPDATE rental.rentals SET status = 'reserved' WHERE id = %s", (rental,))
    assert [e for _, e, _ in _events(db, "rental", rental)] == ["rental.reserved"]
    job = world.job(world.vehicle(), period(1, 2))
    for status in ("in_progress", "completed", "completed"):
        db.execute("UPDATE maintenance.jobs SET status = %s WHERE id = %s", (status, job))
    assert [e for _, e, _ in _events(db, "maintenance", job)] == ["maintenance.job_completed"]


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_odometer_job_and_entry_events_carry_their_rows_exactly(
    db: psycopg.Connection[Any], world: World
) -> None:
    car = world.vehicle()
    row = db.execute(
        "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
        " VALUES (%s, 1234.5, '2030-06-01 08:30+00', 'telematics') RETURNING id",
        (car,),
    ).fetchone()
    assert row is not None
    reading = {
        "reading_id": str(row[0]),
        "vehicle_id": str(car),
        "reading_km": 1234.5,
        "read_at": "2030-06-01T08:30:00+00:00",
        "source": "telematics",
    }
    assert _events(db, "fleet", car) == [("vehicle", "odometer.recorded", reading)]

    job = world.job(car, period(1, 2), kind="repair")
    db.execute("UPDATE maintenance.jobs SET status = 'in_progress' WHERE id = %s", (job,))
    db.execute("UPDATE maintenance.jobs SET status = 'completed', odometer_km = 1300 WHERE id = %s", (job,))
    completed = {
        "job_id": str(job),
        "vehicle_id": str(car),
        "kind": "repair",
        "odometer_km": 1300,
        "currency": "EUR",
    }
    assert _events(db, "maintenance", job) == [("maintenance_job", "maintenance.job_completed", completed)]

    reference = f"ref-{uuid4()}"
    entry = world.post(
        reference, [(world.account(), 100), (world.account(type="revenue"), -100)], source="fleet"
    )
    posted = {
        "entry_id": str(entry),
        "source": "fleet",
        "external_reference": reference,
        "posting_date": "2030-06-01",
        "currency": "EUR",
        "reverses_entry_id": None,
    }
    assert _events(db, "accounting", entry) == [("journal_entry", "accounting.entry_posted", posted)]
