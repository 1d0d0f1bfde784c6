"""Fills a freshly deployed database with consistent data: set-based SQL steps, one file per step.

The steps in ``sql/`` run with every trigger and constraint of the schema in force: the seed writes
through the same rules the application does (rentals start reserved or active and reach their final
status through the allowed transitions, journal entries balance at commit, readings pass the
monotonic check). Work is split into chunks of vehicles; each chunk is one transaction that seeds
its vehicles' readings, rentals, money, maintenance and journal, so every commit leaves the database
consistent, and chunks can run on several connections at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from fleetdb.errors import FleetdbError, libpq_message
from fleetdb.seed.sizes import SeedSizes
from fleetdb.sql_files import load_sql

ONCE_STEPS = ("reference", "locations", "users", "customers", "vehicles")
CHUNK_STEPS = ("odometer", "rentals", "payments", "maintenance", "journal", "integration")
FINAL_STEPS = ("retire",)
# The tables the seed fills; the target must have them all, and none may hold a row yet.
SEEDED_SCHEMAS = ("iam", "rental", "fleet", "maintenance", "accounting")
_MUST_BE_EMPTY = ("rental.locations", "fleet.vehicles", "rental.rentals", "accounting.journal_entries")
_REQUIRED = (
    *_MUST_BE_EMPTY,
    "iam.users", "iam.external_identities", "iam.staff_profiles", "iam.user_roles", "iam.outbox_events",
    "rental.customers", "rental.charges", "rental.payments", "rental.refunds", "rental.outbox_events",
    "fleet.odometer_readings", "fleet.odometer_corrections", "fleet.outbox_events",
    "fleet.inbox_processed_messages", "maintenance.jobs", "maintenance.job_parts", "maintenance.job_labour",
    "maintenance.outbox_events", "accounting.accounts", "accounting.journal_lines",
    "accounting.outbox_events", "accounting.inbox_processed_messages",
)  # fmt: skip


@dataclass
class SeedResult:
    """What a seed wrote and how long it took; ``rows_per_second`` counts every inserted row
    (trigger-written outbox events included) over the load time, not the VACUUM ANALYZE after it."""

    sizes: SeedSizes
    load_seconds: float = 0.0
    vacuum_seconds: float = 0.0
    inserted: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    step_seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    workers: int = 1

    @property
    def rows(self) -> int:
        return sum(self.inserted.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.load_seconds if self.load_seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "scale": self.sizes.scale,
            "workers": self.workers,
            "rows": self.rows,
            "load_seconds": round(self.load_seconds, 2),
            "rows_per_second": round(self.rows_per_second),
            "vacuum_analyze_seconds": round(self.vacuum_seconds, 2),
            "inserted": dict(sorted(self.inserted.items())),
            "updated": dict(sorted(self.updated.items())),
            "step_seconds": {k: round(v, 2) for k, v in self.step_seconds.items()},
        }


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        transient=False,
    )


class Seeder:
    """Seeds the database at ``conninfo`` at ``sizes``; ``workers`` connections seed chunks in parallel."""

    def __init__(self, conninfo: str, sizes: SeedSizes, workers: int = 1, anchor: dt.datetime | None = None):
        self.conninfo = conninfo
        self.sizes = sizes
        self.workers = max(1, workers)
        now = anchor or dt.datetime.now(dt.UTC)
        self.anchor = now.replace(minute=0, second=0, microsecond=0)
        self.result = SeedResult(sizes, workers=self.workers)
        self._lock = threading.Lock()

    # -- connections ---------------------------------------------------------------------------
    def _connect(self) -> psycopg.Connection[Any]:
        try:
            conn = psycopg.connect(self.conninfo)
        except psycopg.OperationalError as error:
            raise FleetdbError(f"cannot connect to the seed target: {libpq_message(error)}") from None
        # A seed is replayable: losing the last commits in a crash costs nothing worth a flush.
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET TimeZone = 'UTC'")
        conn.execute("SET statement_timeout = 0")
        # The generate_series plans are estimated at billions of rows: JIT would compile every statement.
        conn.execute("SET jit = off")
        for name, value in {**self.sizes.settings(), "fleetdb_seed.anchor": self.anchor.isoformat()}.items():
            conn.execute("SELECT set_config(%s, %s, false)", (name, value))
        conn.execute(load_sql(__package__, "setup"))
        conn.commit()
        return conn

    def check_target(self, conn: psycopg.Connection[Any]) -> None:
        """The target must be deployed and empty: a seed adds a company, it does not merge into one."""
        for table in _REQUIRED:
            if conn.execute("SELECT to_regclass(%s)", (table,)).fetchone() == (None,):
                raise FleetdbError(
                    f"the target has no table {table}: deploy the plan first (sqitch deploy <target>)"
                )
        for table in _MUST_BE_EMPTY:
            query = sql.SQL("SELECT EXISTS (SELECT FROM {})").format(sql.Identifier(*table.split(".")))
            row = conn.execute(query).fetchone()
            if row and row[0]:
                raise FleetdbError(
                    f"{table} already holds rows: seed a freshly deployed database "
                    "(or drop it and deploy again)"
                )
        conn.rollback()

    # -- steps ---------------------------------------------------------------------------------
    def _run_step(self, conn: psycopg.Connection[Any], step: str) -> None:
        started = time.perf_counter()
        try:
            conn.execute(load_sql(__package__, step))
        except psycopg.errors.InsufficientPrivilege as error:
            raise FleetdbError(
                f"seed step {step}: SQLSTATE {error.sqlstate}: {error.diag.message_primary}; "
                "connect as the schema owner (fleetdb_owner) or a superuser"
            ) from None
        except psycopg.Error as error:
            constraint = error.diag.constraint_name or "-"
            raise FleetdbError(
                f"seed step {step} broke a rule: SQLSTATE {error.sqlstate}, constraint {constraint}: "
                f"{error.diag.message_primary} (a seeder bug: the data it generates must satisfy the schema)"
            ) from None
        with self._lock:
            self.result.step_seconds[step] += time.perf_counter() - started

    def _row_counts(self, conn: psycopg.Connection[Any]) -> dict[str, tuple[int, int]]:
        rows = conn.execute(load_sql(__package__, "count_rows"), {"schemas": list(SEEDED_SCHEMAS)}).fetchall()
        return {table: (int(ins), int(upd)) for table, ins, upd in rows}

    def _begin(self, conn: psycopg.Connection[Any]) -> dict[str, tuple[int, int]]:
        """Start a transaction with the backend's statistics counters as the baseline: they also hold
        earlier transactions' counts until the backend flushes them (only between transactions)."""
        return self._row_counts(conn)

    def _count_and_commit(self, conn: psycopg.Connection[Any], baseline: dict[str, tuple[int, int]]) -> int:
        """Tally this transaction's inserted and updated rows per table, then commit."""
        after = self._row_counts(conn)
        conn.commit()
        inserted = 0
        with self._lock:
            for table, (ins, upd) in after.items():
                before_ins, before_upd = baseline.get(table, (0, 0))
                self.result.inserted[table] += ins - before_ins
                self.result.updated[table] += upd - before_upd
                inserted += ins - before_ins
        return inserted

    def _chunks(self) -> Iterator[tuple[int, int]]:
        step = self.sizes.chunk_vehicles
        for lo in range(1, self.sizes.vehicles + 1, step):
            yield lo, min(lo + step - 1, self.sizes.vehicles)

    def _seed_chunk(self, conn: psycopg.Connection[Any], lo: int, hi: int) -> int:
        baseline = self._begin(conn)
        conn.execute("TRUNCATE seed_chunk")
        conn.execute("INSERT INTO seed_chunk VALUES (%s, %s)", (lo, hi))
        conn.execute("ANALYZE seed_chunk")
        last = hi == self.sizes.vehicles
        for step in CHUNK_STEPS:
            # The relay has not caught up with the newest chunk: its events stay unpublished.
            if step == "integration" and last:
                continue
            self._run_step(conn, step)
        return self._count_and_commit(conn, baseline)

    def run(self, progress: Progress | None = None) -> SeedResult:
        own_progress = progress is None
        progress = progress or _progress()
        started = time.perf_counter()
        with progress if own_progress else contextlib.nullcontext():
            main = self._connect()
            try:
                self.check_target(main)
                baseline = self._begin(main)
                once = progress.add_task(
                    "reference data, branches, users, customers, vehicles", total=len(ONCE_STEPS), rate=""
                )
                for step in ONCE_STEPS:
                    self._run_step(main, step)
                    progress.advance(once)
                self._count_and_commit(main, baseline)
                chunks = list(self._chunks())
                task = progress.add_task("vehicles with their history", total=self.sizes.vehicles, rate="")
                self._seed_chunks(chunks, progress, task, started)
                baseline = self._begin(main)
                for step in FINAL_STEPS:
                    self._run_step(main, step)
                self._count_and_commit(main, baseline)
            finally:
                main.close()
            self.result.load_seconds = time.perf_counter() - started
            self._vacuum_analyze(progress)
        return self.result

    def _seed_chunks(
        self, chunks: list[tuple[int, int]], progress: Progress, task: Any, started: float
    ) -> None:
        def report(lo: int, hi: int) -> None:
            with self._lock:
                rate = self.result.rows / (time.perf_counter() - started)
            progress.update(task, advance=hi - lo + 1, rate=f"{rate:,.0f} rows/s")

        if self.workers == 1:
            conn = self._connect()
            try:
                for lo, hi in chunks:
                    self._seed_chunk(conn, lo, hi)
                    report(lo, hi)
            finally:
                conn.close()
            return

        pending = list(chunks)
        queue_lock = threading.Lock()

        def work() -> None:
            conn = self._connect()
            try:
                while True:
                    with queue_lock:
                        if not pending:
                            return
                        lo, hi = pending.pop(0)
                    try:
                        self._seed_chunk(conn, lo, hi)
                    except BaseException:
                        with queue_lock:
                            pending.clear()  # the other connections stop after their current chunk
                        raise
                    report(lo, hi)
            finally:
                conn.close()

        with ThreadPoolExecutor(self.workers) as pool:
            for future in [pool.submit(work) for _ in range(self.workers)]:
                future.result()

    def _vacuum_analyze(self, progress: Progress) -> None:
        """VACUUM ANALYZE every seeded table: fresh statistics for the planner, and a visibility map
        so index-only scans do not visit the heap (the steady state of a database that autovacuum keeps)."""
        started = time.perf_counter()
        with psycopg.connect(self.conninfo, autocommit=True) as conn:
            tables = conn.execute(
                load_sql(__package__, "seeded_tables"), {"schemas": list(SEEDED_SCHEMAS)}
            ).fetchall()
            task = progress.add_task("vacuum analyze", total=len(tables), rate="")
            for schema, table in tables:
                conn.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(schema, table)))
                progress.advance(task)
        self.result.vacuum_seconds = time.perf_counter() - started


def seed_database(
    conninfo: str, scale: int, workers: int = 1, progress: Progress | None = None
) -> SeedResult:
    """Seed the freshly deployed database at ``conninfo`` at ``scale`` (see ``SeedSizes``)."""
    return Seeder(conninfo, SeedSizes.for_scale(scale), workers=workers).run(progress)
