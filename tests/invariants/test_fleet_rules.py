"""fleet: VIN, plates, model years, and the odometer history (monotonic per segment, append-only)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
import pytest

from tests.support.world import World, violates

_READING = (
    "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
    " VALUES (%s, %s, %s, 'manual')"
)
_CORRECTION = (
    "INSERT INTO fleet.odometer_corrections (vehicle_id, kind, effective_at, reason)"
    " VALUES (%s, %s, %s, 'test')"
)


def _read(db: psycopg.Connection[Any], vehicle: UUID, km: float, day: int) -> None:
    db.execute(_READING, (vehicle, km, f"2030-06-{day:02d} 12:00+00"))


@pytest.mark.invariant("FLEET-VIN")
@pytest.mark.parametrize(
    "vin",
    ["WVWZZZ1KZ0000000I", "WVWZZZ1KZ0000000O", "WVWZZZ1KZ0000000Q", "WVWZZZ1KZ000000", "wvwzzz1kz00000001"],
)
def test_vin_must_be_17_iso_3779_characters(db: psycopg.Connection[Any], world: World, vin: str) -> None:
    world.vehicle(vin="WVWZZZ1KZ00000001")
    with violates(db, "23514", "vehicles_vin_format_ck"):
        world.vehicle(vin=vin)


@pytest.mark.invariant("FLEET-VIN")
def test_vin_is_unique(db: psycopg.Connection[Any], world: World) -> None:
    world.vehicle(vin="1HGCM82633A004352")
    with violates(db, "23505", "vehicles_vin_uq"):
        world.vehicle(vin="1HGCM82633A004352")


@pytest.mark.invariant("FLEET-PLATE-UNIQUE")
def test_plate_unique_per_jurisdiction_in_service(db: psycopg.Connection[Any], world: World) -> None:
    old = world.vehicle(plate="B-XY 1", plate_jurisdiction="DE")
    world.vehicle(plate="B-XY 1", plate_jurisdiction="AT")
    with violates(db, "23505", "vehicles_plate_in_service_uq"):
        world.vehicle(plate="B-XY 1", plate_jurisdiction="DE")
    db.execute("UPDATE fleet.vehicles SET status = 'retired' WHERE id = %s", (old,))
    world.vehicle(plate="B-XY 1", plate_jurisdiction="DE")


@pytest.mark.invariant("FLEET-MODEL-YEAR")
def test_model_year_within_sane_bounds(db: psycopg.Connection[Any], world: World) -> None:
    world.vehicle(model_year=1980)
    world.vehicle(model_year=2100)
    with violates(db, "23514", "vehicles_model_year_range_ck"):
        world.vehicle(model_year=1899)


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_readings_never_decrease_in_time_order(db: psycopg.Connection[Any], world: World) -> None:
    car = world.vehicle()
    _read(db, car, 1000, 1)
    _read(db, car, 1000, 2)
    _read(db, car, 1500, 10)
    _read(db, car, 1200, 5)  # back-dated, fits between its neighbours
    with violates(db, "23514", "odometer_readings_monotonic_trg"):
        _read(db, car, 900, 20)  # latest, but lower than the last one
    with violates(db, "23514", "odometer_readings_monotonic_trg"):
        _read(db, car, 1600, 7)  # back-dated, above the reading that follows it
    with violates(db, "23514", "odometer_readings_monotonic_trg"):
        _read(db, car, 1100, 6)  # back-dated, below the reading before it
    _read(db, world.vehicle(), 5, 20)  # another vehicle has its own history


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_an_append_is_compared_with_its_own_vehicles_latest_reading(
    db: psycopg.Connection[Any], world: World
) -> None:
    """Another vehicle's reading in between, earlier and lower than the append, is not its neighbour."""
    car, other = world.vehicle(), world.vehicle()
    _read(db, car, 500, 1)
    _read(db, other, 10, 2)
    with violates(db, "23514", "odometer_readings_monotonic_trg"):
        _read(db, car, 100, 3)


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_a_correction_event_starts_a_new_segment(db: psycopg.Connection[Any], world: World) -> None:
    car = world.vehicle()
    _read(db, car, 150000, 1)  # a typo: meant 15000
    with violates(db, "23514", "odometer_readings_monotonic_trg"):
        _read(db, car, 15100, 3)
    db.execute(_CORRECTION, (car, "correction", "2030-06-02 00:00+00"))
    _read(db, car, 15100, 3)
    _read(db, car, 15200, 4)
    with violates(db, "23514", "odometer_readings_monotonic_trg"):
        _read(db, car, 15000, 5)  # the rule still holds inside the new segment
    db.execute(_CORRECTION, (car, "replacement", "2030-06-10 00:00+00"))
    _read(db, car, 0, 11)  # a new odometer starts from zero


@pytest.mark.invariant("FLEET-ODOMETER-APPEND-ONLY")
def test_readings_are_append_only(db: psycopg.Connection[Any], world: World) -> None:
    car = world.vehicle()
    _read(db, car, 10, 1)
    with violates(db, "55000", "odometer_readings_append_only_trg"):
        db.execute("UPDATE fleet.odometer_readings SET reading_km = 11 WHERE vehicle_id = %s", (car,))
    with violates(db, "55000", "odometer_readings_append_only_trg"):
        db.execute("DELETE FROM fleet.odometer_readings WHERE vehicle_id = %s", (car,))
    with violates(db, "55000", "odometer_readings_no_truncate_trg"):
        db.execute("TRUNCATE fleet.odometer_readings")
    db.execute(_CORRECTION, (car, "correction", "2030-06-02 00:00+00"))
    with violates(db, "55000", "odometer_corrections_append_only_trg"):
        db.execute("DELETE FROM fleet.odometer_corrections WHERE vehicle_id = %s", (car,))
    with violates(db, "55000", "odometer_corrections_no_truncate_trg"):
        db.execute("TRUNCATE fleet.odometer_corrections")
