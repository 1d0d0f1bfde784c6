"""Accounting repository against the real schema: each call's success and each of its domain errors."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

import psycopg
import pytest

from fleetdb_persistence import Store, UnitOfWork, translate
from fleetdb_persistence.accounting import NewEntry, NewLine
from fleetdb_persistence.errors import (
    AlreadyReversed,
    AppendOnlyViolation,
    CurrencyMismatch,
    DuplicatePosting,
    InvalidValue,
    NotFound,
    PostingConflict,
    UnbalancedEntry,
)
from tests.persistence.factories import Reference

DAY = date(2030, 6, 1)


def _entry(reference: Reference, amount: int = 15_000, **changes: Any) -> NewEntry:
    values: dict[str, Any] = {
        "source": "rental",
        "external_reference": f"payment:{uuid.uuid4()}",
        "posting_date": DAY,
        "currency": "EUR",
        "description": "Rental paid",
        "lines": [
            NewLine(reference.bank_eur, amount, "card"),
            NewLine(reference.revenue_eur, -amount, "3 days"),
        ],
    }
    values.update(changes)
    return NewEntry(**values)


def test_post_entry_with_lines(uow: UnitOfWork, reference: Reference) -> None:
    new = _entry(reference)
    posted = uow.accounting.post_entry(new)
    assert posted.created
    entry = posted.entry
    assert (entry.source, entry.external_reference, entry.currency) == (
        "rental",
        new.external_reference,
        "EUR",
    )
    assert sorted((line.account_id, line.amount_minor) for line in entry.lines) == sorted(
        [(reference.bank_eur, 15_000), (reference.revenue_eur, -15_000)]
    )


def test_posting_again_returns_the_recorded_entry(store: Store, reference: Reference) -> None:
    new = _entry(reference)
    with store.unit_of_work() as uow:
        first = uow.accounting.post_entry(new)
        uow.commit()
    with store.unit_of_work() as again:
        repeated = again.accounting.post_entry(new)
        assert (repeated.created, repeated.entry) == (False, first.entry)
        with pytest.raises(DuplicatePosting) as caught:
            again.accounting.post_entry(new, require_new=True)
        assert caught.value.existing == first.entry
        assert caught.value.constraint == "journal_entries_source_reference_uq"


def test_same_reference_with_other_content_is_a_posting_conflict(
    uow: UnitOfWork, reference: Reference
) -> None:
    new = _entry(reference)
    uow.accounting.post_entry(new)
    with pytest.raises(PostingConflict) as caught:
        uow.accounting.post_entry(_entry(reference, amount=14_000, external_reference=new.external_reference))
    assert (caught.value.sqlstate, caught.value.constraint) == (
        "23505",
        "journal_entries_source_reference_uq",
    )


@pytest.mark.parametrize("amounts", [(15_000, -14_000), (15_000,)])
def test_unbalanced_entry_is_reported_at_the_call(
    uow: UnitOfWork, reference: Reference, amounts: tuple[int, ...]
) -> None:
    accounts = [reference.bank_eur, reference.revenue_eur]
    lines = [NewLine(account, amount) for account, amount in zip(accounts, amounts, strict=False)]
    with pytest.raises(UnbalancedEntry) as caught:
        uow.accounting.post_entry(_entry(reference, lines=lines))
    assert caught.value.sqlstate == "23514"
    assert caught.value.constraint in {"journal_entries_balanced_trg", "journal_lines_balanced_trg"}
    # The unit of work goes on: a balanced entry still posts and commits.
    assert uow.accounting.post_entry(_entry(reference)).created
    uow.commit()


def test_line_on_an_account_in_another_currency(uow: UnitOfWork, reference: Reference) -> None:
    lines = [NewLine(reference.bank_usd, 100), NewLine(reference.revenue_eur, -100)]
    with pytest.raises(CurrencyMismatch) as caught:
        uow.accounting.post_entry(_entry(reference, lines=lines))
    assert (caught.value.sqlstate, caught.value.constraint) == ("23503", "journal_lines_account_fk")


def test_zero_line_is_invalid(uow: UnitOfWork, reference: Reference) -> None:
    lines = [NewLine(reference.bank_eur, 0), NewLine(reference.revenue_eur, 0)]
    with pytest.raises(InvalidValue) as caught:
        uow.accounting.post_entry(_entry(reference, lines=lines))
    assert caught.value.constraint == "journal_lines_amount_nonzero_ck"


def test_reverse_entry_once(uow: UnitOfWork, reference: Reference) -> None:
    original = uow.accounting.post_entry(_entry(reference)).entry
    reversal = uow.accounting.reverse_entry(
        original.id, external_reference=f"reversal:{original.id}", posting_date=DAY
    )
    assert reversal.created
    assert reversal.entry.reverses_entry_id == original.id
    assert sorted(line.amount_minor for line in reversal.entry.lines) == [-15_000, 15_000]
    assert uow.accounting.reversal_of(original.id) == reversal.entry.id
    again = uow.accounting.reverse_entry(
        original.id, external_reference=f"reversal:{original.id}", posting_date=DAY
    )
    assert again.entry.id == reversal.entry.id
    with pytest.raises(AlreadyReversed) as caught:
        uow.accounting.reverse_entry(original.id, external_reference=f"other:{original.id}", posting_date=DAY)
    assert (caught.value.sqlstate, caught.value.constraint) == ("23505", "journal_entries_reverses_once_uq")


def test_reverse_unknown_entry(uow: UnitOfWork) -> None:
    with pytest.raises(NotFound):
        uow.accounting.reverse_entry(uuid.uuid4(), external_reference="reversal:x", posting_date=DAY)


def test_account_by_code(uow: UnitOfWork, reference: Reference) -> None:
    assert uow.accounting.account("1200-EUR").id == reference.bank_eur
    with pytest.raises(NotFound):
        uow.accounting.account("9999")


def test_entries_are_append_only(
    uow: UnitOfWork, reference: Reference, superuser: psycopg.Connection[Any]
) -> None:
    entry = uow.accounting.post_entry(_entry(reference)).entry
    uow.commit()
    with pytest.raises(psycopg.Error) as caught:
        superuser.execute("DELETE FROM accounting.journal_lines WHERE entry_id = %s", [entry.id])
    error = translate(caught.value)
    assert isinstance(error, AppendOnlyViolation)
    assert (error.sqlstate, error.constraint) == ("55000", "journal_lines_append_only_trg")


def test_posting_in_one_unit_of_work_twice_counts_as_created_here(
    uow: UnitOfWork, reference: Reference
) -> None:
    """Documented limit: 'created' means 'written by this transaction'."""
    new = _entry(reference)
    first = uow.accounting.post_entry(new)
    second = uow.accounting.post_entry(replace(new))
    assert first.entry == second.entry and second.created
