"""Stress: n sessions race for one resource, round after round, at full speed (no ordering), and the
invariant is checked afterwards by independent queries. Reports attempts, wins, losses by SQLSTATE
and violations (which must be 0)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from fleetdb.databases import Database
from fleetdb.invariants.contention import WIN, Race, outcome_of
from fleetdb.races import LOCK_TIMEOUT, STATEMENT_TIMEOUT


@dataclass
class StressResult:
    race: str
    invariant: str
    sessions: int
    attempts: int = 0
    wins: int = 0
    losses: Counter[str] = field(default_factory=Counter)  # "SQLSTATE constraint" -> count
    unexpected: Counter[str] = field(default_factory=Counter)  # losses the race does not allow
    rounds_without_one_winner: int = 0
    committed_winners: int = 0
    violation_rows: int = 0
    seconds: float = 0.0

    @property
    def violations(self) -> int:
        """Everything that shows the invariant broken: rows found by the violations query, rounds
        with more than one winner, and winners the database does not hold (or holds in excess)."""
        return self.violation_rows + self.rounds_without_one_winner + abs(self.committed_winners - self.wins)

    @property
    def ok(self) -> bool:
        return self.violations == 0 and not self.unexpected


def _open(database: Database) -> psycopg.Connection[Any]:
    conn = database.connect(autocommit=True)
    conn.execute(sql.SQL("SET lock_timeout = {}").format(sql.Literal(LOCK_TIMEOUT)))
    conn.execute(sql.SQL("SET statement_timeout = {}").format(sql.Literal(STATEMENT_TIMEOUT)))
    return conn


def stress_race(
    database: Database,
    race: Race,
    sessions: int = 8,
    rounds: int = 500,
    on_round: Callable[[int], None] | None = None,
) -> StressResult:
    """``rounds`` rounds; in each, every one of ``sessions`` sessions makes one attempt (so
    sessions x rounds attempts), released together by a barrier."""
    started = time.monotonic()
    result = StressResult(race.name, race.invariant, sessions)
    coordinator = database.connect(autocommit=True)
    conns = [_open(database) for _ in range(sessions)]
    barrier = threading.Barrier(sessions)
    attempt = race.attempt()

    def one(index: int, params: dict[str, Any]) -> tuple[str, str | None]:
        rows: list[Any] | None = None
        error: BaseException | None = None
        barrier.wait()
        try:
            cur = conns[index].execute(attempt, {**params, "session": index})
            rows = cur.fetchall() if cur.description else None
        except psycopg.Error as caught:
            error = caught
        return outcome_of(rows, error)

    try:
        base = race.setup(coordinator)
        with ThreadPoolExecutor(max_workers=sessions) as pool:
            for number in range(rounds):
                params = race.round(coordinator, base, number)
                outcomes = list(pool.map(lambda i, p=params: one(i, p), range(sessions)))
                wins = sum(1 for outcome, _ in outcomes if outcome == WIN)
                result.attempts += sessions
                result.wins += wins
                result.rounds_without_one_winner += int(wins != 1)
                for outcome, constraint in outcomes:
                    if outcome == WIN:
                        continue
                    label = f"{outcome} {constraint or ''}".strip()
                    result.losses[label] += 1
                    if not race.is_expected(outcome, constraint):
                        result.unexpected[label] += 1
                if on_round:
                    on_round(number)
        result.committed_winners = race.committed_winners(coordinator, base)
        result.violation_rows = len(race.violations(coordinator, base))
    finally:
        for conn in [*conns, coordinator]:
            conn.close()
    result.seconds = round(time.monotonic() - started, 2)
    return result
