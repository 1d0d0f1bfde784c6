"""Integration: each module's transactional outbox (the relay claims a batch and marks it published) and
inbox (handle an inbound message exactly once).

Every module has its own ``<module>.outbox_events`` and ``<module>.inbox_processed_messages``; the
statements name the table through ``psycopg.sql.Identifier``, and the module must be one of ``MODULES``.

The application publishes nothing itself: every event is written by a trigger in the transaction of the
state change it reports (docs/db/integration.md says why). Claiming and marking events published is the
relay's, a login that is a member of ``fleetdb_relay``: ``Store.open(conninfo, role=RELAY_ROLE)`` and
``relay_once``. Acting as the application, both raise ``NotPermitted`` (42501).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, get_args
from uuid import UUID

from psycopg import IsolationLevel, sql

from fleetdb.persistence.queries import query

if TYPE_CHECKING:
    from fleetdb.persistence.unit_of_work import Store, UnitOfWork

Module = Literal["iam", "fleet", "rental", "maintenance", "accounting"]
MODULES: tuple[str, ...] = get_args(Module)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    id: UUID
    aggregate_type: str
    aggregate_id: UUID
    aggregate_version: int | None  # 1, 2, … in commit order of the aggregate's changes; None before v1.1
    event_type: str  # module.event, e.g. rental.reserved
    payload: dict[str, Any]
    occurred_at: datetime
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class Handled(Generic[T]):
    processed: bool  # False: the message had been handled before, and the handler did not run
    result: T | None


def _tables(module: str) -> dict[str, sql.Composable]:
    if module not in MODULES:
        raise ValueError(f"unknown module {module!r}: one of {', '.join(MODULES)}")
    return {
        "outbox": sql.Identifier(module, "outbox_events"),
        "inbox": sql.Identifier(module, "inbox_processed_messages"),
    }


def _statement(module: str, name: str) -> sql.Composed:
    return query("integration", name).format(**_tables(module))


class IntegrationRepository:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def claim_batch(self, module: Module, limit: int = 100) -> list[OutboxEvent]:
        """Relay only. Lock up to ``limit`` unpublished events, at most one per aggregate (its earliest
        unpublished one), skipping rows another relay holds. Publish them, then ``mark_published`` and
        commit; a rollback hands them back. ``relay_once`` does all of it."""
        return self.uow.fetch_all(_statement(module, "claim_batch"), {"limit": limit}, OutboxEvent)

    def mark_published(self, module: Module, event_ids: list[UUID]) -> int:
        """Relay only: set published_at of the given (claimed) events."""
        with self.uow.attempt():
            return self.uow.execute(_statement(module, "mark_published"), {"event_ids": event_ids})

    def pending_count(self, module: Module) -> int:
        return int(self.uow.fetch_value(_statement(module, "pending_count"), None))

    def record_delivery(self, module: Module, consumer: str, message_id: UUID) -> bool:
        """True the first time ``consumer`` sees ``message_id``; False for a redelivery. A concurrent
        first delivery makes this wait, then answer False if that one committed."""
        params = {"consumer": consumer, "message_id": message_id}
        with self.uow.attempt():
            return self.uow.fetch_value(_statement(module, "record_delivery"), params) is not None


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
