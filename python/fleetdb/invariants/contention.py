"""Races for one resource: what every session tries, which losses are expected, the independent query
that counts the winners, and the invariant whose violation query (``invariants/violations.py``) must
find nothing. The race tests (tests/invariants/test_races.py)
order one round by the server's lock state; ``fleetdb stress`` runs hundreds of rounds at full speed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import IsolationLevel
from psycopg.rows import dict_row

from fleetdb.invariants.violations import find_violations
from fleetdb.races import SERIALIZATION_FAILURE, snapshot_per_transaction
from fleetdb.sql_files import load_sql, sql_exists

WIN = "win"
NO_OP = "no-op"  # the statement succeeded and changed nothing (ON CONFLICT DO NOTHING)


def race_sql(name: str) -> str:
    """``sql/races/<name>.sql``: per race ``<race>.setup`` (once), optional ``<race>.round`` (per round),
    ``<race>.attempt`` (what every session tries) and ``<race>.count`` (committed winners, counted
    independently); ``world`` is the fixture every race starts from."""
    return load_sql(__package__, f"races/{name}")


@dataclass(frozen=True)
class Race:
    """n sessions try ``<name>.attempt.sql`` at once; exactly one wins each round."""

    name: str
    invariant: str
    # What a loser may get: SQLSTATE (or "no-op") -> the constraint or trigger names that may raise it.
    expected_losses: Mapping[str, frozenset[str | None]]
    # Invariants a lost race could also break (a duplicate posting can leave an unbalanced entry).
    also_checks: tuple[str, ...] = ()
    # Where session 0 tries something else than the others (schedules the job, retires the vehicle),
    # what session 0 may get when it loses; the others' losses are ``expected_losses``. Each side has
    # its own enforcing object, and a loss raised by the other side's object is a wrong verdict.
    session_0_losses: Mapping[str, frozenset[str | None]] | None = None

    def part(self, part: str) -> str | None:
        name = f"races/{self.name}.{part}"
        return load_sql(__package__, name) if sql_exists(__package__, name) else None

    def setup(self, conn: psycopg.Connection[Any]) -> dict[str, Any]:
        """Create the world and the race's own fixtures; the parameters every attempt gets."""
        params = _one_row(conn, race_sql("world"), {})
        setup = self.part("setup")
        if setup:
            params |= _one_row(conn, setup, params)
        return params

    def round(self, conn: psycopg.Connection[Any], params: Mapping[str, Any], number: int) -> dict[str, Any]:
        """The parameters of round ``number`` (the race's ``round.sql`` may create a fresh resource)."""
        merged = {**params, "round": number}
        per_round = self.part("round")
        return merged | _one_row(conn, per_round, merged) if per_round else merged

    def attempt(self) -> str:
        return race_sql(f"{self.name}.attempt")

    def committed_winners(self, conn: psycopg.Connection[Any], params: Mapping[str, Any]) -> int:
        row = conn.execute(race_sql(f"{self.name}.count"), dict(params)).fetchone()
        return int(row[0]) if row else 0

    def violations(self, conn: psycopg.Connection[Any]) -> list[str]:
        """Every violation of the race's invariants (``invariants/sql/violations.sql``); [] when they hold."""
        return [
            f"{invariant}: {violation}"
            for invariant in (self.invariant, *self.also_checks)
            for violation in find_violations(conn, invariant)
        ]

    def losses_of(self, session: int) -> Mapping[str, frozenset[str | None]]:
        """What session ``session`` may get when it loses: SQLSTATE -> constraint or trigger names."""
        if session == 0 and self.session_0_losses is not None:
            return self.session_0_losses
        return self.expected_losses

    def is_expected(
        self,
        sqlstate: str | None,
        constraint: str | None,
        isolation: IsolationLevel | None,
        session: int,
    ) -> bool:
        """A loss the race allows session ``session``: its named constraint, or, at REPEATABLE READ
        and SERIALIZABLE, a serialization failure (the winner committed after the loser's snapshot)."""
        if sqlstate == SERIALIZATION_FAILURE and snapshot_per_transaction(isolation):
            return True
        return sqlstate is not None and constraint in self.losses_of(session).get(sqlstate, frozenset())


