"""Invariants that must hold under concurrent transactions, at every isolation level.

Each race: session 0 does its write in an open transaction, session 1 starts the conflicting write,
the server reports session 1 waiting on session 0 (pg_blocking_pids), session 0 commits, and
session 1 must then fail (or, for idempotent posting, return the committed entry). At REPEATABLE READ
and SERIALIZABLE session 1 took its snapshot before session 0 committed: it may instead fail with
40001, never commit."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg import IsolationLevel
from psycopg.types.json import Jsonb

from fleetdb.races import SERIALIZATION_FAILURE, Actors, snapshot_per_transaction
from tests.schema.world import World, period

pytestmark = pytest.mark.race

_READING = (
    "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
    " VALUES (%s, %s, %s, 'telematics')"
)
_RENTAL = (
    "INSERT INTO rental.rentals"
    " (vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency)"
    " VALUES (%s, %s, %s, %s, %s, 'EUR')"
)
_JOB = (
    "INSERT INTO maintenance.jobs (vehicle_id, kind, scheduled_window, currency)"
    " VALUES (%s, 'service', %s, 'EUR')"
)
_REFUND = (
    "INSERT INTO rental.refunds (payment_id, currency, amount_minor, reason, refunded_at)"
    " VALUES (%s, 'EUR', %s, 'race', now())"
)
_POST = "SELECT accounting.post_entry('rental', %s, '2030-06-01', 'EUR', 'race', %s, NULL)"


def _race(race: Actors, first: tuple[str, Any], second: tuple[str, Any]) -> Future[Any]:
    """Session 0 runs ``first`` in an open transaction; session 1 runs ``second`` and must block on
    session 0; then session 0 commits. Returns session 1's future."""
    race[0].execute("BEGIN")
    race[0].execute(*first)
    waiting = race.submit(1, *second)
    assert race.wait_until_blocked(1) == [race.pid(0)]
    race[0].execute("COMMIT")
    return waiting


def _fails_with(waiting: Future[Any], sqlstate: str, constraint: str, level: IsolationLevel) -> None:
    with pytest.raises(psycopg.Error) as caught:
        waiting.result(timeout=30)
    have = (caught.value.sqlstate, caught.value.diag.constraint_name)
    allowed = [(sqlstate, constraint)]
    if snapshot_per_transaction(level):
        allowed.append((SERIALIZATION_FAILURE, None))
    assert have in allowed, f"want one of: {allowed}\nhave: {have[0]} {have[1]}"


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_concurrent_readings_cannot_sneak_a_decrease_past_the_check(
    actors: Callable[..., Actors], isolation_level: IsolationLevel
) -> None:
    race = actors(2, isolation_level)
    car = World(race.observer).vehicle()
    race.observer.execute(_READING, (car, 1000, "2030-06-01 00:00+00"))
    waiting = _race(
        race,
        (_READING, (car, 2000, "2030-06-10 00:00+00")),
        (_READING, (car, 1500, "2030-06-20 00:00+00")),  # above 1000, but below the concurrent 2000
    )
    _fails_with(waiting, "23514", "odometer_readings_monotonic_trg", isolation_level)


