"""Maintenance repository against the real schema: each call's success and each of its domain errors."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from fleetdb_persistence import UnitOfWork
from fleetdb_persistence.errors import (
    CurrencyMismatch,
    IllegalStatusTransition,
    InvalidValue,
    MaintenanceConflict,
    NotFound,
    ReferenceNotFound,
)
from fleetdb_persistence.maintenance import NewJob, NewLabour, NewPart
from tests.persistence.factories import T0, Reference, booking, make_customer, make_vehicle

WINDOW_END = T0 + timedelta(hours=8)


def _job(vehicle_id: uuid.UUID, **changes: object) -> NewJob:
    values: dict[str, object] = {
        "vehicle_id": vehicle_id,
        "kind": "service",
        "window_start": T0,
        "window_end": WINDOW_END,
        "currency": "EUR",
        "parts": [
            NewPart("OIL-5W30", Decimal("4.5"), 1_250, "EUR", "engine oil"),
            NewPart("FLT-0001", Decimal("1"), 1_999, "EUR", "oil filter"),
        ],
        "labour": [NewLabour("Hans", Decimal("1.5"), 8_000, "EUR")],
    }
    values.update(changes)
    return NewJob(**values)  # type: ignore[arg-type]


def test_open_job_with_parts_and_labour(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    opened = uow.maintenance.open_job(_job(vehicle.id))
    job = opened.job
    assert (job.status, job.window_start, job.window_end) == ("scheduled", T0, WINDOW_END)
    assert sorted(p.part_number for p in opened.parts) == ["FLT-0001", "OIL-5W30"]
    assert [item.technician for item in opened.labour] == ["Hans"]
    # 4.5 x 12.50 = 56.25, + 19.99, + 1.5 h x 80.00 = 120.00
    assert (job.parts_minor, job.labour_minor, job.total_minor) == (5_625 + 1_999, 12_000, 19_624)


def test_start_and_close_job(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    job_id = uow.maintenance.open_job(_job(vehicle.id, parts=[], labour=[])).job.id
    assert uow.maintenance.start_job(job_id).job.status == "in_progress"
    uow.maintenance.add_parts(job_id, [NewPart("BRK-PAD", Decimal("2"), 3_000, "EUR")])
    closed = uow.maintenance.close_job(job_id, odometer_km=Decimal("12345.6"))
    assert (closed.job.status, closed.job.odometer_km, closed.job.total_minor) == (
        "completed",
        Decimal("12345.6"),
        6_000,
    )


def test_closing_a_scheduled_job_is_illegal(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    job_id = uow.maintenance.open_job(_job(vehicle.id)).job.id
    with pytest.raises(IllegalStatusTransition) as caught:
        uow.maintenance.close_job(job_id)
    assert (caught.value.sqlstate, caught.value.constraint) == ("23514", "jobs_status_transition_trg")
    assert uow.maintenance.cancel_job(job_id).job.status == "cancelled"
    with pytest.raises(IllegalStatusTransition):
        uow.maintenance.start_job(job_id)


def test_job_over_a_booking_is_a_maintenance_conflict(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    uow.rental.book(booking(vehicle, make_customer(uow), reference))
    with pytest.raises(MaintenanceConflict) as caught:
        uow.maintenance.open_job(_job(vehicle.id))
    assert (caught.value.sqlstate, caught.value.constraint) == ("23P01", "jobs_no_rental_overlap_trg")


def test_part_in_another_currency_undoes_the_whole_opening(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    parts = [NewPart("OIL-5W30", Decimal("1"), 1_000, "USD")]
    with pytest.raises(CurrencyMismatch) as caught:
        uow.maintenance.open_job(_job(vehicle.id, parts=parts))
    assert (caught.value.sqlstate, caught.value.constraint) == ("23503", "job_parts_job_currency_fk")
    # The job row went with its parts: the same window is free.
    assert uow.maintenance.open_job(_job(vehicle.id)).job.status == "scheduled"


def test_labour_in_another_currency_and_zero_quantities(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    job_id = uow.maintenance.open_job(_job(vehicle.id, parts=[], labour=[])).job.id
    with pytest.raises(CurrencyMismatch) as caught:
        uow.maintenance.add_labour(job_id, [NewLabour("Hans", Decimal("1"), 1, "GBP")])
    assert caught.value.constraint == "job_labour_job_currency_fk"
    with pytest.raises(InvalidValue) as invalid:
        uow.maintenance.add_parts(job_id, [NewPart("X-1", Decimal("0"), 1, "EUR")])
    assert invalid.value.constraint == "job_parts_quantity_positive_ck"


def test_job_for_an_unknown_vehicle_and_unknown_job(uow: UnitOfWork) -> None:
    with pytest.raises(ReferenceNotFound) as caught:
        uow.maintenance.open_job(_job(uuid.uuid4(), parts=[], labour=[]))
    assert caught.value.constraint == "jobs_vehicle_fk"
    with pytest.raises(NotFound):
        uow.maintenance.start_job(uuid.uuid4())
