"""The branch board (read path rentals_overlapping_period_at_location) returns exactly a branch's bookings
that overlap the period: its range read of the pickups of the 30 days before, plus the long bookings
apart, is the overlap test ``period && %(period)s`` in another shape, at the 30-day edge too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import psycopg

from fleetdb.plans import load_paths
from tests.support.world import World

BOARD = {path.name: path for path in load_paths()}["rentals_overlapping_period_at_location"]
DEFINITION = """
SELECT id FROM rental.rentals WHERE pickup_location_id = %(location_id)s AND period && %(period)s::tstzrange
"""

# (pickup, return) of each booking, in days from 2030-06-01.
BOOKINGS = [
    (0, 9),  # around the middle of the window
    (-30, 5),  # 35 days: picked up more than 30 days before some periods (the long bookings' arm)
    (-31.5, -1.5),  # 30 days exactly, from noon: overlaps a day that starts 29.5 days after its pickup
    (-29.5, 1),  # 30.5 days: long, and picked up less than 30 days before some periods
    (-60, -20),  # a long one that ends before most periods
    (4, 5),  # one day
    (10, 70),  # long, starting inside the window
    (-45, -44),  # short and long ago
]


def _at(days: float) -> str:
    return (datetime(2030, 6, 1, tzinfo=UTC) + timedelta(days=days)).isoformat()


def _period(first: float, last: float) -> str:
    return f"[{_at(first)},{_at(last)})"


def _ids(conn: psycopg.Connection[Any], statement: str, params: dict[str, Any]) -> set[UUID]:
    return {UUID(str(row[0])) for row in conn.execute(statement, params).fetchall()}


def test_the_board_returns_exactly_the_bookings_that_overlap(db: psycopg.Connection[Any]) -> None:
    world = World(db)
    branch, elsewhere = world.location(), world.location()
    for first, last in BOOKINGS:
        for location in (branch, elsewhere):
            vehicle = world.vehicle(home_location_id=location)
            world.rental(vehicle, _period(first, last), location_id=location)
    seen = 0
    for start in range(-70, 80):
        for length in (1, 7):
            params = {"location_id": branch, "period": _period(start, start + length)}
            want = _ids(db, DEFINITION, params)
            assert _ids(db, BOARD.sql, params) == want, f"period {params['period']}"
            seen += len(want)
    assert seen > 50  # the windows do meet bookings of every kind
