"""Several real sessions on one database, with steps ordered by the server's lock state, never by sleeps."""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import psycopg
from psycopg import IsolationLevel, sql

from fleetdb.databases import Database

# Guards against a race test that hangs: a lock wait or a statement longer than this is an error.
LOCK_TIMEOUT = "10s"
STATEMENT_TIMEOUT = "30s"

# Every race runs at each level: an invariant must hold whichever one the application chooses (the app
# role can even make one its default with ALTER ROLE ... SET default_transaction_isolation).
ISOLATION_LEVELS: tuple[IsolationLevel, ...] = (
    IsolationLevel.READ_COMMITTED,
    IsolationLevel.REPEATABLE_READ,
    IsolationLevel.SERIALIZABLE,
)
# What a loser may always get at REPEATABLE READ and SERIALIZABLE: the winner committed after its
# snapshot, so the database refuses to let it decide on what it saw (never a silent commit).
SERIALIZATION_FAILURE = "40001"


def isolation_setting(level: IsolationLevel) -> str:
    """The level as default_transaction_isolation spells it: 'repeatable read'."""
    return level.name.replace("_", " ").lower()


def isolation_id(level: IsolationLevel) -> str:
    """A short name for test ids and reports: read-committed, repeatable-read, serializable."""
    return level.name.replace("_", "-").lower()


def snapshot_per_transaction(level: IsolationLevel | None) -> bool:
    """True when a transaction reads one snapshot throughout, and may therefore be refused with 40001."""
    return level in (IsolationLevel.REPEATABLE_READ, IsolationLevel.SERIALIZABLE)


class Actors:
    """n autocommit sessions (each test writes its own BEGIN/COMMIT) plus an observer session. With
    ``isolation``, every transaction of the n sessions (explicit or single-statement) runs at that level;
    the observer stays at the server's default."""

    def __init__(self, database: Database, n: int, isolation: IsolationLevel | None = None) -> None:
        self.database = database
        self.isolation = isolation
        self.sessions: list[psycopg.Connection[Any]] = [self._open() for _ in range(n)]
        self.observer = database.connect(autocommit=True)
        self._pool = ThreadPoolExecutor(max_workers=n)

    def _open(self) -> psycopg.Connection[Any]:
        conn = self.database.connect(autocommit=True)
        conn.execute(sql.SQL("SET lock_timeout = {}").format(sql.Literal(LOCK_TIMEOUT)))
        conn.execute(sql.SQL("SET statement_timeout = {}").format(sql.Literal(STATEMENT_TIMEOUT)))
        if self.isolation is not None:
            level = sql.Literal(isolation_setting(self.isolation))
            conn.execute(sql.SQL("SET default_transaction_isolation = {}").format(level))
        return conn

    def __getitem__(self, index: int) -> psycopg.Connection[Any]:
        return self.sessions[index]

    def __len__(self) -> int:
        return len(self.sessions)

    def pid(self, index: int) -> int:
        return self.sessions[index].info.backend_pid

    def submit(self, index: int, query: str, params: Sequence[Any] | None = None) -> Future[Any]:
        """Run a statement in session ``index`` on a thread; the future holds its rows or its error."""

        def run() -> Any:
            cur = self.sessions[index].execute(query, params)
            return cur.fetchall() if cur.description else None

        return self._pool.submit(run)

    def blocking_pids(self, index: int) -> list[int]:
        row = self.observer.execute("SELECT pg_blocking_pids(%s)", (self.pid(index),)).fetchone()
        return list(row[0]) if row else []

    def wait_until_blocked(self, index: int, timeout: float = 30.0) -> list[int]:
        """Poll the server until session ``index`` waits on a lock; return the pids that block it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            blockers = self.blocking_pids(index)
            if blockers:
                return blockers
            time.sleep(0.002)
        raise TimeoutError(f"session {index} (pid {self.pid(index)}) never blocked within {timeout}s")

    def wait_until_waited_on(self, pid: int, timeout: float = 30.0) -> list[int]:
        """Poll the server until some session (one of ours or not) waits on a lock that backend ``pid``
        holds; return the waiting pids. For waiters we do not own, such as a pooled connection."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            row = self.observer.execute(
                "SELECT array_agg(pid) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))", (pid,)
            ).fetchone()
            if row and row[0]:
                return list(row[0])
            time.sleep(0.002)
        raise TimeoutError(f"no session waited on pid {pid} within {timeout}s")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        for conn in [*self.sessions, self.observer]:
            conn.close()
