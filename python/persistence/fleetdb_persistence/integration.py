"""Integration: each module's transactional outbox (the relay claims a batch and marks it published) and
inbox (handle an inbound message exactly once).

Every module has its own ``<module>.outbox_events`` and ``<module>.inbox_processed_messages``; the
statements name the table through ``psycopg.sql.Identifier``, and the module must be one of ``MODULES``.

The application publishes nothing itself: every event is written by a trigger in the transaction of the
state change it reports (docs/db/integration.md says why). Claiming and marking events published is the
relay's, a login that is a member of ``fleetdb_relay``: ``Store.open(conninfo, role=RELAY_ROLE)`` and
``relay_once`` (``fleetdb_persistence.delivery``). Acting as the application, both raise ``NotPermitted``
(42501).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, get_args
from uuid import UUID

from psycopg import sql

from fleetdb_persistence.queries import query

if TYPE_CHECKING:
    from fleetdb_persistence.transaction import Transaction

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


# The fleet's odometer events (docs/db/integration.md): a statement publishes one event per vehicle,
# odometer.recorded for one new reading, odometer.readings_recorded carrying several as arrays.
ODOMETER_RECORDED = "odometer.recorded"
ODOMETER_READINGS_RECORDED = "odometer.readings_recorded"
_READING_KEYS = ("reading_id", "reading_km", "read_at", "source")


def odometer_readings(event: OutboxEvent) -> list[dict[str, Any]]:
    """The readings an odometer event publishes, in row order, each as the payload of
    ``odometer.recorded`` (reading_id, vehicle_id, reading_km, read_at, source): a consumer handles both
    event types with one handler of single readings. ``ValueError`` for any other event type."""
    payload = event.payload
    if event.event_type == ODOMETER_RECORDED:
        return [dict(payload)]
    if event.event_type == ODOMETER_READINGS_RECORDED:
        return [
            {"vehicle_id": payload["vehicle_id"], **{key: payload[key][i] for key in _READING_KEYS}}
            for i in range(payload["count"])
        ]
    raise ValueError(
        f"{event.event_type!r} is not an odometer event: {ODOMETER_RECORDED} or {ODOMETER_READINGS_RECORDED}"
    )


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
    def __init__(self, uow: Transaction) -> None:
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
