"""Amounts, quantities and rates are bounded so that every value the schema derives from them fits its
type: each bound is accepted, bound + 1 and 2^63 - 1 are refused by the bound's check, 'NaN' (which
PostgreSQL sorts above every number) and '-0' are refused, 'Infinity' and numbers beyond bigint do not
fit their column (docs/db/conventions.md, "Amounts and derived sums")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

import psycopg
import pytest

from tests.support.world import World, period, violates

BOUND = 10**12
BIGINT_MAX = 2**63 - 1
BIGINT_MIN = -(2**63)


@pytest.fixture
def rental(world: World) -> UUID:
    return world.rental(world.vehicle(), period(1, 3))


@pytest.fixture
def job(world: World) -> UUID:
    return world.job(world.vehicle(), period(10, 11))


@pytest.mark.invariant("RENT-AMOUNT-BOUNDED")
@pytest.mark.parametrize("table", ["charges", "payments"])
def test_a_rental_amount_is_at_most_ten_to_the_twelve(
    db: psycopg.Connection[Any], world: World, rental: UUID, table: str
) -> None:
    def write(amount: int) -> None:
        if table == "charges":
            world.charge(rental, amount)
        else:
            world.payment(rental, amount)

    for too_much in (BOUND + 1, BIGINT_MAX):
        with violates(db, "23514", f"{table}_amount_max_ck"):
            write(too_much)
    for not_positive in (0, -1, BIGINT_MIN):
        with violates(db, "23514", f"{table}_amount_positive_ck"):
            write(not_positive)
    with violates(db, "22003", None):
        write(BIGINT_MAX + 1)
    write(BOUND)


@pytest.mark.invariant("RENT-AMOUNT-BOUNDED")
@pytest.mark.invariant("RENT-REFUND-LIMIT")
def test_refunds_of_a_payment_at_the_bound_end_with_the_refund_limit_not_an_overflow(
    db: psycopg.Connection[Any], world: World, rental: UUID
) -> None:
    payment = world.payment(rental, BOUND)
    world.refund(payment, BOUND)
    with violates(db, "23514", "refunds_within_payment_trg"):
        world.refund(payment, 1)
    with violates(db, "23514", "refunds_within_payment_trg"):
        world.refund(payment, BOUND)


@pytest.mark.invariant("MAINT-COST-BOUNDED")
@pytest.mark.parametrize(
    ("value", "sqlstate", "constraint"),
    [
        ("10000.001", "23514", "job_parts_quantity_max_ck"),
        ("9999999.999", "23514", "job_parts_quantity_max_ck"),
        ("NaN", "23514", "job_parts_quantity_max_ck"),
        ("Infinity", "22003", None),
        ("-0", "23514", "job_parts_quantity_positive_ck"),
        ("0.000", "23514", "job_parts_quantity_positive_ck"),
    ],
)
def test_a_part_quantity_is_at_most_ten_thousand(
    db: psycopg.Connection[Any], world: World, job: UUID, value: str, sqlstate: str, constraint: str | None
) -> None:
    with violates(db, sqlstate, constraint):
        world.part(job, Decimal(value), 100)
    part = world.part(job, Decimal("10000.000"), BOUND)
    with violates(db, sqlstate, constraint):
        db.execute("UPDATE maintenance.job_parts SET quantity = %s WHERE id = %s", (Decimal(value), part))


@pytest.mark.invariant("MAINT-COST-BOUNDED")
@pytest.mark.parametrize(
    ("value", "sqlstate", "constraint"),
    [
        ("1000.01", "23514", "job_labour_hours_max_ck"),
        ("9999.99", "23514", "job_labour_hours_max_ck"),
        ("NaN", "23514", "job_labour_hours_max_ck"),
        ("Infinity", "22003", None),
        ("-0", "23514", "job_labour_hours_positive_ck"),
    ],
)
def test_labour_hours_are_at_most_a_thousand(
    db: psycopg.Connection[Any], world: World, job: UUID, value: str, sqlstate: str, constraint: str | None
) -> None:
    with violates(db, sqlstate, constraint):
        world.labour(job, Decimal(value), 100)
    line = world.labour(job, Decimal("1000.00"), BOUND)
    with violates(db, sqlstate, constraint):
        db.execute("UPDATE maintenance.job_labour SET hours = %s WHERE id = %s", (Decimal(value), line))


@pytest.mark.invariant("MAINT-COST-BOUNDED")
@pytest.mark.parametrize("kind", ["part", "labour"])
def test_a_unit_cost_or_rate_is_at_most_ten_to_the_twelve(
    db: psycopg.Connection[Any], world: World, job: UUID, kind: str
) -> None:
    write = world.part if kind == "part" else world.labour
    constraint = "job_parts_unit_cost_max_ck" if kind == "part" else "job_labour_rate_max_ck"
    for too_much in (BOUND + 1, BIGINT_MAX):
        with violates(db, "23514", constraint):
            write(job, 1, too_much)
    write(job, 1, BOUND)


@pytest.mark.invariant("MAINT-COST-BOUNDED")
def test_the_job_cost_view_reads_lines_at_the_bounds(
    db: psycopg.Connection[Any], world: World, job: UUID
) -> None:
    world.part(job, Decimal("10000.000"), BOUND)
    world.labour(job, Decimal("1000.00"), BOUND)
    row = db.execute(
        "SELECT parts_minor, labour_minor, total_minor FROM maintenance.job_costs WHERE job_id = %s", (job,)
    ).fetchone()
    assert row == (10**16, 10**15, 10**16 + 10**15)


@pytest.mark.invariant("ACCT-AMOUNT-BOUNDED")
@pytest.mark.parametrize("amount", [BOUND + 1, -BOUND - 1, BIGINT_MAX, BIGINT_MIN])
def test_a_journal_line_moves_at_most_ten_to_the_twelve(
    db: psycopg.Connection[Any], world: World, amount: int
) -> None:
    debit, credit = world.account(), world.account()
    with violates(db, "23514", "journal_lines_amount_range_ck"):
        world.post("payment-1", [(debit, amount), (credit, -amount if amount != BIGINT_MIN else BIGINT_MAX)])
    world.post("payment-2", [(debit, BOUND), (credit, -BOUND)])


@pytest.mark.parametrize(
    ("table", "column", "constraint"),
    [
        ("fleet.odometer_readings", "reading_km", "odometer_readings_reading_km_range_ck"),
        ("maintenance.jobs", "odometer_km", "jobs_odometer_km_range_ck"),
    ],
)
def test_odometer_values_refuse_nan(
    db: psycopg.Connection[Any], world: World, table: str, column: str, constraint: str
) -> None:
    car = world.vehicle()
    with violates(db, "23514", constraint):
        if table == "fleet.odometer_readings":
            world.reading(car, "NaN")  # type: ignore[arg-type]
        else:
            world.job(car, period(10, 11), odometer_km="NaN")
