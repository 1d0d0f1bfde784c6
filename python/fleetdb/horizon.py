"""The cluster's transaction horizon: the oldest transaction still running anywhere on the server.

A commit-safe reader (an outbox relay: ``txid < pg_snapshot_xmin(pg_current_snapshot())``) sees nothing
at or beyond this horizon, and it is one cut-off for the whole server: an open transaction that holds a
transaction id in any database (another test's session, autovacuum's ANALYZE) holds it back. A test that
expects a relay to see an event it just committed first waits, by the server's state, until every
transaction older than that event has ended.
"""

from __future__ import annotations

import time
from typing import Any

import psycopg

# Transactions still holding an id, oldest first: what holds the horizon back.
_HOLDERS_SQL = """
SELECT pid, datname, coalesce(backend_type, ''), coalesce(state, ''),
       coalesce(to_char(xact_start, 'HH24:MI:SS'), '?'), left(query, 120)
FROM pg_stat_activity
WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
ORDER BY age(backend_xid) DESC
LIMIT 5
"""


def fresh_txid(conn: psycopg.Connection[Any]) -> int:
    """A newly assigned transaction id: every transaction that holds one now has a lower one. (A
    snapshot's xmax cannot tell: it is the last completed id plus one, and younger ids may be running.)"""
    row = conn.execute("SELECT pg_current_xact_id()::text::bigint").fetchone()
    assert row is not None
    return int(row[0])


def horizon(conn: psycopg.Connection[Any]) -> int:
    """The oldest transaction id still running in the cluster (past every id when none is)."""
    row = conn.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint").fetchone()
    assert row is not None
    return int(row[0])


def describe_holders(conn: psycopg.Connection[Any]) -> str:
    """The oldest sessions that hold a transaction id, for a failure message."""
    return "; ".join(
        f"pid {pid} ({kind}) in {db}, {state} since {start}: {query}"
        for pid, db, kind, state, start, query in conn.execute(_HOLDERS_SQL).fetchall()
    )


def wait_for_older_transactions(conn: psycopg.Connection[Any], timeout: float = 60.0) -> None:
    """Return once every transaction of the cluster that held a transaction id when this was called has
    ended.

    ``conn`` must be in autocommit mode (each poll takes a new snapshot, and the connection holds no
    transaction id that it would wait for). Once the horizon has passed, it never goes back: transactions
    that start later get higher ids. On timeout, the error names the sessions that still hold it back.
    """
    if not conn.autocommit:
        raise ValueError("wait_for_older_transactions needs an autocommit connection")
    wait_for_horizon_past(conn, fresh_txid(conn), timeout)  # fresh_txid: committed as the statement ends


def wait_for_horizon_past(conn: psycopg.Connection[Any], txid: int, timeout: float = 60.0) -> None:
    """Return once no transaction with an id at or below ``txid`` is running (``conn`` in autocommit)."""
    deadline = time.monotonic() + timeout
    while horizon(conn) <= txid:
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"transactions at or below txid {txid} still running after {timeout:.0f}s: "
                f"{describe_holders(conn)}"
            )
        time.sleep(0.01)
