"""The relay's claim (integration/claim_batch.sql) walks aggregates, not events: one index descent per
aggregate, however many events one of them has pending, and a batch that starts at the
aggregate of the oldest pending event and goes round the others in aggregate order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg import sql

from fleetdb_persistence.queries import query
from tests.support.world import World

CLAIM = query("integration", "claim_batch").format(outbox=sql.Identifier("fleet", "outbox_events"))
# One reading per statement, so one event each (a statement publishes one event per vehicle): a feed
# that sends readings one at a time leaves a vehicle with that many pending events.
READINGS = """
DO $$
BEGIN
    FOR n IN 1..{readings} LOOP
        INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)
        VALUES ({vehicle}, 100 + n, timestamptz '2030-06-01 00:00+00' + make_interval(hours => n),
                'telematics');
    END LOOP;
END
$$
"""


def _read(world: World, vehicle: UUID, readings: int = 1) -> None:
    world.conn.execute(
        sql.SQL(READINGS).format(readings=sql.Literal(readings), vehicle=sql.Literal(str(vehicle)))
    )


def _claim(conn: psycopg.Connection[Any], limit: int) -> list[tuple[UUID, int]]:
    """(aggregate, version) of each claimed event, in the order the batch hands them out."""
    rows = conn.execute(CLAIM, {"limit": limit}).fetchall()
    return [(UUID(str(row[2])), int(row[3])) for row in rows]


def _outbox_rows_read(plan: dict[str, Any]) -> Iterator[int]:
    """Index entries each scan of fleet.outbox_events returned or filtered out, over all its loops."""
    if plan.get("Relation Name") == "outbox_events":
        loops = int(plan.get("Actual Loops", 1))
        yield loops * (int(plan.get("Actual Rows", 0)) + int(plan.get("Rows Removed by Filter", 0)))
    for child in plan.get("Plans", []):
        yield from _outbox_rows_read(child)


def test_a_bulk_load_of_one_aggregate_costs_the_claim_one_descent(db: psycopg.Connection[Any]) -> None:
    """3,000 pending events of one vehicle (its feed sent the readings one at a time), one of two
    others: a claim of 100 reads the 100 oldest pending events and then about one entry per aggregate,
    not the busy vehicle's 3,000 (the event-by-event claim of v1.1 read every one of them)."""
    world = World(db)
    busy, quiet, other = world.vehicle(), world.vehicle(), world.vehicle()
    _read(world, busy, 3000)
    _read(world, quiet)
    _read(world, other)
    db.execute("ANALYZE fleet.outbox_events")
    assert sorted(_claim(db, 100)) == sorted([(busy, 1), (quiet, 1), (other, 1)])
    row = db.execute(sql.SQL("EXPLAIN (ANALYZE, FORMAT JSON) {}").format(CLAIM), {"limit": 100}).fetchone()
    assert row is not None
    read = sum(_outbox_rows_read(row[0][0]["Plan"]))
    assert read <= 100 + 4 * 3 + 4, f"the claim read {read} outbox index entries for 3 aggregates"


@pytest.mark.parametrize(
    ("written", "claimed"),
    [((1, 2, 0), (1, 2)), ((2, 0, 1), (2, 0)), ((0, 1, 2), (0, 1))],
    ids=["onward", "round", "from-the-first"],
)
def test_a_batch_starts_at_the_oldest_pending_events_aggregate_and_goes_round(
    db: psycopg.Connection[Any], written: tuple[int, ...], claimed: tuple[int, ...]
) -> None:
    """Vehicles 0 < 1 < 2 in aggregate order, their readings written in the order ``written``: a batch
    of two holds the aggregate of the oldest pending event and the next one in aggregate order, going
    round past the last; oldest first. So no aggregate waits for more than (pending aggregates / limit)
    batches."""
    world = World(db)
    vehicles = sorted([world.vehicle(), world.vehicle(), world.vehicle()], key=str)
    for index in written:
        _read(world, vehicles[index])
    assert _claim(db, 2) == [(vehicles[index], 1) for index in claimed]


def test_an_aggregate_whose_head_is_published_offers_its_next_version(db: psycopg.Connection[Any]) -> None:
    world = World(db)
    busy, quiet = world.vehicle(), world.vehicle()
    _read(world, busy, 3)
    _read(world, quiet)
    for version in (1, 2, 3):
        batch = _claim(db, 100)
        assert (busy, version) in batch
        db.execute(
            "UPDATE fleet.outbox_events SET published_at = now() WHERE aggregate_id = ANY(%s)"
            " AND aggregate_version = %s",
            ([busy, quiet], version),
        )
    assert _claim(db, 100) == []
