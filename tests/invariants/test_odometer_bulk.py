"""fleet: readings written many to a statement (INSERT ... SELECT, COPY) are checked and published by the
statement-level triggers: a batch is taken whole or refused whole, and it publishes one event per
vehicle, the vehicle's next version, carrying that vehicle's readings in row order
(odometer.readings_recorded; odometer.recorded for a vehicle with one row, as for a single insert).
Races of a batch against a single reading are in test_races.py (``odometer_bulk``); generated batches
in test_generated_odometer.py."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import psycopg
import pytest

from tests.support.world import World, violates

MONOTONIC = "odometer_readings_monotonic_trg"
_START = dt.datetime(2030, 6, 1, tzinfo=dt.UTC)
_BATCH = (
    "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
    " SELECT b.vehicle, b.km, %(start)s + make_interval(hours => b.hour), 'telematics'"
    " FROM unnest(%(vehicles)s::uuid[], %(hours)s::int[], %(kms)s::numeric[]) WITH ORDINALITY"
    " AS b(vehicle, hour, km, n) ORDER BY b.n"
)
Row = tuple[UUID, int, float]  # vehicle, hour, km


def _insert(db: psycopg.Connection[Any], rows: list[Row]) -> None:
    db.execute(
        _BATCH,
        {
            "start": _START,
            "vehicles": [v for v, _, _ in rows],
            "hours": [h for _, h, _ in rows],
            "kms": [k for _, _, k in rows],
        },
    )


def _copy(db: psycopg.Connection[Any], rows: list[Row]) -> None:
    columns = "vehicle_id, reading_km, read_at, source"
    with db.cursor().copy(f"COPY fleet.odometer_readings ({columns}) FROM STDIN") as copy:
        for vehicle, hour, km in rows:
            copy.write_row((vehicle, km, _START + dt.timedelta(hours=hour), "telematics"))


WRITERS = {"insert-select": _insert, "copy": _copy}


def _interleaved(a: UUID, b: UUID, n: int, first_hour: int = 0) -> list[Row]:
    """n rising readings of each vehicle, alternating a, b, a, b ..."""
    return [(car, first_hour + i, 1000.0 + 10 * i + off) for i in range(n) for car, off in ((a, 0), (b, 5))]


def _counts(db: psycopg.Connection[Any]) -> tuple[int, int]:
    """Readings stored, and readings published (one per odometer.recorded, its count per batch event)."""
    row = db.execute(
        "SELECT (SELECT count(*) FROM fleet.odometer_readings),"
        " (SELECT coalesce(sum(CASE e.event_type WHEN 'odometer.recorded' THEN 1"
        "  ELSE (e.payload->>'count')::int END), 0) FROM fleet.outbox_events AS e)"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def _events(db: psycopg.Connection[Any]) -> list[tuple[UUID, int, str, dict[str, Any]]]:
    rows = db.execute(
        "SELECT aggregate_id, aggregate_version, event_type, payload FROM fleet.outbox_events"
        " ORDER BY sequence_no"
    ).fetchall()
    return [(a, v, t, p) for a, v, t, p in rows]


@pytest.fixture
def cars(world: World) -> tuple[UUID, UUID]:
    home = world.location()
    return world.vehicle(home_location_id=home), world.vehicle(home_location_id=home)


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.parametrize("writer", WRITERS, ids=str)
@pytest.mark.parametrize("where", [0, 250, 499], ids=["first", "middle", "last"])
def test_a_batch_with_one_regression_is_refused_whole(
    db: psycopg.Connection[Any], cars: tuple[UUID, UUID], writer: str, where: int
) -> None:
    rows = _interleaved(*cars, 250)
    assert len(rows) == 500
    vehicle, hour, _ = rows[where]
    # Lower than the vehicle's reading an hour before (the first one: higher than the one after).
    rows[where] = (vehicle, hour, rows[where - 2][2] - 0.1 if where >= 2 else rows[where + 2][2] + 0.1)
    with violates(db, "23514", MONOTONIC):
        WRITERS[writer](db, rows)
    assert _counts(db) == (0, 0)


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.parametrize("writer", WRITERS, ids=str)
def test_a_batch_is_checked_against_the_history_around_it(
    db: psycopg.Connection[Any], cars: tuple[UUID, UUID], writer: str
) -> None:
    a, b = cars
    WRITERS[writer](db, [(a, 0, 1000.0), (a, 100, 2000.0), (b, 50, 500.0)])
    # Back-dated into the gap: fits between 1000 and 2000.
    WRITERS[writer](db, [(a, 10, 1100.0), (b, 60, 600.0), (a, 20, 1200.0)])
    # Above the later reading at hour 100.
    with violates(db, "23514", MONOTONIC):
        WRITERS[writer](db, [(a, 30, 1300.0), (a, 40, 2000.1)])
    # Below the earlier reading at hour 0.
    with violates(db, "23514", MONOTONIC):
        WRITERS[writer](db, [(b, 70, 700.0), (a, 1, 999.9)])
    # Every row fits but one of the other vehicle, before all of b's history.
    with violates(db, "23514", MONOTONIC):
        WRITERS[writer](db, [(a, 50, 1500.0), (b, 40, 600.1)])
    assert _counts(db) == (6, 6)


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.parametrize("side", ["before", "after"])
@pytest.mark.parametrize("rows", [1, 2], ids=["one-row", "batch"])
def test_a_batch_is_judged_by_its_neighbours_not_by_older_pairs(
    db: psycopg.Connection[Any], cars: tuple[UUID, UUID], side: str, rows: int
) -> None:
    """The statement's check reads each vehicle's new span plus one reading on either side (a one-row
    statement: its nearest reading on either side), as the row-by-row check did: a pair out of order
    already stored (left by v1.0's REPEATABLE READ hole, or loaded with the triggers off) neither
    blocks the vehicle nor makes every write read its history."""
    a, _ = cars
    with db.transaction():
        db.execute("SET LOCAL session_replication_role = replica")
        _insert(db, [(a, 10, 2000.0), (a, 11, 1000.0)])
        db.execute("SET LOCAL session_replication_role = origin")  # SET LOCAL outlives the savepoint
    fits = [(a, 20, 3000.0), (a, 22, 3100.0)] if side == "after" else [(a, 0, 500.0), (a, 1, 600.0)]
    _insert(db, fits[:rows])
    # Its neighbours still count: below the reading at hour 20, or above the one at hour 10.
    breaks = [(a, 21, 999.0), (a, 30, 5000.0)] if side == "after" else [(a, 2, 2000.1), (a, 3, 2000.2)]
    with violates(db, "23514", MONOTONIC):
        _insert(db, breaks[:rows])


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.parametrize("rows", [1, 2], ids=["one-row", "batch"])
def test_another_vehicles_correction_excuses_no_regression(
    db: psycopg.Connection[Any], cars: tuple[UUID, UUID], rows: int
) -> None:
    """Only a correction of the same vehicle between two readings starts a new segment."""
    a, b = cars
    _insert(db, [(a, 0, 1000.0), (b, 0, 1000.0)])
    db.execute(
        "INSERT INTO fleet.odometer_corrections (vehicle_id, kind, effective_at, reason)"
        " VALUES (%s, 'replacement', %s, 'test')",
        (b, _START + dt.timedelta(hours=5)),
    )
    with violates(db, "23514", MONOTONIC):
        _insert(db, [(a, 10, 10.0), (a, 11, 20.0)][:rows])
    _insert(db, [(b, 10, 10.0), (b, 11, 20.0)][:rows])  # b's own replacement: a new segment
    assert _counts(db) == (2 + rows, 2 + rows)


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_readings_of_one_instant_in_a_batch_must_agree(
    db: psycopg.Connection[Any], cars: tuple[UUID, UUID]
) -> None:
    a, _ = cars
    _insert(db, [(a, 5, 1000.0), (a, 5, 1000.0)])
    with violates(db, "23514", MONOTONIC):
        _insert(db, [(a, 6, 1100.0), (a, 6, 1100.1)])
    with violates(db, "23514", MONOTONIC):
        _insert(db, [(a, 5, 1000.1)])
    assert _counts(db) == (2, 2)


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_a_batch_spanning_a_replacement_is_compared_per_segment(
    db: psycopg.Connection[Any], cars: tuple[UUID, UUID]
) -> None:
    a, _ = cars
    _insert(db, [(a, 0, 90000.0), (a, 10, 90500.0)])
    db.execute(
        "INSERT INTO fleet.odometer_corrections (vehicle_id, kind, effective_at, reason)"
        " VALUES (%s, 'replacement', %s, 'test')",
        (a, _START + dt.timedelta(hours=20)),
    )
    # Old segment up, new one from zero, in one statement.
    _insert(db, [(a, 15, 90600.0), (a, 20, 0.0), (a, 25, 50.0)])
    with violates(db, "23514", MONOTONIC):
        _insert(db, [(a, 16, 90700.0), (a, 30, 40.0)])  # fine in the old segment, not in the new
    with violates(db, "23514", MONOTONIC):
        _insert(db, [(a, 19, 90599.0), (a, 30, 60.0)])  # below hour 15 in the old segment
    assert _counts(db) == (5, 5)


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
@pytest.mark.invariant("INTEG-OUTBOX-AGGREGATE-ORDER")
@pytest.mark.parametrize("writer", WRITERS, ids=str)
def test_a_batch_publishes_one_event_per_vehicle_with_its_readings_in_row_order(
    db: psycopg.Connection[Any], cars: tuple[UUID, UUID], writer: str
) -> None:
    a, b = cars
    WRITERS[writer](db, [(a, 0, 10.0)])  # version 1 of a
    rows = _interleaved(a, b, 30, first_hour=1)
    WRITERS[writer](db, rows)
    events = _events(db)
    # One event per vehicle of the batch, in the order of its first row, each its vehicle's next version.
    assert [(v, version, kind) for v, version, kind, _ in events] == [
        (a, 1, "odometer.recorded"),
        (a, 2, "odometer.readings_recorded"),
        (b, 1, "odometer.readings_recorded"),
    ]
    stored = {
        reading: (vehicle, float(km), at)
        for reading, vehicle, km, at in db.execute(
            "SELECT id, vehicle_id, reading_km, read_at FROM fleet.odometer_readings"
        ).fetchall()
    }
    for car, (_, _, _, payload) in zip((a, b), events[1:], strict=True):
        mine = [(v, h, km) for v, h, km in rows if v == car]
        assert payload["vehicle_id"] == str(car) and payload["count"] == 30
        assert set(payload) == {"vehicle_id", "count", "reading_id", "reading_km", "read_at", "source"}
        # Element i of each array is reading i of the vehicle, in the statement's row order.
        assert [float(km) for km in payload["reading_km"]] == [km for _, _, km in mine]
        assert payload["source"] == ["telematics"] * 30
        for reading, km, at in zip(
            payload["reading_id"], payload["reading_km"], payload["read_at"], strict=True
        ):
            vehicle, stored_km, stored_at = stored[UUID(reading)]
            assert (vehicle, float(stored_km), stored_at) == (car, km, dt.datetime.fromisoformat(at))
    # Several vehicles with one row each: odometer.recorded each, as a single insert publishes it.
    WRITERS[writer](db, [(b, 100, 5000.0), (a, 100, 5000.0)])
    assert [(v, version, kind) for v, version, kind, _ in _events(db)[3:]] == [
        (b, 2, "odometer.recorded"),
        (a, 3, "odometer.recorded"),
    ]
    _, _, _, single = _events(db)[3]
    assert set(single) == {"reading_id", "vehicle_id", "reading_km", "read_at", "source"}
    assert (single["vehicle_id"], single["reading_km"]) == (str(b), 5000.0)


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
@pytest.mark.invariant("INTEG-OUTBOX-AGGREGATE-ORDER")
def test_a_batch_of_one_vehicle_is_one_event_and_versions_continue_across_statements(
    db: psycopg.Connection[Any], cars: tuple[UUID, UUID]
) -> None:
    a, b = cars
    _insert(db, [(a, 0, 10.0), (a, 1, 20.0), (a, 2, 30.0)])
    _insert(db, [(a, 3, 40.0)])
    _insert(db, [(b, 0, 5.0), (a, 4, 50.0), (a, 5, 60.0)])
    assert [(v, version, kind, p.get("count")) for v, version, kind, p in _events(db)] == [
        (a, 1, "odometer.readings_recorded", 3),
        (a, 2, "odometer.recorded", None),
        (b, 1, "odometer.recorded", None),
        (a, 3, "odometer.readings_recorded", 2),
    ]
    # An INSERT ... SELECT of no rows fires the statement's triggers with no rows: nothing happens.
    _insert(db, [])
    assert _counts(db) == (7, 7) and len(_events(db)) == 4


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_a_single_reading_still_names_its_neighbours_segment_rule(
    db: psycopg.Connection[Any], cars: tuple[UUID, UUID]
) -> None:
    """The error a DBA sees: SQLSTATE, the trigger as the constraint, both readings, and the way out."""
    a, _ = cars
    _insert(db, [(a, 0, 1000.0)])
    with pytest.raises(psycopg.errors.CheckViolation) as caught, db.transaction():
        _insert(db, [(a, 1, 999.0)])
    diag = caught.value.diag
    where = (diag.constraint_name, diag.schema_name, diag.table_name)
    assert where == (MONOTONIC, "fleet", "odometer_readings")
    assert "1000.0 km" in (diag.message_primary or "") and "999.0 km" in (diag.message_primary or "")
    assert "odometer_corrections" in (diag.message_hint or "")