def _one_row(conn: psycopg.Connection[Any], query: str, params: Mapping[str, Any]) -> dict[str, Any]:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(query, dict(params)).fetchone()
    return dict(row) if row else {}


def outcome_of(rows: list[Any] | None, error: BaseException | None) -> tuple[str, str | None]:
    """("win" | "no-op" | SQLSTATE, constraint name) of one attempt."""
    if error is None:
        return (WIN if rows else NO_OP), None
    if isinstance(error, psycopg.Error) and error.sqlstate:
        return error.sqlstate, error.diag.constraint_name
    raise error


RACES: tuple[Race, ...] = (
    Race("bookings", "RENT-OVERLAP", {"23P01": frozenset({"rentals_no_overlap_excl"})}),
    # Session 0 schedules a job, the others book: a booking loses to the job's trigger or to an
    # earlier booking, the job to the booking's trigger.
    Race(
        "maintenance",
        "RENT-MAINTENANCE-EXCLUSION",
        {"23P01": frozenset({"rentals_no_overlap_excl", "rentals_no_maintenance_overlap_trg"})},
        session_0_losses={"23P01": frozenset({"jobs_no_rental_overlap_trg"})},
    ),
    # Session 0 retires the vehicle, the others book it.
    Race(
        "retirement",
        "RENT-RETIRED-VEHICLE",
        {
            "55000": frozenset({"rentals_vehicle_bookable_trg"}),
            "23P01": frozenset({"rentals_no_overlap_excl"}),
        },
        session_0_losses={"55000": frozenset({"vehicles_retirement_trg"})},
    ),
    # Session 0 schedules a job, the others book 20 rentals each in one statement on two vehicles: a
    # batch loses to the job's trigger or to an earlier batch, the job to a batch's trigger.
    Race(
        "maintenance_bulk",
        "RENT-MAINTENANCE-EXCLUSION",
        {"23P01": frozenset({"rentals_no_overlap_excl", "rentals_no_maintenance_overlap_trg"})},
        session_0_losses={"23P01": frozenset({"jobs_no_rental_overlap_trg"})},
    ),
    Race("odometer", "FLEET-ODOMETER-MONOTONIC", {"23514": frozenset({"odometer_readings_monotonic_trg"})}),
    # A batch against a single reading and against other batches (set-based check, two vehicles); the
    # winners' events: every reading published, each vehicle's versions without a gap.
    Race(
        "odometer_bulk",
        "FLEET-ODOMETER-MONOTONIC",
        {"23514": frozenset({"odometer_readings_monotonic_trg"})},
        also_checks=("INTEG-OUTBOX-SAME-TX", "INTEG-OUTBOX-AGGREGATE-ORDER"),
    ),
    Race(
        "postings",
        "ACCT-IDEMPOTENT-POSTING",
        {"23505": frozenset({"journal_entries_source_reference_uq"})},
        also_checks=("ACCT-BALANCED", "ACCT-DAY-TOTALS"),
    ),
    Race("refunds", "RENT-REFUND-LIMIT", {"23514": frozenset({"refunds_within_payment_trg"})}),
    Race("job_costs", "MAINT-COST-BOUNDED", {"23514": frozenset({"job_cost_totals_parts_range_ck"})}),
    Race("payments", "RENT-PAYMENT-ONCE", {"23505": frozenset({"payments_provider_reference_uq"})}),
    Race("inbox", "INTEG-INBOX-IDEMPOTENT", {NO_OP: frozenset({None})}),
    Race(
        "reversals",
        "ACCT-REVERSE-ONCE",
        {"23505": frozenset({"journal_entries_reverses_once_uq"})},
        also_checks=("ACCT-DAY-TOTALS",),
    ),
    Race("emails", "IAM-EMAIL-UNIQUE", {"23505": frozenset({"users_email_lower_uq"})}),
)


def race_named(name: str) -> Race:
    for race in RACES:
        if race.name == name:
            return race
    raise KeyError(name)
