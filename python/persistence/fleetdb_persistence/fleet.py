"""Fleet: vehicles, odometer readings and correction events."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from fleetdb_persistence.errors import NotFound
from fleetdb_persistence.queries import query

if TYPE_CHECKING:
    from fleetdb_persistence.transaction import Transaction

VehicleStatus = Literal["in_service", "out_of_service", "retired"]
ReadingSource = Literal["manual", "telematics", "rental_checkout", "rental_return", "maintenance"]


@dataclass(frozen=True, slots=True)
class NewVehicle:
    vin: str
    plate: str
    plate_jurisdiction: str
    make: str
    model: str
    model_year: int
    home_location_id: UUID


@dataclass(frozen=True, slots=True)
class Vehicle:
    id: UUID
    vin: str
    plate: str
    plate_jurisdiction: str
    make: str
    model: str
    model_year: int
    status: str
    home_location_id: UUID
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class VehicleWithOdometer:
    id: UUID
    vin: str
    plate: str
    plate_jurisdiction: str
    make: str
    model: str
    model_year: int
    status: str
    home_location_id: UUID
    odometer_km: Decimal | None
    odometer_read_at: datetime | None


@dataclass(frozen=True, slots=True)
class NewReading:
    vehicle_id: UUID
    reading_km: Decimal
    read_at: datetime
    source: ReadingSource
    recorded_by: UUID | None = None


@dataclass(frozen=True, slots=True)
class OdometerReading:
    id: UUID
    vehicle_id: UUID
    reading_km: Decimal
    read_at: datetime
    source: str
    recorded_by: UUID | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NewCorrection:
    vehicle_id: UUID
    kind: Literal["correction", "replacement"]
    effective_at: datetime
    reason: str
    recorded_by: UUID | None = None


@dataclass(frozen=True, slots=True)
class OdometerCorrection:
    id: UUID
    vehicle_id: UUID
    kind: str
    effective_at: datetime
    reason: str
    recorded_by: UUID | None
    created_at: datetime


class FleetRepository:
    def __init__(self, uow: Transaction) -> None:
        self.uow = uow

    def register_vehicle(self, new: NewVehicle) -> Vehicle:
        """Raises DuplicateVehicle (VIN, or plate in service), ReferenceNotFound (home location)."""
        with self.uow.attempt():
            vehicle = self.uow.fetch_one(query("fleet", "register_vehicle"), asdict(new), Vehicle)
        assert vehicle is not None
        return vehicle

    def get_vehicle(self, vehicle_id: UUID) -> Vehicle:
        vehicle = self.uow.fetch_one(query("fleet", "get_vehicle"), {"vehicle_id": vehicle_id}, Vehicle)
        if vehicle is None:
            raise NotFound(f"vehicle {vehicle_id}")
        return vehicle

    def set_status(self, vehicle_id: UUID, status: VehicleStatus) -> Vehicle:
        """Raises IllegalStatusTransition (retired is final), VehicleHasLiveBookings (retiring a vehicle
        with reserved or active bookings)."""
        params = {"vehicle_id": vehicle_id, "status": status}
        with self.uow.attempt():
            vehicle = self.uow.fetch_one(query("fleet", "set_vehicle_status"), params, Vehicle)
        if vehicle is None:
            raise NotFound(f"vehicle {vehicle_id}")
        return vehicle

    def retire(self, vehicle_id: UUID) -> Vehicle:
        return self.set_status(vehicle_id, "retired")

    def record_reading(self, new: NewReading) -> OdometerReading:
        """Raises OdometerRegression when the reading does not fit between its neighbours in time."""
        with self.uow.attempt():
            reading = self.uow.fetch_one(query("fleet", "record_reading"), asdict(new), OdometerReading)
        assert reading is not None
        return reading

    def record_correction(self, new: NewCorrection) -> OdometerCorrection:
        """Starts a new odometer segment at ``effective_at`` (a wrong reading, or a new odometer)."""
        with self.uow.attempt():
            correction = self.uow.fetch_one(
                query("fleet", "record_correction"), asdict(new), OdometerCorrection
            )
        assert correction is not None
        return correction

    def readings(self, vehicle_id: UUID) -> list[OdometerReading]:
        return self.uow.fetch_all(
            query("fleet", "readings_of_vehicle"), {"vehicle_id": vehicle_id}, OdometerReading
        )

    def vehicles_with_odometer(
        self, *, home_location_id: UUID | None = None, after_id: UUID | None = None, limit: int = 50
    ) -> list[VehicleWithOdometer]:
        """A page of vehicles ordered by id (pass the last id as ``after_id`` for the next page), each
        with its latest odometer reading: one statement whatever the page size."""
        params = {"home_location_id": home_location_id, "after_id": after_id, "limit": limit}
        return self.uow.fetch_all(query("fleet", "vehicles_with_odometer"), params, VehicleWithOdometer)
