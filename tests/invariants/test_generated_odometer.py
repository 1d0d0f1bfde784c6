"""Generated odometer histories: readings in any time order (back-dated ones included), one at a time
or several in one statement, corrections and odometer replacements, and attempts to change history, on
two vehicles, against a Python model of the segment rule and of the vehicles' outbox events (one per
vehicle per statement, in versions 1, 2, ... without a gap)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
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

MONOTONIC: Outcome = ("23514", "odometer_readings_monotonic_trg")
APPEND_ONLY: Outcome = ("55000", "odometer_readings_append_only_trg")
NOT_FINITE: Outcome = ("23514", "odometer_readings_read_at_finite_ck")
_AT = "timestamptz '2030-06-01 00:00+00' + make_interval(hours => %(hour)s)"
_ORIGIN = dt.datetime(2030, 6, 1, tzinfo=dt.UTC)
Event = tuple[int, int, str, list[tuple[int, int]]]  # vehicle, version, type, its readings (hour, km)


@dataclass
class History:
    readings: list[tuple[int, int]] = field(default_factory=list)  # (hour, km)
    corrections: list[int] = field(default_factory=list)  # effective hours

    def accepts(self, hour: int, km: int) -> bool:
        """The segment rule: compare only with readings of the same segment, before <= km <= after."""
        start = max((c for c in self.corrections if c <= hour), default=None)
        end = min((c for c in self.corrections if c > hour), default=None)
        same = [
            (h, k) for h, k in self.readings if (start is None or h >= start) and (end is None or h < end)
        ]
        before = max((k for h, k in same if h <= hour), default=None)
        after = min((k for h, k in same if h >= hour), default=None)
        return (before is None or km >= before) and (after is None or km <= after)


@dataclass
class Fixtures:
    conn: psycopg.Connection[Any]
    vehicles: list[UUID]
    counter: ExampleCounter


def machine(fx: Fixtures) -> type[RuleBasedStateMachine]:
    class Odometer(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            fx.counter()
            self.scope = ExampleScope(fx.conn)
            self.model = [History(), History()]
            self.events: list[tuple[int, str, list[tuple[int, int]]]] = []  # in the order written

        def published(self, rows: list[tuple[int, int, int]]) -> None:
            """A statement's accepted rows: one event per vehicle, in the order of its first row."""
            for vehicle in dict.fromkeys(v for v, _, _ in rows):
                readings = [(h, k) for v, h, k in rows if v == vehicle]
                kind = "odometer.recorded" if len(readings) == 1 else "odometer.readings_recorded"
                self.events.append((vehicle, kind, readings))

        def teardown(self) -> None:
            try:
                self.check_end_state()
            finally:
                self.scope.close()

        @rule(
            vehicle=st.integers(0, 1), hour=st.integers(0, 30), km=st.integers(0, 12).map(lambda n: n * 500)
        )
        def read(self, vehicle: int, hour: int, km: int) -> None:
            sql = (
                "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
                f" VALUES (%(vehicle)s, %(km)s, {_AT}, 'manual')"
            )
            outcome, _ = attempt(fx.conn, (sql, {"vehicle": fx.vehicles[vehicle], "km": km, "hour": hour}))
            history = self.model[vehicle]
            assert outcome == (OK if history.accepts(hour, km) else MONOTONIC), f"{km} km at hour {hour}"
            if outcome == OK:
                history.readings.append((hour, km))
                self.published([(vehicle, hour, km)])

        @rule(
            rows=st.lists(
                st.tuples(st.integers(0, 1), st.integers(0, 30), st.integers(0, 12).map(lambda n: n * 500)),
                min_size=2,
                max_size=6,
            )
        )
        def read_batch(self, rows: list[tuple[int, int, int]]) -> None:
            """Several readings of both vehicles in one statement (the set-based check): all of them
            or none, accepted exactly when the model accepts them one after the other."""
            sql = (
                "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
                " SELECT b.vehicle, b.km, timestamptz '2030-06-01 00:00+00' + make_interval(hours => b.hour),"
                " 'telematics' FROM unnest(%(vehicles)s::uuid[], %(hours)s::int[], %(kms)s::int[])"
                " AS b(vehicle, hour, km)"
            )
            params = {
                "vehicles": [fx.vehicles[v] for v, _, _ in rows],
                "hours": [h for _, h, _ in rows],
                "kms": [k for _, _, k in rows],
            }
            outcome, _ = attempt(fx.conn, (sql, params))
            trial = [History(list(h.readings), list(h.corrections)) for h in self.model]
            accepted = True
            for vehicle, hour, km in rows:
                accepted = accepted and trial[vehicle].accepts(hour, km)
                trial[vehicle].readings.append((hour, km))
            assert outcome == (OK if accepted else MONOTONIC), f"batch {rows}"
            if accepted:
                self.model = trial
                self.published(rows)

        @rule(
            vehicle=st.integers(0, 1),
            instant=st.sampled_from(["infinity", "-infinity"]),
            km=st.integers(0, 12).map(lambda n: n * 500),
        )
        def read_at_the_edge_of_time(self, vehicle: int, instant: str, km: int) -> None:
            """Never stored: refused by the finite check, or first by the monotonic one."""
            sql = (
                "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
                " VALUES (%(vehicle)s, %(km)s, %(instant)s, 'manual')"
            )
            params = {"vehicle": fx.vehicles[vehicle], "km": km, "instant": instant}
            outcome, _ = attempt(fx.conn, (sql, params))
            assert outcome in (NOT_FINITE, MONOTONIC), f"{km} km at {instant}: {outcome}"

        @rule(
            vehicle=st.integers(0, 1),
            hour=st.integers(0, 30),
            kind=st.sampled_from(["correction", "replacement"]),
        )
        def correct(self, vehicle: int, hour: int, kind: str) -> None:
            sql = (
                "INSERT INTO fleet.odometer_corrections (vehicle_id, kind, effective_at, reason)"
                f" VALUES (%(vehicle)s, %(kind)s, {_AT}, 'generated')"
            )
            outcome, _ = attempt(
                fx.conn, (sql, {"vehicle": fx.vehicles[vehicle], "kind": kind, "hour": hour})
            )
            assert outcome == OK
            self.model[vehicle].corrections.append(hour)

        @precondition(lambda self: any(h.readings for h in self.model))
        @rule(
            statement=st.sampled_from(
                [
                    "UPDATE fleet.odometer_readings SET reading_km = 0",
                    "UPDATE fleet.odometer_readings SET read_at = read_at + interval '1 hour'",
                    "DELETE FROM fleet.odometer_readings",
                ]
            )
        )
        def rewrite_history(self, statement: str) -> None:
            outcome, _ = attempt(fx.conn, (statement, None))
            assert outcome == APPEND_ONLY

        def check_end_state(self) -> None:
            """The database ends in the model's state (checked once per example, at its end)."""
            rows = fx.conn.execute(
                "SELECT vehicle_id, extract(epoch FROM read_at - timestamptz '2030-06-01 00:00+00') / 3600,"
                " reading_km FROM fleet.odometer_readings WHERE vehicle_id = ANY(%s)",
                (fx.vehicles,),
            ).fetchall()
            have = sorted((fx.vehicles.index(v), int(h), int(km)) for v, h, km in rows)
            want = sorted((i, h, k) for i, history in enumerate(self.model) for h, k in history.readings)
            assert have == want
            self.check_events(
                {
                    reading_id
                    for (reading_id,) in fx.conn.execute(
                        "SELECT id FROM fleet.odometer_readings WHERE vehicle_id = ANY(%s)", (fx.vehicles,)
                    )
                }
            )

        def check_events(self, reading_ids: set[UUID]) -> None:
            """Each accepted statement published its vehicles' readings, versions counting up per vehicle."""
            rows = fx.conn.execute(
                "SELECT aggregate_id, aggregate_version, event_type, payload FROM fleet.outbox_events"
                " WHERE aggregate_id = ANY(%s) ORDER BY sequence_no",
                (fx.vehicles,),
            ).fetchall()
            have: list[Event] = []
            published: list[UUID] = []
            for aggregate, version, kind, payload in rows:
                if kind == "odometer.recorded":
                    payload = {key: [payload[key]] for key in ("reading_id", "reading_km", "read_at")}
                else:
                    assert payload["count"] == len(payload["reading_id"]) == len(payload["read_at"])
                hours = [
                    (dt.datetime.fromisoformat(at) - _ORIGIN) // dt.timedelta(hours=1)
                    for at in payload["read_at"]
                ]
                have.append(
                    (
                        fx.vehicles.index(aggregate),
                        version,
                        kind,
                        list(zip(hours, map(int, payload["reading_km"]), strict=True)),
                    )
                )
                published.extend(UUID(reading) for reading in payload["reading_id"])
            versions = {0: 0, 1: 0}
            want: list[Event] = []
            for vehicle, kind, readings in self.events:
                versions[vehicle] += 1
                want.append((vehicle, versions[vehicle], kind, readings))
            assert have == want
            assert sorted(published) == sorted(reading_ids)

    return Odometer


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.invariant("FLEET-ODOMETER-APPEND-ONLY")
@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
@pytest.mark.invariant("INTEG-OUTBOX-AGGREGATE-ORDER")
def test_generated_odometer_histories_match_the_model(
    level_db: psycopg.Connection[Any], isolation_level: IsolationLevel, examples: ExampleCounter
) -> None:
    db, world = level_db, World(level_db)
    home = world.location()
    fx = Fixtures(db, [world.vehicle(home_location_id=home), world.vehicle(home_location_id=home)], examples)
    run_state_machine_as_test(machine(fx), settings=examples_at(isolation_level))
    examples.record()
