"""Maintenance: jobs on a vehicle in a scheduled window, with parts and labour."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from fleetdb_persistence.errors import NotFound
from fleetdb_persistence.queries import query

if TYPE_CHECKING:
    from fleetdb_persistence.transaction import Transaction

JobKind = Literal["service", "inspection", "repair", "tyres", "bodywork", "recall"]


@dataclass(frozen=True, slots=True)
class NewPart:
    part_number: str
    quantity: Decimal
    unit_cost_minor: int
    currency: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class NewLabour:
    technician: str
    hours: Decimal
    rate_minor: int
    currency: str


@dataclass(frozen=True, slots=True)
class NewJob:
    vehicle_id: UUID
    kind: JobKind
    window_start: datetime
    window_end: datetime
    currency: str
    vendor: str | None = None
    notes: str = ""
    start_now: bool = False  # open the job in_progress rather than scheduled
    parts: Sequence[NewPart] = ()
    labour: Sequence[NewLabour] = ()


@dataclass(frozen=True, slots=True)
class Part:
    id: UUID
    job_id: UUID
    currency: str
    part_number: str
    description: str
    quantity: Decimal
    unit_cost_minor: int


@dataclass(frozen=True, slots=True)
class Labour:
    id: UUID
    job_id: UUID
    currency: str
    technician: str
    hours: Decimal
    rate_minor: int


@dataclass(frozen=True, slots=True)
class Job:
    id: UUID
    vehicle_id: UUID
    kind: str
    status: str
    window_start: datetime
    window_end: datetime
    odometer_km: Decimal | None
    vendor: str | None
    currency: str
    notes: str
    parts_minor: int
    labour_minor: int
    total_minor: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class JobDetails:
    job: Job
    parts: list[Part] = field(default_factory=list)
    labour: list[Labour] = field(default_factory=list)


class MaintenanceRepository:
    def __init__(self, uow: Transaction) -> None:
        self.uow = uow

    def open_job(self, new: NewJob) -> JobDetails:
        """Open a job with its parts and labour (three statements at most, whatever their number).
        Raises MaintenanceConflict (vehicle booked in the window), CurrencyMismatch, InvalidValue."""
        params = {
            "vehicle_id": new.vehicle_id,
            "kind": new.kind,
            "status": "in_progress" if new.start_now else "scheduled",
            "window_start": new.window_start,
            "window_end": new.window_end,
            "vendor": new.vendor,
            "currency": new.currency,
            "notes": new.notes,
        }
        with self.uow.attempt():
            job_id = self.uow.fetch_value(query("maintenance", "open_job"), params)
            self._add_parts(job_id, new.parts)
            self._add_labour(job_id, new.labour)
        return self.details(job_id)

    def add_parts(self, job_id: UUID, parts: Sequence[NewPart]) -> JobDetails:
        with self.uow.attempt():
            self._add_parts(job_id, parts)
        return self.details(job_id)

    def add_labour(self, job_id: UUID, labour: Sequence[NewLabour]) -> JobDetails:
        with self.uow.attempt():
            self._add_labour(job_id, labour)
        return self.details(job_id)

    def _add_parts(self, job_id: UUID, parts: Sequence[NewPart]) -> None:
        if not parts:
            return
        self.uow.execute(
            query("maintenance", "add_parts"),
            {
                "job_id": job_id,
                "currencies": [p.currency for p in parts],
                "part_numbers": [p.part_number for p in parts],
                "descriptions": [p.description for p in parts],
                "quantities": [p.quantity for p in parts],
                "unit_costs_minor": [p.unit_cost_minor for p in parts],
            },
        )

    def _add_labour(self, job_id: UUID, labour: Sequence[NewLabour]) -> None:
        if not labour:
            return
        self.uow.execute(
            query("maintenance", "add_labour"),
            {
                "job_id": job_id,
                "currencies": [item.currency for item in labour],
                "technicians": [item.technician for item in labour],
                "hours": [item.hours for item in labour],
                "rates_minor": [item.rate_minor for item in labour],
            },
        )

    def _set_status(self, job_id: UUID, status: str, odometer_km: Decimal | None = None) -> JobDetails:
        params = {"job_id": job_id, "status": status, "odometer_km": odometer_km}
        with self.uow.attempt():
            found = self.uow.fetch_value(query("maintenance", "set_status"), params)
        if found is None:
            raise NotFound(f"maintenance job {job_id}")
        return self.details(job_id)

    def start_job(self, job_id: UUID) -> JobDetails:
        """scheduled -> in_progress; else IllegalStatusTransition."""
        return self._set_status(job_id, "in_progress")

    def close_job(self, job_id: UUID, odometer_km: Decimal | None = None) -> JobDetails:
        """in_progress -> completed, with the odometer at service when known."""
        return self._set_status(job_id, "completed", odometer_km)

    def cancel_job(self, job_id: UUID) -> JobDetails:
        """scheduled | in_progress -> cancelled."""
        return self._set_status(job_id, "cancelled")

    def details(self, job_id: UUID) -> JobDetails:
        found = self.details_of([job_id])
        if not found:
            raise NotFound(f"maintenance job {job_id}")
        return found[0]

    def details_of(self, job_ids: list[UUID]) -> list[JobDetails]:
        """Jobs with costs, parts and labour: three statements however many rows there are."""
        params = {"job_ids": job_ids}
        jobs = self.uow.fetch_all(query("maintenance", "jobs_with_costs"), params, Job)
        parts = self.uow.fetch_all(query("maintenance", "parts_of_jobs"), params, Part)
        labour = self.uow.fetch_all(query("maintenance", "labour_of_jobs"), params, Labour)
        details = {job.id: JobDetails(job) for job in jobs}
        for part in parts:
            details[part.job_id].parts.append(part)
        for item in labour:
            details[item.job_id].labour.append(item)
        return list(details.values())
