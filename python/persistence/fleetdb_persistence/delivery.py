"""Delivering messages exactly once: ``handle_once`` (an inbound message, through the module's inbox) and
``relay_once`` (one pass of the outbox relay). Both run whole units of work on a ``Store``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from psycopg import IsolationLevel

from fleetdb_persistence.integration import Handled, Module, OutboxEvent
from fleetdb_persistence.unit_of_work import Store, UnitOfWork

T = TypeVar("T")


def handle_once(
    store: Store,
    module: Module,
    consumer: str,
    message_id: UUID,
    handler: Callable[[UnitOfWork], T],
    *,
    attempts: int = 3,
    isolation: IsolationLevel | None = None,
) -> Handled[T]:
    """Run ``handler`` for an inbound message exactly once per (consumer, message id): the inbox row and
    the handler's writes commit together, so a redelivery (or a crash before commit) never applies it
    twice. Retried on 40001/40P01: the inbox row is written in the same unit of work, so running it again
    is safe as long as ``handler`` only writes to the database."""

    def work(uow: UnitOfWork) -> Handled[T]:
        if not uow.integration.record_delivery(module, consumer, message_id):
            return Handled(False, None)
        return Handled(True, handler(uow))

    return store.run(work, retry=True, attempts=attempts, isolation=isolation)


def relay_once(
    store: Store,
    module: Module,
    publish: Callable[[list[OutboxEvent]], None],
    *,
    limit: int = 100,
) -> list[OutboxEvent]:
    """One pass of the relay on a store acting as ``fleetdb_relay``: claim a batch, hand it to
    ``publish`` (which delivers the events in the order given, or raises), mark it published and
    commit. When ``publish`` raises, nothing is marked and the batch goes back to the queue. Returns the
    batch; an empty one means nothing is due."""
    with store.unit_of_work() as uow:
        batch = uow.integration.claim_batch(module, limit)
        if batch:
            publish(batch)
            uow.integration.mark_published(module, [event.id for event in batch])
        uow.commit()
    return batch
