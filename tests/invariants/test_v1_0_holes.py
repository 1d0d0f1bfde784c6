"""Holes that outside testing found in v1.0 (issue 12, findings 1 and 2), each attack run twice: on a
database at the released tag (``released_db``), where it succeeds, and at head, where it is refused.
Only the head runs are invariant scenarios (the mutation runner has no use for the released ones).

Finding 1: at REPEATABLE READ the odometer guard, the refund limit and bookings-vs-maintenance locked a
row they never changed and then read their own snapshot, so both of two conflicting sessions committed.
Session 1 takes its snapshot while session 0's write is still open, waits on session 0's lock (the
server says so), and decides after session 0 committed."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import psycopg
import pytest
from psycopg import IsolationLevel

from fleetdb.invariants.contention import race_named, race_sql
from fleetdb.races import Actors
from tests.schema.world import World, period

READING = (
    "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
    " VALUES (%s, %s, %s, 'telematics')"
)
REFUND = (
    "INSERT INTO rental.refunds (payment_id, currency, amount_minor, reason, refunded_at)"
    " VALUES (%s, 'EUR', %s, 'attack', now())"
)
RENTAL = (
    "INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period,"
    " currency) VALUES (%s, %s, %s, %s, %s, 'EUR')"
)
JOB = (
    "INSERT INTO maintenance.jobs (vehicle_id, kind, scheduled_window, currency)"
    " VALUES (%s, 'repair', %s, 'EUR')"
)


def _schemas(invariant: str) -> list[Any]:
    return [
        pytest.param("released", id="released-v1.0"),
        pytest.param("head", id="head", marks=pytest.mark.invariant(invariant)),
    ]


def _group(request: pytest.FixtureRequest, schema: str, level: IsolationLevel) -> Actors:
    fixture = "released_actors" if schema == "released" else "actors"
    make: Callable[..., Actors] = request.getfixturevalue(fixture)
    return make(2, level)


def _attack(group: Actors, first: tuple[str, Any], second: tuple[str, Any]) -> Future[Any]:
    group[0].execute("BEGIN")
    group[0].execute(*first)
    waiting = group.submit(1, *second)
    assert group.wait_until_blocked(1) == [group.pid(0)]
    group[0].execute("COMMIT")
    return waiting


def _refused_or_committed(waiting: Future[Any], schema: str) -> None:
    """Released: the second write commits. Head: it fails with 40001 (the first committed unseen)."""
    error = waiting.exception(timeout=30)
    if schema == "released":
        assert error is None, f"the attack no longer works on v1.0: {error!r}"
    else:
        assert isinstance(error, psycopg.errors.SerializationFailure), f"want 40001, have {error!r}"


@pytest.mark.race
@pytest.mark.parametrize("schema", _schemas("FLEET-ODOMETER-MONOTONIC"))
def test_repeatable_read_lets_a_lower_reading_commit_after_a_higher_one(
    request: pytest.FixtureRequest, schema: str
) -> None:
    group = _group(request, schema, IsolationLevel.REPEATABLE_READ)
    car = World(group.observer).vehicle()
    group.observer.execute(READING, (car, 1000, "2030-06-01 00:00+00"))
    waiting = _attack(
        group,
        (READING, (car, 2000, "2030-06-10 00:00+00")),
        (READING, (car, 1500, "2030-06-20 00:00+00")),  # above 1000, below the concurrent 2000
    )
    _refused_or_committed(waiting, schema)
    decreases = race_named("odometer").violations(group.observer, {})
    assert (len(decreases) == 1) == (schema == "released"), decreases


@pytest.mark.race
@pytest.mark.parametrize("schema", _schemas("RENT-REFUND-LIMIT"))
def test_repeatable_read_lets_two_refunds_exceed_the_payment(
    request: pytest.FixtureRequest, schema: str
) -> None:
    group = _group(request, schema, IsolationLevel.REPEATABLE_READ)
    world = World(group.observer)
    payment = world.payment(world.rental(world.vehicle(), period(1, 3)), 1000)
    waiting = _attack(group, (REFUND, (payment, 600)), (REFUND, (payment, 600)))
    _refused_or_committed(waiting, schema)
    refunded = group.observer.execute(
        "SELECT sum(amount_minor) FROM rental.refunds WHERE payment_id = %s", (payment,)
    ).fetchone()
    assert refunded == ((1200,) if schema == "released" else (600,))
    assert bool(race_named("refunds").violations(group.observer, {})) == (schema == "released")


@pytest.mark.race
@pytest.mark.parametrize("job_first", [True, False], ids=["job-first", "booking-first"])
@pytest.mark.parametrize("schema", _schemas("RENT-MAINTENANCE-EXCLUSION"))
def test_repeatable_read_lets_a_booking_overlap_an_open_job(
    request: pytest.FixtureRequest, schema: str, job_first: bool
) -> None:
    group = _group(request, schema, IsolationLevel.REPEATABLE_READ)
    world = World(group.observer)
    car, branch, customer = world.vehicle(), world.location(), world.customer()
    job = (JOB, (car, period(1, 5)))
    booking = (RENTAL, (car, customer, branch, branch, period(3, 7)))
    waiting = _attack(group, job, booking) if job_first else _attack(group, booking, job)
    _refused_or_committed(waiting, schema)
    overlaps = race_named("maintenance").violations(group.observer, {})
    assert (len(overlaps) == 1) == (schema == "released"), overlaps


# Finding 2: a reading at 'infinity' sorted after every real reading but lay outside the neighbour
# look-up's stand-in bound ("read_at < 'infinity'"), so a later, higher reading passed the check.


@pytest.mark.parametrize("schema", _schemas("FLEET-ODOMETER-MONOTONIC"))
def test_a_reading_at_infinity_lets_a_higher_reading_in_before_it(
    request: pytest.FixtureRequest, schema: str
) -> None:
    database = request.getfixturevalue("released_db" if schema == "released" else "fresh_db")
    with database.connect(autocommit=True) as conn:
        car = World(conn).vehicle()
        conn.execute(READING, (car, 1000, "2030-06-01 00:00+00"))
        if schema == "head":
            for instant, km in (("infinity", 5000), ("-infinity", 0)):  # each fits its neighbours
                with pytest.raises(psycopg.errors.CheckViolation) as caught:
                    conn.execute(READING, (car, km, instant))
                assert caught.value.diag.constraint_name == "odometer_readings_read_at_finite_ck"
            return
        conn.execute(READING, (car, 5000, "infinity"))
        conn.execute(READING, (car, 9000, "2030-07-01 00:00+00"))  # 9000, then 5000 "later"
        # Counted: psycopg cannot turn 'infinity' into a Python datetime.
        decreases = conn.execute(
            f"SELECT count(*) FROM ({race_sql('odometer.violations')}\n) AS v"
        ).fetchone()
        assert decreases == (1,)


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.parametrize("instant", ["infinity", "-infinity"])
def test_a_correction_takes_effect_at_a_finite_instant(db: psycopg.Connection[Any], instant: str) -> None:
    car = World(db).vehicle()
    with pytest.raises(psycopg.errors.CheckViolation) as caught, db.transaction():
        db.execute(
            "INSERT INTO fleet.odometer_corrections (vehicle_id, kind, effective_at, reason)"
            " VALUES (%s, 'replacement', %s, 'new odometer')",
            (car, instant),
        )
    assert caught.value.diag.constraint_name == "odometer_corrections_effective_at_finite_ck"


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_the_neighbour_look_up_has_no_infinite_stand_ins(db: psycopg.Connection[Any]) -> None:
    """Behind the CHECK, the look-up itself is right: a row at 'infinity' (as an owner could still have
    written before the check) is the next reading of every later insert in its segment."""
    db.execute("ALTER TABLE fleet.odometer_readings DROP CONSTRAINT odometer_readings_read_at_finite_ck")
    car = World(db).vehicle()
    db.execute(READING, (car, 1000, "2030-06-01 00:00+00"))
    db.execute(READING, (car, 5000, "infinity"))
    with pytest.raises(psycopg.errors.CheckViolation) as caught, db.transaction():
        db.execute(READING, (car, 9000, "2030-07-01 00:00+00"))
    assert caught.value.diag.constraint_name == "odometer_readings_monotonic_trg"
    db.execute(READING, (car, 4000, "2030-07-01 00:00+00"))  # between its neighbours: fine
