"""Races that name the object which must refuse the loser, at every isolation level: a booking and a
maintenance job in either order (each order has its own trigger), a retirement and a booking, two
postings of one reference with different lines. The races where every session tries the same thing
are the RACES table of fleetdb.invariants.contention (tests/invariants/test_races.py), not here.

Each race: session 0 does its write in an open transaction, session 1 starts the conflicting write,
the server reports session 1 waiting on session 0 (pg_blocking_pids), session 0 commits, and
session 1 must then fail (or, for idempotent posting, return the committed entry). At REPEATABLE READ
and SERIALIZABLE session 1 took its snapshot before session 0 committed: it may instead fail with
40001, never commit."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import psycopg
import pytest
from psycopg import IsolationLevel
from psycopg.types.json import Jsonb

from fleetdb.races import SERIALIZATION_FAILURE, Actors, snapshot_per_transaction
from tests.support.world import World, period

pytestmark = pytest.mark.race

_RENTAL = (
    "INSERT INTO rental.rentals"
    " (vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency)"
    " VALUES (%s, %s, %s, %s, %s, 'EUR')"
)
_JOB = (
    "INSERT INTO maintenance.jobs (vehicle_id, kind, scheduled_window, currency)"
    " VALUES (%s, 'service', %s, 'EUR')"
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


def _lines(world: World, amount: int) -> Jsonb:
    cash, revenue = world.account(), world.account(type="revenue")
    return Jsonb(
        [
            {"account_id": str(cash), "amount_minor": amount},
            {"account_id": str(revenue), "amount_minor": -amount},
        ]
    )


@pytest.mark.invariant("ACCT-IDEMPOTENT-POSTING")
def test_concurrent_conflicting_postings_raise(
    actors: Callable[..., Actors], isolation_level: IsolationLevel
) -> None:
    race = actors(2, isolation_level)
    world = World(race.observer)
    waiting = _race(race, (_POST, ("dup-2", _lines(world, 100))), (_POST, ("dup-2", _lines(world, 200))))
    _fails_with(waiting, "23505", "journal_entries_source_reference_uq", isolation_level)
