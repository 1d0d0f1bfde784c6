"""Row 4: write latency as history grows — bookings with 10,000 vs 1,000,000 rentals, odometer appends
on a vehicle with a short vs a long history."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from fleetdb.bench.core import interleaved_medians
from fleetdb.bench.invariant_cost import VEHICLES
from fleetdb.bench.model import BenchRow
from fleetdb.databases import Database
from fleetdb.sql_files import load_sql


def _seeded(template: Database, seed: str, params: dict[str, Any]) -> Database:
    database = template.clone()
    with database.connect() as conn:
        conn.execute(load_sql(__package__, "fixture"), {"vehicles": VEHICLES})
        # The history only has to exist: its own triggers (outbox events, vehicle locks) are skipped while
        # it is loaded. Constraints, the exclusion constraint included, still check every row.
        conn.execute("SET session_replication_role = replica")
        conn.execute(load_sql(__package__, seed), params)
        conn.execute("SET session_replication_role = origin")
        conn.commit()
    return database


def _vacuum(database: Database) -> None:
    with database.connect(autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def _pair_row(
    name: str,
    small: Database,
    large: Database,
    query: str,
    params: Any,
    rounds: int,
    batch: int,
    goal: float,
    note: str,
) -> BenchRow:
    with small.connect() as a, large.connect() as b:

        def run(conn: Any, r: int) -> None:
            for i in range(r * batch, (r + 1) * batch):
                conn.execute(query, params(i))
            conn.commit()

        at_small, at_large = interleaved_medians(lambda r: run(a, r), lambda r: run(b, r), rounds)
    ratio = at_large / at_small
    return BenchRow(name, at_large / batch, at_small / batch, ratio, f"≤ {goal}x", ratio <= goal, note=note)


def scaling_rows(template: Database, console: Console, quick: bool = False) -> list[BenchRow]:
    small_n, large_n = (10_000, 100_000) if quick else (10_000, 1_000_000)
    short_h, long_h = (100, 20_000) if quick else (100, 500_000)
    rounds, batch = (3, 50) if quick else (11, 200)
    rows = []
    with console.status(f"seeding {small_n:,} and {large_n:,} rentals"):
        small = _seeded(template, "seed_rentals", {"count": small_n})
        large = _seeded(template, "seed_rentals", {"count": large_n})
    try:
        for database in (small, large):
            _vacuum(database)
        rows.append(
            _pair_row(
                f"scaling: booking insert, {large_n:,} vs {small_n:,} existing rentals",
                small,
                large,
                load_sql(__package__, "book"),
                lambda i: {"vehicle": i % VEHICLES + 1, "day": i // VEHICLES},
                rounds,
                batch,
                1.3,
                "median per insert, interleaved rounds; value at the large size, baseline at the small one",
            )
        )
    finally:
        small.drop()
        large.drop()
    with console.status(f"seeding odometer histories of {short_h:,} and {long_h:,} readings"):
        short = _seeded(template, "seed_odometer", {"count": short_h, "vehicle": 1})
        long = _seeded(template, "seed_odometer", {"count": long_h, "vehicle": 1})
    try:
        for database in (short, long):
            _vacuum(database)
        rows.append(
            _pair_row(
                f"scaling: odometer append, vehicle with {long_h:,} vs {short_h:,} readings",
                short,
                long,
                load_sql(__package__, "odometer_append"),
                lambda i: {"vehicle": 1, "step": long_h + i + 1},
                rounds,
                batch,
                1.3,
                "median per append to one vehicle; value with the long history, baseline with the short one",
            )
        )
    finally:
        short.drop()
        long.drop()
    return rows
