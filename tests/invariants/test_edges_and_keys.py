"""Edges and keys: each bound tried on both sides, each key shown to allow what differs in one of its
columns. Written for the semantic mutants (a bound moved by one, a conjunct dropped, a key column
removed) that the happy-path scenarios let through."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from psycopg import sql

from tests.support.world import World, period, violates


@pytest.mark.invariant("FLEET-MODEL-YEAR")
@pytest.mark.parametrize(("year", "allowed"), [(1979, False), (1980, True), (2100, True), (2101, False)])
def test_model_year_bounds_on_both_sides(
    db: psycopg.Connection[Any], world: World, year: int, allowed: bool
) -> None:
    if allowed:
        world.vehicle(model_year=year)
        return
    with violates(db, "23514", "vehicles_model_year_range_ck"):
        world.vehicle(model_year=year)


@pytest.mark.invariant("FLEET-PLATE-UNIQUE")
def test_two_plates_of_one_jurisdiction_are_two_vehicles(world: World) -> None:
    world.vehicle(plate="B-AB 1", plate_jurisdiction="DE")
    world.vehicle(plate="B-AB 2", plate_jurisdiction="DE")


@pytest.mark.invariant("RENT-CUSTOMER-LICENCE-UNIQUE")
def test_two_licences_of_one_country_are_two_customers(world: World) -> None:
    world.customer(driver_licence_country="DE", driver_licence_number="B1000001")
    world.customer(driver_licence_country="DE", driver_licence_number="B1000002")


@pytest.mark.invariant("INTEG-INBOX-IDEMPOTENT")
@pytest.mark.parametrize("module", ["iam", "fleet", "rental", "maintenance", "accounting"])
def test_a_consumer_records_many_messages(db: psycopg.Connection[Any], module: str) -> None:
    insert = sql.SQL("INSERT INTO {} (consumer, message_id) VALUES ('billing', %s)").format(
        sql.Identifier(module, "inbox_processed_messages")
    )
    db.execute(insert, (uuid4(),))
    db.execute(insert, (uuid4(),))


@pytest.mark.invariant("RENT-AMOUNT-POSITIVE")
def test_the_smallest_amount_is_one_minor_unit(db: psycopg.Connection[Any], world: World) -> None:
    rental = world.rental(world.vehicle(), period(1, 3))
    db.execute(
        "INSERT INTO rental.charges (rental_id, currency, kind, amount_minor)"
        " VALUES (%s, 'EUR', 'base_rate', 1)",
        (rental,),
    )
    payment = world.payment(rental, 1)
    world.refund(payment, 1)


@pytest.mark.invariant("MAINT-QUANTITIES-POSITIVE")
def test_fractional_quantities_and_hours_are_allowed(db: psycopg.Connection[Any], world: World) -> None:
    job = world.job(world.vehicle(), period(1, 2))
    db.execute(
        "INSERT INTO maintenance.job_parts (job_id, currency, part_number, quantity, unit_cost_minor)"
        " VALUES (%s, 'EUR', 'P-1', 0.5, 100), (%s, 'EUR', 'P-2', 1, 100)",
        (job, job),
    )
    db.execute(
        "INSERT INTO maintenance.job_labour (job_id, currency, technician, hours, rate_minor)"
        " VALUES (%s, 'EUR', 'Sam', 0.25, 100), (%s, 'EUR', 'Sam', 1, 100)",
        (job, job),
    )


_WINDOWS = {
    "empty": "empty",
    "unbounded below": "(,2030-06-02 00:00+00)",
    "unbounded above": "[2030-06-01 00:00+00,)",
    "closed": "[2030-06-01 00:00+00,2030-06-02 00:00+00]",
    "open below": "(2030-06-01 00:00+00,2030-06-02 00:00+00)",
    "infinite below": "[-infinity,2030-06-02 00:00+00)",
    "infinite above": "[2030-06-01 00:00+00,infinity)",
}


@pytest.mark.invariant("RENT-PERIOD-HALF-OPEN")
@pytest.mark.parametrize("shape", sorted(_WINDOWS))
def test_every_malformed_window_is_rejected_and_a_half_open_one_accepted(
    db: psycopg.Connection[Any], world: World, shape: str
) -> None:
    world.rental(world.vehicle(), period(1, 2))
    world.job(world.vehicle(), period(3, 4))
    # Vehicles of their own: the overlap triggers (BEFORE) would otherwise answer before the CHECK.
    with violates(db, "23514", "rentals_period_half_open_ck"):
        world.rental(world.vehicle(), _WINDOWS[shape])
    with violates(db, "23514", "jobs_scheduled_window_half_open_ck"):
        world.job(world.vehicle(), _WINDOWS[shape])


@pytest.fixture
def accounts(world: World) -> tuple[UUID, UUID]:
    return world.account(), world.account(type="revenue")


@pytest.mark.invariant("ACCT-IDEMPOTENT-POSTING")
def test_a_repeat_in_another_currency_is_another_posting(
    db: psycopg.Connection[Any], world: World, accounts: tuple[UUID, UUID]
) -> None:
    """Same lines, same accounts, another currency: not the same posting (the repeat writes no lines, so
    only the comparison can tell)."""
    cash, revenue = accounts
    world.post("pay-9", [(cash, 250), (revenue, -250)])
    with violates(db, "23505", "journal_entries_source_reference_uq"):
        world.post("pay-9", [(cash, 250), (revenue, -250)], currency="USD")


@pytest.mark.invariant("ACCT-IDEMPOTENT-POSTING")
def test_the_same_reference_of_two_sources_is_two_entries(
    db: psycopg.Connection[Any], world: World, accounts: tuple[UUID, UUID]
) -> None:
    cash, revenue = accounts
    first = world.post("ref-1", [(cash, 100), (revenue, -100)], source="rental")
    second = world.post("ref-1", [(cash, 300), (revenue, -300)], source="maintenance")
    assert first != second
    assert world.post("ref-1", [(cash, 300), (revenue, -300)], source="maintenance") == second
    assert world.post("ref-1", [(cash, 100), (revenue, -100)], source="rental") == first


_READING = (
    "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
    " VALUES (%s, %s, %s, 'manual')"
)
_CORRECTION = (
    "INSERT INTO fleet.odometer_corrections (vehicle_id, kind, effective_at, reason)"
    " VALUES (%s, 'correction', %s, 'test')"
)
_DAY = "2030-06-{:02d} 00:00+00"
MONOTONIC = "odometer_readings_monotonic_trg"


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_a_reading_at_the_correction_instant_opens_the_new_segment(
    db: psycopg.Connection[Any], world: World
) -> None:
    car = world.vehicle()
    db.execute(_READING, (car, 90000, _DAY.format(1)))
    db.execute(_CORRECTION, (car, _DAY.format(4)))
    db.execute(_READING, (car, 10, _DAY.format(4)))  # at the instant: the new odometer's first reading
    db.execute(_READING, (car, 50, _DAY.format(6)))
    with violates(db, "23514", MONOTONIC):
        db.execute(_READING, (car, 60, _DAY.format(5)))  # back-dated above the reading after it


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_a_back_dated_reading_at_a_later_correction_instant_meets_that_segment(
    db: psycopg.Connection[Any], world: World
) -> None:
    car = world.vehicle()
    db.execute(_READING, (car, 90000, _DAY.format(1)))
    db.execute(_CORRECTION, (car, _DAY.format(4)))
    db.execute(_READING, (car, 10, _DAY.format(5)))
    with violates(db, "23514", MONOTONIC):
        db.execute(_READING, (car, 20, _DAY.format(4)))  # opens the new segment above its next reading
    db.execute(_READING, (car, 5, _DAY.format(4)))


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.parametrize(("km", "allowed"), [(999, False), (1000, True), (1001, False)])
def test_two_readings_at_one_instant_must_agree(
    db: psycopg.Connection[Any], world: World, km: int, allowed: bool
) -> None:
    car = world.vehicle()
    db.execute(_READING, (car, 1000, _DAY.format(1)))
    if allowed:
        db.execute(_READING, (car, km, _DAY.format(1)))
        return
    with violates(db, "23514", MONOTONIC):
        db.execute(_READING, (car, km, _DAY.format(1)))


@pytest.mark.invariant("RENT-REFUND-LIMIT")
@pytest.mark.parametrize(
    ("amount", "sqlstate", "constraint"),
    [
        (None, "23502", None),
        (-1, "23514", "refunds_amount_positive_ck"),
        (0, "23514", "refunds_amount_positive_ck"),
    ],
)
def test_a_first_refund_that_is_no_amount_fails_on_its_own_rule(
    db: psycopg.Connection[Any], world: World, amount: int | None, sqlstate: str, constraint: str | None
) -> None:
    """The refund check leaves a missing or non-positive amount to the column's rules: the error names
    them, not the running total."""
    payment = world.payment(world.rental(world.vehicle(), period(1, 3)), 1000)
    with violates(db, sqlstate, constraint):
        world.refund(payment, amount)  # type: ignore[arg-type]


@pytest.mark.invariant("RENT-REFUND-LIMIT")
def test_refunds_of_one_payment_never_use_up_another(db: psycopg.Connection[Any], world: World) -> None:
    rental = world.rental(world.vehicle(), period(1, 3))
    first, second = world.payment(rental, 1000), world.payment(rental, 1000)
    world.refund(first, 100)
    world.refund(second, 100)
    world.refund(first, 800)
    world.refund(second, 900)  # all of what is left on the second payment
    with violates(db, "23514", "refunds_within_payment_trg"):
        world.refund(second, 1)
    world.refund(first, 100)


@pytest.mark.invariant("ACCT-AMOUNT-BOUNDED")
@pytest.mark.parametrize("sign", [1, -1])
def test_a_line_beyond_either_bound_is_rejected_even_in_a_balanced_entry(
    db: psycopg.Connection[Any], world: World, accounts: tuple[UUID, UUID], sign: int
) -> None:
    """Two lines at the bound and one at twice it: only the big line is out of range, on one side."""
    cash, revenue = accounts
    bound = 10**12
    world.post(f"at-bound-{sign}", [(cash, sign * bound), (revenue, -sign * bound)])
    lines = [(cash, sign * bound), (cash, sign * bound), (revenue, -sign * 2 * bound)]
    with violates(db, "23514", "journal_lines_amount_range_ck"):
        world.post(f"beyond-{sign}", lines)
