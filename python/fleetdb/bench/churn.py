"""Bloat of the exclusion index ``rentals_no_overlap_excl`` after the seed and after booking churn
(bookings made, moved and cancelled), against its size rebuilt by ``REINDEX``; the booking-overlap probe
(``vehicle_live_booking_overlapping``) on the churned index against the rebuilt one; and how long the
rebuild holds bookings (PostgreSQL cannot rebuild an exclusion constraint's index concurrently:
``REINDEX`` holds a SHARE lock on the table, so reads go on and writes wait). Runs on a seeded clone
that is dropped afterwards."""

from __future__ import annotations

import time
from typing import Any

import psycopg

from fleetdb.bench.model import BenchRow
from fleetdb.bench.path_timing import measure_path
from fleetdb.plans.paths import load_paths
from fleetdb.sql_files import load_sql

EXCLUSION_INDEX = "rental.rentals_no_overlap_excl"
PROBE_PATH = "vehicle_live_booking_overlapping"


def _size(conn: psycopg.Connection[Any]) -> tuple[int, int]:
    row = conn.execute(load_sql(__package__, "exclusion_index")).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def churn(conn: psycopg.Connection[Any], vehicles: int, per_vehicle: int, rounds: int, first: int = 0) -> int:
    """Book ``per_vehicle`` bookings on each of ``vehicles`` vehicles, move half of them, cancel them
    all, ``rounds`` times from round ``first`` (one transaction per step); the bookings churned."""
    churned = 0
    for round_no in range(first, first + rounds):
        with conn.transaction():
            params = {"vehicles": vehicles, "per_vehicle": per_vehicle, "round": round_no}
            ids = [row[0] for row in conn.execute(load_sql(__package__, "churn_book"), params).fetchall()]
        with conn.transaction():
            conn.execute(load_sql(__package__, "churn_move"), {"ids": ids})
        with conn.transaction():
            conn.execute(load_sql(__package__, "churn_cancel"), {"ids": ids})
        churned += len(ids)
    return churned


def exclusion_churn_rows(
    conn: psycopg.Connection[Any], vehicles: int, per_vehicle: int = 2, rounds: int = 2, samples: int = 100
) -> list[BenchRow]:
    """``conn`` in autocommit (VACUUM runs outside a transaction). The seed leaves the index as large as
    all its rentals were live at once; the rebuild measures what it needs, then the churn shows
    whether routine VACUUM (after each round, as autovacuum would) keeps the rebuilt index small."""
    probe = next(path for path in load_paths() if path.name == PROBE_PATH)
    conn.execute("VACUUM rental.rentals")
    seeded, live = _size(conn)
    on_seeded = measure_path(conn, probe, samples)
    started = time.perf_counter()
    conn.execute(f"REINDEX INDEX {EXCLUSION_INDEX}")
    rebuild_seconds = time.perf_counter() - started
    rebuilt, _ = _size(conn)
    on_rebuilt = measure_path(conn, probe, samples)
    churned = 0
    for round_no in range(rounds):
        churned += churn(conn, vehicles, per_vehicle, 1, round_no)
        conn.execute("VACUUM rental.rentals")
    after_churn, _ = _size(conn)
    mb = 1024 * 1024
    how = f"{live:,} live bookings; VACUUM first; the baseline is the index rebuilt by REINDEX"
    goal = "measured (runbook: rebuild when several times its rebuilt size)"
    return [
        BenchRow(
            "exclusion index rentals_no_overlap_excl after the seed vs rebuilt",
            seeded / mb,
            rebuilt / mb,
            seeded / rebuilt,
            goal,
            None,
            "MiB",
            how,
        ),
        BenchRow(
            "exclusion index rentals_no_overlap_excl rebuilt, then booking churn, vs rebuilt",
            after_churn / mb,
            rebuilt / mb,
            after_churn / rebuilt,
            goal,
            None,
            "MiB",
            f"{churned:,} bookings made, half of them moved a day, all cancelled, in {rounds} rounds on "
            f"{vehicles:,} vehicles, VACUUM after each round; {how}",
        ),
        BenchRow(
            f"exclusion index probe ({PROBE_PATH}) p95, index after the seed vs rebuilt",
            on_seeded.p95_ms,
            on_rebuilt.p95_ms,
            on_seeded.p95_ms / on_rebuilt.p95_ms if on_rebuilt.p95_ms else None,
            "measured",
            None,
            "ms",
            f"{on_seeded.samples} parameter samples each; p50 {on_seeded.p50_ms:.3f} ms after the seed, "
            f"{on_rebuilt.p50_ms:.3f} ms rebuilt",
        ),
        BenchRow(
            "exclusion index rebuild: REINDEX INDEX rentals_no_overlap_excl (bookings wait)",
            rebuild_seconds * 1000,
            None,
            None,
            "measured (the runbook's maintenance window)",
            None,
            "ms",
            "wall time of the rebuild, which reads every rental; it holds a SHARE lock on rental.rentals "
            "(reads go on, bookings and status changes wait); REINDEX CONCURRENTLY refuses an exclusion "
            "constraint's index",
        ),
    ]
