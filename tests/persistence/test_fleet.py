"""Fleet repository against the real schema: each call's success and each of its domain errors."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import psycopg
import pytest

from fleetdb_persistence import UnitOfWork, translate
from fleetdb_persistence.errors import (
    AppendOnlyViolation,
    DuplicateVehicle,
    IllegalStatusTransition,
    NotFound,
    OdometerRegression,
    ReferenceNotFound,
    VehicleHasLiveBookings,
    VehicleRetired,
)
from fleetdb_persistence.fleet import NewCorrection, NewReading
from tests.persistence.factories import T0, Reference, booking, km, make_customer, make_vehicle, new_vehicle


def test_register_vehicle(uow: UnitOfWork, reference: Reference) -> None:
    new = new_vehicle(reference)
    vehicle = uow.fleet.register_vehicle(new)
    assert (vehicle.vin, vehicle.status, vehicle.home_location_id) == (new.vin, "in_service", reference.muc)
    assert uow.fleet.get_vehicle(vehicle.id) == vehicle


def test_register_vehicle_twice_is_a_duplicate_vin(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    with pytest.raises(DuplicateVehicle) as caught:
        uow.fleet.register_vehicle(new_vehicle(reference, vin=vehicle.vin))
    assert (caught.value.sqlstate, caught.value.constraint) == ("23505", "vehicles_vin_uq")


def test_a_plate_in_service_is_unique_but_a_retired_one_may_be_reused(
    uow: UnitOfWork, reference: Reference
) -> None:
    vehicle = make_vehicle(uow, reference)
    with pytest.raises(DuplicateVehicle) as caught:
        uow.fleet.register_vehicle(new_vehicle(reference, plate=vehicle.plate))
    assert caught.value.constraint == "vehicles_plate_in_service_uq"
    uow.fleet.retire(vehicle.id)
    assert uow.fleet.register_vehicle(new_vehicle(reference, plate=vehicle.plate)).plate == vehicle.plate


def test_register_vehicle_at_an_unknown_location(uow: UnitOfWork, reference: Reference) -> None:
    with pytest.raises(ReferenceNotFound) as caught:
        uow.fleet.register_vehicle(new_vehicle(reference, home_location_id=uuid.uuid4()))
    assert (caught.value.sqlstate, caught.value.constraint) == ("23503", "vehicles_home_location_fk")


def test_unknown_vehicle_is_not_found(uow: UnitOfWork) -> None:
    with pytest.raises(NotFound):
        uow.fleet.get_vehicle(uuid.uuid4())
    with pytest.raises(NotFound):
        uow.fleet.retire(uuid.uuid4())


def test_record_readings_in_order(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    first = uow.fleet.record_reading(NewReading(vehicle.id, km("1000.0"), T0, "manual"))
    second = uow.fleet.record_reading(
        NewReading(vehicle.id, km("1250.5"), T0 + timedelta(days=1), "telematics")
    )
    assert [r.id for r in uow.fleet.readings(vehicle.id)] == [first.id, second.id]
    assert second.reading_km == km("1250.5")


def test_a_lower_reading_later_is_an_odometer_regression(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    uow.fleet.record_reading(NewReading(vehicle.id, km("1000"), T0, "manual"))
    with pytest.raises(OdometerRegression) as caught:
        uow.fleet.record_reading(NewReading(vehicle.id, km("900"), T0 + timedelta(hours=1), "manual"))
    assert (caught.value.sqlstate, caught.value.constraint) == ("23514", "odometer_readings_monotonic_trg")
    assert caught.value.hint  # the server says what to do: record a correction


def test_a_correction_starts_a_new_segment(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    uow.fleet.record_reading(NewReading(vehicle.id, km("1000"), T0, "manual"))
    correction = uow.fleet.record_correction(
        NewCorrection(vehicle.id, "replacement", T0 + timedelta(hours=1), "odometer replaced")
    )
    assert correction.kind == "replacement"
    reading = uow.fleet.record_reading(
        NewReading(vehicle.id, km("5"), T0 + timedelta(hours=2), "maintenance")
    )
    assert reading.reading_km == km("5")


def test_reading_of_an_unknown_vehicle(uow: UnitOfWork) -> None:
    with pytest.raises(ReferenceNotFound) as caught:
        uow.fleet.record_reading(NewReading(uuid.uuid4(), km("1"), T0, "manual"))
    assert caught.value.constraint == "odometer_readings_vehicle_fk"


def test_a_retired_vehicle_cannot_be_booked(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    retired = uow.fleet.retire(vehicle.id)
    assert retired.status == "retired"
    with pytest.raises(VehicleRetired) as caught:
        uow.rental.book(booking(retired, make_customer(uow), reference))
    assert (caught.value.sqlstate, caught.value.constraint) == ("55000", "rentals_vehicle_bookable_trg")


def test_a_vehicle_with_a_reservation_is_not_retired_and_retired_is_final(
    uow: UnitOfWork, reference: Reference
) -> None:
    vehicle = make_vehicle(uow, reference)
    rental = uow.rental.book(booking(vehicle, make_customer(uow), reference))
    with pytest.raises(VehicleHasLiveBookings) as refused:
        uow.fleet.retire(vehicle.id)
    assert (refused.value.sqlstate, refused.value.constraint) == ("55000", "vehicles_retirement_trg")
    assert "in the same transaction" in str(refused.value)
    uow.rental.cancel(rental.id)
    uow.fleet.retire(vehicle.id)
    with pytest.raises(IllegalStatusTransition) as final:
        uow.fleet.set_status(vehicle.id, "in_service")
    assert (final.value.sqlstate, final.value.constraint) == ("23514", "vehicles_status_transition_trg")


def test_vehicles_page_with_current_odometer(uow: UnitOfWork, reference: Reference) -> None:
    first = uow.fleet.register_vehicle(new_vehicle(reference, home_location_id=reference.ber))
    second = uow.fleet.register_vehicle(new_vehicle(reference, home_location_id=reference.ber))
    uow.fleet.record_reading(NewReading(first.id, km("10"), T0, "manual"))
    uow.fleet.record_reading(NewReading(first.id, km("20"), T0 + timedelta(days=2), "manual"))
    uow.fleet.record_reading(NewReading(first.id, km("15"), T0 + timedelta(days=1), "manual"))
    page = uow.fleet.vehicles_with_odometer(home_location_id=reference.ber, after_id=None, limit=1000)
    by_id = {v.id: v for v in page}
    assert (by_id[first.id].odometer_km, by_id[first.id].odometer_read_at) == (
        km("20"),
        T0 + timedelta(days=2),
    )
    assert by_id[second.id].odometer_km is None
    assert [v.id for v in page] == sorted(v.id for v in page)
    rest = uow.fleet.vehicles_with_odometer(home_location_id=reference.ber, after_id=page[0].id, limit=1000)
    assert [v.id for v in rest] == [v.id for v in page[1:]]


def test_readings_are_append_only(
    uow: UnitOfWork, reference: Reference, superuser: psycopg.Connection[Any]
) -> None:
    """The application may not even try (no UPDATE grant); the owner's attempt maps to the domain error."""
    vehicle = make_vehicle(uow, reference)
    reading = uow.fleet.record_reading(NewReading(vehicle.id, km("1"), T0, "manual"))
    uow.commit()
    with pytest.raises(psycopg.Error) as caught:
        superuser.execute("UPDATE fleet.odometer_readings SET reading_km = 2 WHERE id = %s", [reading.id])
    error = translate(caught.value)
    assert isinstance(error, AppendOnlyViolation)
    assert (error.sqlstate, error.constraint) == ("55000", "odometer_readings_append_only_trg")
