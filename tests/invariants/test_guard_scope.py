"""A guard row serialises only the writers that must wait for each other. The odometer and the bookings
rules write a (vehicle, rule) guard row before they read other rows of the vehicle; a writer that takes
a guard it does not need waits for (READ COMMITTED) or is refused by (REPEATABLE READ, 40001) writers it
has nothing to do with. Each scenario holds one transaction open at REPEATABLE READ after its write and
runs a second writer that needs no lock the first one holds: the second must not wait (a wait meets the
session's short lock_timeout, 55P03, in every run, however loaded the machine) and both must commit.
Written for the semantic mutants that narrow the guard key (every vehicle, or every rule, sharing one
row) or that drop a condition of the triggers' "the row stays where it was" skip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from psycopg import IsolationLevel

from fleetdb.races import Actors
from tests.support.world import World, period

# Long enough for any statement that waits for no lock, on a loaded machine; the rule under test makes
# the second writer wait for the first, which stays open until the second has finished.
SECOND_WRITER_LOCK_TIMEOUT = "2s"

Write = tuple[str, tuple[Any, ...]]


def _concurrently(race: Actors, first: Write, second: Write) -> None:
    """``first`` in an open transaction, then ``second`` in another; ``second`` may wait for no lock of
    ``first``; then both commit."""
    race[0].execute("BEGIN")
    race[0].execute(*first)
    race[1].execute("BEGIN")
    race[1].execute("SELECT set_config('lock_timeout', %s, true)", (SECOND_WRITER_LOCK_TIMEOUT,))
    try:
        race[1].execute(*second)
    except psycopg.errors.LockNotAvailable:
        race[1].execute("ROLLBACK")
        race[0].execute("ROLLBACK")
        pytest.fail(f"the second writer waited for a lock of the first: {second[0]}")
    race[1].execute("COMMIT")
    race[0].execute("COMMIT")


def _reading(vehicle: Any, km: int) -> Write:
    return (
        "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
        " VALUES (%s, %s, '2030-06-01 12:00+00', 'manual')",
        (vehicle, km),
    )


def _status(table: str, status: str, row: Any) -> Write:
    return (f"UPDATE {table} SET status = %s WHERE id = %s", (status, row))


@pytest.fixture
def race(actors: Callable[..., Actors]) -> Actors:
    return actors(2, IsolationLevel.REPEATABLE_READ)


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
def test_readings_of_two_vehicles_do_not_wait_for_each_other(race: Actors) -> None:
    world = World(race.observer)
    first, second = world.vehicle(), world.vehicle()
    world.reading(first, 100, read_at="2030-05-01 00:00+00")
    world.reading(second, 100, read_at="2030-05-01 00:00+00")
    _concurrently(race, _reading(first, 200), _reading(second, 200))
    count = race.observer.execute("SELECT count(*) FROM fleet.odometer_readings").fetchone()
    assert count == (4,)


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
def test_a_reading_and_a_booking_of_one_vehicle_do_not_wait_for_each_other(race: Actors) -> None:
    world = World(race.observer)
    car, customer, branch = world.vehicle(), world.customer(), world.location()
    world.reading(car, 100, read_at="2030-05-01 00:00+00")
    world.rental(car, period(20, 22))
    booking: Write = (
        "INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period,"
        " currency) VALUES (%s, %s, %s, %s, %s, 'EUR')",
        (car, customer, branch, branch, period(1, 3)),
    )
    _concurrently(race, _reading(car, 200), booking)


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
# reserved -> active is not in place: since rental_retired_vehicle_guard an activation is checked against
# retirement and takes the vehicle's bookings guard (tested in test_vehicle_status.py); each live status
# saved unchanged is.
@pytest.mark.parametrize(("before", "after"), [("reserved", "reserved"), ("active", "active")])
def test_two_bookings_of_one_vehicle_change_status_in_place_without_waiting(
    race: Actors, before: str, after: str
) -> None:
    """A booking that stays live, on its vehicle and in its period, cannot start to overlap anything:
    the check is skipped, so the vehicle's bookings guard is not taken (handing over two cars of one
    vehicle's back-to-back bookings, or saving two active bookings unchanged, at the same time)."""
    world = World(race.observer)
    car = world.vehicle()
    one = world.rental(car, period(1, 3), status=before)
    two = world.rental(car, period(5, 7), status=before)
    _concurrently(race, _status("rental.rentals", after, one), _status("rental.rentals", after, two))
    statuses = race.observer.execute(
        "SELECT array_agg(status ORDER BY period) FROM rental.rentals WHERE vehicle_id = %s", (car,)
    ).fetchone()
    assert statuses == ([after, after],)


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
@pytest.mark.parametrize(("before", "after"), [("scheduled", "in_progress"), ("in_progress", "in_progress")])
def test_two_jobs_of_one_vehicle_change_status_in_place_without_waiting(
    race: Actors, before: str, after: str
) -> None:
    world = World(race.observer)
    car = world.vehicle()
    one = world.job(car, period(1, 3), status=before)
    two = world.job(car, period(5, 7), status=before)
    _concurrently(race, _status("maintenance.jobs", after, one), _status("maintenance.jobs", after, two))
    statuses = race.observer.execute(
        "SELECT array_agg(status ORDER BY scheduled_window) FROM maintenance.jobs WHERE vehicle_id = %s",
        (car,),
    ).fetchone()
    assert statuses == ([after, after],)


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
def test_saving_a_retired_vehicle_unchanged_does_not_take_its_bookings_guard(race: Actors) -> None:
    """Only a move into retired looks at the vehicle's bookings: a statement that leaves a retired
    vehicle retired (a bulk status update, a form saved unchanged) takes no guard, so a maintenance job
    written for the vehicle at that moment (preparing it for sale) goes on."""
    world = World(race.observer)
    car = world.vehicle()
    race.observer.execute("UPDATE fleet.vehicles SET status = 'retired' WHERE id = %s", (car,))
    job: Write = (
        "INSERT INTO maintenance.jobs (vehicle_id, kind, scheduled_window, currency)"
        " VALUES (%s, 'service', %s, 'EUR')",
        (car, period(1, 3)),
    )
    _concurrently(race, _status("fleet.vehicles", "retired", car), job)


