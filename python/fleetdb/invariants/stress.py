"""Stress: n sessions race for one resource, round after round, at full speed (no ordering), and the
invariant is checked afterwards by independent queries. Reports attempts, wins, losses by SQLSTATE
and violations (which must be 0), at the isolation level every session runs at.

At REPEATABLE READ and SERIALIZABLE every other round (the even ones, round 0 first) is the worst case
for a snapshot, made certain rather than left to the scheduler: each session begins its transaction and
takes its snapshot before any session attempts, so every session decides on a snapshot that none of the
others' writes is in. A rule that reads its snapshot instead of writing the conflict (v1.0's refund
limit) lets every session of such a round commit, in every such round."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import IsolationLevel, sql

from fleetdb.databases import Database
from fleetdb.invariants.contention import WIN, Race, outcome_of
from fleetdb.races import (
    LOCK_TIMEOUT,
    STATEMENT_TIMEOUT,
    isolation_id,
    isolation_setting,
    snapshot_per_transaction,
)


@dataclass
class StressResult:
    race: str
    invariant: str
    sessions: int
    isolation: IsolationLevel = IsolationLevel.READ_COMMITTED
    attempts: int = 0
    wins: int = 0
    losses: Counter[str] = field(default_factory=Counter)  # "SQLSTATE constraint" -> count
    unexpected: Counter[str] = field(default_factory=Counter)  # losses the race does not allow
    rounds_with_several_winners: int = 0
    # At READ COMMITTED every round has a winner (a loser waits, then sees it). At REPEATABLE READ and
    # SERIALIZABLE a round may end without one (SERIALIZABLE may refuse every session of a round):
    # counted, not a violation, since nothing that breaks the invariant committed.
    rounds_without_winner: int = 0
    # Rounds in which every session took its snapshot before any attempted (see the module's doc).
    rounds_with_held_snapshots: int = 0
    committed_winners: int = 0
    violation_rows: int = 0
    seconds: float = 0.0

    @property
    def level(self) -> str:
        return isolation_id(self.isolation)

    @property
    def violations(self) -> int:
        """Everything that shows the invariant broken: rows found by the violations query, rounds
        with more than one winner (or, at READ COMMITTED, none), and winners the database does not
        hold (or holds in excess)."""
        missing_winners = 0 if snapshot_per_transaction(self.isolation) else self.rounds_without_winner
        return (
            self.violation_rows
            + self.rounds_with_several_winners
            + missing_winners
            + abs(self.committed_winners - self.wins)
        )

    @property
    def ok(self) -> bool:
        return self.violations == 0 and not self.unexpected


def _open(database: Database, isolation: IsolationLevel) -> psycopg.Connection[Any]:
    conn = database.connect(autocommit=True)
    conn.execute(sql.SQL("SET lock_timeout = {}").format(sql.Literal(LOCK_TIMEOUT)))
    conn.execute(sql.SQL("SET statement_timeout = {}").format(sql.Literal(STATEMENT_TIMEOUT)))
    level = sql.Literal(isolation_setting(isolation))
    conn.execute(sql.SQL("SET default_transaction_isolation = {}").format(level))
    return conn


def stress_race(
    database: Database,
    race: Race,
    sessions: int = 8,
    rounds: int = 500,
    on_round: Callable[[int], None] | None = None,
    isolation: IsolationLevel = IsolationLevel.READ_COMMITTED,
) -> StressResult:
    """``rounds`` rounds; in each, every one of ``sessions`` sessions makes one attempt (so
    sessions x rounds attempts) at ``isolation``, released together by a barrier."""
    started = time.monotonic()
    result = StressResult(race.name, race.invariant, sessions, isolation)
    coordinator = database.connect(autocommit=True)
    conns = [_open(database, isolation) for _ in range(sessions)]
    barrier = threading.Barrier(sessions)
    attempt = race.attempt()

    def one(index: int, params: dict[str, Any], held: bool) -> tuple[str, str | None]:
        conn = conns[index]
        rows: list[Any] | None = None
        error: BaseException | None = None
        if held:
            conn.execute("BEGIN")
            conn.execute("SELECT 1")  # the transaction's snapshot is taken here, before the barrier
        barrier.wait()
        try:
            cur = conn.execute(attempt, {**params, "session": index})
            rows = cur.fetchall() if cur.description else None
            if held:
                conn.execute("COMMIT")  # SERIALIZABLE may still refuse here
        except psycopg.Error as caught:
            rows, error = None, caught
            if held:
                conn.execute("ROLLBACK")
        return outcome_of(rows, error)

    try:
        base = race.setup(coordinator)
        with ThreadPoolExecutor(max_workers=sessions) as pool:
            for number in range(rounds):
                params = race.round(coordinator, base, number)
                held = snapshot_per_transaction(isolation) and number % 2 == 0
                result.rounds_with_held_snapshots += int(held)
                outcomes = list(pool.map(lambda i, p=params, h=held: one(i, p, h), range(sessions)))
                wins = sum(1 for outcome, _ in outcomes if outcome == WIN)
                result.attempts += sessions
                result.wins += wins
                result.rounds_with_several_winners += int(wins > 1)
                result.rounds_without_winner += int(wins == 0)
                for session, (outcome, constraint) in enumerate(outcomes):
                    if outcome == WIN:
                        continue
                    label = f"{outcome} {constraint or ''}".strip()
                    result.losses[label] += 1
                    if not race.is_expected(outcome, constraint, isolation, session):
                        result.unexpected[label] += 1
                if on_round:
                    on_round(number)
        result.committed_winners = race.committed_winners(coordinator, base)
        result.violation_rows = len(race.violations(coordinator))
    finally:
        for conn in [*conns, coordinator]:
            conn.close()
    result.seconds = round(time.monotonic() - started, 2)
    return result
