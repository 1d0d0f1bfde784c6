"""How fast this machine can seed at all: the same seed with every rule in force and with every rule
removed (the seed's physical floor, ``sql/without_seed_rules.sql``), side by side on two clones, in
rows per second and in server CPU per row.

The CPU is what the server's processes that exited during the seed used (its backends: the postmaster's
reaped children, from ``/proc``), so a load spike of another program stretches the wall time but not
this figure; it gives the most rows per second the machine's cores can seed with no rule at all, the
ceiling any seeding goal on this machine has to be read against.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from rich.console import Console
from rich.progress import Progress

from fleetdb.bench.model import BenchRow
from fleetdb.bench.read_paths import SEED_GOAL_ROWS_PER_SECOND
from fleetdb.databases import Database
from fleetdb.seed import SeedResult, seed_database
from fleetdb.sql_files import load_sql

# Two seeds of about 1.75 million rows each: long enough for a steady rate, short beside the scale-1000 seed.
SEED_FLOOR_SCALE = 100
SEED_FLOOR_QUICK_SCALE = 2
# Fields 16 and 17 of /proc/<pid>/stat: CPU of the children the process has waited for (man 5 proc).
_CHILDREN_USER, _CHILDREN_SYSTEM = 15, 16


@dataclass(frozen=True)
class SeedCost:
    result: SeedResult
    cpu_seconds: float | None  # None where /proc cannot tell (not Linux, or the server is elsewhere)

    @property
    def cpu_us_per_row(self) -> float | None:
        if self.cpu_seconds is None or not self.result.rows:
            return None
        return self.cpu_seconds * 1e6 / self.result.rows


def _stat_fields(pid: int) -> list[str] | None:
    """/proc/<pid>/stat after the ")" that ends the command name: element 0 is field 3 of man 5 proc."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _reaped_cpu_seconds(postmaster: int) -> float | None:
    fields = _stat_fields(postmaster)
    if fields is None:
        return None
    ticks = int(fields[_CHILDREN_USER - 2]) + int(fields[_CHILDREN_SYSTEM - 2])
    return ticks / os.sysconf("SC_CLK_TCK")


def _postmaster(conn: psycopg.Connection[Any]) -> int | None:
    fields = _stat_fields(conn.info.backend_pid)
    return int(fields[1]) if fields else None  # field 4: the parent


def _wait_for_no_sessions(conn: psycopg.Connection[Any], database: str) -> None:
    """The seed's backends have exited and been reaped, so their CPU is counted."""
    for _ in range(100):
        row = conn.execute(load_sql(__package__, "sessions_of_database"), {"database": database}).fetchone()
        if row and row[0] == 0:
            break
        time.sleep(0.05)
    time.sleep(0.2)  # the postmaster reaps an exited backend on its next loop


def _measured_seed(database: Database, scale: int, workers: int, progress: Progress) -> SeedCost:
    with database.server.connect(autocommit=True) as watcher:
        postmaster = _postmaster(watcher)
        before = _reaped_cpu_seconds(postmaster) if postmaster else None
        result = seed_database(database.conninfo(), scale, workers=workers, progress=progress, vacuum=False)
        _wait_for_no_sessions(watcher, database.name)
        after = _reaped_cpu_seconds(postmaster) if postmaster else None
    cpu = after - before if after is not None and before is not None else None
    return SeedCost(result, cpu)


def seed_floor_rows(
    template: Database, scale: int, workers: int = 2, console: Console | None = None
) -> list[BenchRow]:
    """Seed two clones of ``template`` at ``scale``, one with the rules removed; both are dropped."""
    ruled_db, floor_db = template.clone(), template.clone()
    try:
        with floor_db.connect() as conn:
            conn.execute(load_sql(__package__, "without_seed_rules"))
        with Progress(console=console or Console(), transient=True) as progress:
            floor = _measured_seed(floor_db, scale, workers, progress)
            ruled = _measured_seed(ruled_db, scale, workers, progress)
    finally:
        ruled_db.drop()
        floor_db.drop()
    return [_rate_row(ruled, floor, scale), _ceiling_row(floor, scale)]


def _rate_row(ruled: SeedCost, floor: SeedCost, scale: int) -> BenchRow:
    cpu = (
        f"; server CPU {ruled.cpu_us_per_row:.1f} vs {floor.cpu_us_per_row:.1f} µs a row"
        if ruled.cpu_us_per_row is not None and floor.cpu_us_per_row is not None
        else ""
    )
    return BenchRow(
        f"seeding, scale {scale}: every rule vs none (the seed's physical floor), rows per second",
        ruled.result.rows_per_second,
        floor.result.rows_per_second,
        ruled.result.rows_per_second / floor.result.rows_per_second,
        "measured (what the rules cost a seed)",
        None,
        "rows/s",
        note=(
            f"{ruled.result.rows:,} vs {floor.result.rows:,} rows on {ruled.result.workers} connection(s)"
            f"{cpu}; the floor keeps primary keys, plain indexes and the triggers that write counted rows "
            "(events, totals), and drops every other trigger and every foreign key, check, unique and "
            "exclusion constraint"
        ),
        extra={
            "ruled_rows": ruled.result.rows,
            "floor_rows": floor.result.rows,
            **({"ruled_cpu_us_per_row": ruled.cpu_us_per_row} if ruled.cpu_us_per_row is not None else {}),
            **({"floor_cpu_us_per_row": floor.cpu_us_per_row} if floor.cpu_us_per_row is not None else {}),
        },
    )


def _ceiling_row(floor: SeedCost, scale: int) -> BenchRow:
    cores = os.cpu_count() or 1
    per_row = floor.cpu_us_per_row
    ceiling = cores * 1e6 / per_row if per_row else 0.0
    return BenchRow(
        f"seeding: the most {cores} cores can seed with no rule (server CPU of the floor, scale {scale})",
        ceiling,
        None,
        None,
        f"measured (against the goal of {SEED_GOAL_ROWS_PER_SECOND:,} rows/s)",
        None,
        "rows/s",
        note=(
            f"{cores} cores / {per_row:.1f} µs of server CPU per row of the floor seed, as if the "
            "server had every core and the client none"
            if per_row
            else "no CPU figure: the server's processes cannot be read from /proc here"
        ),
    )
