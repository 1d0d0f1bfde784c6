"""Generated postings: random sequences of postings (repeated references with the same or other content,
unbalanced entries, lines on an account in another currency) and reversals (twice included), against a
Python model of idempotent posting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg
import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    precondition,
    rule,
    run_state_machine_as_test,
)
from psycopg import IsolationLevel
from psycopg.types.json import Jsonb

from tests.invariants.generated import OK, ExampleScope, Outcome, attempt
from tests.support.examples import ExampleCounter, examples_at
from tests.support.world import World

DUPLICATE: Outcome = ("23505", "journal_entries_source_reference_uq")
REVERSED_TWICE: Outcome = ("23505", "journal_entries_reverses_once_uq")
UNBALANCED: Outcome = ("23514", "journal_entries_balanced_trg")
WRONG_CURRENCY: Outcome = ("23503", "journal_lines_account_fk")
_POST = "SELECT accounting.post_entry('rental', %s, '2030-06-01', 'EUR', %s, %s, %s)"

# (account index, amount) lines; account 2 holds USD, the others EUR.
Lines = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Content:
    description: str
    lines: Lines
    reverses: str | None  # reference of the reversed entry

    def key(self, ids: dict[str, UUID]) -> tuple[Any, ...]:
        return (
            self.description,
            tuple(sorted(self.lines)),
            ids.get(self.reverses) if self.reverses else None,
        )


@dataclass
class Fixtures:
    conn: psycopg.Connection[Any]
    accounts: list[UUID]
    counter: ExampleCounter


def machine(fx: Fixtures) -> type[RuleBasedStateMachine]:
    class Postings(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            fx.counter()
            self.scope = ExampleScope(fx.conn)
            self.posted: dict[str, Content] = {}
            self.ids: dict[str, UUID] = {}
            self.reversed: set[str] = set()

        def teardown(self) -> None:
            try:
                self.check_end_state()
            finally:
                self.scope.close()

        def _post(self, reference: str, content: Content) -> None:
            lines = Jsonb([{"account_id": str(fx.accounts[a]), "amount_minor": m} for a, m in content.lines])
            reverses = self.ids.get(content.reverses) if content.reverses else None
            outcome, rows = attempt(
                fx.conn, (_POST, (reference, content.description, lines, reverses)), deferred=True
            )
            expected = self._expected(reference, content)
            assert outcome == expected, f"post {reference} {content}"
            if outcome != OK:
                return
            entry = UUID(str(rows[0][0]))
            if reference in self.posted:
                assert entry == self.ids[reference], "a repeat must return the entry already posted"
                return
            self.posted[reference], self.ids[reference] = content, entry
            if content.reverses:
                self.reversed.add(content.reverses)

        def _expected(self, reference: str, content: Content) -> Outcome:
            if reference in self.posted:
                same = self.posted[reference].key(self.ids) == content.key(self.ids)
                return OK if same else DUPLICATE
            if content.reverses and content.reverses in self.reversed:
                return REVERSED_TWICE
            if any(account == 2 for account, _ in content.lines):
                return WRONG_CURRENCY
            if len(content.lines) < 2 or sum(m for _, m in content.lines) != 0:
                return UNBALANCED
            return OK

        @rule(
            reference=st.integers(0, 4),
            amount=st.sampled_from([100, 250]),
            description=st.sampled_from(["sale", "fee"]),
            shape=st.sampled_from(["balanced", "balanced", "unbalanced", "one line", "usd account"]),
        )
        def post(self, reference: int, amount: int, description: str, shape: str) -> None:
            lines: Lines = {
                "balanced": ((0, amount), (1, -amount)),
                "unbalanced": ((0, amount), (1, -amount + 1)),
                "one line": ((0, amount),),
                "usd account": ((0, amount), (2, -amount)),
            }[shape]
            self._post(f"pay-{reference}", Content(description, lines, None))

        @precondition(lambda self: self.posted)
        @rule(index=st.integers(0, 100), reference=st.integers(0, 3))
        def reverse(self, index: int, reference: int) -> None:
            """Reversal references are few, so the same reversal is retried and entries reversed twice."""
            target = sorted(self.posted)[index % len(self.posted)]
            lines = tuple((account, -amount) for account, amount in self.posted[target].lines)
            self._post(f"rev-{reference}", Content("reversal", lines, target))

        def check_end_state(self) -> None:
            """The database ends in the model's state (checked once per example, at its end)."""
            rows = fx.conn.execute(
                "SELECT external_reference, id FROM accounting.journal_entries WHERE source = 'rental'"
            ).fetchall()
            assert {str(r): UUID(str(i)) for r, i in rows} == self.ids

    return Postings


@pytest.mark.invariant("ACCT-IDEMPOTENT-POSTING")
@pytest.mark.invariant("ACCT-REVERSE-ONCE")
@pytest.mark.invariant("ACCT-BALANCED")
def test_generated_postings_match_the_model(
    level_db: psycopg.Connection[Any], isolation_level: IsolationLevel, examples: ExampleCounter
) -> None:
    db, world = level_db, World(level_db)
    accounts = [world.account("EUR"), world.account("EUR", type="revenue"), world.account("USD")]
    run_state_machine_as_test(
        machine(Fixtures(db, accounts, examples)), settings=examples_at(isolation_level)
    )
    examples.record()
