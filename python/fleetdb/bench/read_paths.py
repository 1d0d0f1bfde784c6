"""Read-path and seeding figures at a scale: p50/p95 execution time of every named path over many
parameter samples, and the seeder's rows per second (every trigger and constraint in force).

``read_path_rows(template)`` is what ``fleetdb bench`` calls: it clones the deployed template, seeds the
clone at the benchmark scale, measures, and drops the clone. ``measure_read_paths(conn)`` measures a
database that is already seeded (``fleetdb seed``).

Execution time is the server's (EXPLAIN (ANALYZE, TIMING OFF) "Execution Time": no per-node clocks,
no network); the client round trip of the same statement is reported beside it.
"""

from __future__ import annotations

from typing import Any

import psycopg
from rich.console import Console
from rich.progress import Progress

from fleetdb.bench.churn import exclusion_churn_rows
from fleetdb.bench.model import READ_PATH_ROW, SEEDING_ROW, TRIGGER_ROW, BenchRow
from fleetdb.bench.path_timing import PathTiming, measure_path
from fleetdb.databases import Database
from fleetdb.plans.paths import load_paths
from fleetdb.seed import BENCHMARK_SCALE, SeedResult, seed_database
from fleetdb.sql_files import load_sql

PATH_P95_GOAL_MS = 1.0
SEED_GOAL_ROWS_PER_SECOND = 200_000


def measure_read_paths(
    conn: psycopg.Connection[Any], samples: int = 100, progress: Progress | None = None
) -> list[PathTiming]:
    paths = load_paths()
    task = progress.add_task("read paths", total=len(paths)) if progress else None
    timings = []
    for path in paths:
        timings.append(measure_path(conn, path, samples))
        if progress and task is not None:
            progress.advance(task)
    return timings


def path_rows(timings: list[PathTiming], scale: int) -> list[BenchRow]:
    return [
        BenchRow(
            f"{READ_PATH_ROW}{t.name}: p95 execution",
            t.p95_ms,
            None,
            None,
            f"≤ {PATH_P95_GOAL_MS:g} ms",
            t.p95_ms <= PATH_P95_GOAL_MS,
            "ms",
            f"scale {scale}, {t.samples} parameter samples; p50 {t.p50_ms:.3f} ms; "
            f"client round trip p50 {t.client_p50_ms:.3f} / p95 {t.client_p95_ms:.3f} ms",
            extra={
                "p50_ms": t.p50_ms,
                "client_p50_ms": t.client_p50_ms,
                "client_p95_ms": t.client_p95_ms,
                "samples": t.samples,
                "scale": scale,
            },
        )
        for t in timings
    ]


def seeding_row(result: SeedResult) -> BenchRow:
    return BenchRow(
        f"{SEEDING_ROW}{result.sizes.scale}: rows per second",
        result.rows_per_second,
        None,
        None,
        f"≥ {SEED_GOAL_ROWS_PER_SECOND:,} rows/s",
        result.rows_per_second >= SEED_GOAL_ROWS_PER_SECOND,
        "rows/s",
        f"{result.rows:,} rows in {result.load_seconds:.0f} s on {result.workers} connection(s), "
        f"every trigger and constraint in force; VACUUM ANALYZE {result.vacuum_seconds:.0f} s more",
        extra={
            "rows": result.rows,
            "load_seconds": result.load_seconds,
            "vacuum_seconds": result.vacuum_seconds,
            "workers": result.workers,
            **{f"step {step} seconds": seconds for step, seconds in sorted(result.step_seconds.items())},
        },
    )


def trigger_costs(conn: psycopg.Connection[Any], vehicles: int = 2000) -> dict[str, float]:
    """Microseconds per inserted row that each trigger of fleet.odometer_readings (foreign-key checks
    included) adds to a bulk insert, on a seeded database; nothing is kept."""
    with conn.transaction(force_rollback=True):
        row = conn.execute(load_sql("fleetdb.seed", "trigger_costs"), {"vehicles": vehicles}).fetchone()
    document = row[0][0] if row else {}
    rows = max(1, int(document.get("Plan", {}).get("Plans", [{}])[0].get("Actual Rows", 0)) or vehicles * 5)
    # The statement's own work: the SELECT that builds the rows, heap and index inserts, defaults.
    costs = {"insert without triggers": (float(document.get("Execution Time", 0.0)) * 1000) / rows}
    for trigger in document.get("Triggers", []):
        # Per row inserted, whether the trigger fires per row (foreign keys) or once per statement.
        name = str(trigger.get("Constraint Name") or trigger["Trigger Name"])
        costs[name] = float(trigger["Time"]) * 1000 / rows
        costs["insert without triggers"] -= costs[name]
    return costs


def trigger_rows(costs: dict[str, float]) -> list[BenchRow]:
    return [
        BenchRow(
            f"{TRIGGER_ROW}{name}",
            micros,
            None,
            None,
            "measured (what the seed pays per row)",
            None,
            "µs/row",
        )
        for name, micros in costs.items()
    ]


def read_path_rows(
    template: Database,
    scale: int = BENCHMARK_SCALE,
    samples: int = 100,
    workers: int = 2,
    console: Console | None = None,
) -> list[BenchRow]:
    """Seed a clone of ``template`` at ``scale``, then time every read path and the exclusion index's
    bloat after booking churn (``fleetdb.bench.churn``); the clone is dropped."""

    database = template.clone()
    try:
        with Progress(console=console or Console(), transient=True) as progress:
            seeded = seed_database(database.conninfo(), scale, workers=workers, progress=progress)
            with database.connect() as conn:
                timings = measure_read_paths(conn, samples, progress)
                costs = trigger_costs(conn)
            # Last: it churns bookings and rebuilds the exclusion index.
            with database.connect(autocommit=True) as conn:
                churn = exclusion_churn_rows(conn, seeded.sizes.vehicles, samples=samples)
    finally:
        database.drop()
    return [seeding_row(seeded), *trigger_rows(costs), *path_rows(timings, scale), *churn]
