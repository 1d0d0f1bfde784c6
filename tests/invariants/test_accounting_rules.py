"""accounting: balanced entries at commit, one currency, immutability, late lines, reversals, idempotency."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
import pytest

from fleetdb.databases import Database
from tests.support.world import World, violates

_ENTRY = (
    "INSERT INTO accounting.journal_entries (posting_date, source, external_reference, currency, description)"
    " VALUES ('2030-06-01', 'rental', %s, %s, 'manual') RETURNING id"
)
_LINE = (
    "INSERT INTO accounting.journal_lines (entry_id, account_id, currency, posting_date, amount_minor)"
    " VALUES (%s, %s, %s, '2030-06-01', %s)"
)


def _entry(conn: psycopg.Connection[Any], reference: str, currency: str = "EUR") -> UUID:
    row = conn.execute(_ENTRY, (reference, currency)).fetchone()
    assert row is not None
    return UUID(str(row[0]))


def _check_deferred_now(conn: psycopg.Connection[Any]) -> None:
    """Fire the deferred constraint triggers now instead of at commit."""
    conn.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.invariant("ACCT-BALANCED")
def test_an_entry_is_balanced_with_two_lines(db: psycopg.Connection[Any], world: World) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    world.post("ok-1", [(cash, 100), (revenue, -60), (revenue, -40)])
    _check_deferred_now(db)
    with violates(db, "23514", "journal_entries_balanced_trg"):
        world.post("unbalanced", [(cash, 100), (revenue, -99)])
        _check_deferred_now(db)
    with violates(db, "23514", "journal_entries_balanced_trg"):
        world.post("one-line", [(cash, 100)])
        _check_deferred_now(db)
    with violates(db, "23514", "journal_entries_balanced_trg"):
        _entry(db, "no-lines")
        _check_deferred_now(db)


@pytest.mark.invariant("ACCT-BALANCED")
def test_a_line_added_after_an_early_check_is_checked_again(
    db: psycopg.Connection[Any], world: World
) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    entry = world.post("early-check", [(cash, 100), (revenue, -100)])
    _check_deferred_now(db)  # the entry's own check has run and passed
    db.execute("SET CONSTRAINTS ALL DEFERRED")
    with violates(db, "23514", "journal_lines_balanced_trg"):
        db.execute(_LINE, (entry, cash, "EUR", 5))  # same transaction, so the line itself is allowed
        _check_deferred_now(db)


@pytest.mark.invariant("ACCT-BALANCED")
def test_balance_is_checked_at_commit(fresh_db: Database) -> None:
    with fresh_db.connect() as conn:
        world = World(conn)
        cash, revenue = world.account(), world.account(type="revenue")
        conn.commit()
        entry = _entry(conn, "pay-1")
        conn.execute(_LINE, (entry, cash, "EUR", 100))  # unbalanced for a moment: fine until commit
        conn.execute(_LINE, (entry, revenue, "EUR", -100))
        conn.commit()
        unbalanced = _entry(conn, "pay-2")
        conn.execute(_LINE, (unbalanced, cash, "EUR", 100))
        with pytest.raises(psycopg.errors.CheckViolation) as caught:
            conn.commit()
        assert caught.value.diag.constraint_name == "journal_entries_balanced_trg"
        assert conn.execute("SELECT count(*) FROM accounting.journal_entries").fetchone() == (1,)


@pytest.mark.invariant("ACCT-ONE-CURRENCY")
def test_entry_lines_and_accounts_share_one_currency(db: psycopg.Connection[Any], world: World) -> None:
    eur, usd = world.account("EUR"), world.account("USD")
    entry = _entry(db, "fx-1", "EUR")
    db.execute(_LINE, (entry, eur, "EUR", 100))
    with violates(db, "23503", "journal_lines_account_fk"):
        db.execute(_LINE, (entry, usd, "EUR", -100))
    with violates(db, "23503", "journal_lines_entry_fk"):
        db.execute(_LINE, (entry, usd, "USD", -100))
    with violates(db, "23503", "journal_lines_account_fk"):
        db.execute("UPDATE accounting.accounts SET currency = 'USD' WHERE id = %s", (eur,))


@pytest.mark.invariant("ACCT-LINE-NONZERO")
def test_lines_are_never_zero(db: psycopg.Connection[Any], world: World) -> None:
    cash = world.account()
    entry = _entry(db, "zero")
    with violates(db, "23514", "journal_lines_amount_nonzero_ck"):
        db.execute(_LINE, (entry, cash, "EUR", 0))


@pytest.mark.invariant("ACCT-IMMUTABLE")
def test_entries_and_lines_are_immutable(db: psycopg.Connection[Any], world: World) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    entry = world.post("imm-1", [(cash, 100), (revenue, -100)])
    _check_deferred_now(db)  # TRUNCATE refuses to run while deferred trigger events are pending
    with violates(db, "55000", "journal_entries_append_only_trg"):
        db.execute("UPDATE accounting.journal_entries SET description = 'x' WHERE id = %s", (entry,))
    with violates(db, "55000", "journal_entries_append_only_trg"):
        db.execute("DELETE FROM accounting.journal_entries WHERE id = %s", (entry,))
    with violates(db, "55000", "journal_lines_append_only_trg"):
        db.execute(
            "UPDATE accounting.journal_lines SET amount_minor = -amount_minor WHERE entry_id = %s", (entry,)
        )
    with violates(db, "55000", "journal_lines_append_only_trg"):
        db.execute("DELETE FROM accounting.journal_lines WHERE entry_id = %s", (entry,))
    with violates(db, "55000", "journal_lines_no_truncate_trg"):
        db.execute("TRUNCATE accounting.journal_lines")
    with violates(db, "55000", "journal_entries_no_truncate_trg"):
        db.execute("TRUNCATE accounting.journal_entries, accounting.journal_lines")


@pytest.mark.invariant("ACCT-NO-LATE-LINES")
def test_no_line_after_the_creating_transaction(fresh_db: Database) -> None:
    with fresh_db.connect() as conn:
        world = World(conn)
        cash, revenue = world.account(), world.account(type="revenue")
        entry = world.post("late-1", [(cash, 100), (revenue, -100)])
        conn.execute(_LINE, (entry, cash, "EUR", 5))  # same transaction: still open
        conn.execute(_LINE, (entry, revenue, "EUR", -5))
        conn.commit()
        with violates(conn, "55000", "journal_lines_same_transaction_trg"):
            conn.execute(_LINE, (entry, cash, "EUR", 7))  # a balanced +7/-7 pair is rejected too
            conn.execute(_LINE, (entry, revenue, "EUR", -7))
        # created_txid cannot be forged to reopen an entry later.
        forged = conn.execute(
            "INSERT INTO accounting.journal_entries"
            " (posting_date, source, external_reference, currency, description, created_txid)"
            " VALUES ('2030-06-01', 'rental', 'forged', 'EUR', 'x', '1')"
            " RETURNING created_txid = pg_current_xact_id()"
        ).fetchone()
        assert forged == (True,)
        conn.rollback()


@pytest.mark.invariant("ACCT-REVERSE-ONCE")
def test_an_entry_is_reversed_at_most_once(db: psycopg.Connection[Any], world: World) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    entry = world.post("sale-1", [(cash, 100), (revenue, -100)])
    world.post("sale-1-reversal", [(cash, -100), (revenue, 100)], reverses_entry_id=entry)
    with violates(db, "23505", "journal_entries_reverses_once_uq"):
        world.post("sale-1-reversal-again", [(cash, -100), (revenue, 100)], reverses_entry_id=entry)
    with violates(db, "23514", "journal_entries_not_self_reversal_ck"):
        db.execute(
            "INSERT INTO accounting.journal_entries"
            " (id, posting_date, source, external_reference, currency, description, reverses_entry_id)"
            " VALUES (%s, '2030-06-01', 'rental', 'self', 'EUR', 'x', %s)",
            (UUID("01900000-0000-7000-8000-000000000001"), UUID("01900000-0000-7000-8000-000000000001")),
        )


@pytest.mark.invariant("ACCT-IDEMPOTENT-POSTING")
def test_posting_is_idempotent_per_source_reference(db: psycopg.Connection[Any], world: World) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    first = world.post("pay-42", [(cash, 100), (revenue, -100)])
    again = world.post("pay-42", [(revenue, -100), (cash, 100)])  # same lines, other order
    assert again == first
    assert world.post("pay-42", [(cash, 100), (revenue, -100)], source="fleet") != first
    with violates(db, "23505", "journal_entries_source_reference_uq"):
        world.post("pay-42", [(cash, 101), (revenue, -101)])
    with violates(db, "23505", "journal_entries_source_reference_uq"):
        world.post("pay-42", [(cash, 100), (revenue, -100)], description="other text")
    count = db.execute(
        "SELECT count(*) FROM accounting.journal_entries WHERE external_reference = 'pay-42'"
    ).fetchone()
    assert count == (2,)
