"""accounting: duplicate postings, balance at commit, late lines, currencies, reversals, immutability."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
import pytest

from fleetdb.databases import Database
from tests.support.world import World, violates

_LINE = (
    "INSERT INTO accounting.journal_lines (entry_id, account_id, currency, posting_date, amount_minor)"
    " VALUES (%s, %s, %s, '2030-06-01', %s)"
)


def _count(conn: psycopg.Connection[Any], query: str, params: tuple[Any, ...] = ()) -> int:
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return int(row[0])


def _now(db: psycopg.Connection[Any]) -> None:
    """Fire the deferred balance triggers now (what COMMIT would do) without leaving the transaction."""
    db.execute("SET CONSTRAINTS ALL IMMEDIATE")
    db.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def accounts(world: World) -> tuple[UUID, UUID]:
    return world.account(), world.account(type="revenue")


@pytest.mark.invariant("ACCT-IDEMPOTENT-POSTING")
def test_the_same_reference_and_content_returns_the_same_entry(
    db: psycopg.Connection[Any], world: World, accounts: tuple[UUID, UUID]
) -> None:
    cash, revenue = accounts
    first = world.post("pay-1", [(cash, 250), (revenue, -250)])
    for _ in range(3):
        assert world.post("pay-1", [(revenue, -250), (cash, 250)]) == first
    _now(db)
    assert (
        _count(db, "SELECT count(*) FROM accounting.journal_entries WHERE external_reference = 'pay-1'") == 1
    )
    assert _count(db, "SELECT count(*) FROM accounting.journal_lines WHERE entry_id = %s", (first,)) == 2


@pytest.mark.invariant("ACCT-IDEMPOTENT-POSTING")
@pytest.mark.parametrize(
    "change",
    ["amount", "account", "description", "date", "extra line", "reversal"],
)
def test_the_same_reference_with_other_content_raises(
    db: psycopg.Connection[Any], world: World, accounts: tuple[UUID, UUID], change: str
) -> None:
    cash, revenue = accounts
    other = world.account(type="revenue")
    lines = [(cash, 250), (revenue, -250)]
    earlier = world.post("earlier", lines)
    world.post("pay-1", lines)
    variants: dict[str, tuple[list[tuple[UUID, int]], dict[str, Any]]] = {
        "amount": ([(cash, 251), (revenue, -251)], {}),
        "account": ([(cash, 250), (other, -250)], {}),
        "description": (lines, {"description": "something else"}),
        "date": (lines, {"posting_date": "2030-06-02"}),
        "extra line": ([(cash, 250), (revenue, -200), (revenue, -50)], {}),
        "reversal": ([(cash, -250), (revenue, 250)], {"reverses_entry_id": earlier}),
    }
    new_lines, options = variants[change]
    with violates(db, "23505", "journal_entries_source_reference_uq"):
        world.post("pay-1", new_lines, **options)
    assert (
        _count(db, "SELECT count(*) FROM accounting.journal_entries WHERE external_reference = 'pay-1'") == 1
    )


@pytest.mark.invariant("ACCT-BALANCED")
def test_an_unbalanced_entry_fails_at_commit_and_leaves_nothing(fresh_db: Database) -> None:
    with fresh_db.connect() as conn:
        world = World(conn)
        cash, revenue = world.account(), world.account(type="revenue")
        conn.commit()
        world.post("unbalanced", [(cash, 100), (revenue, -99)])  # accepted until COMMIT
        with pytest.raises(psycopg.errors.CheckViolation) as caught:
            conn.commit()
        assert caught.value.diag.constraint_name == "journal_entries_balanced_trg"
        world.post("one-line", [(cash, 100)])
        with pytest.raises(psycopg.errors.CheckViolation) as caught:
            conn.commit()
        assert caught.value.diag.constraint_name == "journal_entries_balanced_trg"
        world.post("balanced", [(cash, 100), (revenue, -60), (revenue, -40)])
        conn.commit()
        assert _count(conn, "SELECT count(*) FROM accounting.journal_entries") == 1


@pytest.mark.invariant("ACCT-BALANCED")
def test_an_entry_without_lines_fails_at_commit(fresh_db: Database) -> None:
    with fresh_db.connect() as conn:
        conn.execute(
            "INSERT INTO accounting.journal_entries (posting_date, source, external_reference, currency,"
            " description) VALUES ('2030-06-01', 'rental', 'empty', 'EUR', 'no lines')"
        )
        with pytest.raises(psycopg.errors.CheckViolation) as caught:
            conn.commit()
        assert caught.value.diag.constraint_name == "journal_entries_balanced_trg"


@pytest.mark.invariant("ACCT-BALANCED")
def test_late_lines_are_checked_for_balance_even_without_the_late_line_guard(fresh_db: Database) -> None:
    """Defence in depth: with journal_lines_same_transaction_trg switched off (in this throwaway
    database), an unbalancing late line is still rejected at commit by journal_lines_balanced_trg."""
    with fresh_db.connect() as conn:
        world = World(conn)
        cash, revenue = world.account(), world.account(type="revenue")
        entry = world.post("sale", [(cash, 100), (revenue, -100)])
        conn.commit()  # ALTER TABLE refuses to run while the entry's balance check is pending
        conn.execute(
            "ALTER TABLE accounting.journal_lines DISABLE TRIGGER journal_lines_same_transaction_trg"
        )
        conn.commit()
        conn.execute(_LINE, (entry, cash, "EUR", 5))
        with pytest.raises(psycopg.errors.CheckViolation) as caught:
            conn.commit()
        assert caught.value.diag.constraint_name == "journal_lines_balanced_trg"


@pytest.mark.invariant("ACCT-NO-LATE-LINES")
def test_a_late_balanced_pair_on_a_posted_entry_fails(fresh_db: Database) -> None:
    with fresh_db.connect() as conn:
        world = World(conn)
        cash, revenue = world.account(), world.account(type="revenue")
        entry = world.post("sale", [(cash, 100), (revenue, -100)])
        conn.commit()
        with violates(conn, "55000", "journal_lines_same_transaction_trg"):
            conn.execute(_LINE, (entry, cash, "EUR", 7))
            conn.execute(_LINE, (entry, revenue, "EUR", -7))
        conn.commit()
        assert (
            _count(conn, "SELECT count(*) FROM accounting.journal_lines WHERE entry_id = %s", (entry,)) == 2
        )


@pytest.mark.invariant("ACCT-NO-LATE-LINES")
def test_created_txid_cannot_be_forged_to_reopen_an_entry_later(fresh_db: Database) -> None:
    with fresh_db.connect() as conn:
        world = World(conn)
        cash, revenue = world.account(), world.account(type="revenue")
        conn.commit()
        # Claim a transaction id far in the future, so that a later transaction could add lines.
        row = conn.execute(
            "INSERT INTO accounting.journal_entries (posting_date, source, external_reference, currency,"
            " description, created_txid) VALUES ('2030-06-01', 'rental', 'forged', 'EUR', 'x',"
            " (pg_current_xact_id()::text::bigint + 1)::text::xid8)"
            " RETURNING id, created_txid = pg_current_xact_id()"
        ).fetchone()
        assert row is not None
        entry, stamped = row
        assert stamped, "created_txid must be the inserting transaction, whatever the INSERT says"
        conn.execute(_LINE, (entry, cash, "EUR", 100))
        conn.execute(_LINE, (entry, revenue, "EUR", -100))
        conn.commit()
        with violates(conn, "55000", "journal_lines_same_transaction_trg"):
            conn.execute(_LINE, (entry, cash, "EUR", 1))
            conn.execute(_LINE, (entry, revenue, "EUR", -1))


@pytest.mark.invariant("ACCT-ONE-CURRENCY")
def test_currency_mismatch_between_line_entry_and_account_fails(
    db: psycopg.Connection[Any], world: World
) -> None:
    eur, eur_revenue, usd = world.account("EUR"), world.account("EUR", type="revenue"), world.account("USD")
    with violates(db, "23503", "journal_lines_account_fk"):
        world.post("fx-1", [(eur, 100), (usd, -100)], currency="EUR")  # account in another currency
    with violates(db, "23503", "journal_lines_account_fk"):
        world.post("fx-2", [(eur, 100), (eur_revenue, -100)], currency="USD")  # entry in another currency
    entry = world.post("fx-3", [(eur, 100), (eur_revenue, -100)])
    with violates(db, "23503", "journal_lines_entry_fk"):
        db.execute(_LINE, (entry, usd, "USD", 5))  # line and account agree, the entry does not
    with violates(db, "23503", "journal_lines_entry_fk"):
        db.execute(
            "INSERT INTO accounting.journal_lines (entry_id, account_id, currency, posting_date,"
            " amount_minor) VALUES (%s, %s, 'EUR', '2030-07-01', 5)",
            (entry, eur),
        )  # posting date differs from the entry's
    with violates(db, "23503", "journal_entries_reverses_fk"):
        world.post(
            "fx-3-reversal",
            [(usd, -100), (world.account("USD"), 100)],
            currency="USD",
            reverses_entry_id=entry,
        )


@pytest.mark.invariant("ACCT-REVERSE-ONCE")
def test_reversing_an_entry_twice_fails(db: psycopg.Connection[Any], world: World) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    entry = world.post("sale", [(cash, 100), (revenue, -100)])
    reversal = world.post("sale-rev", [(cash, -100), (revenue, 100)], reverses_entry_id=entry)
    with violates(db, "23505", "journal_entries_reverses_once_uq"):
        world.post("sale-rev-2", [(cash, -100), (revenue, 100)], reverses_entry_id=entry)
    world.post(
        "sale-rev-rev", [(cash, 100), (revenue, -100)], reverses_entry_id=reversal
    )  # reversing the reversal
    with violates(db, "23514", "journal_entries_not_self_reversal_ck"):
        db.execute(
            "INSERT INTO accounting.journal_entries (id, posting_date, source, external_reference, currency,"
            " description, reverses_entry_id) VALUES (%s, '2030-06-01', 'rental', 'self', 'EUR', 'x', %s)",
            (UUID(int=7), UUID(int=7)),
        )


@pytest.mark.invariant("ACCT-LINE-NONZERO")
def test_a_zero_line_fails_even_in_a_balanced_entry(db: psycopg.Connection[Any], world: World) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    with violates(db, "23514", "journal_lines_amount_nonzero_ck"):
        world.post("zero", [(cash, 100), (revenue, -100), (revenue, 0)])


@pytest.mark.invariant("ACCT-IMMUTABLE")
@pytest.mark.parametrize(
    ("statement", "trigger"),
    [
        ("UPDATE accounting.journal_entries SET description = 'changed'", "journal_entries_append_only_trg"),
        (
            "UPDATE accounting.journal_entries SET posting_date = posting_date",
            "journal_entries_append_only_trg",
        ),
        ("DELETE FROM accounting.journal_entries", "journal_entries_append_only_trg"),
        ("TRUNCATE accounting.journal_entries CASCADE", "journal_entries_no_truncate_trg"),
        ("UPDATE accounting.journal_lines SET amount_minor = -amount_minor", "journal_lines_append_only_trg"),
        ("DELETE FROM accounting.journal_lines", "journal_lines_append_only_trg"),
        ("TRUNCATE accounting.journal_lines", "journal_lines_no_truncate_trg"),
    ],
)
def test_posted_entries_and_lines_cannot_be_changed(
    db: psycopg.Connection[Any], world: World, statement: str, trigger: str
) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    world.post("sale", [(cash, 100), (revenue, -100)])
    _now(db)
    db.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses to run with trigger events pending
    with violates(db, "55000", trigger):
        db.execute(statement)


@pytest.mark.invariant("ACCT-IMMUTABLE")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE accounting.journal_lines SET memo = 'x'",
        "INSERT INTO accounting.journal_lines (entry_id, account_id, currency, posting_date, amount_minor)"
        " SELECT entry_id, account_id, currency, posting_date, 1 FROM accounting.journal_lines LIMIT 1",
        "DELETE FROM accounting.journal_entries",
        "TRUNCATE accounting.journal_entries",  # CASCADE would also need TRUNCATE on the lines
    ],
)
def test_the_application_cannot_write_the_journal_directly(
    db: psycopg.Connection[Any], world: World, statement: str
) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    world.post("sale", [(cash, 100), (revenue, -100)])
    db.execute("SET CONSTRAINTS ALL IMMEDIATE")
    db.execute("SET LOCAL ROLE fleetdb_app")
    with violates(db, "42501", None):
        db.execute(statement)
    db.execute("RESET ROLE")