@pytest.mark.invariant("RENT-OVERLAP")
def test_concurrent_overlapping_bookings_one_wins(
    actors: Callable[..., Actors], isolation_level: IsolationLevel
) -> None:
    race = actors(2, isolation_level)
    world = World(race.observer)
    car, branch = world.vehicle(), world.location()
    alice, bob = world.customer(), world.customer()
    waiting = _race(
        race,
        (_RENTAL, (car, alice, branch, branch, period(1, 5))),
        (_RENTAL, (car, bob, branch, branch, period(3, 7))),
    )
    _fails_with(waiting, "23P01", "rentals_no_overlap_excl", isolation_level)


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
def test_concurrent_job_then_booking(actors: Callable[..., Actors], isolation_level: IsolationLevel) -> None:
    race = actors(2, isolation_level)
    world = World(race.observer)
    car, branch, customer = world.vehicle(), world.location(), world.customer()
    waiting = _race(
        race,
        (_JOB, (car, period(1, 5))),
        (_RENTAL, (car, customer, branch, branch, period(3, 7))),
    )
    _fails_with(waiting, "23P01", "rentals_no_maintenance_overlap_trg", isolation_level)


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
def test_concurrent_booking_then_job(actors: Callable[..., Actors], isolation_level: IsolationLevel) -> None:
    race = actors(2, isolation_level)
    world = World(race.observer)
    car, branch, customer = world.vehicle(), world.location(), world.customer()
    waiting = _race(
        race,
        (_RENTAL, (car, customer, branch, branch, period(3, 7))),
        (_JOB, (car, period(1, 5))),
    )
    _fails_with(waiting, "23P01", "jobs_no_rental_overlap_trg", isolation_level)


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
def test_concurrent_retirement_then_booking(
    actors: Callable[..., Actors], isolation_level: IsolationLevel
) -> None:
    race = actors(2, isolation_level)
    world = World(race.observer)
    car, branch, customer = world.vehicle(), world.location(), world.customer()
    waiting = _race(
        race,
        ("UPDATE fleet.vehicles SET status = 'retired' WHERE id = %s", (car,)),
        (_RENTAL, (car, customer, branch, branch, period(3, 7))),
    )
    _fails_with(waiting, "55000", "rentals_vehicle_bookable_trg", isolation_level)


@pytest.mark.invariant("RENT-REFUND-LIMIT")
def test_concurrent_refunds_never_exceed_the_payment(
    actors: Callable[..., Actors], isolation_level: IsolationLevel
) -> None:
    race = actors(2, isolation_level)
    world = World(race.observer)
    payment = world.payment(world.rental(world.vehicle(), period(1, 3)), 100)
    waiting = _race(race, (_REFUND, (payment, 60)), (_REFUND, (payment, 60)))
    _fails_with(waiting, "23514", "refunds_within_payment_trg", isolation_level)
    total = race.observer.execute("SELECT sum(amount_minor) FROM rental.refunds").fetchone()
    assert total == (60,)


def _lines(world: World, amount: int) -> Jsonb:
    cash, revenue = world.account(), world.account(type="revenue")
    return Jsonb(
        [
            {"account_id": str(cash), "amount_minor": amount},
            {"account_id": str(revenue), "amount_minor": -amount},
        ]
    )


@pytest.mark.invariant("ACCT-IDEMPOTENT-POSTING")
def test_concurrent_duplicate_postings_write_one_entry(
    actors: Callable[..., Actors], isolation_level: IsolationLevel
) -> None:
    race = actors(2, isolation_level)
    lines = _lines(World(race.observer), 100)
    waiting = _race(race, (_POST, ("dup-1", lines)), (_POST, ("dup-1", lines)))
    first = race.observer.execute(
        "SELECT id FROM accounting.journal_entries WHERE external_reference = 'dup-1'"
    ).fetchall()
    error = waiting.exception(timeout=30)
    if error is None:
        second = waiting.result(timeout=30)
    else:  # the entry it did not see exists: refused with 40001, and the retry returns it
        assert snapshot_per_transaction(isolation_level), error
        assert isinstance(error, psycopg.errors.SerializationFailure), error
        second = race[1].execute(_POST, ("dup-1", lines)).fetchall()
    assert len(first) == 1
    assert UUID(str(second[0][0])) == first[0][0]


@pytest.mark.invariant("ACCT-IDEMPOTENT-POSTING")
def test_concurrent_conflicting_postings_raise(
    actors: Callable[..., Actors], isolation_level: IsolationLevel
) -> None:
    race = actors(2, isolation_level)
    world = World(race.observer)
    waiting = _race(race, (_POST, ("dup-2", _lines(world, 100))), (_POST, ("dup-2", _lines(world, 200))))
    _fails_with(waiting, "23505", "journal_entries_source_reference_uq", isolation_level)
