"""Locks sampled from a second session while the real deploy runs: the fallback for a deploy script that
is not one transaction (``CREATE INDEX CONCURRENTLY``), which the lock trial cannot wrap and roll back.

Sampling sees what is held at each sample, so a lock held for less than the interval can be missed; the
report says the locks were sampled.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

import psycopg

from fleetdb.rehearsal.trial import HeldLock
from fleetdb.sql_files import load_sql

INTERVAL = 0.005


class LockSampler:
    """``with LockSampler(conninfo) as sampler: <deploy>``; then ``sampler.held``."""

    def __init__(self, conninfo: str, interval: float = INTERVAL) -> None:
        self.conninfo = conninfo
        self.interval = interval
        self.held: list[HeldLock] = []
        self._seen: set[tuple[int, str]] = set()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._error: BaseException | None = None

    def _run(self) -> None:
        try:
            with psycopg.connect(self.conninfo, autocommit=True) as conn:
                self._ready.set()
                while True:
                    self._sample(conn)
                    if self._stop.wait(self.interval):
                        self._sample(conn)
                        return
        except BaseException as error:  # reported by __exit__, never lost in the thread
            self._error = error
            self._ready.set()

    def _sample(self, conn: psycopg.Connection[Any]) -> None:
        for oid, mode in conn.execute(load_sql(__package__, "psql_locks")).fetchall():
            if (int(oid), str(mode)) not in self._seen:
                self._seen.add((int(oid), str(mode)))
                self.held.append(HeldLock(int(oid), "", str(mode), 0))

    def __enter__(self) -> LockSampler:
        self._thread.start()
        self._ready.wait()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()
        if self._error is not None and kind is None:
            raise self._error
