"""Outbox and inbox through the repositories: events commit with the change, relays claim commit-safe
batches without blocking each other, an inbound message is handled once.

A relay reads only below the cluster's transaction horizon, which any open transaction on the server
holds back (another test's session, autovacuum). Where a test needs its committed event to be due, it
first waits until every older transaction of the cluster has ended (``wait_for_older_transactions``)."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from fleetdb.horizon import wait_for_older_transactions
from fleetdb.persistence import Store, UnitOfWork, handle_once
from fleetdb.persistence.integration import NewEvent, OutboxEvent
from tests.persistence.factories import Reference, make_rental

Conn = psycopg.Connection[Any]


def _event(kind: str = "rental.reminder_sent") -> NewEvent:
    aggregate = uuid.uuid4()
    return NewEvent("rental", aggregate, kind, {"rental_id": str(aggregate), "channel": "sms"})


def _claim_all(uow: UnitOfWork) -> list[OutboxEvent]:
    return uow.integration.claim_batch("rental", limit=100_000)


def test_append_claim_and_mark_published(store: Store, superuser: Conn) -> None:
    with store.unit_of_work() as uow:
        appended = uow.integration.append_event("rental", _event())
        assert appended.payload["channel"] == "sms" and appended.published_at is None
        uow.commit()
    wait_for_older_transactions(superuser)
    with store.unit_of_work() as relay:
        claimed = _claim_all(relay)
        assert appended.id in {event.id for event in claimed}
        assert relay.integration.mark_published("rental", [event.id for event in claimed]) == len(claimed)
        relay.commit()
    with store.unit_of_work() as relay:
        assert appended.id not in {event.id for event in _claim_all(relay)}


def test_the_events_of_one_unit_of_work_are_claimed_in_the_order_they_were_appended(
    store: Store, superuser: Conn
) -> None:
    # Their ids (uuid v7) are random within a millisecond: the order is sequence_no's.
    with store.unit_of_work() as uow:
        appended = [uow.integration.append_event("rental", _event()).id for _ in range(20)]
        uow.commit()
    wait_for_older_transactions(superuser)
    with store.unit_of_work() as relay:
        mine = set(appended)
        assert [event.id for event in _claim_all(relay) if event.id in mine] == appended


def test_an_event_of_a_rolled_back_unit_of_work_never_exists(store: Store, superuser: Conn) -> None:
    with store.unit_of_work() as uow:
        appended = uow.integration.append_event("rental", _event())
        uow.rollback()
    wait_for_older_transactions(superuser)  # else the claim below would pass while simply held back
    with store.unit_of_work() as relay:
        assert appended.id not in {event.id for event in _claim_all(relay)}


def test_a_batch_claimed_by_one_relay_is_skipped_by_the_other(store: Store, superuser: Conn) -> None:
    with store.unit_of_work() as uow:
        appended = uow.integration.append_event("rental", _event())
        uow.commit()
    wait_for_older_transactions(superuser)
    with store.unit_of_work() as first, store.unit_of_work() as second:
        assert appended.id in {event.id for event in _claim_all(first)}
        assert appended.id not in {event.id for event in _claim_all(second)}  # SKIP LOCKED: no wait


def test_an_event_committed_behind_a_running_older_transaction_waits_for_it(
    store: Store, superuser: Conn
) -> None:
    """Commit-safe order: while an older writer is still running, a younger writer's committed event is
    held back, so the relay never publishes the younger event before the older one."""
    wait_for_older_transactions(superuser)  # so that it is `older` that holds the relay back
    with store.unit_of_work() as older:
        held = older.integration.append_event("rental", _event())
        with store.unit_of_work() as younger:
            later = younger.integration.append_event("rental", _event())
            younger.commit()
        with store.unit_of_work() as relay:
            claimed = {event.id for event in _claim_all(relay)}
            assert later.id not in claimed and held.id not in claimed
        older.commit()
    wait_for_older_transactions(superuser)
    with store.unit_of_work() as relay:
        order = [event.id for event in _claim_all(relay)]
    assert order.index(held.id) < order.index(later.id)


def test_booking_writes_its_event_in_the_same_transaction(
    store: Store, reference: Reference, superuser: Conn
) -> None:
    with store.unit_of_work() as uow:
        rental = make_rental(uow, reference)
        uow.commit()
    wait_for_older_transactions(superuser)
    with store.unit_of_work() as relay:
        mine = [event for event in _claim_all(relay) if event.aggregate_id == rental.id]
    assert [event.event_type for event in mine] == ["rental.reserved"]


def test_the_wait_ends_only_when_older_transactions_have(store: Store, superuser: Conn) -> None:
    """The wait above can fail: an open transaction holding an id keeps it waiting, and it says which."""
    with store.unit_of_work() as open_writer:
        open_writer.integration.append_event("rental", _event())
        pid = open_writer.conn.info.backend_pid
        with pytest.raises(TimeoutError, match=f"pid {pid} "):
            wait_for_older_transactions(superuser, timeout=0.2)
        open_writer.commit()
    wait_for_older_transactions(superuser)


def test_unknown_module_is_refused(store: Store) -> None:
    with store.unit_of_work() as uow, pytest.raises(ValueError, match="unknown module"):
        uow.integration.append_event("billing", _event())  # type: ignore[arg-type]


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
