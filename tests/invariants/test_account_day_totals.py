"""ACCT-DAY-TOTALS: every account's day total equals the sum of its journal lines of that currency and
day. Concurrent postings to one account and day at each isolation level (ordered by the server's lock
state, never by sleep; a loser at REPEATABLE READ or SERIALIZABLE gets 40001 and its retry counts), an
entry that touches one account twice, the 10^17 bound both ways, and a hostile application role. The
scenarios marked long show the same postings breaking the rule once journal_lines_day_totals_trg is gone
(make test-long)."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg import IsolationLevel, errors
from psycopg.types.json import Jsonb

from fleetdb.invariants.violations import find_violations
from fleetdb.races import Actors, snapshot_per_transaction
from tests.support.world import World, violates

INVARIANT = "ACCT-DAY-TOTALS"
DAY = "2030-06-01"
BOUND = 10**17
POST = "SELECT accounting.post_entry('rental', %s, %s, 'EUR', 'day totals', %s, NULL)"


def _lines(*lines: tuple[UUID, int]) -> Jsonb:
    return Jsonb([{"account_id": str(account), "amount_minor": amount} for account, amount in lines])


def _totals(conn: psycopg.Connection[Any], *accounts: UUID) -> list[tuple[UUID, str, int]]:
    rows = conn.execute(
        "SELECT account_id, posting_date::text, amount_minor FROM accounting.account_day_totals"
        " WHERE account_id = ANY(%s) ORDER BY account_id, posting_date",
        (list(accounts),),
    ).fetchall()
    return [(UUID(str(a)), d, int(m)) for a, d, m in rows]


def _retried(group: Actors, index: int, future: Future[Any], reference: str, lines: Jsonb) -> str:
    """The session's outcome; after a 40001 (allowed only where a transaction keeps one snapshot) the
    posting is retried as the persistence layer does, and must then succeed."""
    error = future.exception(timeout=30)
    if error is None:
        return "committed"
    assert isinstance(error, errors.SerializationFailure), error
    assert snapshot_per_transaction(group.isolation), f"40001 at {group.isolation}"
    group[index].execute(POST, (reference, DAY, lines))
    return "retried"


def _blocked_or_done(group: Actors, index: int, future: Future[Any], timeout: float = 30.0) -> None:
    """Until the server reports session ``index`` waiting on a lock, or its posting ended without waiting
    (nothing to wait for: the trigger that writes the shared row was removed)."""
    deadline = time.monotonic() + timeout
    while not group.blocking_pids(index) and not future.done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"session {index} neither blocked nor finished within {timeout}s")
        time.sleep(0.002)


def _concurrent_postings(
    actors: Callable[..., Actors], level: IsolationLevel, *, first_of_day: bool, drop_trigger: bool
) -> tuple[Actors, UUID, UUID, list[str]]:
    """Session 0 posts cash +100 / revenue -100 and holds its transaction; sessions 1 and 2 post to the
    same accounts and day, their lines in the two orders, and wait on it (the server says so); then it
    commits. With ``first_of_day`` false, the day has a total before the race."""
    group = actors(3, level)
    world = World(group.observer)
    cash, revenue = world.account(), world.account(type="revenue")
    if drop_trigger:
        group.observer.execute("DROP TRIGGER journal_lines_day_totals_trg ON accounting.journal_lines")
    if not first_of_day:
        group.observer.execute(POST, ("before", DAY, _lines((cash, 7), (revenue, -7))))
    group[0].execute("BEGIN")
    group[0].execute(POST, ("held", DAY, _lines((cash, 100), (revenue, -100))))
    orders = {1: _lines((cash, 20), (revenue, -20)), 2: _lines((revenue, -3), (cash, 3))}
    waiting = {i: group.submit(i, POST, (f"waiting-{i}", DAY, lines)) for i, lines in orders.items()}
    for i, future in waiting.items():
        _blocked_or_done(group, i, future)
    group[0].execute("COMMIT")
    outcomes = [_retried(group, i, waiting[i], f"waiting-{i}", orders[i]) for i in waiting]
    return group, cash, revenue, outcomes


@pytest.mark.invariant(INVARIANT)
@pytest.mark.parametrize("first_of_day", [True, False], ids=["first-of-day", "day-with-a-total"])
def test_concurrent_postings_to_one_account_and_day_add_up(
    actors: Callable[..., Actors], isolation_level: IsolationLevel, first_of_day: bool
) -> None:
    group, cash, revenue, outcomes = _concurrent_postings(
        actors, isolation_level, first_of_day=first_of_day, drop_trigger=False
    )
    before = 0 if first_of_day else 7
    assert _totals(group.observer, cash, revenue) == sorted(
        [(cash, DAY, before + 123), (revenue, DAY, -before - 123)]
    ), outcomes
    assert find_violations(group.observer, INVARIANT) == []
    if isolation_level is IsolationLevel.READ_COMMITTED:
        assert outcomes == ["committed", "committed"]  # the waiters add to the committed total


@pytest.mark.long  # the rule broken with its trigger removed: make test-long
@pytest.mark.parametrize("first_of_day", [True, False], ids=["first-of-day", "day-with-a-total"])
def test_without_the_trigger_concurrent_postings_leave_the_totals_behind(
    actors: Callable[..., Actors], isolation_level: IsolationLevel, first_of_day: bool
) -> None:
    group, *_ = _concurrent_postings(actors, isolation_level, first_of_day=first_of_day, drop_trigger=True)
    assert find_violations(group.observer, INVARIANT) != []


@pytest.mark.invariant(INVARIANT)
def test_an_entry_touching_an_account_twice_and_several_days_adds_each_line_once(
    db: psycopg.Connection[Any], world: World
) -> None:
    cash, revenue, fees = world.account(), world.account(type="revenue"), world.account(type="revenue")
    world.post("twice", [(cash, 100), (revenue, -30), (cash, 50), (fees, -120)])
    world.post("cancels", [(cash, 40), (cash, -40), (revenue, 5), (fees, -5)])
    world.post("next-day", [(cash, 9), (revenue, -9)], posting_date="2030-06-02")
    assert _totals(db, cash, revenue, fees) == sorted(
        [
            (cash, DAY, 150),
            (cash, "2030-06-02", 9),
            (revenue, DAY, -25),
            (revenue, "2030-06-02", -9),
            (fees, DAY, -125),
        ]
    )
    assert find_violations(db, INVARIANT) == []


@pytest.mark.long  # the rule broken with its trigger removed: make test-long
def test_without_the_trigger_an_entry_touching_an_account_twice_has_no_total(
    db: psycopg.Connection[Any], world: World
) -> None:
    db.execute("DROP TRIGGER journal_lines_day_totals_trg ON accounting.journal_lines")
    cash, revenue = world.account(), world.account(type="revenue")
    world.post("twice", [(cash, 100), (cash, 50), (revenue, -150)])
    assert find_violations(db, INVARIANT) != []


@pytest.mark.invariant(INVARIANT)
@pytest.mark.parametrize("sign", [1, -1], ids=["debits", "credits"])
def test_a_day_total_stays_within_ten_to_the_seventeen(
    db: psycopg.Connection[Any], world: World, sign: int
) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    world.post("start", [(cash, sign * 100), (revenue, -sign * 100)])
    # Reaching 10^17 takes 10^5 lines at their own bound: the owner sets the total just below it.
    db.execute(
        "UPDATE accounting.account_day_totals SET amount_minor = %s WHERE account_id = %s",
        (sign * (BOUND - 100), cash),
    )
    world.post("to-the-bound", [(cash, sign * 100), (revenue, -sign * 100)])
    assert _totals(db, cash) == [(cash, DAY, sign * BOUND)]
    with violates(db, "23514", "account_day_totals_amount_range_ck"):
        world.post("beyond", [(cash, sign), (revenue, -sign)])
    with violates(db, "23514", "account_day_totals_amount_range_ck"):
        db.execute(
            "UPDATE accounting.account_day_totals SET amount_minor = %s WHERE account_id = %s",
            (sign * (BOUND + 1), cash),
        )


@pytest.mark.invariant(INVARIANT)
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE accounting.account_day_totals SET amount_minor = amount_minor + 1",
        "DELETE FROM accounting.account_day_totals",
        "TRUNCATE accounting.account_day_totals",
        "INSERT INTO accounting.account_day_totals (account_id, currency, posting_date, amount_minor)"
        " SELECT id, currency, '2030-06-03', 1 FROM accounting.accounts LIMIT 1",
        "SELECT accounting.journal_lines_add_to_day_totals()",
    ],
)
def test_the_application_cannot_write_the_totals(
    db: psycopg.Connection[Any], world: World, statement: str
) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    world.post("sale", [(cash, 100), (revenue, -100)])
    db.execute("SET LOCAL ROLE fleetdb_app")
    assert _totals(db, cash) == [(cash, DAY, 100)]  # it reads them, as it reads the lines
    with violates(db, "42501", None):
        db.execute(statement)
    db.execute("RESET ROLE")
    assert find_violations(db, INVARIANT) == []
