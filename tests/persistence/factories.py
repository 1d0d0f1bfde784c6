"""Reference data, logins and factories shared by the repository tests (fixtures are in conftest)."""

from __future__ import annotations

import itertools
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from psycopg.conninfo import make_conninfo

from fleetdb.databases import Database
from fleetdb_persistence import UnitOfWork
from fleetdb_persistence.fleet import NewVehicle, Vehicle
from fleetdb_persistence.rental import Booking, Customer, NewCustomer, Rental

APP_LOGIN = "fleetdb_app_test"
RELAY_LOGIN = "fleetdb_relay_test"
OUTSIDER_LOGIN = "fleetdb_outsider_test"
_SQL = Path(__file__).parent / "sql"
VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
# Plates from a counter: random ones collided (100 vehicles in one test drew the same plate twice).
_PLATE_NUMBERS = itertools.count(random.randrange(10**5) * 10)
T0 = datetime(2030, 6, 1, 9, 0, tzinfo=UTC)


def setup_sql(name: str) -> str:
    return (_SQL / f"{name}.sql").read_text()


def login_conninfo(database: Database, user: str) -> str:
    return make_conninfo(database.conninfo(), user=user)


@dataclass(frozen=True)
class Reference:
    muc: uuid.UUID
    ber: uuid.UUID
    bank_eur: uuid.UUID
    revenue_eur: uuid.UUID
    bank_usd: uuid.UUID


def prepare_app_database(database: Database) -> Reference:
    """Create the test logins (cluster-wide, idempotent) and the reference data of one database."""
    with database.connect(autocommit=True) as conn:
        conn.execute(setup_sql("create_app_login"))
        if conn.execute("SELECT to_regrole('fleetdb_relay') IS NOT NULL").fetchone() == (True,):
            conn.execute(setup_sql("create_relay_login"))  # not at v1.0 (released_db)
        conn.execute(setup_sql("create_outsider_login"))
        conn.execute(setup_sql("seed_reference"))
        row = conn.execute(setup_sql("reference_ids")).fetchone()
    assert row is not None
    return Reference(*row)


# ---------------------------------------------------------------- factories


def new_vin() -> str:
    return "".join(random.choices(VIN_ALPHABET, k=17))


def new_vehicle(reference: Reference, **changes: Any) -> NewVehicle:
    values: dict[str, Any] = {
        "vin": new_vin(),
        "plate": f"M-{next(_PLATE_NUMBERS) % 10**6:06d}",
        "plate_jurisdiction": "DE",
        "make": "Volkswagen",
        "model": "Golf",
        "model_year": 2024,
        "home_location_id": reference.muc,
    }
    values.update(changes)
    return NewVehicle(**values)


def make_vehicle(uow: UnitOfWork, reference: Reference) -> Vehicle:
    return uow.fleet.register_vehicle(new_vehicle(reference))


def make_customer(uow: UnitOfWork) -> Customer:
    return uow.rental.register_customer(
        NewCustomer(
            full_name="Erika Mustermann",
            driver_licence_number=uuid.uuid4().hex[:12].upper(),
            driver_licence_country="DE",
            email="erika@example.org",
        )
    )


def booking(
    vehicle: Vehicle, customer: Customer, reference: Reference, start: datetime = T0, days: int = 3
) -> Booking:
    return Booking(
        vehicle_id=vehicle.id,
        customer_id=customer.id,
        pickup_location_id=reference.muc,
        return_location_id=reference.muc,
        pickup_at=start,
        return_at=start + timedelta(days=days),
        currency="EUR",
    )


def make_rental(uow: UnitOfWork, reference: Reference, start: datetime = T0) -> Rental:
    vehicle = make_vehicle(uow, reference)
    return uow.rental.book(booking(vehicle, make_customer(uow), reference, start))


def km(value: str) -> Decimal:
    return Decimal(value)
