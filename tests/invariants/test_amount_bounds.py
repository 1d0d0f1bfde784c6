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
from psycopg import sql

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


JOB_BOUND = 10**17
PART_AT_BOUND = (Decimal("10000.000"), BOUND)  # a part line costing 10^16
LABOUR_AT_BOUND = (Decimal("1000.00"), BOUND)  # a labour line costing 10^15

_JOB_TOTALS = (
    "SELECT t.parts_minor, t.labour_minor, c.parts_minor, c.labour_minor"
    " FROM maintenance.job_cost_totals t JOIN maintenance.job_costs c USING (job_id) WHERE job_id = %s"
)


def _job_totals(db: psycopg.Connection[Any], job: UUID) -> tuple[int, int]:
    """The running totals of the job, checked against the sums the view computes from its lines."""
    row = db.execute(_JOB_TOTALS, (job,)).fetchone()
    assert row is not None
    assert (row[0], row[1]) == (row[2], row[3]), f"running totals {row[:2]} are not the lines' sums {row[2:]}"
    return row[0], row[1]


def _lines(db: psycopg.Connection[Any], table: str, job: UUID, count: int, line: tuple[Decimal, int]) -> None:
    column, cost = ("quantity", "unit_cost_minor") if table == "job_parts" else ("hours", "rate_minor")
    extra = "part_number" if table == "job_parts" else "technician"
    db.execute(
        sql.SQL(
            "INSERT INTO maintenance.{} (job_id, currency, {}, {}, {})"
            " SELECT %s, 'EUR', 'L-' || n, %s, %s FROM generate_series(1, %s) AS n"
        ).format(sql.Identifier(table), sql.Identifier(extra), sql.Identifier(column), sql.Identifier(cost)),
        (job, line[0], line[1], count),
    )


@pytest.mark.invariant("MAINT-COST-BOUNDED")
@pytest.mark.parametrize(
    ("table", "line", "per_line", "constraint"),
    [
        ("job_parts", PART_AT_BOUND, 10**16, "job_cost_totals_parts_range_ck"),
        ("job_labour", LABOUR_AT_BOUND, 10**15, "job_cost_totals_labour_range_ck"),
    ],
)
def test_a_job_costs_at_most_ten_to_the_seventeen_in_parts_and_in_labour(
    db: psycopg.Connection[Any],
    world: World,
    job: UUID,
    table: str,
    line: tuple[Decimal, int],
    per_line: int,
    constraint: str,
) -> None:
    """Lines at the line bound fill the job up to exactly 10^17; one minor unit more is refused, however
    many lines it comes in, and the view reads the full job (v1.0: 22003 for every reader)."""
    full = JOB_BOUND // per_line
    with violates(db, "23514", constraint):
        _lines(db, table, job, full + 1, line)
    _lines(db, table, job, full - 1, line)
    with violates(db, "23514", constraint):
        _lines(db, table, job, 2, line)
    _lines(db, table, job, 1, line)
    with violates(db, "23514", constraint):
        _lines(db, table, job, 1, (Decimal(1), 1))
    other = world.job(world.vehicle(), period(12, 13))
    _lines(db, table, other, 1, line)  # another job has room of its own
    parts, labour = _job_totals(db, job)
    assert (parts, labour) == ((JOB_BOUND, 0) if table == "job_parts" else (0, JOB_BOUND))
    row = db.execute("SELECT total_minor FROM maintenance.job_costs WHERE job_id = %s", (job,)).fetchone()
    assert row == (JOB_BOUND,)


def _first_line(db: psycopg.Connection[Any], table: str, job: UUID) -> UUID:
    query = sql.SQL("SELECT id FROM maintenance.{} WHERE job_id = %s ORDER BY id LIMIT 1")
    row = db.execute(query.format(sql.Identifier(table)), (job,)).fetchone()
    assert row is not None
    return UUID(str(row[0]))


def _set(db: psycopg.Connection[Any], table: str, column: str, value: Any, line: UUID) -> None:
    query = sql.SQL("UPDATE maintenance.{} SET {} = %s WHERE id = %s")
    db.execute(query.format(sql.Identifier(table), sql.Identifier(column)), (value, line))


