"""Rental repository against the real schema: each call's success and each of its domain errors."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from fleetdb_persistence import UnitOfWork
from fleetdb_persistence.errors import (
    BookingConflict,
    CurrencyMismatch,
    DuplicateCustomer,
    DuplicatePayment,
    IllegalStatusTransition,
    InvalidValue,
    MaintenanceConflict,
    NotFound,
    OverRefund,
    ReferenceNotFound,
)
from fleetdb_persistence.maintenance import NewJob
from fleetdb_persistence.rental import NewCharge, NewCustomer, NewPayment, NewRefund, Rental
from tests.persistence.factories import T0, Reference, booking, make_customer, make_rental, make_vehicle


def _payment(rental: Rental, amount: int = 10_000, currency: str = "EUR") -> NewPayment:
    return NewPayment(rental.id, currency, amount, "stripe", f"pi_{uuid.uuid4().hex}", T0)


def test_register_customer_and_duplicate_licence(uow: UnitOfWork) -> None:
    customer = make_customer(uow)
    assert customer.driver_licence_country == "DE"
    with pytest.raises(DuplicateCustomer) as caught:
        uow.rental.register_customer(
            NewCustomer("Someone Else", customer.driver_licence_number, customer.driver_licence_country)
        )
    assert (caught.value.sqlstate, caught.value.constraint) == ("23505", "customers_driver_licence_uq")


def test_book(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    customer = make_customer(uow)
    rental = uow.rental.book(booking(vehicle, customer, reference))
    assert (rental.vehicle_id, rental.customer_id, rental.status, rental.currency) == (
        vehicle.id,
        customer.id,
        "reserved",
        "EUR",
    )
    assert (rental.pickup_at, rental.return_at) == (T0, T0 + timedelta(days=3))


def test_overlapping_booking_is_a_conflict_naming_the_rental_it_hit(
    uow: UnitOfWork, reference: Reference
) -> None:
    vehicle = make_vehicle(uow, reference)
    customer = make_customer(uow)
    first = uow.rental.book(booking(vehicle, customer, reference))
    with pytest.raises(BookingConflict) as caught:
        uow.rental.book(booking(vehicle, customer, reference, start=T0 + timedelta(days=2)))
    assert (caught.value.sqlstate, caught.value.constraint) == ("23P01", "rentals_no_overlap_excl")
    assert caught.value.conflicting == first
    assert "SQLSTATE 23P01" in str(caught.value) and "rentals_no_overlap_excl" in str(caught.value)


def test_back_to_back_bookings_touch_without_overlapping(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    customer = make_customer(uow)
    uow.rental.book(booking(vehicle, customer, reference, days=3))
    after = uow.rental.book(booking(vehicle, customer, reference, start=T0 + timedelta(days=3)))
    assert after.pickup_at == T0 + timedelta(days=3)


def test_a_cancelled_booking_frees_the_vehicle(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    customer = make_customer(uow)
    first = uow.rental.book(booking(vehicle, customer, reference))
    assert uow.rental.cancel(first.id).status == "cancelled"
    assert uow.rental.book(booking(vehicle, customer, reference)).status == "reserved"


def test_booking_during_maintenance_is_a_maintenance_conflict(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    uow.maintenance.open_job(NewJob(vehicle.id, "service", T0, T0 + timedelta(days=1), "EUR"))
    with pytest.raises(MaintenanceConflict) as caught:
        uow.rental.book(booking(vehicle, make_customer(uow), reference))
    assert (caught.value.sqlstate, caught.value.constraint) == ("23P01", "rentals_no_maintenance_overlap_trg")


def test_booking_an_empty_period_is_invalid(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    request = replace(booking(vehicle, make_customer(uow), reference), return_at=T0)
    with pytest.raises(InvalidValue) as caught:
        uow.rental.book(request)
    assert caught.value.constraint == "rentals_period_half_open_ck"


def test_booking_for_an_unknown_customer(uow: UnitOfWork, reference: Reference) -> None:
    vehicle = make_vehicle(uow, reference)
    request = replace(booking(vehicle, make_customer(uow), reference), customer_id=uuid.uuid4())
    with pytest.raises(ReferenceNotFound) as caught:
        uow.rental.book(request)
    assert (caught.value.sqlstate, caught.value.constraint) == ("23503", "rentals_customer_fk")


def test_life_cycle_reserved_active_completed(uow: UnitOfWork, reference: Reference) -> None:
    rental = make_rental(uow, reference)
    assert uow.rental.activate(rental.id).status == "active"
    assert uow.rental.complete(rental.id).status == "completed"
    assert uow.rental.get(rental.id).status == "completed"


def test_no_show(uow: UnitOfWork, reference: Reference) -> None:
    rental = make_rental(uow, reference)
    assert uow.rental.mark_no_show(rental.id).status == "no_show"


@pytest.mark.parametrize(
    ("steps", "illegal"),
    [
        ((), "complete"),
        (("cancel",), "activate"),
        (("activate", "complete"), "cancel"),
        (("activate",), "cancel"),
    ],
)
def test_illegal_status_transitions(
    uow: UnitOfWork, reference: Reference, steps: tuple[str, ...], illegal: str
) -> None:
    rental = make_rental(uow, reference)
    for step in steps:
        getattr(uow.rental, step)(rental.id)
    with pytest.raises(IllegalStatusTransition) as caught:
        getattr(uow.rental, illegal)(rental.id)
    assert (caught.value.sqlstate, caught.value.constraint) == ("23514", "rentals_status_transition_trg")


def test_status_change_of_an_unknown_rental(uow: UnitOfWork) -> None:
    with pytest.raises(NotFound):
        uow.rental.activate(uuid.uuid4())


def test_add_charge(uow: UnitOfWork, reference: Reference) -> None:
    rental = make_rental(uow, reference)
    charge = uow.rental.add_charge(NewCharge(rental.id, "EUR", "base_rate", 15_000, "3 days"))
    assert (charge.rental_id, charge.amount_minor, charge.kind) == (rental.id, 15_000, "base_rate")


def test_charge_in_another_currency_is_a_currency_mismatch(uow: UnitOfWork, reference: Reference) -> None:
    rental = make_rental(uow, reference)
    with pytest.raises(CurrencyMismatch) as caught:
        uow.rental.add_charge(NewCharge(rental.id, "USD", "base_rate", 15_000))
    assert (caught.value.sqlstate, caught.value.constraint) == ("23503", "charges_rental_currency_fk")


def test_charge_of_zero_is_invalid_and_of_unknown_rental_not_found(
    uow: UnitOfWork, reference: Reference
) -> None:
    rental = make_rental(uow, reference)
    with pytest.raises(InvalidValue) as caught:
        uow.rental.add_charge(NewCharge(rental.id, "EUR", "fuel", 0))
    assert caught.value.constraint == "charges_amount_positive_ck"
    with pytest.raises(NotFound):
        uow.rental.add_charge(NewCharge(uuid.uuid4(), "EUR", "fuel", 100))


def test_capture_payment_and_its_duplicate(uow: UnitOfWork, reference: Reference) -> None:
    rental = make_rental(uow, reference)
    new = _payment(rental)
    payment = uow.rental.capture_payment(new)
    assert (payment.amount_minor, payment.provider_reference) == (10_000, new.provider_reference)
    with pytest.raises(DuplicatePayment) as caught:
        uow.rental.capture_payment(new)
    assert (caught.value.sqlstate, caught.value.constraint) == ("23505", "payments_provider_reference_uq")
    assert caught.value.existing == payment


def test_payment_in_another_currency(uow: UnitOfWork, reference: Reference) -> None:
    rental = make_rental(uow, reference)
    with pytest.raises(CurrencyMismatch) as caught:
        uow.rental.capture_payment(_payment(rental, currency="USD"))
    assert caught.value.constraint == "payments_rental_currency_fk"


def test_refunds_up_to_the_payment_and_not_beyond(uow: UnitOfWork, reference: Reference) -> None:
    rental = make_rental(uow, reference)
    payment = uow.rental.capture_payment(_payment(rental, amount=10_000))
    refund = uow.rental.refund(NewRefund(payment.id, "EUR", 6_000, "damage waiver", T0))
    assert refund.amount_minor == 6_000
    uow.rental.refund(NewRefund(payment.id, "EUR", 4_000, "goodwill", T0))
    with pytest.raises(OverRefund) as caught:
        uow.rental.refund(NewRefund(payment.id, "EUR", 1, "one cent too many", T0))
    assert (caught.value.sqlstate, caught.value.constraint) == ("23514", "refunds_within_payment_trg")


def test_refund_in_another_currency_and_of_unknown_payment(uow: UnitOfWork, reference: Reference) -> None:
    rental = make_rental(uow, reference)
    payment = uow.rental.capture_payment(_payment(rental))
    with pytest.raises(CurrencyMismatch) as caught:
        uow.rental.refund(NewRefund(payment.id, "USD", 100, "wrong currency", T0))
    assert caught.value.constraint == "refunds_payment_currency_fk"
    with pytest.raises(NotFound):
        uow.rental.refund(NewRefund(uuid.uuid4(), "EUR", 100, "no such payment", T0))


def test_rental_details_with_totals(uow: UnitOfWork, reference: Reference) -> None:
    rental = make_rental(uow, reference)
    uow.rental.add_charge(NewCharge(rental.id, "EUR", "base_rate", 15_000))
    uow.rental.add_charge(NewCharge(rental.id, "EUR", "discount", 1_000))
    payment = uow.rental.capture_payment(_payment(rental, amount=14_000))
    uow.rental.refund(NewRefund(payment.id, "EUR", 500, "fuel credit", T0))
    details = uow.rental.details(rental.id)
    assert details.rental == rental
    assert (len(details.charges), len(details.payments), len(details.refunds)) == (2, 1, 1)
    assert (details.charged_minor, details.paid_minor, details.balance_minor) == (14_000, 13_500, 500)
    with pytest.raises(NotFound):
        uow.rental.details(uuid.uuid4())
