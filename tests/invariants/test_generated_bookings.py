"""Generated bookings: random sequences of bookings, status changes (cancellations and attempted
re-activations included) and reschedules on two vehicles. The database must accept exactly what the
model accepts, reject the rest with the expected SQLSTATE and constraint, and hold the model's state."""

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

from tests.invariants.generated import OK, ExampleScope, Outcome, attempt
from tests.support.examples import ExampleCounter, examples_at
from tests.support.world import World

LIVE = {"reserved", "active"}
LEGAL = {("reserved", "active"), ("reserved", "cancelled"), ("reserved", "no_show"), ("active", "completed")}
STATUSES = ["reserved", "active", "completed", "cancelled", "no_show"]
OVERLAP: Outcome = ("23P01", "rentals_no_overlap_excl")
TRANSITION: Outcome = ("23514", "rentals_status_transition_trg")

_SPAN = (
    "tstzrange(timestamptz '2030-06-01 00:00+00' + make_interval(hours => %(start)s),"
    " timestamptz '2030-06-01 00:00+00' + make_interval(hours => %(end)s), '[)')"
)
_BOOK = (
    "INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period,"
    f" currency, status) VALUES (%(vehicle)s, %(customer)s, %(location)s, %(location)s, {_SPAN}, 'EUR',"
    " %(status)s) RETURNING id"
)


@dataclass
class Booking:
    vehicle: int
    start: int
    end: int
    status: str


@dataclass
class Fixtures:
    conn: psycopg.Connection[Any]
    vehicles: list[UUID]
    customer: UUID
    location: UUID
    counter: ExampleCounter


def machine(fx: Fixtures) -> type[RuleBasedStateMachine]:
    class Bookings(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            fx.counter()
            self.scope = ExampleScope(fx.conn)
            self.model: dict[UUID, Booking] = {}

        def teardown(self) -> None:
            try:
                self.check_end_state()
            finally:
                self.scope.close()

        def _clashes(self, vehicle: int, start: int, end: int, ignore: UUID | None = None) -> bool:
            return any(
                b.vehicle == vehicle and b.status in LIVE and b.start < end and start < b.end
                for key, b in self.model.items()
                if key != ignore
            )

        def _pick(self, index: int) -> UUID:
            return list(self.model)[index % len(self.model)]

        @rule(
            vehicle=st.integers(0, 1),
            start=st.integers(0, 40),
            length=st.integers(1, 12),
            status=st.sampled_from(["reserved", "reserved", "active"]),
        )
        def book(self, vehicle: int, start: int, length: int, status: str) -> None:
            end = start + length
            params = {
                "vehicle": fx.vehicles[vehicle],
                "customer": fx.customer,
                "location": fx.location,
                "start": start,
                "end": end,
                "status": status,
            }
            outcome, rows = attempt(fx.conn, (_BOOK, params))
            expected = OVERLAP if self._clashes(vehicle, start, end) else OK
            assert outcome == expected, f"book vehicle {vehicle} [{start}, {end}) {status}"
            if outcome == OK:
                self.model[UUID(str(rows[0][0]))] = Booking(vehicle, start, end, status)

        @precondition(lambda self: self.model)
        @rule(index=st.integers(0, 100), status=st.sampled_from(STATUSES))
        def change_status(self, index: int, status: str) -> None:
            """Includes cancelled -> reserved (a re-activation) and every other illegal move."""
            key, target = self._pick(index), status
            booking = self.model[key]
            sql = "UPDATE rental.rentals SET status = %(target)s WHERE id = %(id)s"
            outcome, _ = attempt(fx.conn, (sql, {"target": target, "id": key}))
            legal = booking.status == target or (booking.status, target) in LEGAL
            if not legal:
                expected = TRANSITION
            elif (
                target in LIVE
                and booking.status not in LIVE
                and self._clashes(booking.vehicle, booking.start, booking.end, key)
            ):
                expected = OVERLAP
            else:
                expected = OK
            assert outcome == expected, f"{booking.status} -> {target}"
            if outcome == OK:
                booking.status = target

        @precondition(lambda self: self.model)
        @rule(index=st.integers(0, 100), start=st.integers(0, 40), length=st.integers(1, 12))
        def reschedule(self, index: int, start: int, length: int) -> None:
            key = self._pick(index)
            booking = self.model[key]
            end = start + length
            sql = f"UPDATE rental.rentals SET period = {_SPAN} WHERE id = %(id)s"
            outcome, _ = attempt(fx.conn, (sql, {"start": start, "end": end, "id": key}))
            clash = booking.status in LIVE and self._clashes(booking.vehicle, start, end, key)
            assert outcome == (OVERLAP if clash else OK), f"reschedule {booking} to [{start}, {end})"
            if outcome == OK:
                booking.start, booking.end = start, end

        def check_end_state(self) -> None:
            """The database ends in the model's state (checked once per example, at its end)."""
            rows = fx.conn.execute(
                "SELECT id, vehicle_id,"
                " extract(epoch FROM lower(period) - timestamptz '2030-06-01 00:00+00') / 3600,"
                " extract(epoch FROM upper(period) - timestamptz '2030-06-01 00:00+00') / 3600, status"
                " FROM rental.rentals WHERE vehicle_id = ANY(%s)",
                (fx.vehicles,),
            ).fetchall()
            have = {UUID(str(r[0])): (fx.vehicles.index(r[1]), int(r[2]), int(r[3]), r[4]) for r in rows}
            want = {k: (b.vehicle, b.start, b.end, b.status) for k, b in self.model.items()}
            assert have == want

    return Bookings


@pytest.mark.invariant("RENT-OVERLAP")
@pytest.mark.invariant("RENT-STATUS-TRANSITION")
def test_generated_bookings_match_the_model(
    level_db: psycopg.Connection[Any], isolation_level: IsolationLevel, examples: ExampleCounter
) -> None:
    db, world = level_db, World(level_db)
    home = world.location()
    fx = Fixtures(
        db,
        [world.vehicle(home_location_id=home), world.vehicle(home_location_id=home)],
        world.customer(),
        home,
        examples,
    )
    run_state_machine_as_test(machine(fx), settings=examples_at(isolation_level))
    examples.record()
