"""fleet: odometer readings never decrease within a segment (back-dated ones included), are append-only,
and corrections or a replaced odometer start a new segment."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
import pytest

from fleetdb.invariants.violations import find_violations
from tests.support.world import World, violates

_READING = (
    "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
    " VALUES (%s, %s, timestamptz '2030-06-01 00:00+00' + make_interval(days => %s), 'manual') RETURNING id"
)
_CORRECTION = (
    "INSERT INTO fleet.odometer_corrections (vehicle_id, kind, effective_at, reason)"
    " VALUES (%s, %s, timestamptz '2030-06-01 00:00+00' + make_interval(days => %s), 'test')"
)
MONOTONIC = "odometer_readings_monotonic_trg"


def _read(db: psycopg.Connection[Any], car: UUID, km: float, day: int) -> UUID:
    row = db.execute(_READING, (car, km, day)).fetchone()
    assert row is not None
    return UUID(str(row[0]))


def _decreases(db: psycopg.Connection[Any]) -> int:
    """Independent check: the invariant's violation query, not the trigger's own test."""
    return len(find_violations(db, "FLEET-ODOMETER-MONOTONIC"))


@pytest.fixture
def car(world: World) -> UUID:
    return world.vehicle()


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_a_lower_reading_after_a_higher_one_fails(db: psycopg.Connection[Any], car: UUID) -> None:
    _read(db, car, 1000, 1)
    with violates(db, "23514", MONOTONIC):
        _read(db, car, 999.9, 2)
    _read(db, car, 1000, 2)  # equal readings are fine: the car stood still
    _read(db, car, 1000, 2)  # even at the same instant
    with violates(db, "23514", MONOTONIC):
        _read(db, car, 1000.1, 1)  # same instant as the first, higher: above its later neighbour
    assert _decreases(db) == 0


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.parametrize(
    ("km", "accepted"),
    [(1000, True), (1500, True), (2000, True), (999, False), (2001, False)],
)
def test_a_back_dated_reading_must_fit_between_its_neighbours(
    db: psycopg.Connection[Any], car: UUID, km: float, accepted: bool
) -> None:
    _read(db, car, 1000, 1)
    _read(db, car, 2000, 10)
    if accepted:
        _read(db, car, km, 5)
    else:
        with violates(db, "23514", MONOTONIC):
            _read(db, car, km, 5)
    assert _decreases(db) == 0


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_a_back_dated_reading_before_the_first_one(db: psycopg.Connection[Any], car: UUID) -> None:
    _read(db, car, 1000, 5)
    _read(db, car, 900, 1)
    with violates(db, "23514", MONOTONIC):
        _read(db, car, 1001, 2)


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.parametrize("kind", ["correction", "replacement"])
def test_a_correction_or_replacement_starts_a_new_segment(
    db: psycopg.Connection[Any], car: UUID, kind: str
) -> None:
    _read(db, car, 90000, 1)
    with violates(db, "23514", MONOTONIC):
        _read(db, car, 10, 5)
    db.execute(_CORRECTION, (car, kind, 4))
    _read(db, car, 10, 5)  # the new odometer starts low
    with violates(db, "23514", MONOTONIC):
        _read(db, car, 9, 6)  # and never decreases either
    # Back-dated into the old segment: compared only with the old segment's readings.
    _read(db, car, 90500, 3)
    with violates(db, "23514", MONOTONIC):
        _read(db, car, 80000, 2)
    assert _decreases(db) == 0


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_another_vehicle_is_unaffected(db: psycopg.Connection[Any], world: World, car: UUID) -> None:
    _read(db, car, 5000, 1)
    _read(db, world.vehicle(), 10, 2)


@pytest.mark.invariant("FLEET-ODOMETER-APPEND-ONLY")
@pytest.mark.parametrize(
    ("statement", "trigger"),
    [
        (
            "UPDATE fleet.odometer_readings SET reading_km = reading_km - 1",
            "odometer_readings_append_only_trg",
        ),
        (
            "UPDATE fleet.odometer_readings SET read_at = read_at - interval '1 day'",
            "odometer_readings_append_only_trg",
        ),
        ("DELETE FROM fleet.odometer_readings", "odometer_readings_append_only_trg"),
        ("TRUNCATE fleet.odometer_readings", "odometer_readings_no_truncate_trg"),
        (
            "UPDATE fleet.odometer_corrections SET effective_at = effective_at - interval '1 day'",
            "odometer_corrections_append_only_trg",
        ),
        ("DELETE FROM fleet.odometer_corrections", "odometer_corrections_append_only_trg"),
        ("TRUNCATE fleet.odometer_corrections", "odometer_corrections_no_truncate_trg"),
    ],
)
def test_readings_and_corrections_cannot_be_changed_by_the_owner(
    db: psycopg.Connection[Any], car: UUID, statement: str, trigger: str
) -> None:
    _read(db, car, 100, 1)
    db.execute(_CORRECTION, (car, "correction", 2))
    with violates(db, "55000", trigger):
        db.execute(statement)
    count = db.execute("SELECT count(*) FROM fleet.odometer_readings").fetchone()
    assert count == (1,)


@pytest.mark.invariant("FLEET-ODOMETER-APPEND-ONLY")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE fleet.odometer_readings SET reading_km = 0",
        "DELETE FROM fleet.odometer_readings",
        "TRUNCATE fleet.odometer_readings",
    ],
)
def test_the_application_has_no_privilege_to_change_readings(
    db: psycopg.Connection[Any], car: UUID, statement: str
) -> None:
    _read(db, car, 100, 1)
    db.execute("SET LOCAL ROLE fleetdb_app")
    with violates(db, "42501", None):
        db.execute(statement)
    db.execute("RESET ROLE")
