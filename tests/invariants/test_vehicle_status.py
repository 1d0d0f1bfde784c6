"""Vehicle status transitions (retired is final) and what retirement does to bookings: a vehicle with
live bookings cannot be retired, and no write puts a booking of a retired vehicle in scope — a new one,
a move to it, a period change, or a status change into reserved/active (reserved -> active included)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import psycopg
import pytest

from tests.support.world import World, period, violates

STATUSES = ("in_service", "out_of_service", "retired")
ALLOWED = {
    ("in_service", "out_of_service"),
    ("out_of_service", "in_service"),
    ("in_service", "retired"),
    ("out_of_service", "retired"),
}
TRANSITION = "vehicles_status_transition_trg"
RETIREMENT = "vehicles_retirement_trg"
BOOKABLE = "rentals_vehicle_bookable_trg"


def _set_status(db: psycopg.Connection[Any], car: UUID, status: str) -> None:
    db.execute("UPDATE fleet.vehicles SET status = %s WHERE id = %s", (status, car))


def _vehicle_in(db: psycopg.Connection[Any], world: World, status: str) -> UUID:
    car = world.vehicle(status="out_of_service" if status == "out_of_service" else "in_service")
    if status == "retired":
        _set_status(db, car, "retired")
    return car


@contextmanager
def _behind_the_rules(db: psycopg.Connection[Any]) -> Iterator[None]:
    """Writes as a v1.0 database may hold them (a vehicle retired with its bookings): triggers off for
    the block, in a savepoint of the rolled-back test transaction."""
    with db.transaction():
        db.execute("SET LOCAL session_replication_role = replica")
        yield
        db.execute("SET LOCAL session_replication_role = origin")


@pytest.mark.invariant("FLEET-VEHICLE-STATUS-TRANSITION")
@pytest.mark.parametrize("old", STATUSES)
@pytest.mark.parametrize("new", STATUSES)
def test_vehicle_status_transition_matrix(
    db: psycopg.Connection[Any], world: World, old: str, new: str
) -> None:
    car = _vehicle_in(db, world, old)
    if old == new or (old, new) in ALLOWED:
        _set_status(db, car, new)
    else:
        with violates(db, "23514", TRANSITION):
            _set_status(db, car, new)
    row = db.execute("SELECT status FROM fleet.vehicles WHERE id = %s", (car,)).fetchone()
    assert row == (new if old == new or (old, new) in ALLOWED else old,)


@pytest.mark.invariant("FLEET-VEHICLE-STATUS-TRANSITION")
@pytest.mark.parametrize("status", STATUSES)
def test_vehicle_initial_status(db: psycopg.Connection[Any], world: World, status: str) -> None:
    if status == "retired":
        with violates(db, "23514", TRANSITION):
            world.vehicle(status=status)
    else:
        world.vehicle(status=status)


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
@pytest.mark.parametrize("booking", ["reserved", "active"])
@pytest.mark.parametrize("before", ["in_service", "out_of_service"])
def test_a_vehicle_with_a_live_booking_cannot_be_retired(
    db: psycopg.Connection[Any], world: World, booking: str, before: str
) -> None:
    car = world.vehicle(status=before)
    world.rental(car, period(1, 3), status=booking)
    ended = world.rental(car, period(5, 6))  # the one live booking alone must hold the vehicle
    db.execute("UPDATE rental.rentals SET status = 'cancelled' WHERE id = %s", (ended,))
    with violates(db, "55000", RETIREMENT):
        _set_status(db, car, "retired")


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
@pytest.mark.parametrize("booking", ["reserved", "active"])
def test_a_vehicle_with_a_live_booking_can_go_out_of_service_and_back(
    db: psycopg.Connection[Any], world: World, booking: str
) -> None:
    """Only retirement waits for the bookings: a booked vehicle off the road for a few days (a repair)
    keeps its bookings, and someone moves them or brings it back in time."""
    car = world.vehicle()
    world.rental(car, period(1, 3), status=booking)
    _set_status(db, car, "out_of_service")
    _set_status(db, car, "in_service")


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
def test_a_refused_retirement_names_the_vehicles_earliest_live_booking(
    db: psycopg.Connection[Any], world: World
) -> None:
    """The DBA's way in: the count of live bookings and the first one to cancel or move."""
    car = world.vehicle()
    later = world.rental(car, period(10, 12))
    earliest = world.rental(car, period(1, 3), status="active")
    cancelled = world.rental(car, period(20, 22))
    db.execute("UPDATE rental.rentals SET status = 'cancelled' WHERE id = %s", (cancelled,))
    with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState) as caught, db.transaction():
        _set_status(db, car, "retired")
    message = caught.value.diag.message_primary or ""
    assert "has 2 live booking(s)" in message and f"the first: rental {earliest}" in message
    assert str(later) not in message


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
@pytest.mark.parametrize("ended", ["cancelled", "no_show", "completed"])
def test_a_vehicle_whose_bookings_have_ended_can_be_retired(
    db: psycopg.Connection[Any], world: World, ended: str
) -> None:
    car = world.vehicle()
    rental = world.rental(car, period(1, 3), status="active" if ended == "completed" else "reserved")
    db.execute("UPDATE rental.rentals SET status = %s WHERE id = %s", (ended, rental))
    _set_status(db, car, "retired")


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
def test_bookings_moved_or_cancelled_in_the_same_transaction_let_the_retirement_through(
    db: psycopg.Connection[Any], world: World
) -> None:
    car, spare = world.vehicle(), world.vehicle()
    moved, cancelled = world.rental(car, period(1, 3)), world.rental(car, period(5, 6))
    db.execute("UPDATE rental.rentals SET vehicle_id = %s WHERE id = %s", (spare, moved))
    db.execute("UPDATE rental.rentals SET status = 'cancelled' WHERE id = %s", (cancelled,))
    _set_status(db, car, "retired")
    other = world.vehicle()
    world.rental(other, period(1, 3))
    db.execute("UPDATE fleet.vehicles SET make = 'VW' WHERE id = %s", (other,))  # other columns: no check


