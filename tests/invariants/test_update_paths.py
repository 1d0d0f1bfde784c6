"""Every UPDATE path that can move a row into a rule's scope, and every path that must stay open: a
booking or a job moved to another vehicle or another period, a row inserted live in each live status,
terminal rows edited, a vehicle retired under its reservations. Written for the semantic mutants that
drop one condition of the triggers' "is this row entering the rule's scope" test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import psycopg
import pytest

from fleetdb.races import Actors
from tests.support.world import World, period, violates

RETIRED = "rentals_vehicle_bookable_trg"
BOOKING_BLOCKED = "rentals_no_maintenance_overlap_trg"
JOB_BLOCKED = "jobs_no_rental_overlap_trg"


def _set(db: psycopg.Connection[Any], table: str, column: str, value: Any, row: UUID) -> None:
    db.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", (value, row))


def _retire(db: psycopg.Connection[Any], vehicle: UUID) -> None:
    _set(db, "fleet.vehicles", "status", "retired", vehicle)


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
def test_finished_bookings_of_a_retired_vehicle_stay_correctable(
    db: psycopg.Connection[Any], world: World
) -> None:
    """Since rental_retired_vehicle_guard a vehicle is retired only without live bookings (the live ones
    are tested in test_vehicle_status.py); its finished bookings can still be corrected afterwards."""
    car = world.vehicle()
    finished = world.rental(car, period(8, 9), status="active")
    _set(db, "rental.rentals", "status", "completed", finished)
    cancelled = world.rental(car, period(10, 12))
    _set(db, "rental.rentals", "status", "cancelled", cancelled)
    _retire(db, car)
    _set(db, "rental.rentals", "period", period(8, 10), finished)  # the actual return corrected
    _set(db, "rental.rentals", "period", period(10, 13), cancelled)


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
@pytest.mark.parametrize("status", ["reserved", "active"])
def test_a_booking_inserted_in_either_live_status_is_blocked_by_an_open_job(
    db: psycopg.Connection[Any], world: World, status: str
) -> None:
    car = world.vehicle()
    world.job(car, period(1, 5))
    with violates(db, "23P01", BOOKING_BLOCKED):
        world.rental(car, period(2, 3), status=status)


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
@pytest.mark.parametrize("status", ["scheduled", "in_progress"])
def test_a_job_inserted_in_either_open_status_is_blocked_by_each_live_booking(
    db: psycopg.Connection[Any], world: World, status: str
) -> None:
    for booking_status in ("reserved", "active"):
        car = world.vehicle()
        world.rental(car, period(1, 5), status=booking_status)
        with violates(db, "23P01", JOB_BLOCKED):
            world.job(car, period(2, 3), status=status)


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
def test_another_vehicles_rows_never_block(db: psycopg.Connection[Any], world: World) -> None:
    booked, serviced = world.vehicle(), world.vehicle()
    world.rental(booked, period(1, 5), status="active")
    world.job(serviced, period(1, 5), status="in_progress")
    world.job(world.vehicle(), period(1, 5))
    world.rental(world.vehicle(), period(1, 5))


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
@pytest.mark.parametrize("status", ["reserved", "active"])
def test_a_live_booking_cannot_move_to_a_vehicle_in_maintenance(
    db: psycopg.Connection[Any], world: World, status: str
) -> None:
    serviced = world.vehicle()
    world.job(serviced, period(1, 5))
    booking = world.rental(world.vehicle(), period(2, 3), status=status)
    with violates(db, "23P01", BOOKING_BLOCKED):
        _set(db, "rental.rentals", "vehicle_id", serviced, booking)


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
@pytest.mark.parametrize("status", ["scheduled", "in_progress"])
def test_an_open_job_cannot_move_to_a_booked_vehicle(
    db: psycopg.Connection[Any], world: World, status: str
) -> None:
    booked = world.vehicle()
    world.rental(booked, period(1, 5))
    job = world.job(world.vehicle(), period(2, 3), status=status)
    with violates(db, "23P01", JOB_BLOCKED):
        _set(db, "maintenance.jobs", "vehicle_id", booked, job)


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
def test_closed_rows_can_be_edited_over_the_other_side(db: psycopg.Connection[Any], world: World) -> None:
    """A cancelled or finished row is out of the rule's scope: editing it never conflicts."""
    car = world.vehicle()
    world.job(car, period(10, 20))
    cancelled = world.rental(car, period(1, 3))
    _set(db, "rental.rentals", "status", "cancelled", cancelled)
    _set(db, "rental.rentals", "period", period(11, 12), cancelled)
    _set(db, "rental.rentals", "vehicle_id", world.vehicle(), cancelled)
    booked = world.vehicle()
    world.rental(booked, period(1, 5))
    closed = world.job(world.vehicle(), period(25, 26))
    _set(db, "maintenance.jobs", "status", "cancelled", closed)
    _set(db, "maintenance.jobs", "scheduled_window", period(2, 3), closed)
    _set(db, "maintenance.jobs", "vehicle_id", booked, closed)


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
@pytest.mark.race
def test_a_booking_waits_for_a_retirement_in_flight_and_then_fails(actors: Callable[[int], Actors]) -> None:
    """The check locks the vehicle row: a booking made while another session retires the vehicle waits
    for that session, then sees the retirement (under READ COMMITTED, without the lock it would read
    the vehicle as in service and commit a booking of a retired vehicle)."""
    race = actors(2)
    world = World(race.observer)
    car, customer, branch = world.vehicle(), world.customer(), world.location()
    race[0].execute("BEGIN")
    race[0].execute("UPDATE fleet.vehicles SET status = 'retired' WHERE id = %s", (car,))
    booking = race.submit(
        1,
        "INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period,"
        " currency) VALUES (%s, %s, %s, %s, %s, 'EUR')",
        (car, customer, branch, branch, period(1, 3)),
    )
    assert race.pid(0) in race.wait_until_blocked(1)
    race[0].execute("COMMIT")
    with pytest.raises(psycopg.Error) as caught:
        booking.result(timeout=30)
    assert (caught.value.sqlstate, caught.value.diag.constraint_name) == ("55000", RETIRED)
