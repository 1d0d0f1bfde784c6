"""Who makes the application wait, sampled from a session of its own every ``interval``:

- ``pg_blocking_pids`` for every workload session waiting on a lock (``sql/blocked_sessions.sql``):
  each wait is one ``Wait`` from the first sample that saw it to the last;
- the table locks granted in the database (``sql/relation_locks.sql``): the modes the workload takes
  on each table (``app_modes``), the tables each kind of operation touches (``kind_tables``, when
  the workload tells which operation a backend runs), and each lock another session (the deploy)
  held, as one ``Hold`` (a blocker's lock named by a wait counts as a sighting too).

A wait or a hold shorter than the interval can fall between two samples; the judge takes the length of a
wait from the operation's own timing, and the sampler tells it which operations waited and on whom.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from fleetdb.rehearsal.online_model import Hold, Wait
from fleetdb.rehearsal.workload import APPLICATION_NAME
from fleetdb.sql_files import load_sql

INTERVAL = 0.010
SAMPLER_NAME = "fleetdb-online-sampler"

_Key = tuple[int, int, str, str]
_HoldKey = tuple[int, str, str]


class BlockingSampler:
    """``start()`` … ``stop()``; then ``waits``, in the order they ended."""

    def __init__(
        self,
        conninfo: str,
        clock: Callable[[], float],
        interval: float = INTERVAL,
        running: Callable[[], dict[int, str]] = dict,
    ) -> None:
        self.running = running  # workload backend pid -> the kind of operation it runs now
        self.kind_tables: dict[str, set[str]] = {}  # kind of operation -> the tables it was seen locking
        self.conninfo = make_conninfo(conninfo, application_name=SAMPLER_NAME)
        self.clock = clock
        self.interval = interval
        self.samples = 0
        self.waits: list[Wait] = []
        self.holds: list[Hold] = []
        self.app_modes: dict[str, set[str]] = {}  # table -> the lock modes the workload took on it
        self._previous: float | None = None  # when the last sample was taken
        self._open: dict[_Key, Wait] = {}
        self._held: dict[_HoldKey, Hold] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._error: BaseException | None = None

    def start(self) -> BlockingSampler:
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self

    def stop(self, quiet: bool = False) -> None:
        """Stop sampling; raises what ended the sampler early unless ``quiet`` (the rehearsal is ending
        on an error of its own, which this must not hide)."""
        self._stop.set()
        self._thread.join()
        with self._lock:
            self.waits.extend(self._open.values())
            self._open.clear()
            self.holds.extend(self._held.values())
            self._held.clear()
        if self._error is not None and not quiet:
            raise self._error

    def snapshot(self) -> list[Wait]:
        """Every wait so far, those still going on included."""
        with self._lock:
            return [*self.waits, *self._open.values()]

    def _run(self) -> None:
        try:
            with psycopg.connect(self.conninfo, autocommit=True) as conn:
                conn.execute("SET lock_timeout = '1s'")  # never queue behind the deploy itself
                self._ready.set()
                while not self._stop.wait(self.interval):
                    self._sample(conn)
        except BaseException as error:  # raised again by start() or stop(), never lost in the thread
            self._error = error
            self._ready.set()

    def _sample(self, conn: psycopg.Connection[Any]) -> None:
        before = self.clock()
        rows = conn.execute(
            load_sql(__package__, "blocked_sessions"), {"application": APPLICATION_NAME}
        ).fetchall()
        params = {"application": APPLICATION_NAME, "sampler": SAMPLER_NAME}
        kinds = self.running()
        locks = conn.execute(load_sql(__package__, "relation_locks"), params).fetchall()
        now = (before + self.clock()) / 2
        seen: set[_Key] = set()
        with self._lock:
            self.samples += 1
            # A wait is a sighting of its blocker's lock too: the two queries are apart by a few ms,
            # and a short hold can end between them.
            seen_held = [
                (blocker, False, application, obj, mode, statement)
                for _, blocker, application, obj, _, held, statement in rows
                if "." in str(obj) and held and not str(held).startswith("queued")
                for mode in str(held).split(",")
            ]
            self._sample_holds([*locks, *seen_held], now)
            self._sample_kinds(locks, kinds)
            for pid, blocker, application, obj, requested, held, statement in rows:
                key: _Key = (int(pid), int(blocker), str(obj), str(requested))
                seen.add(key)
                wait = self._open.get(key)
                if wait is None:
                    self._open[key] = Wait(
                        int(pid), int(blocker), str(application), str(obj), str(requested), str(held),
                        " ".join(str(statement).split()), now, now, self._previous,
                    )  # fmt: skip
                else:
                    self._open[key] = replace(wait, last=now)
            for key in [key for key in self._open if key not in seen]:
                self.waits.append(replace(self._open.pop(key), after=now))
            self._previous = now

    def _sample_kinds(self, locks: list[tuple[Any, ...]], before: dict[int, str]) -> None:
        """Which tables the operation each workload backend runs holds: counted only when the backend ran
        that kind of operation both before and after the lock query (not one that ended meanwhile)."""
        after = self.running()
        for pid, workload, _, relation, _, _ in locks:
            kind = after.get(int(pid))
            if workload and kind is not None and before.get(int(pid)) == kind:
                self.kind_tables.setdefault(kind, set()).add(str(relation))

    def _sample_holds(self, locks: list[tuple[Any, ...]], now: float) -> None:
        held: set[_HoldKey] = set()
        for pid, workload, application, relation, mode, statement in locks:
            if workload:
                self.app_modes.setdefault(str(relation), set()).add(str(mode))
                continue
            key: _HoldKey = (int(pid), str(relation), str(mode))
            held.add(key)
            hold = self._held.get(key)
            if hold is None:
                text = " ".join(str(statement).split())
                self._held[key] = Hold(
                    int(pid), str(application), str(relation), str(mode), text, now, now, self._previous
                )
            else:
                self._held[key] = replace(hold, last=now)
        for key in [key for key in self._held if key not in held]:
            self.holds.append(replace(self._held.pop(key), after=now))