@pytest.fixture
def leftover(db: psycopg.Connection[Any], world: World) -> tuple[UUID, UUID]:
    """A retired vehicle that still has a reservation, as v1.0 allowed: (vehicle, rental)."""
    car = world.vehicle()
    rental = world.rental(car, period(1, 3))
    with _behind_the_rules(db):
        _set_status(db, car, "retired")
    return car, rental


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE rental.rentals SET status = 'active' WHERE id = %(rental)s",
        "UPDATE rental.rentals SET period = tstzrange('2030-06-02 00:00+00', '2030-06-04 00:00+00')"
        " WHERE id = %(rental)s",
        "UPDATE rental.rentals SET vehicle_id = %(car)s WHERE id = %(other)s",
        "INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period,"
        " status, currency) SELECT vehicle_id, customer_id, pickup_location_id, return_location_id,"
        " tstzrange('2030-06-10 00:00+00', '2030-06-11 00:00+00'), 'active', currency"
        " FROM rental.rentals WHERE id = %(rental)s",
    ],
    ids=["activated", "rescheduled", "moved-to", "walk-in"],
)
def test_no_write_puts_a_booking_of_a_retired_vehicle_in_scope(
    db: psycopg.Connection[Any], world: World, leftover: tuple[UUID, UUID], statement: str
) -> None:
    car, rental = leftover
    other = world.rental(world.vehicle(), period(20, 22))
    with violates(db, "55000", BOOKABLE):
        db.execute(statement, {"car": car, "rental": rental, "other": other})


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
@pytest.mark.parametrize("ended", ["cancelled", "no_show"])
def test_a_booking_of_a_retired_vehicle_can_still_be_called_off(
    db: psycopg.Connection[Any], leftover: tuple[UUID, UUID], ended: str
) -> None:
    _, rental = leftover
    db.execute("UPDATE rental.rentals SET status = %s WHERE id = %s", (ended, rental))


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
def test_an_active_rental_of_a_retired_vehicle_can_still_be_completed(
    db: psycopg.Connection[Any], world: World
) -> None:
    car = world.vehicle()
    rental = world.rental(car, period(1, 3), status="active")
    with _behind_the_rules(db):
        _set_status(db, car, "retired")
    db.execute("UPDATE rental.rentals SET status = 'completed' WHERE id = %s", (rental,))
