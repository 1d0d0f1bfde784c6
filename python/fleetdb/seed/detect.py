"""Which scale of ``fleetdb seed`` a database holds, from its row counts: a rehearsal on a copy of a
seeded database (``--target``) says what its data is, without the person stating it."""

from __future__ import annotations

from typing import Any

import psycopg

from fleetdb.seed.sizes import SeedSizes
from fleetdb.sql_files import load_sql


def seeded_counts(conn: psycopg.Connection[Any]) -> dict[str, int]:
    """Locations, customers, vehicles, rentals and readings (``sql/seeded_counts.sql``)."""
    with conn.cursor() as cur:
        cur.execute(load_sql(__package__, "seeded_counts"))
        assert cur.description is not None
        names = [column.name for column in cur.description]
        row = cur.fetchone()
    assert row is not None
    return {name: int(value) for name, value in zip(names, row, strict=True)}


def seeded_scale(counts: dict[str, int]) -> int | None:
    """The scale whose seed writes exactly these counts, or None (another database, or rows added)."""
    vehicles = counts.get("vehicles", 0)
    if vehicles <= 0 or vehicles % 20:
        return None
    sizes = SeedSizes.for_scale(vehicles // 20)
    expected = {
        "locations": sizes.locations,
        "customers": sizes.customers,
        "vehicles": sizes.vehicles,
        "rentals": sizes.rentals,
        "readings": sizes.readings,
    }
    return sizes.scale if all(counts.get(name) == value for name, value in expected.items()) else None
