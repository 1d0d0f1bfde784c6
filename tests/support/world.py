"""Small builders for the rows the schema tests need, and the assertion every invariant test uses."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg.types.json import Jsonb

Row = dict[str, Any]


def period(start_day: int, end_day: int, month: int = 6) -> str:
    """A half-open tstzrange literal covering whole days of 2030 (far from any clock-dependent rule)."""
    return f"[2030-{month:02d}-{start_day:02d} 00:00+00,2030-{month:02d}-{end_day:02d} 00:00+00)"


@contextlib.contextmanager
def violates(conn: psycopg.Connection[Any], sqlstate: str, constraint: str | None) -> Iterator[None]:
    """The block must fail with this SQLSTATE and this constraint (or trigger) name; the failure is
    contained in a savepoint so the test's transaction goes on."""
    with pytest.raises(psycopg.Error) as caught, conn.transaction():
        yield
    error = caught.value
    have = (error.sqlstate, error.diag.constraint_name)
    assert have == (sqlstate, constraint), (
        f"want: SQLSTATE {sqlstate} constraint {constraint}\nhave: SQLSTATE {have[0]} constraint {have[1]}\n"
        f"message: {error.diag.message_primary}"
    )


class World:
    """Inserts valid rows with sensible defaults; every builder returns the new row's id."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self._serial = 0

    def _next(self) -> int:
        self._serial += 1
        return self._serial

    def _insert(self, table: str, values: Row) -> UUID:
        columns = ", ".join(values)
        marks = ", ".join(["%s"] * len(values))
        row = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id", list(values.values())
        ).fetchone()
        assert row is not None
        return UUID(str(row[0]))

    def user(self, **over: Any) -> UUID:
        n = self._next()
        return self._insert(
            "iam.users", {"email": f"user{n}@example.com", "display_name": f"User {n}", **over}
        )

    def location(self, **over: Any) -> UUID:
        n = self._next()
        values = {"code": f"LOC{n:03d}", "name": f"Branch {n}", "address": "Main St 1", "time_zone": "UTC"}
        return self._insert("rental.locations", {**values, **over})

    def vehicle(self, **over: Any) -> UUID:
        n = self._next()
        values = {
            "vin": f"WVWZZZ1KZ{n:08d}",
            "plate": f"M-FD {n}",
            "plate_jurisdiction": "DE",
            "make": "Volkswagen",
            "model": "Golf",
            "model_year": 2024,
            "home_location_id": over.pop("home_location_id", None) or self.location(),
        }
        return self._insert("fleet.vehicles", {**values, **over})

    def customer(self, **over: Any) -> UUID:
        n = self._next()
        values = {
            "full_name": f"Customer {n}",
            "driver_licence_number": f"B{n:07d}",
            "driver_licence_country": "DE",
        }
        return self._insert("rental.customers", {**values, **over})

    def rental(self, vehicle_id: UUID, span: str, **over: Any) -> UUID:
        branch = over.pop("location_id", None) or self.location()
        values = {
            "vehicle_id": vehicle_id,
            "customer_id": over.pop("customer_id", None) or self.customer(),
            "pickup_location_id": branch,
            "return_location_id": branch,
            "period": span,
            "currency": "EUR",
        }
        return self._insert("rental.rentals", {**values, **over})

    def job(self, vehicle_id: UUID, window: str, **over: Any) -> UUID:
        values = {"vehicle_id": vehicle_id, "kind": "service", "scheduled_window": window, "currency": "EUR"}
        return self._insert("maintenance.jobs", {**values, **over})

    def payment(self, rental_id: UUID, amount_minor: int, **over: Any) -> UUID:
        n = self._next()
        values = {
            "rental_id": rental_id,
            "currency": "EUR",
            "amount_minor": amount_minor,
            "provider": "stripe",
            "provider_reference": f"pi_{n}",
            "received_at": "2030-06-01 12:00+00",
        }
        return self._insert("rental.payments", {**values, **over})

    def refund(self, payment_id: UUID, amount_minor: int, **over: Any) -> UUID:
        values = {
            "payment_id": payment_id,
            "currency": "EUR",
            "amount_minor": amount_minor,
            "reason": "goodwill",
            "refunded_at": "2030-06-02 12:00+00",
        }
        return self._insert("rental.refunds", {**values, **over})

    def identity(self, user_id: UUID, **over: Any) -> UUID:
        n = self._next()
        values = {"user_id": user_id, "issuer": "https://login.example.com", "subject": f"sub-{n}"}
        return self._insert("iam.external_identities", {**values, **over})

    def role(self, **over: Any) -> UUID:
        n = self._next()
        return self._insert("iam.roles", {"code": f"role_{n}", "name": f"Role {n}", **over})

    def permission(self, **over: Any) -> UUID:
        n = self._next()
        return self._insert("iam.permissions", {"code": f"test.action_{n}", **over})

    def staff_profile(self, user_id: UUID, **over: Any) -> UUID:
        n = self._next()
        values = {
            "user_id": user_id,
            "employee_number": f"E{n:07d}",
            "home_location_id": over.pop("home_location_id", None) or self.location(),
        }
        return self._insert("iam.staff_profiles", {**values, **over})

    def reading(self, vehicle_id: UUID, km: int, **over: Any) -> UUID:
        values = {
            "vehicle_id": vehicle_id,
            "reading_km": km,
            "read_at": "2030-06-01 12:00+00",
            "source": "manual",
        }
        return self._insert("fleet.odometer_readings", {**values, **over})

    def correction(self, vehicle_id: UUID, **over: Any) -> UUID:
        values = {"vehicle_id": vehicle_id, "kind": "correction", "effective_at": "2030-06-02 00:00+00"}
        return self._insert("fleet.odometer_corrections", {**values, "reason": "typo", **over})

    def charge(self, rental_id: UUID, amount_minor: int, **over: Any) -> UUID:
        values = {
            "rental_id": rental_id,
            "currency": "EUR",
            "kind": "base_rate",
            "amount_minor": amount_minor,
        }
        return self._insert("rental.charges", {**values, **over})

    def part(self, job_id: UUID, quantity: Any, unit_cost_minor: int, **over: Any) -> UUID:
        values = {"job_id": job_id, "currency": "EUR", "part_number": "P-1", "quantity": quantity}
        return self._insert("maintenance.job_parts", {**values, "unit_cost_minor": unit_cost_minor, **over})

    def labour(self, job_id: UUID, hours: Any, rate_minor: int, **over: Any) -> UUID:
        values = {"job_id": job_id, "currency": "EUR", "technician": "Tom", "hours": hours}
        return self._insert("maintenance.job_labour", {**values, "rate_minor": rate_minor, **over})

    def event(self, schema: str, **over: Any) -> UUID:
        """An outbox event of the module ``schema``, written as its own functions would."""
        values = {
            "aggregate_type": "test",
            "aggregate_id": str(UUID(int=self._next())),
            "event_type": "test.happened",
            "payload": Jsonb({}),
        }
        return self._insert(f"{schema}.outbox_events", {**values, **over})

    def inbox_message(self, schema: str, **over: Any) -> tuple[str, UUID]:
        values = {"consumer": "billing", "message_id": str(UUID(int=self._next())), **over}
        columns, marks = ", ".join(values), ", ".join(["%s"] * len(values))
        row = self.conn.execute(
            f"INSERT INTO {schema}.inbox_processed_messages ({columns}) VALUES ({marks})"
            " RETURNING consumer, message_id",
            list(values.values()),
        ).fetchone()
        assert row is not None
        return str(row[0]), UUID(str(row[1]))

    def account(self, currency: str = "EUR", **over: Any) -> UUID:
        n = self._next()
        values = {"code": f"{1000 + n}", "name": f"Account {n}", "type": "asset", "currency": currency}
        return self._insert("accounting.accounts", {**values, **over})

    def post(self, reference: str, lines: list[tuple[UUID, int]], currency: str = "EUR", **over: Any) -> UUID:
        """accounting.post_entry with (account, amount) lines; returns the entry id."""
        payload = [{"account_id": str(account), "amount_minor": amount} for account, amount in lines]
        row = self.conn.execute(
            "SELECT accounting.post_entry(%s, %s, %s, %s, %s, %s::jsonb, %s)",
            (
                over.get("source", "rental"),
                reference,
                over.get("posting_date", "2030-06-01"),
                currency,
                over.get("description", "test entry"),
                Jsonb(payload),
                over.get("reverses_entry_id"),
            ),
        ).fetchone()
        assert row is not None
        return UUID(str(row[0]))
