"""Several real sessions on one database, with steps ordered by the server's lock state, never by sleeps."""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import psycopg
from psycopg import sql

from fleetdb.databases import Database

# Guards against a race test that hangs: a lock wait or a statement longer than this is an error.
LOCK_TIMEOUT = "10s"
STATEMENT_TIMEOUT = "30s"


class Actors:
    """n autocommit sessions (each test writes its own BEGIN/COMMIT) plus an observer session."""

    def __init__(self, database: Database, n: int) -> None:
        self.database = database
        self.sessions: list[psycopg.Connection[Any]] = [self._open() for _ in range(n)]
        self.observer = database.connect(autocommit=True)
        self._pool = ThreadPoolExecutor(max_workers=n)

    def _open(self) -> psycopg.Connection[Any]:
        conn = self.database.connect(autocommit=True)
        conn.execute(sql.SQL("SET lock_timeout = {}").format(sql.Literal(LOCK_TIMEOUT)))
        conn.execute(sql.SQL("SET statement_timeout = {}").format(sql.Literal(STATEMENT_TIMEOUT)))
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

    def wait_until_blocked(self, index: int, timeout: float = 10.0) -> list[int]:
        """Poll the server until session ``index`` waits on a lock; return the pids that block it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            blockers = self.blocking_pids(index)
            if blockers:
                return blockers
            time.sleep(0.002)
        raise TimeoutError(f"session {index} (pid {self.pid(index)}) never blocked within {timeout}s")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        for conn in [*self.sessions, self.observer]:
            conn.close()
