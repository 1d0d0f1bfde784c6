"""rental: every way two bookings can sit in time, the period shapes, the status matrix, money rules."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from fleetdb.invariants.violations import find_violations
from tests.support.world import World, period, violates

# Allen's 13 interval relations of a new booking against an existing one on [10, 20) (days of June 2030).
RELATIONS = {
    "before": ((1, 5), False),
    "meets": ((5, 10), False),  # touching half-open periods do not overlap
    "overlaps": ((5, 15), True),
    "starts": ((10, 15), True),
    "during": ((12, 18), True),
    "finishes": ((15, 20), True),
    "equals": ((10, 20), True),
    "finished-by": ((5, 20), True),
    "contains": ((5, 25), True),
    "started-by": ((10, 25), True),
    "overlapped-by": ((15, 25), True),
    "met-by": ((20, 25), False),
    "after": ((22, 28), False),
}
LIVE = ["reserved", "active"]
# How to bring a new rental to each status (the legal path).
PATH = {
    "reserved": [],
    "active": ["active"],
    "completed": ["active", "completed"],
    "cancelled": ["cancelled"],
    "no_show": ["no_show"],
}
LEGAL = {("reserved", "active"), ("reserved", "cancelled"), ("reserved", "no_show"), ("active", "completed")}


def _move(db: psycopg.Connection[Any], rental: object, statuses: list[str]) -> None:
    for status in statuses:
        db.execute("UPDATE rental.rentals SET status = %s WHERE id = %s", (status, rental))


def _live_overlaps(db: psycopg.Connection[Any]) -> int:
    """Independent check: the invariant's violation query, not the constraint's own test."""
    return len(find_violations(db, "RENT-OVERLAP"))


@pytest.mark.invariant("RENT-OVERLAP")
@pytest.mark.parametrize("existing_status", LIVE)
@pytest.mark.parametrize("relation", list(RELATIONS))
def test_interval_relation_against_a_live_rental(
    db: psycopg.Connection[Any], world: World, relation: str, existing_status: str
) -> None:
    car = world.vehicle()
    existing = world.rental(car, period(10, 20))
    _move(db, existing, PATH[existing_status])
    (start, end), overlaps = RELATIONS[relation]
    if overlaps:
        with violates(db, "23P01", "rentals_no_overlap_excl"):
            world.rental(car, period(start, end))
    else:
        world.rental(car, period(start, end))
    world.rental(world.vehicle(), period(start, end))  # another vehicle is never affected
    assert _live_overlaps(db) == 0


@pytest.mark.invariant("RENT-OVERLAP")
@pytest.mark.parametrize("relation", [name for name, (_, overlaps) in RELATIONS.items() if overlaps])
def test_moving_a_live_rental_into_a_taken_slot_fails(
    db: psycopg.Connection[Any], world: World, relation: str
) -> None:
    car = world.vehicle()
    world.rental(car, period(10, 20))
    other = world.rental(car, period(1, 5))
    (start, end), _ = RELATIONS[relation]
    with violates(db, "23P01", "rentals_no_overlap_excl"):
        db.execute("UPDATE rental.rentals SET period = %s WHERE id = %s", (period(start, end), other))
    elsewhere = world.rental(world.vehicle(), period(start, end))
    with violates(db, "23P01", "rentals_no_overlap_excl"):
        db.execute("UPDATE rental.rentals SET vehicle_id = %s WHERE id = %s", (car, elsewhere))


@pytest.mark.invariant("RENT-OVERLAP")
@pytest.mark.parametrize("freed_by", ["cancelled", "completed", "no_show"])
def test_terminal_rentals_do_not_block(db: psycopg.Connection[Any], world: World, freed_by: str) -> None:
    car = world.vehicle()
    old = world.rental(car, period(10, 20))
    _move(db, old, PATH[freed_by])
    world.rental(car, period(10, 20))
    assert _live_overlaps(db) == 0


@pytest.mark.invariant("RENT-OVERLAP")
@pytest.mark.invariant("RENT-STATUS-TRANSITION")
def test_reactivating_a_cancelled_rental_into_a_taken_slot_fails(
    db: psycopg.Connection[Any], world: World
) -> None:
    car = world.vehicle()
    cancelled = world.rental(car, period(10, 20))
    _move(db, cancelled, ["cancelled"])
    world.rental(car, period(12, 14))
    for status in ("reserved", "active"):
        with violates(db, "23514", "rentals_status_transition_trg"):
            _move(db, cancelled, [status])
    assert _live_overlaps(db) == 0


@pytest.mark.invariant("RENT-OVERLAP")
def test_the_exclusion_alone_rejects_a_reactivation_into_a_taken_slot(
    db: psycopg.Connection[Any], world: World
) -> None:
    """Defence in depth: with the transition trigger switched off (inside this rolled-back
    transaction), the exclusion constraint still keeps the slot."""
    car = world.vehicle()
    cancelled = world.rental(car, period(10, 20))
    _move(db, cancelled, ["cancelled"])
    world.rental(car, period(12, 14))
    db.execute("ALTER TABLE rental.rentals DISABLE TRIGGER rentals_status_transition_trg")
    with violates(db, "23P01", "rentals_no_overlap_excl"):
        _move(db, cancelled, ["reserved"])


SPANS_REJECTED = {
    "closed": ("[2030-06-01 00:00+00,2030-06-03 00:00+00]", "23514"),
    "open": ("(2030-06-01 00:00+00,2030-06-03 00:00+00)", "23514"),
    "upper-closed": ("(2030-06-01 00:00+00,2030-06-03 00:00+00]", "23514"),
    "empty": ("empty", "23514"),
    "equal bounds": ("[2030-06-01 00:00+00,2030-06-01 00:00+00)", "23514"),  # normalises to empty
    "no upper bound": ("[2030-06-01 00:00+00,)", "23514"),
    "no lower bound": ("[,2030-06-03 00:00+00)", "23514"),
    "unbounded": ("(,)", "23514"),
    # Bounded to PostgreSQL (upper_inf is false) but open-ended in practice.
    "infinite upper": ("[2030-06-01 00:00+00,infinity)", "23514"),
    "infinite lower": ("[-infinity,2030-06-01 00:00+00)", "23514"),
}


@pytest.mark.invariant("RENT-PERIOD-HALF-OPEN")
@pytest.mark.parametrize("shape", list(SPANS_REJECTED))
def test_rental_period_shapes_rejected(db: psycopg.Connection[Any], world: World, shape: str) -> None:
    span, sqlstate = SPANS_REJECTED[shape]
    with violates(db, sqlstate, "rentals_period_half_open_ck"):
        world.rental(world.vehicle(), span)


@pytest.mark.invariant("RENT-PERIOD-HALF-OPEN")
@pytest.mark.parametrize("shape", list(SPANS_REJECTED))
def test_maintenance_window_shapes_rejected(db: psycopg.Connection[Any], world: World, shape: str) -> None:
    span, sqlstate = SPANS_REJECTED[shape]
    with violates(db, sqlstate, "jobs_scheduled_window_half_open_ck"):
        world.job(world.vehicle(), span)


@pytest.mark.invariant("RENT-PERIOD-HALF-OPEN")
def test_inverted_period_is_rejected_before_it_is_stored(db: psycopg.Connection[Any], world: World) -> None:
    # PostgreSQL itself refuses a range whose lower bound is above its upper one (22000).
    with violates(db, "22000", None):
        world.rental(world.vehicle(), "[2030-06-05 00:00+00,2030-06-01 00:00+00)")
    rental = world.rental(world.vehicle(), period(1, 3))
    with violates(db, "23514", "rentals_period_half_open_ck"):
        db.execute("UPDATE rental.rentals SET period = 'empty' WHERE id = %s", (rental,))


STATUSES = list(PATH)


@pytest.mark.invariant("RENT-STATUS-TRANSITION")
@pytest.mark.parametrize("target", STATUSES)
@pytest.mark.parametrize("source", STATUSES)
def test_rental_status_transition_matrix(
    db: psycopg.Connection[Any], world: World, source: str, target: str
) -> None:
    rental = world.rental(world.vehicle(), period(1, 3))
    _move(db, rental, PATH[source])
    if source == target or (source, target) in LEGAL:
        _move(db, rental, [target])
        row = db.execute("SELECT status FROM rental.rentals WHERE id = %s", (rental,)).fetchone()
        assert row == (target,)
    else:
        with violates(db, "23514", "rentals_status_transition_trg"):
            _move(db, rental, [target])


@pytest.mark.invariant("RENT-STATUS-TRANSITION")
@pytest.mark.parametrize("status", STATUSES)
def test_rental_initial_status(db: psycopg.Connection[Any], world: World, status: str) -> None:
    if status in LIVE:
        world.rental(world.vehicle(), period(1, 3), status=status)
    else:
        with violates(db, "23514", "rentals_status_transition_trg"):
            world.rental(world.vehicle(), period(1, 3), status=status)


JOB_PATH = {
    "scheduled": [],
    "in_progress": ["in_progress"],
    "completed": ["in_progress", "completed"],
    "cancelled": ["cancelled"],
}
JOB_LEGAL = {
    ("scheduled", "in_progress"),
    ("scheduled", "cancelled"),
    ("in_progress", "completed"),
    ("in_progress", "cancelled"),
}


@pytest.mark.invariant("MAINT-STATUS-TRANSITION")
@pytest.mark.parametrize("target", list(JOB_PATH))
@pytest.mark.parametrize("source", list(JOB_PATH))
def test_job_status_transition_matrix(
    db: psycopg.Connection[Any], world: World, source: str, target: str
) -> None:
    job = world.job(world.vehicle(), period(1, 3))
    update = "UPDATE maintenance.jobs SET status = %s WHERE id = %s"
    for status in JOB_PATH[source]:
        db.execute(update, (status, job))
    if source == target or (source, target) in JOB_LEGAL:
        db.execute(update, (target, job))
    else:
        with violates(db, "23514", "jobs_status_transition_trg"):
            db.execute(update, (target, job))


@pytest.mark.invariant("MAINT-STATUS-TRANSITION")
@pytest.mark.parametrize("status", list(JOB_PATH))
def test_job_initial_status(db: psycopg.Connection[Any], world: World, status: str) -> None:
    if status in ("scheduled", "in_progress"):
        world.job(world.vehicle(), period(1, 3), status=status)
    else:
        with violates(db, "23514", "jobs_status_transition_trg"):
            world.job(world.vehicle(), period(1, 3), status=status)


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
def test_retired_vehicle_cannot_be_booked_nor_moved_to(db: psycopg.Connection[Any], world: World) -> None:
    retired, other = world.vehicle(), world.vehicle()
    db.execute("UPDATE fleet.vehicles SET status = 'out_of_service' WHERE id = %s", (other,))
    world.rental(other, period(1, 3))  # out of service is not retired
    db.execute("UPDATE fleet.vehicles SET status = 'retired' WHERE id = %s", (retired,))
    with violates(db, "55000", "rentals_vehicle_bookable_trg"):
        world.rental(retired, period(1, 3))
    with violates(db, "55000", "rentals_vehicle_bookable_trg"):
        world.rental(retired, period(1, 3), status="active")
    moved = world.rental(world.vehicle(), period(5, 6))
    with violates(db, "55000", "rentals_vehicle_bookable_trg"):
        db.execute("UPDATE rental.rentals SET vehicle_id = %s WHERE id = %s", (retired, moved))


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
@pytest.mark.parametrize("relation", list(RELATIONS))
def test_open_maintenance_window_blocks_bookings(
    db: psycopg.Connection[Any], world: World, relation: str
) -> None:
    car = world.vehicle()
    world.job(car, period(10, 20))
    (start, end), overlaps = RELATIONS[relation]
    if overlaps:
        with violates(db, "23P01", "rentals_no_maintenance_overlap_trg"):
            world.rental(car, period(start, end))
    else:
        world.rental(car, period(start, end))


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
@pytest.mark.parametrize("relation", list(RELATIONS))
def test_live_booking_blocks_maintenance_windows(
    db: psycopg.Connection[Any], world: World, relation: str
) -> None:
    car = world.vehicle()
    world.rental(car, period(10, 20))
    (start, end), overlaps = RELATIONS[relation]
    if overlaps:
        with violates(db, "23P01", "jobs_no_rental_overlap_trg"):
            world.job(car, period(start, end))
    else:
        world.job(car, period(start, end))


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
def test_closed_jobs_and_terminal_rentals_do_not_block(db: psycopg.Connection[Any], world: World) -> None:
    car = world.vehicle()
    job = world.job(car, period(10, 20))
    db.execute("UPDATE maintenance.jobs SET status = 'cancelled' WHERE id = %s", (job,))
    rental = world.rental(car, period(10, 20))
    _move(db, rental, ["cancelled"])
    world.job(car, period(10, 20), status="in_progress")
    with violates(db, "23P01", "rentals_no_maintenance_overlap_trg"):
        world.rental(car, period(15, 16))
    world.rental(world.vehicle(), period(15, 16))  # another vehicle


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
def test_moving_a_booking_or_a_job_into_the_other_fails(db: psycopg.Connection[Any], world: World) -> None:
    car = world.vehicle()
    world.job(car, period(10, 20))
    rental = world.rental(car, period(1, 5))
    with violates(db, "23P01", "rentals_no_maintenance_overlap_trg"):
        db.execute("UPDATE rental.rentals SET period = %s WHERE id = %s", (period(4, 11), rental))
    job = world.job(car, period(25, 28))
    with violates(db, "23P01", "jobs_no_rental_overlap_trg"):
        db.execute("UPDATE maintenance.jobs SET scheduled_window = %s WHERE id = %s", (period(3, 26), job))
