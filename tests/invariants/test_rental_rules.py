"""rental: periods, overlaps, status transitions, bookability, currencies, payments and refunds."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from tests.support.world import World, period, violates


@pytest.mark.invariant("RENT-CUSTOMER-LICENCE-UNIQUE")
def test_one_customer_per_driving_licence(db: psycopg.Connection[Any], world: World) -> None:
    world.customer(driver_licence_country="DE", driver_licence_number="X1")
    world.customer(driver_licence_country="AT", driver_licence_number="X1")
    with violates(db, "23505", "customers_driver_licence_uq"):
        world.customer(driver_licence_country="DE", driver_licence_number="X1")


@pytest.mark.invariant("RENT-PERIOD-HALF-OPEN")
@pytest.mark.parametrize(
    "span",
    [
        "[2030-06-01 00:00+00,2030-06-03 00:00+00]",
        "(2030-06-01 00:00+00,2030-06-03 00:00+00)",
        "empty",
        "[2030-06-01 00:00+00,)",
        "(,2030-06-03 00:00+00)",
        "[2030-06-01 00:00+00,infinity)",
        "[-infinity,2030-06-03 00:00+00)",
    ],
)
def test_period_is_bounded_non_empty_and_half_open(
    db: psycopg.Connection[Any], world: World, span: str
) -> None:
    car = world.vehicle()
    world.rental(car, period(1, 3))
    with violates(db, "23514", "rentals_period_half_open_ck"):
        world.rental(car, span)


@pytest.mark.invariant("RENT-OVERLAP")
def test_live_rentals_of_a_vehicle_never_overlap(db: psycopg.Connection[Any], world: World) -> None:
    car = world.vehicle()
    first = world.rental(car, period(1, 5))
    world.rental(car, period(5, 8))  # touching [1,5) and [5,8) is fine
    world.rental(world.vehicle(), period(1, 5))  # another vehicle
    with violates(db, "23P01", "rentals_no_overlap_excl"):
        world.rental(car, period(4, 6))
    db.execute("UPDATE rental.rentals SET status = 'active' WHERE id = %s", (first,))
    with violates(db, "23P01", "rentals_no_overlap_excl"):
        world.rental(car, period(2, 3))


@pytest.mark.invariant("RENT-OVERLAP")
def test_cancelling_frees_the_slot_and_it_cannot_be_taken_back(
    db: psycopg.Connection[Any], world: World
) -> None:
    car = world.vehicle()
    cancelled = world.rental(car, period(1, 5))
    db.execute("UPDATE rental.rentals SET status = 'cancelled' WHERE id = %s", (cancelled,))
    world.rental(car, period(2, 4))
    # The transition trigger already forbids cancelled -> reserved; switched off inside this
    # rolled-back transaction, the exclusion constraint still rejects the overlap on its own.
    with violates(db, "23514", "rentals_status_transition_trg"):
        db.execute("UPDATE rental.rentals SET status = 'reserved' WHERE id = %s", (cancelled,))
    db.execute("ALTER TABLE rental.rentals DISABLE TRIGGER rentals_status_transition_trg")
    with violates(db, "23P01", "rentals_no_overlap_excl"):
        db.execute("UPDATE rental.rentals SET status = 'reserved' WHERE id = %s", (cancelled,))


@pytest.mark.invariant("RENT-STATUS-TRANSITION")
@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        (["active", "completed"], "active"),
        (["active", "completed"], "reserved"),
        (["cancelled"], "reserved"),
        (["no_show"], "active"),
        ([], "completed"),
        (["active"], "cancelled"),
        (["active"], "reserved"),
    ],
)
def test_only_legal_status_transitions(
    db: psycopg.Connection[Any], world: World, path: list[str], illegal: str
) -> None:
    rental = world.rental(world.vehicle(), period(1, 3))
    for status in path:
        db.execute("UPDATE rental.rentals SET status = %s WHERE id = %s", (status, rental))
    with violates(db, "23514", "rentals_status_transition_trg"):
        db.execute("UPDATE rental.rentals SET status = %s WHERE id = %s", (illegal, rental))


@pytest.mark.invariant("RENT-STATUS-TRANSITION")
def test_a_new_rental_starts_reserved_or_active(db: psycopg.Connection[Any], world: World) -> None:
    world.rental(world.vehicle(), period(1, 3), status="active")
    with violates(db, "23514", "rentals_status_transition_trg"):
        world.rental(world.vehicle(), period(1, 3), status="completed")


@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
def test_a_retired_vehicle_cannot_be_booked(db: psycopg.Connection[Any], world: World) -> None:
    car = world.vehicle()
    rental = world.rental(car, period(1, 3))
    with violates(db, "55000", "vehicles_retirement_trg"):  # not while it is booked
        db.execute("UPDATE fleet.vehicles SET status = 'retired' WHERE id = %s", (car,))
    db.execute("UPDATE rental.rentals SET status = 'cancelled' WHERE id = %s", (rental,))
    db.execute("UPDATE fleet.vehicles SET status = 'retired' WHERE id = %s", (car,))
    with violates(db, "55000", "rentals_vehicle_bookable_trg"):
        world.rental(car, period(10, 12))


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
def test_booking_and_open_maintenance_never_overlap(db: psycopg.Connection[Any], world: World) -> None:
    car = world.vehicle()
    job = world.job(car, period(10, 12))
    world.rental(car, period(5, 10))  # ends when the workshop window starts
    with violates(db, "23P01", "rentals_no_maintenance_overlap_trg"):
        world.rental(car, period(11, 14))
    world.rental(car, period(20, 25))
    with violates(db, "23P01", "jobs_no_rental_overlap_trg"):
        world.job(car, period(24, 26))
    with violates(db, "23P01", "jobs_no_rental_overlap_trg"):
        db.execute("UPDATE maintenance.jobs SET scheduled_window = %s WHERE id = %s", (period(9, 12), job))
    db.execute("UPDATE maintenance.jobs SET status = 'cancelled' WHERE id = %s", (job,))
    world.rental(car, period(11, 14))  # a cancelled job no longer blocks


@pytest.mark.invariant("RENT-CURRENCY")
def test_charges_payments_and_refunds_use_the_rental_currency(
    db: psycopg.Connection[Any], world: World
) -> None:
    rental = world.rental(world.vehicle(), period(1, 3))  # EUR
    charge = (
        "INSERT INTO rental.charges (rental_id, currency, kind, amount_minor)"
        " VALUES (%s, %s, 'base_rate', 100)"
    )
    db.execute(charge, (rental, "EUR"))
    with violates(db, "23503", "charges_rental_currency_fk"):
        db.execute(charge, (rental, "USD"))
    payment = world.payment(rental, 1000)
    with violates(db, "23503", "payments_rental_currency_fk"):
        world.payment(rental, 1000, currency="USD")
    world.refund(payment, 10)
    with violates(db, "23503", "refunds_payment_currency_fk"):
        world.refund(payment, 10, currency="USD")
    with violates(db, "23503", "charges_rental_currency_fk"):
        db.execute("UPDATE rental.rentals SET currency = 'USD' WHERE id = %s", (rental,))


@pytest.mark.invariant("RENT-AMOUNT-POSITIVE")
def test_amounts_are_positive(db: psycopg.Connection[Any], world: World) -> None:
    rental = world.rental(world.vehicle(), period(1, 3))
    charge = "INSERT INTO rental.charges (rental_id, currency, kind, amount_minor) VALUES (%s, 'EUR', %s, %s)"
    db.execute(charge, (rental, "discount", 500))
    with violates(db, "23514", "charges_amount_positive_ck"):
        db.execute(charge, (rental, "discount", -500))
    with violates(db, "23514", "charges_amount_positive_ck"):
        db.execute(charge, (rental, "base_rate", 0))
    with violates(db, "23514", "payments_amount_positive_ck"):
        world.payment(rental, 0)
    with violates(db, "23514", "refunds_amount_positive_ck"):
        world.refund(world.payment(rental, 100), -1)


@pytest.mark.invariant("RENT-PAYMENT-ONCE")
def test_a_payment_is_recorded_once_per_provider_reference(db: psycopg.Connection[Any], world: World) -> None:
    rental = world.rental(world.vehicle(), period(1, 3))
    world.payment(rental, 100, provider="stripe", provider_reference="pi_1")
    world.payment(rental, 100, provider="adyen", provider_reference="pi_1")
    with violates(db, "23505", "payments_provider_reference_uq"):
        world.payment(rental, 100, provider="stripe", provider_reference="pi_1")


@pytest.mark.invariant("RENT-REFUND-LIMIT")
def test_refunds_never_exceed_the_payment(db: psycopg.Connection[Any], world: World) -> None:
    payment = world.payment(world.rental(world.vehicle(), period(1, 3)), 1000)
    world.refund(payment, 600)
    world.refund(payment, 400)  # exactly the payment
    with violates(db, "23514", "refunds_within_payment_trg"):
        world.refund(payment, 1)


@pytest.mark.invariant("RENT-MONEY-APPEND-ONLY")
def test_charges_payments_and_refunds_are_append_only(db: psycopg.Connection[Any], world: World) -> None:
    rental = world.rental(world.vehicle(), period(1, 3))
    charge = (
        "INSERT INTO rental.charges (rental_id, currency, kind, amount_minor) VALUES (%s, 'EUR', 'fuel', 1)"
    )
    db.execute(charge, (rental,))
    payment = world.payment(rental, 1000)
    world.refund(payment, 10)
    for table in ("charges", "payments", "refunds"):
        with violates(db, "55000", f"{table}_append_only_trg"):
            db.execute(f"UPDATE rental.{table} SET amount_minor = amount_minor + 1")
        with violates(db, "55000", f"{table}_append_only_trg"):
            db.execute(f"DELETE FROM rental.{table}")
    with violates(db, "55000", "refunds_no_truncate_trg"):
        db.execute("TRUNCATE rental.refunds")
    with violates(db, "55000", "charges_no_truncate_trg"):
        db.execute("TRUNCATE rental.charges")
    with violates(db, "55000", "payments_no_truncate_trg"):
        db.execute("TRUNCATE rental.payments, rental.refunds")
