"""maintenance: job status transitions, one currency per job, positive quantities, the cost view."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from tests.support.world import World, period, violates

_PART = (
    "INSERT INTO maintenance.job_parts (job_id, currency, part_number, quantity, unit_cost_minor)"
    " VALUES (%s, %s, %s, %s, %s)"
)
_LABOUR = (
    "INSERT INTO maintenance.job_labour (job_id, currency, technician, hours, rate_minor)"
    " VALUES (%s, %s, 'Sam', %s, %s)"
)


@pytest.mark.invariant("MAINT-STATUS-TRANSITION")
def test_only_legal_job_transitions(db: psycopg.Connection[Any], world: World) -> None:
    job = world.job(world.vehicle(), period(1, 2))
    for status in ("in_progress", "completed"):
        db.execute("UPDATE maintenance.jobs SET status = %s WHERE id = %s", (status, job))
    with violates(db, "23514", "jobs_status_transition_trg"):
        db.execute("UPDATE maintenance.jobs SET status = 'scheduled' WHERE id = %s", (job,))
    with violates(db, "23514", "jobs_status_transition_trg"):
        world.job(world.vehicle(), period(1, 2), status="completed")


@pytest.mark.invariant("RENT-PERIOD-HALF-OPEN")
def test_job_window_is_half_open(db: psycopg.Connection[Any], world: World) -> None:
    with violates(db, "23514", "jobs_scheduled_window_half_open_ck"):
        world.job(world.vehicle(), "[2030-06-01 00:00+00,2030-06-02 00:00+00]")


@pytest.mark.invariant("MAINT-ONE-CURRENCY")
def test_parts_and_labour_in_the_job_currency(db: psycopg.Connection[Any], world: World) -> None:
    job = world.job(world.vehicle(), period(1, 2))  # EUR
    db.execute(_PART, (job, "EUR", "OIL-5W30", 4.5, 1200))
    db.execute(_LABOUR, (job, "EUR", 1.5, 8000))
    with violates(db, "23503", "job_parts_job_currency_fk"):
        db.execute(_PART, (job, "USD", "OIL-5W30", 1, 1200))
    with violates(db, "23503", "job_labour_job_currency_fk"):
        db.execute(_LABOUR, (job, "GBP", 1, 8000))


@pytest.mark.invariant("MAINT-QUANTITIES-POSITIVE")
def test_quantities_and_hours_are_positive(db: psycopg.Connection[Any], world: World) -> None:
    job = world.job(world.vehicle(), period(1, 2))
    with violates(db, "23514", "job_parts_quantity_positive_ck"):
        db.execute(_PART, (job, "EUR", "FILTER", 0, 500))
    with violates(db, "23514", "job_labour_hours_positive_ck"):
        db.execute(_LABOUR, (job, "EUR", 0, 8000))


def test_job_costs_view_adds_parts_and_labour(db: psycopg.Connection[Any], world: World) -> None:
    job = world.job(world.vehicle(), period(1, 2))
    db.execute(_PART, (job, "EUR", "OIL-5W30", 4.5, 1200))  # 5400
    db.execute(_PART, (job, "EUR", "FILTER", 1, 900))  # 900
    db.execute(_LABOUR, (job, "EUR", 1.5, 8000))  # 12000
    row = db.execute(
        "SELECT currency, parts_minor, labour_minor, total_minor"
        " FROM maintenance.job_costs WHERE job_id = %s",
        (job,),
    ).fetchone()
    assert row == ("EUR", 6300, 12000, 18300)
    empty = world.job(world.vehicle(), period(1, 2))
    row = db.execute("SELECT total_minor FROM maintenance.job_costs WHERE job_id = %s", (empty,)).fetchone()
    assert row == (0,)
