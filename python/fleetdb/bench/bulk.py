"""Bulk writes: a COPY of many odometer readings with every rule in force, against the same COPY into
the same table with the rules removed (the physical floor: the table, its primary key and its index).

Both sides get the same rows, generated once per round: ``VEHICLES`` vehicles, each with readings that
continue its history, interleaved (vehicle 1, 2, ..., 1, 2, ...) the way a telematics feed sends them.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
from pathlib import Path
from typing import Any

import psycopg

from fleetdb.bench.core import timed_ms
from fleetdb.bench.invariant_cost import VEHICLES, prepared_pair
from fleetdb.bench.model import BenchRow
from fleetdb.databases import Database
from fleetdb.sql_files import load_sql

BULK_GOAL = 2.0
_START = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
_COPY = "COPY fleet.odometer_readings (vehicle_id, reading_km, read_at, source) FROM STDIN"


def _vehicle_ids(conn: psycopg.Connection[Any]) -> list[Any]:
    rows = conn.execute("SELECT id FROM fleet.vehicles WHERE vin LIKE 'BENCH%' ORDER BY vin").fetchall()
    return [row[0] for row in rows]


def _round_rows(vehicles: list[Any], per_vehicle: int, round_no: int) -> list[tuple[Any, ...]]:
    """Readings ``round_no * per_vehicle`` to ``(round_no + 1) * per_vehicle - 1`` of every vehicle."""
    first = round_no * per_vehicle
    return [
        (vehicle, (first + i) * 10.0, _START + dt.timedelta(minutes=first + i), "telematics")
        for i in range(per_vehicle)
        for vehicle in vehicles
    ]


def _copy(conn: psycopg.Connection[Any], rows: list[tuple[Any, ...]]) -> None:
    with conn.cursor() as cur, cur.copy(_COPY) as copy:
        for row in rows:
            copy.write_row(row)
    conn.commit()


def _side(template: Database, setup: str | None) -> Database:
    database = prepared_pair(template, None)[0] if setup is None else template.clone()
    if setup is not None:
        with database.connect() as conn:
            conn.execute(load_sql(__package__, "fixture"), {"vehicles": VEHICLES})
            conn.execute(setup)
    return database


def bulk_rows(template: Database, project_root: Path, quick: bool = False) -> list[BenchRow]:
    """COPY of ``VEHICLES * per_vehicle`` readings on four clones, median of interleaved rounds: every
    rule (statement-level triggers, one event per vehicle per statement), the same rules row by row as
    before ``fleet_odometer_set_based`` (its v1.1 revert script), no rule (the floor), and the floor with
    only the foreign keys (what PostgreSQL's per-row key checks alone cost: the part of the ratio no
    trigger can remove)."""
    rounds, per_vehicle = (3, 50) if quick else (7, 500)
    size = VEHICLES * per_vehicle
    # The v1.1 change's revert script puts back the row-level bodies of v1.0 (fleet_odometer_guard,
    # integration_outbox_aggregate_order); the reworked change's own revert, the v1.1 statement form.
    row_level = (project_root / "revert" / "fleet_odometer_set_based@v1.1.sql").read_text()
    sides = {
        "statement": _side(template, None),
        "row": _side(template, row_level),
        "floor": _side(template, load_sql(__package__, "without_odometer_rules")),
        "keys": _side(template, load_sql(__package__, "only_odometer_keys")),
    }
    times: dict[str, list[float]] = {name: [] for name in sides}
    load_before = os.getloadavg()[0]
    try:
        conns = {name: database.connect() for name, database in sides.items()}
        try:
            ids = {name: _vehicle_ids(conn) for name, conn in conns.items()}
            for round_no in range(rounds):
                # A different side goes first each round, so a load spike does not always hit the same one.
                order = list(sides)[round_no % len(sides) :] + list(sides)[: round_no % len(sides)]
                for name in order:
                    rows = _round_rows(ids[name], per_vehicle, round_no)
                    times[name].append(timed_ms(lambda c=conns[name], r=rows: _copy(c, r)))  # type: ignore[misc]
            events = conns["statement"].execute("SELECT count(*) FROM fleet.outbox_events").fetchone()
        finally:
            for conn in conns.values():
                conn.close()
    finally:
        for database in sides.values():
            database.drop()
    median = {name: statistics.median(values) for name, values in times.items()}
    load = f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    per = {name: 1000 * value / size for name, value in median.items()}
    ratio = median["statement"] / median["floor"]
    speedup = median["statement"] / median["row"]
    keys = median["keys"] / median["floor"]
    published = int(events[0]) if events else 0
    return [
        BenchRow(
            f"bulk load: COPY of {size:,} odometer readings, every rule vs none",
            median["statement"],
            median["floor"],
            ratio,
            f"≤ {BULK_GOAL:g}x",
            ratio <= BULK_GOAL,
            note=(
                f"median over {rounds} interleaved rounds; "
                f"{size / median['statement'] * 1000:,.0f} readings/s, {per['statement']:.1f} µs each "
                f"with the events ({published:,} written: one per vehicle per statement) vs "
                f"{per['floor']:.1f} µs with no trigger, foreign key or check (primary key and indexes "
                f"kept); {load}"
            ),
        ),
        BenchRow(
            "bulk load: the same COPY, rules once per statement vs once per row (v1.0 form)",
            median["statement"],
            median["row"],
            speedup,
            "< 1x (faster)",
            speedup < 1,
            note=(
                f"same rounds; {per['row']:.1f} µs a reading with the row-level triggers of "
                f"fleet_odometer_guard and integration_outbox_aggregate_order; {load}"
            ),
        ),
        BenchRow(
            "bulk load: the same COPY with only its foreign keys vs none",
            median["keys"],
            median["floor"],
            keys,
            "(what the key checks alone cost)",
            None,
            note=(
                f"same rounds; {per['keys']:.1f} µs a reading with odometer_readings_vehicle_fk and "
                f"odometer_readings_recorded_by_fk checked per row, no trigger or check; {load}"
            ),
        ),
    ]
