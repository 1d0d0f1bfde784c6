"""Row 3: what each invariant costs on the write path, against the same write without the rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg

from fleetdb.bench.core import interleaved_medians
from fleetdb.bench.model import BenchRow
from fleetdb.databases import Database
from fleetdb.sql_files import load_sql

VEHICLES = 200


def prepared_pair(template: Database, floor_sql: str | None) -> tuple[Database, Database]:
    """Two clones with the bench fixture rows; the second has the enforcing objects removed."""
    ruled, floor = template.clone(), template.clone()
    for database in (ruled, floor):
        with database.connect() as conn:
            conn.execute(load_sql(__package__, "fixture"), {"vehicles": VEHICLES})
    if floor_sql:
        with floor.connect() as conn:
            conn.execute(load_sql(__package__, floor_sql))
    return ruled, floor


def _batch(
    conn: psycopg.Connection[Any],
    query: str,
    params: Callable[[int], dict[str, Any]],
    size: int,
    offset: int,
    commit_each: bool,
) -> None:
    for i in range(offset, offset + size):
        conn.execute(query, params(i))
        if commit_each:
            conn.commit()
    conn.commit()


def _compare(
    template: Database,
    name: str,
    floor_sql: str,
    ruled_query: str,
    floor_query: str,
    params: Callable[[int], dict[str, Any]],
    goal: float,
    rounds: int,
    batch: int,
    commit_each: bool = False,
) -> BenchRow:
    ruled, floor = prepared_pair(template, floor_sql)
    try:
        with ruled.connect() as a, floor.connect() as b:
            with_rule, without = interleaved_medians(
                lambda r: _batch(a, ruled_query, params, batch, r * batch, commit_each),
                lambda r: _batch(b, floor_query, params, batch, r * batch, commit_each),
                rounds,
            )
    finally:
        ruled.drop()
        floor.drop()
    per_with, per_without = with_rule / batch, without / batch
    ratio = per_with / per_without
    return BenchRow(
        name,
        per_with,
        per_without,
        ratio,
        f"≤ {goal}x",
        ratio <= goal,
        note=f"median over {rounds} interleaved rounds of {batch} statements; baseline has the rule removed",
    )


def invariant_cost_rows(template: Database, quick: bool = False) -> list[BenchRow]:
    rounds, batch = (3, 50) if quick else (45, 200)

    def booking(i: int) -> dict[str, Any]:
        return {"vehicle": i % VEHICLES + 1, "day": i // VEHICLES}

    def reading(i: int) -> dict[str, Any]:
        return {"vehicle": i % VEHICLES + 1, "step": i // VEHICLES + 1}

    def posting(i: int) -> dict[str, Any]:
        return {"reference": f"bench-{i}"}

    return [
        _compare(
            template,
            "invariant cost: booking insert with the exclusion constraint",
            "without_overlap_rule",
            load_sql(__package__, "book"),
            load_sql(__package__, "book"),
            booking,
            1.5,
            rounds,
            batch,
        ),
        _compare(
            template,
            "invariant cost: odometer append with its guard",
            "without_odometer_guard",
            load_sql(__package__, "odometer_append"),
            load_sql(__package__, "odometer_append"),
            reading,
            1.5,
            rounds,
            batch,
        ),
        _compare(
            template,
            "invariant cost: balanced posting through accounting.post_entry",
            "without_posting_rules",
            load_sql(__package__, "post_entry"),
            load_sql(__package__, "post_plain"),
            posting,
            2.0,
            rounds,
            batch,
            commit_each=True,
        ),
        # What the day totals add to that posting (two account-day rows upserted, ACCT-DAY-TOTALS).
        _compare(
            template,
            "invariant cost: a posting's account day totals (journal_lines_day_totals_trg)",
            "without_day_totals",
            load_sql(__package__, "post_entry"),
            load_sql(__package__, "post_entry"),
            posting,
            1.5,
            rounds,
            batch,
            commit_each=True,
        ),
    ]
