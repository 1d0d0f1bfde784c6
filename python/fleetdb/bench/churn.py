"""Bloat of the exclusion index ``rentals_no_overlap_excl`` after the seed and after booking churn
(bookings made, moved and cancelled), against its size rebuilt by ``REINDEX INDEX CONCURRENTLY``; and
the booking-overlap probe (``vehicle_live_booking_overlapping``) on the churned index against the rebuilt
one. Runs on a seeded clone that is dropped afterwards (it rebuilds the index)."""

from __future__ import annotations

from typing import Any

import psycopg

from fleetdb.bench.model import BenchRow
from fleetdb.bench.read_paths import measure_path
from fleetdb.plans.paths import load_paths
from fleetdb.sql_files import load_sql

EXCLUSION_INDEX = "rental.rentals_no_overlap_excl"
PROBE_PATH = "vehicle_live_booking_overlapping"


def _size(conn: psycopg.Connection[Any]) -> tuple[int, int]:
    row = conn.execute(load_sql(__package__, "exclusion_index")).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def churn(conn: psycopg.Connection[Any], vehicles: int, per_vehicle: int, rounds: int) -> int:
    """Book ``per_vehicle`` bookings on each of ``vehicles`` vehicles, move half of them, cancel them
    all, ``rounds`` times (one transaction per step, as an application would); the bookings churned."""
    churned = 0
    for round_no in range(rounds):
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
    """``conn`` in autocommit (VACUUM and the concurrent rebuild run outside a transaction)."""
    conn.execute("VACUUM rental.rentals")
    seeded, live = _size(conn)
    churned = churn(conn, vehicles, per_vehicle, rounds)
    conn.execute("VACUUM rental.rentals")
    after_churn, _ = _size(conn)
    probe = next(path for path in load_paths() if path.name == PROBE_PATH)
    on_churned = measure_path(conn, probe, samples)
    conn.execute(f"REINDEX INDEX CONCURRENTLY {EXCLUSION_INDEX}")
    rebuilt, _ = _size(conn)
    on_rebuilt = measure_path(conn, probe, samples)
    mb = 1024 * 1024
    how = f"{live:,} live bookings; VACUUM first; the baseline is the index after REINDEX INDEX CONCURRENTLY"
    return [
        BenchRow(
            "exclusion index rentals_no_overlap_excl after the seed vs rebuilt",
            seeded / mb,
            rebuilt / mb,
            seeded / rebuilt,
            "measured (runbook: rebuild when several times its rebuilt size)",
            None,
            "MiB",
            how,
        ),
        BenchRow(
            "exclusion index rentals_no_overlap_excl after booking churn vs rebuilt",
            after_churn / mb,
            rebuilt / mb,
            after_churn / rebuilt,
            "measured (runbook: rebuild when several times its rebuilt size)",
            None,
            "MiB",
            f"{churned:,} bookings made, half of them moved a day, all cancelled, in {rounds} rounds "
            f"on {vehicles:,} vehicles; {how}",
        ),
        BenchRow(
            f"exclusion index probe ({PROBE_PATH}) p95, churned index vs rebuilt",
            on_churned.p95_ms,
            on_rebuilt.p95_ms,
            on_churned.p95_ms / on_rebuilt.p95_ms if on_rebuilt.p95_ms else None,
            "measured",
            None,
            "ms",
            f"{on_churned.samples} parameter samples each; p50 {on_churned.p50_ms:.3f} ms churned, "
            f"{on_rebuilt.p50_ms:.3f} ms rebuilt",
        ),
    ]
