"""Stress of per-aggregate outbox order (INTEG-OUTBOX-AGGREGATE-ORDER).

Writers move rentals through reserved -> active -> completed, each from a transaction that takes its
transaction id before it reads the rental: two writers of one rental then regularly take their ids in
one order and commit in the other, the case that broke v1.0's (txid, sequence_no) order. Relays claim,
publish and mark batches at the same time. Afterwards every rental's events must have been delivered
once each, in the order of its life (reserved, activated, completed) with versions 1, 2, 3. The result
also counts the inversions the run produced (a later version written by a transaction with a smaller
id), so a run that never exercised the hard case is visible as such.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import psycopg
from psycopg import IsolationLevel, sql
from psycopg.rows import dict_row

from fleetdb.databases import Database
from fleetdb.races import LOCK_TIMEOUT, STATEMENT_TIMEOUT, isolation_id, isolation_setting
from fleetdb.sql_files import load_sql
from fleetdb_persistence.queries import query

LIFE = ("rental.reserved", "rental.activated", "rental.completed")
_NEXT = {"reserved": "active", "active": "completed"}
CLAIM = query("integration", "claim_batch").format(outbox=sql.Identifier("rental", "outbox_events"))
_RENTALS = """
INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency)
SELECT %(vehicle_id)s, %(customer_id)s, %(location_id)s, %(location_id)s,
       tstzrange(timestamptz '2030-01-01' + make_interval(days => 2 * n),
                 timestamptz '2030-01-02' + make_interval(days => 2 * n), '[)'), 'EUR'