def _guard_row_versions(conn: psycopg.Connection[Any]) -> dict[tuple[Any, str], str]:
    """Each guard row's physical version (ctid): an UPDATE, even in the same transaction, makes a new one."""
    rows = conn.execute("SELECT vehicle_id, concern, ctid::text FROM fleet.vehicle_guards").fetchall()
    return {(vehicle, concern): ctid for vehicle, concern, ctid in rows}


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.parametrize("history", ["first reading", "later reading"])
def test_a_reading_writes_its_own_vehicles_odometer_guard_and_no_other(
    db: psycopg.Connection[Any], world: World, history: str
) -> None:
    """A single reading writes the (vehicle, odometer) guard row, whether it finds the row (the UPDATE
    of every reading but the first) or inserts it (the vehicle's first reading), and no other one:
    neither the other vehicles' odometer guards nor the vehicle's own bookings guard. The wait tests
    above see a wrong key only through a lock another writer holds; this one reads which rows the
    reading wrote, on both paths (a first reading that skips the upsert writes none)."""
    car, others = world.vehicle(), (world.vehicle(), world.vehicle())
    if history == "later reading":
        world.reading(car, 100, read_at="2030-05-01 00:00+00")
    # The rows a wrong key would also write, put there directly (not by the code under test).
    scene = [(other, "odometer") for other in others] + [(car, "bookings")]
    for vehicle, concern in scene:
        db.execute(
            "INSERT INTO fleet.vehicle_guards (vehicle_id, concern) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            (vehicle, concern),
        )
    before = _guard_row_versions(db)
    assert set(scene) | ({(car, "odometer")} if history == "later reading" else set()) == set(before)
    world.reading(car, 200)
    after = _guard_row_versions(db)
    written = sorted(str(key) for key, ctid in after.items() if before.get(key) != ctid)
    assert written == [str((car, "odometer"))], f"want: only ({car}, odometer)\nhave: {written}"
