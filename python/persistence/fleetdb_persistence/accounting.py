"""Accounting: idempotent journal postings, reversals, and entries with their lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from psycopg.types.json import Jsonb

from fleetdb_persistence.errors import DuplicatePosting, NotFound
from fleetdb_persistence.queries import query

if TYPE_CHECKING:
    from fleetdb_persistence.transaction import Transaction

Source = Literal["iam", "fleet", "rental", "maintenance", "accounting"]


@dataclass(frozen=True, slots=True)
class NewLine:
    account_id: UUID
    amount_minor: int  # debit > 0, credit < 0
    memo: str = ""


@dataclass(frozen=True, slots=True)
class NewEntry:
    source: Source
    external_reference: str  # the business event in the source module; one entry per (source, reference)
    posting_date: date
    currency: str
    description: str
    lines: Sequence[NewLine]
    reverses_entry_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class Account:
    id: UUID
    code: str
    name: str
    type: str
    currency: str


@dataclass(frozen=True, slots=True)
class JournalLine:
    id: UUID
    entry_id: UUID
    account_id: UUID
    currency: str
    amount_minor: int
    memo: str


@dataclass(frozen=True, slots=True)
class JournalEntry:
    id: UUID
    posting_date: date
    source: str
    external_reference: str
    currency: str
    description: str
    reverses_entry_id: UUID | None
    created_at: datetime
    lines: list[JournalLine] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PostedEntry:
    entry: JournalEntry
    created: bool  # False: the same posting was already recorded, and ``entry`` is that one


class AccountingRepository:
    def __init__(self, uow: Transaction) -> None:
        self.uow = uow

    def post_entry(self, new: NewEntry, *, require_new: bool = False) -> PostedEntry:
        """Post an entry with its lines, idempotently: the same request again returns the recorded entry
        with ``created=False`` (or raises DuplicatePosting carrying it, when ``require_new``).
        Raises PostingConflict (same reference, different content), UnbalancedEntry, CurrencyMismatch
        (an account in another currency), AlreadyReversed, InvalidValue (a zero line)."""
        params = {
            "source": new.source,
            "external_reference": new.external_reference,
            "posting_date": new.posting_date,
            "currency": new.currency,
            "description": new.description,
            "lines": Jsonb(
                [
                    {"account_id": str(line.account_id), "amount_minor": line.amount_minor, "memo": line.memo}
                    for line in new.lines
                ]
            ),
            "reverses_entry_id": new.reverses_entry_id,
        }
        with self.uow.attempt():
            entry_id = self.uow.fetch_value(query("accounting", "post_entry"), params)
            self.uow.execute(query("accounting", "check_balanced_now"))
        created = bool(
            self.uow.fetch_value(query("accounting", "created_in_this_transaction"), {"entry_id": entry_id})
        )
        posted = PostedEntry(self.details(entry_id), created)
        if require_new and not created:
            duplicate = DuplicatePosting(
                f"{new.source} entry {new.external_reference} is already posted (entry {entry_id})",
                sqlstate="23505",
                constraint="journal_entries_source_reference_uq",
                table="accounting.journal_entries",
            )
            duplicate.existing = posted.entry
            raise duplicate
        return posted

    def reverse_entry(
        self,
        entry_id: UUID,
        *,
        external_reference: str,
        posting_date: date,
        description: str | None = None,
    ) -> PostedEntry:
        """Post the reversal of an entry (every line negated). Idempotent under the same reference;
        raises AlreadyReversed when another reversal exists, NotFound for an unknown entry."""
        original = self.details(entry_id)
        return self.post_entry(
            NewEntry(
                source="accounting",
                external_reference=external_reference,
                posting_date=posting_date,
                currency=original.currency,
                description=description or f"Reversal of {original.source} {original.external_reference}",
                lines=[NewLine(line.account_id, -line.amount_minor, line.memo) for line in original.lines],
                reverses_entry_id=entry_id,
            )
        )

    def reversal_of(self, entry_id: UUID) -> UUID | None:
        return self.uow.fetch_value(query("accounting", "reversal_of"), {"entry_id": entry_id})  # type: ignore[no-any-return]

    def account(self, code: str) -> Account:
        found = self.uow.fetch_one(query("accounting", "account_by_code"), {"code": code}, Account)
        if found is None:
            raise NotFound(
                f"account {code}",
                hint="Accounts are reference data the DBA loads as the owner (docs/db/persistence.md).",
            )
        return found

    def details(self, entry_id: UUID) -> JournalEntry:
        found = self.details_of([entry_id])
        if not found:
            raise NotFound(f"journal entry {entry_id}")
        return found[0]

    def details_of(self, entry_ids: list[UUID]) -> list[JournalEntry]:
        """Entries with their lines: two statements however many lines there are."""
        params = {"entry_ids": entry_ids}
        entries = self.uow.fetch_all(query("accounting", "get_entries"), params, JournalEntry)
        lines = self.uow.fetch_all(query("accounting", "lines_of_entries"), params, JournalLine)
        by_id = {entry.id: entry for entry in entries}
        for line in lines:
            by_id[line.entry_id].lines.append(line)
        return entries
