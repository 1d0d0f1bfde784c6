"""Each aggregate counts its own versions: with the events of two aggregates of one kind interleaved in
one outbox, each one's versions are still 1, 2, 3 ... in the order of its changes. Written for the
semantic mutants of the publishing triggers that count over the wrong events (another aggregate's, or
every aggregate's) or start or step by the wrong number: with a single aggregate per outbox, counting
all events of the kind gives the right answer by accident."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from psycopg import sql

from tests.support.world import World, period


def _versions(db: psycopg.Connection[Any], module: str, aggregate: UUID) -> list[int]:
    row = db.execute(
        sql.SQL(
            "SELECT coalesce(array_agg(aggregate_version ORDER BY sequence_no), '{{}}') FROM {}"
            " WHERE aggregate_id = %s"
        ).format(sql.Identifier(module, "outbox_events")),
        (aggregate,),
    ).fetchone()
    assert row is not None
    return list(row[0])


def _set_status(db: psycopg.Connection[Any], table: str, status: str, row: UUID) -> None:
    db.execute(sql.SQL("UPDATE {} SET status = %s WHERE id = %s").format(sql.SQL(table)), (status, row))


@pytest.mark.invariant("INTEG-OUTBOX-AGGREGATE-ORDER")
@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_two_rentals_count_their_own_versions(db: psycopg.Connection[Any], world: World) -> None:
    car = world.vehicle()
    first = world.rental(car, period(1, 3))
    second = world.rental(car, period(5, 7))
    for status in ("active", "completed"):
        _set_status(db, "rental.rentals", status, first)
        _set_status(db, "rental.rentals", status, second)
    assert (_versions(db, "rental", first), _versions(db, "rental", second)) == ([1, 2, 3], [1, 2, 3])


@pytest.mark.invariant("INTEG-OUTBOX-AGGREGATE-ORDER")
@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_two_vehicles_count_their_own_versions(db: psycopg.Connection[Any], world: World) -> None:
    one, two = world.vehicle(), world.vehicle()
    for day, km in ((1, 100), (2, 200), (3, 300)):
        for car in (one, two):
            world.reading(car, km, read_at=f"2030-06-{day:02d} 00:00+00")
    assert (_versions(db, "fleet", one), _versions(db, "fleet", two)) == ([1, 2, 3], [1, 2, 3])


@pytest.mark.invariant("INTEG-OUTBOX-AGGREGATE-ORDER")
@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_two_jobs_count_their_own_versions(db: psycopg.Connection[Any], world: World) -> None:
    jobs = [world.job(world.vehicle(), period(1, 2)) for _ in range(2)]
    for status in ("in_progress", "completed"):
        for job in jobs:
            _set_status(db, "maintenance.jobs", status, job)
    assert [_versions(db, "maintenance", job) for job in jobs] == [[1], [1]]


@pytest.mark.invariant("INTEG-OUTBOX-AGGREGATE-ORDER")
@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_two_entries_count_their_own_versions(db: psycopg.Connection[Any], world: World) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    entries = [world.post(f"ref-{uuid4()}", [(cash, 100), (revenue, -100)]) for _ in range(2)]
    assert [_versions(db, "accounting", entry) for entry in entries] == [[1], [1]]
