"""Outbox and inbox through the repositories: events commit with the change that writes them, the relay
(a login in fleetdb_relay) publishes each aggregate's events one at a time in version order, the
application can neither write nor publish events, an inbound message is handled once."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest
from psycopg import sql

from fleetdb_persistence import Store, UnitOfWork, handle_once, odometer_readings, relay_once
from fleetdb_persistence.errors import NotPermitted
from fleetdb_persistence.integration import OutboxEvent
from tests.persistence.factories import Reference, make_rental, make_vehicle

Conn = psycopg.Connection[Any]


def _publish_all(relay: Store, wanted: set[uuid.UUID]) -> list[list[OutboxEvent]]:
    """Relay passes until a pass publishes none of the ``wanted`` aggregates' events; each pass's events
    of those aggregates, in the order the relay handed them to the publisher."""
    passes: list[list[OutboxEvent]] = []
    delivered: list[OutboxEvent] = []
    for _ in range(20):
        relay_once(relay, "rental", delivered.extend, limit=100_000)
        mine = [event for event in delivered if event.aggregate_id in wanted]
        delivered.clear()
        if not mine:
            return passes
        passes.append(mine)
    raise AssertionError(f"the relay never ran dry: {passes}")


def _rental_through_its_life(store: Store, reference: Reference) -> uuid.UUID:
    """reserved, activated, completed: three units of work, three events of one aggregate."""
    with store.unit_of_work() as uow:
        rental = make_rental(uow, reference)
        uow.commit()
    for step in ("activate", "complete"):
        with store.unit_of_work() as uow:
            getattr(uow.rental, step)(rental.id)
            uow.commit()
    return rental.id


def test_booking_writes_its_event_and_the_relay_publishes_it_once(
    store: Store, relay: Store, reference: Reference
) -> None:
    with store.unit_of_work() as uow:
        rental = make_rental(uow, reference)
        uow.commit()
    passes = _publish_all(relay, {rental.id})
    assert [[(e.event_type, e.aggregate_version) for e in batch] for batch in passes] == [
        [("rental.reserved", 1)]
    ]
    assert passes[0][0].published_at is None  # as claimed; the relay marked it in the same transaction
    assert _publish_all(relay, {rental.id}) == []  # published: never claimed again


def test_an_aggregates_events_are_published_one_per_pass_in_version_order(
    store: Store, relay: Store, reference: Reference
) -> None:
    rental = _rental_through_its_life(store, reference)
    passes = _publish_all(relay, {rental})
    assert [[(e.event_type, e.aggregate_version) for e in batch] for batch in passes] == [
        [("rental.reserved", 1)],
        [("rental.activated", 2)],
        [("rental.completed", 3)],
    ]


def test_an_event_of_a_rolled_back_unit_of_work_never_exists(
    store: Store, relay: Store, reference: Reference
) -> None:
    with store.unit_of_work() as uow:
        rental = make_rental(uow, reference)
        uow.rollback()
    assert _publish_all(relay, {rental.id}) == []


def test_an_aggregate_claimed_by_one_relay_is_skipped_by_the_other(
    store: Store, relay: Store, reference: Reference
) -> None:
    """SKIP LOCKED: the second relay neither waits for the first nor takes the aggregate's next event
    while the first holds its earlier one."""
    rental = _rental_through_its_life(store, reference)
    with relay.unit_of_work() as first, relay.unit_of_work() as second:
        held = [e for e in first.integration.claim_batch("rental", 100_000) if e.aggregate_id == rental]
        assert [e.event_type for e in held] == ["rental.reserved"]
        other = [e for e in second.integration.claim_batch("rental", 100_000) if e.aggregate_id == rental]
        assert other == []


def test_a_failed_publish_hands_the_batch_back(store: Store, relay: Store, reference: Reference) -> None:
    with store.unit_of_work() as uow:
        rental = make_rental(uow, reference)
        uow.commit()

    def broker_down(batch: list[OutboxEvent]) -> None:
        raise ConnectionError("broker unreachable")

    with pytest.raises(ConnectionError):
        relay_once(relay, "rental", broker_down, limit=100_000)
    assert [[e.event_type for e in batch] for batch in _publish_all(relay, {rental.id})] == [
        ["rental.reserved"]
    ]


def test_an_open_older_transaction_does_not_hold_the_relay_back(
    store: Store, relay: Store, reference: Reference
) -> None:
    """v1.0 read only below the cluster's transaction horizon, so one long transaction stalled every
    relay. Per-aggregate versions make the horizon unnecessary: a committed event is due at once."""
    with store.unit_of_work() as open_writer:
        make_rental(open_writer, reference)  # holds a transaction id, never commits
        with store.unit_of_work() as uow:
            rental = make_rental(uow, reference)
            uow.commit()
        assert [[e.event_type for e in b] for b in _publish_all(relay, {rental.id})] == [["rental.reserved"]]


def test_the_application_may_neither_write_nor_publish_events(
    store: Store, relay: Store, reference: Reference
) -> None:
    with store.unit_of_work() as uow:
        rental = make_rental(uow, reference)
        uow.commit()
    with store.unit_of_work() as uow, pytest.raises(NotPermitted) as caught:
        uow.integration.claim_batch("rental")
    assert caught.value.sqlstate == "42501"
    with store.unit_of_work() as uow, pytest.raises(NotPermitted):
        uow.integration.mark_published("rental", [uuid.uuid4()])
    forged = sql.SQL(
        "INSERT INTO rental.outbox_events (aggregate_type, aggregate_id, event_type, payload)"
        " VALUES ('rental', %s, 'rental.completed', '{}')"
    )
    with store.unit_of_work() as uow, pytest.raises(NotPermitted):
        uow.execute(forged, (rental.id,))
    assert [[e.event_type for e in b] for b in _publish_all(relay, {rental.id})] == [["rental.reserved"]]


def test_unknown_module_is_refused(relay: Store) -> None:
    with relay.unit_of_work() as uow, pytest.raises(ValueError, match="unknown module"):
        uow.integration.claim_batch("billing")  # type: ignore[arg-type]


def test_an_inbound_message_is_handled_once(store: Store, reference: Reference) -> None:
    message_id = uuid.uuid4()
    calls: list[uuid.UUID] = []

    def handler(uow: UnitOfWork) -> uuid.UUID:
        rental = make_rental(uow, reference)
        calls.append(rental.id)
        return rental.id

    first = handle_once(store, "rental", "booking-importer", message_id, handler)
    second = handle_once(store, "rental", "booking-importer", message_id, handler)
    assert (first.processed, second.processed, second.result) == (True, False, None)
    assert calls == [first.result]
    other_consumer = handle_once(store, "rental", "reporting", message_id, handler)
    assert other_consumer.processed


def test_a_failed_handler_leaves_the_message_unprocessed(store: Store) -> None:
    message_id = uuid.uuid4()

    def failing(uow: UnitOfWork) -> None:
        raise RuntimeError("downstream validation failed")

    with pytest.raises(RuntimeError):
        handle_once(store, "fleet", "telematics", message_id, failing)
    assert handle_once(store, "fleet", "telematics", message_id, lambda uow: "ok").result == "ok"


def test_odometer_events_unpack_to_the_readings_of_one_statement(
    store: Store, relay: Store, reference: Reference
) -> None:
    """A COPY of readings of two vehicles publishes one event per vehicle; a single insert, today's
    odometer.recorded. odometer_readings() gives each reading as odometer.recorded's payload."""
    with store.unit_of_work() as uow:
        cars = [make_vehicle(uow, reference).id for _ in range(2)]
        uow.commit()
    rows = [
        (cars[i % 2], 100.0 * (i // 2 + 1), f"2031-01-01 00:{i:02d}:00+00", "telematics") for i in range(6)
    ]
    with store.unit_of_work() as uow:
        with uow.conn.cursor().copy(
            "COPY fleet.odometer_readings (vehicle_id, reading_km, read_at, source) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        uow.conn.execute(
            "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
            " VALUES (%s, 400, '2031-01-02 00:00+00', 'manual')",
            (cars[0],),
        )
        uow.commit()
    delivered: list[OutboxEvent] = []
    for _ in range(5):
        relay_once(relay, "fleet", delivered.extend, limit=100_000)
    mine = [event for event in delivered if event.aggregate_id in cars]
    assert [(e.aggregate_id, e.aggregate_version, e.event_type) for e in mine] == [
        (cars[0], 1, "odometer.readings_recorded"),
        (cars[1], 1, "odometer.readings_recorded"),
        (cars[0], 2, "odometer.recorded"),
    ]
    readings = [odometer_readings(event) for event in mine]
    assert [
        [(r["vehicle_id"], float(r["reading_km"]), r["source"]) for r in batch] for batch in readings
    ] == [
        [
            (str(cars[0]), 100.0, "telematics"),
            (str(cars[0]), 200.0, "telematics"),
            (str(cars[0]), 300.0, "telematics"),
        ],
        [
            (str(cars[1]), 100.0, "telematics"),
            (str(cars[1]), 200.0, "telematics"),
            (str(cars[1]), 300.0, "telematics"),
        ],
        [(str(cars[0]), 400.0, "manual")],
    ]
    assert all(set(r) == set(mine[2].payload) for batch in readings for r in batch)
    with pytest.raises(ValueError, match="not an odometer event"):
        odometer_readings(_rental_event(mine[0]))


def _rental_event(event: OutboxEvent) -> OutboxEvent:
    return OutboxEvent(
        event.id, "rental", event.aggregate_id, 1, "rental.reserved", {}, event.occurred_at, None
    )
