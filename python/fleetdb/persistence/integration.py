"""Integration: each module's transactional outbox (append, claim a batch, mark published) and inbox
(handle an inbound message exactly once).

Every module has its own ``<module>.outbox_events`` and ``<module>.inbox_processed_messages``; the
statements name the table through ``psycopg.sql.Identifier``, and the module must be one of ``MODULES``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, get_args
from uuid import UUID

from psycopg import IsolationLevel, sql
from psycopg.types.json import Jsonb

from fleetdb.persistence.queries import query

if TYPE_CHECKING:
    from fleetdb.persistence.unit_of_work import Store, UnitOfWork

Module = Literal["iam", "fleet", "rental", "maintenance", "accounting"]
MODULES: tuple[str, ...] = get_args(Module)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class NewEvent:
    aggregate_type: str
    aggregate_id: UUID
    event_type: str  # module.event, e.g. rental.reserved
    payload: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    id: UUID
    aggregate_type: str
    aggregate_id: UUID
    event_type: str
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

    def append_event(self, module: Module, event: NewEvent) -> OutboxEvent:
        """Write an event in this unit of work: it is published only if the unit of work commits."""
        params = {
            "aggregate_type": event.aggregate_type,
            "aggregate_id": event.aggregate_id,
            "event_type": event.event_type,
            "payload": Jsonb(dict(event.payload)),
        }
        with self.uow.attempt():
            appended = self.uow.fetch_one(_statement(module, "append_event"), params, OutboxEvent)
        assert appended is not None
        return appended

    def claim_batch(self, module: Module, limit: int = 100) -> list[OutboxEvent]:
        """Lock up to ``limit`` unpublished events, oldest transaction first, skipping rows another relay
        holds. Publish them, then ``mark_published`` and commit; a rollback hands them back."""
        return self.uow.fetch_all(_statement(module, "claim_batch"), {"limit": limit}, OutboxEvent)

    def mark_published(self, module: Module, event_ids: list[UUID]) -> int:
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