@pytest.mark.invariant("MAINT-COST-BOUNDED")
@pytest.mark.parametrize(
    ("table", "column", "constraint"),
    [
        ("job_parts", "quantity", "job_cost_totals_parts_range_ck"),
        ("job_parts", "unit_cost_minor", "job_cost_totals_parts_range_ck"),
        ("job_parts", "job_id", "job_cost_totals_parts_range_ck"),
        ("job_labour", "hours", "job_cost_totals_labour_range_ck"),
        ("job_labour", "rate_minor", "job_cost_totals_labour_range_ck"),
        ("job_labour", "job_id", "job_cost_totals_labour_range_ck"),
    ],
)
def test_every_write_of_a_line_moves_its_cost_in_and_out_of_the_job_total(
    db: psycopg.Connection[Any], world: World, job: UUID, table: str, column: str, constraint: str
) -> None:
    """A full job: a line made cheaper frees exactly its difference, and raised again it is refused; a
    line moved in is refused, moved out or deleted it frees its cost (and the other job's total follows)."""
    line = PART_AT_BOUND if table == "job_parts" else LABOUR_AT_BOUND
    almost = (line[0] - 1, BOUND)  # one unit or hour less than a line at the bound
    full = int(JOB_BOUND // (line[0] * line[1]))
    expected_full = (JOB_BOUND, 0) if table == "job_parts" else (0, JOB_BOUND)
    _lines(db, table, job, full, line)
    other = world.job(world.vehicle(), period(12, 13))
    _lines(db, table, other, 1, (Decimal(1), 1))
    first = _first_line(db, table, job)
    if column == "job_id":
        with violates(db, "23514", constraint):
            _set(db, table, "job_id", job, _first_line(db, table, other))
    else:
        _set(db, table, column, 1, first)  # now the line costs at most 10^12: room for an almost full line
        _lines(db, table, job, 1, almost)
        with violates(db, "23514", constraint):
            _set(db, table, column, line[0] if column in ("quantity", "hours") else BOUND, first)
        db.execute(
            sql.SQL("DELETE FROM maintenance.{} WHERE job_id = %s AND {} = %s").format(
                sql.Identifier(table), sql.Identifier("quantity" if table == "job_parts" else "hours")
            ),
            (job, almost[0]),
        )
        _set(db, table, column, line[0] if column in ("quantity", "hours") else BOUND, first)
    assert _job_totals(db, job) == expected_full
    db.execute(sql.SQL("DELETE FROM maintenance.{} WHERE id = %s").format(sql.Identifier(table)), (first,))
    _lines(db, table, job, 1, line)  # the deleted line's cost left the total
    assert _job_totals(db, job) == expected_full
    _set(db, table, "job_id", other, _first_line(db, table, job))
    _lines(db, table, job, 1, line)  # so did the moved line's
    assert _job_totals(db, job) == expected_full
    assert _job_totals(db, other) == ((10**16 + 1, 0) if table == "job_parts" else (0, 10**15 + 1))


@pytest.mark.invariant("MAINT-COST-BOUNDED")
def test_the_job_totals_are_written_by_the_lines_only(
    db: psycopg.Connection[Any], world: World, job: UUID
) -> None:
    """The bound is a CHECK whoever writes the totals (the owner, by hand); the application role may
    only read them."""
    world.part(job, 1, 100)
    for column in ("parts_minor", "labour_minor"):
        for value in (JOB_BOUND + 1, -1):
            with violates(db, "23514", f"job_cost_totals_{column.split('_')[0]}_range_ck"):
                db.execute(
                    sql.SQL("UPDATE maintenance.job_cost_totals SET {} = %s WHERE job_id = %s").format(
                        sql.Identifier(column)
                    ),
                    (value, job),
                )
    attempts = [
        ("UPDATE maintenance.job_cost_totals SET parts_minor = 0 WHERE job_id = %s", (job,)),
        ("DELETE FROM maintenance.job_cost_totals WHERE job_id = %s", (job,)),
        (
            "INSERT INTO maintenance.job_cost_totals (job_id) VALUES (%s)",
            (world.job(world.vehicle(), period(12, 13)),),
        ),
    ]
    for statement, params in attempts:
        with violates(db, "42501", None):
            db.execute("SET LOCAL ROLE fleetdb_app")
            db.execute(statement, params)
    assert _job_totals(db, job) == (100, 0)


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