FROM generate_series(1, %(rentals)s) AS n
RETURNING id
"""


@dataclass
class OrderResult:
    isolation: IsolationLevel
    rentals: int
    writers: int
    relays: int
    transitions: int = 0  # status changes committed
    refused: Counter[str] = field(default_factory=Counter)  # writer attempts that failed, by SQLSTATE
    delivered: int = 0
    inversions: int = 0  # later versions written by transactions with smaller ids
    violations: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def level(self) -> str:
        return isolation_id(self.isolation)

    @property
    def ok(self) -> bool:
        return not self.violations


def _session(database: Database, isolation: IsolationLevel) -> psycopg.Connection[Any]:
    conn = database.connect()
    conn.execute(sql.SQL("SET lock_timeout = {}").format(sql.Literal(LOCK_TIMEOUT)))
    conn.execute(sql.SQL("SET statement_timeout = {}").format(sql.Literal(STATEMENT_TIMEOUT)))
    conn.execute(
        sql.SQL("SET default_transaction_isolation = {}").format(sql.Literal(isolation_setting(isolation)))
    )
    conn.commit()
    return conn


def stress_outbox_order(
    database: Database,
    *,
    rentals: int = 30,
    writers: int = 4,
    relays: int = 2,
    isolation: IsolationLevel = IsolationLevel.READ_COMMITTED,
    claim: sql.SQL | sql.Composed = CLAIM,
    batch: int = 5,
    timeout: float = 120.0,
    on_transition: Callable[[], None] | None = None,
) -> OrderResult:
    """Run writers and relays until every rental is completed and every event published (or
    ``timeout``), then check what the relays delivered. ``claim`` is the relay's query (the v1.0 one
    shows the hole)."""
    started = time.monotonic()
    result = OrderResult(isolation, rentals, writers, relays)
    with database.connect(autocommit=True) as setup:
        world = (
            setup.cursor(row_factory=dict_row).execute(load_sql(__package__, "races/world")).fetchone() or {}
        )
        made = setup.execute(_RENTALS, {**world, "rentals": rentals}).fetchall()
        ids = [UUID(str(row[0])) for row in made]
    remaining = set(ids)
    state = threading.Lock()  # guards remaining, result counters and the delivery log
    log: dict[UUID, list[tuple[str, int | None]]] = defaultdict(list)
    writers_done = threading.Event()
    failures: list[BaseException] = []

    def write(seed: int) -> None:
        rng = random.Random(seed)
        conn = _session(database, isolation)
        try:
            while time.monotonic() - started < timeout:
                with state:
                    if not remaining:
                        return
                    # A few rentals at a time: writers collide on them, which is the point.
                    target = rng.choice(sorted(remaining)[:2])
                try:
                    conn.execute("SELECT pg_current_xact_id()")  # the id first, the change later
                    time.sleep(rng.random() * 0.003)  # widens the window for another writer to overtake
                    row = conn.execute(
                        "SELECT status FROM rental.rentals WHERE id = %s", (target,)
                    ).fetchone()
                    status = str(row[0]) if row else "completed"
                    if status not in _NEXT:
                        conn.rollback()
                        with state:
                            remaining.discard(target)
                        continue
                    changed = conn.execute(
                        "UPDATE rental.rentals SET status = %s WHERE id = %s AND status = %s",
                        (_NEXT[status], target, status),
                    ).rowcount
                    conn.commit()
                    if changed:
                        with state:
                            result.transitions += 1
                        if on_transition:
                            on_transition()
                except psycopg.Error as error:
                    conn.rollback()
                    with state:
                        result.refused[str(error.sqlstate)] += 1
        except BaseException as error:  # surfaced by the caller
            failures.append(error)
        finally:
            conn.close()

    def relay() -> None:
        conn = _session(database, IsolationLevel.READ_COMMITTED)
        try:
            while time.monotonic() - started < timeout:
                rows = conn.cursor(row_factory=dict_row).execute(claim, {"limit": batch}).fetchall()
                if rows:
                    conn.execute(
                        "UPDATE rental.outbox_events SET published_at = now() WHERE id = ANY(%s)",
                        ([r["id"] for r in rows],),
                    )
                # The log is written under the lock held across the commit: a relay that claims the
                # aggregate's next event (only possible once this commit is done) logs after this one.
                with state:
                    conn.commit()
                    for r in rows:
                        log[UUID(str(r["aggregate_id"]))].append(
                            (str(r["event_type"]), r.get("aggregate_version"))
                        )
                    result.delivered += len(rows)
                if not rows and writers_done.is_set():
                    pending = conn.execute(
                        "SELECT count(*) FROM rental.outbox_events WHERE published_at IS NULL"
                    ).fetchone()
                    conn.commit()
                    if pending == (0,):
                        return
        except BaseException as error:
            failures.append(error)
        finally:
            conn.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    threads += [threading.Thread(target=relay) for _ in range(relays)]
    for thread in threads:
        thread.start()
    for thread in threads[:writers]:
        thread.join()
    writers_done.set()
    for thread in threads[writers:]:
        thread.join()
    if failures:
        raise failures[0]
    with database.connect(autocommit=True) as check:
        result.inversions = _inversions(check, ids)
    result.violations = order_violations(ids, log)
    result.seconds = round(time.monotonic() - started, 2)
    return result


def order_violations(rentals: list[UUID], log: Mapping[UUID, list[tuple[str, int | None]]]) -> list[str]:
    """Each rental whose events were not delivered exactly once each, in the order of its life, with
    versions 1, 2, 3 (or none, as v1.0 wrote them); ``log`` holds (event type, version) per rental in
    the order the relays committed them."""
    violations = []
    for rental in rentals:
        delivered = log.get(rental, [])
        kinds = [kind for kind, _ in delivered]
        versions = [version for _, version in delivered]
        if kinds != list(LIFE):
            violations.append(f"rental {rental}: delivered {kinds}")
        elif versions not in ([1, 2, 3], [None, None, None]):
            violations.append(f"rental {rental}: versions {versions}")
    return violations


def _inversions(conn: psycopg.Connection[Any], rentals: list[UUID]) -> int:
    """Pairs of one rental's events where the later one (in the order the rental's life requires) was
    written by a transaction with the smaller id."""
    row = conn.execute(
        """
        SELECT count(*) FROM rental.outbox_events AS a
        JOIN rental.outbox_events AS b ON b.aggregate_id = a.aggregate_id
        WHERE a.aggregate_id = ANY(%s)
          AND array_position(%s::text[], b.event_type) > array_position(%s::text[], a.event_type)
          AND b.txid < a.txid
        """,
        (rentals, list(LIFE), list(LIFE)),
    ).fetchone()
    return int(row[0]) if row else 0
