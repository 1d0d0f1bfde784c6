"""A hostile application session cannot change what the enforcing functions do through its search_path.

The role can create nothing but temporary objects, and a session may put ``pg_temp`` first in its
search_path: a type named like a built-in one (``text``, ``uuid``, ``jsonb``, ``timestamptz``) then
shadows it for every name the session resolves. The functions pin ``SET search_path = pg_catalog,
pg_temp``, so each rule's ordinary path works exactly as for a well-behaved session; a function that
lost its SET resolves its declarations in the attacker's types and fails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg.types.json import Jsonb

from fleetdb.databases import Database
from tests.support.world import World, period, violates

# uuid too: shared.uuid_v7(), every table's default, qualifies every name since shared_uuid_v7_inline
# (at v1.0 it pinned pg_catalog alone, which left pg_temp first for types).
SHADOWED = ("text", "uuid", "jsonb", "timestamptz", "tstzrange", "date", "xid8", "int4", "int8", "bpchar")


@pytest.fixture
def db(fresh_db: Database) -> Iterator[psycopg.Connection[Any]]:
    """A session of its own: PL/pgSQL compiles a function once per session, so a session that ran the
    functions before under a sane search_path would keep their compiled form and hide the attack."""
    with fresh_db.connect() as conn, conn.transaction(force_rollback=True):
        yield conn


@pytest.fixture
def world(db: psycopg.Connection[Any]) -> World:
    return World(db)


@pytest.mark.invariant("RENT-STATUS-TRANSITION")
@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
@pytest.mark.invariant("SHARED-UUID-V7")
def test_a_booking_lives_its_life_in_a_hostile_session(world: World, db: psycopg.Connection[Any]) -> None:
    car, customer, branch = world.vehicle(), world.customer(), world.location()
    with_hostile = _hostile_steps(db)
    booking = with_hostile(
        "INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period,"
        " currency) VALUES (%s, %s, %s, %s, %s, 'EUR') RETURNING id",
        (car, customer, branch, branch, period(1, 3)),
    )
    with_hostile("UPDATE rental.rentals SET period = %s WHERE id = %s RETURNING id", (period(1, 4), booking))
    with_hostile("UPDATE rental.rentals SET status = 'active' WHERE id = %s RETURNING id", (booking,))
    with_hostile("UPDATE rental.rentals SET status = 'completed' WHERE id = %s RETURNING id", (booking,))


@pytest.mark.invariant("FLEET-VEHICLE-STATUS-TRANSITION")
@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
def test_a_vehicle_is_retired_in_a_hostile_session(world: World, db: psycopg.Connection[Any]) -> None:
    """The retirement check keeps the first live booking's id in a uuid variable."""
    car = world.vehicle()
    with_hostile = _hostile_steps(db)
    with_hostile("UPDATE fleet.vehicles SET status = 'out_of_service' WHERE id = %s RETURNING id", (car,))
    with_hostile("UPDATE fleet.vehicles SET status = 'retired' WHERE id = %s RETURNING id", (car,))


@pytest.mark.invariant("MAINT-STATUS-TRANSITION")
@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_a_job_lives_its_life_in_a_hostile_session(world: World, db: psycopg.Connection[Any]) -> None:
    car = world.vehicle()
    with_hostile = _hostile_steps(db)
    job = with_hostile(
        "INSERT INTO maintenance.jobs (vehicle_id, kind, scheduled_window, currency)"
        " VALUES (%s, 'service', %s, 'EUR') RETURNING id",
        (car, period(1, 2)),
    )
    with_hostile("UPDATE maintenance.jobs SET status = 'in_progress' WHERE id = %s RETURNING id", (job,))
    with_hostile("UPDATE maintenance.jobs SET status = 'completed' WHERE id = %s RETURNING id", (job,))


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.invariant("FLEET-ODOMETER-APPEND-ONLY")
@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_readings_are_recorded_in_a_hostile_session(world: World, db: psycopg.Connection[Any]) -> None:
    car = world.vehicle()
    with_hostile = _hostile_steps(db)
    for km, day in ((100, 1), (200, 3), (150, 2)):
        with_hostile(
            "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
            " VALUES (%s, %s, pg_catalog.timestamptz '2030-06-01 00:00+00' + make_interval(days => %s),"
            " 'manual')"
            " RETURNING id",
            (car, km, day),
        )


@pytest.mark.invariant("RENT-REFUND-LIMIT")
def test_a_refund_is_recorded_in_a_hostile_session(world: World, db: psycopg.Connection[Any]) -> None:
    payment = world.payment(world.rental(world.vehicle(), period(1, 3)), 1000)
    with_hostile = _hostile_steps(db)
    with_hostile(
        "INSERT INTO rental.refunds (payment_id, currency, amount_minor, reason, refunded_at)"
        " VALUES (%s, 'EUR', 400, 'goodwill', '2030-06-02 12:00+00') RETURNING id",
        (payment,),
    )


@pytest.mark.invariant("ACCT-BALANCED")
@pytest.mark.invariant("ACCT-NO-LATE-LINES")
@pytest.mark.invariant("ACCT-IDEMPOTENT-POSTING")
@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_an_entry_is_posted_in_a_hostile_session(world: World, db: psycopg.Connection[Any]) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    lines = Jsonb(
        [{"account_id": str(cash), "amount_minor": 250}, {"account_id": str(revenue), "amount_minor": -250}]
    )
    with_hostile = _hostile_steps(db)
    post = "SELECT accounting.post_entry('rental', 'hostile-1', '2030-06-01', 'EUR', 'test', %s, NULL)"
    first = with_hostile(post, (lines,))
    assert with_hostile(post, (lines,)) == first  # the repeat finds the same entry
    db.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred balance check, in the hostile session


@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
def test_the_overlap_rules_refuse_as_usual_in_a_hostile_session(
    fresh_db: Database, db: psycopg.Connection[Any]
) -> None:
    """The checks that find a conflicting row store its id in a uuid variable: a function that lost its
    SET would fail on the attacker's uuid instead of refusing with its own error. The conflicting rows
    are written by another session, so that this one compiles the checks only once it is hostile."""
    with fresh_db.connect() as setup:
        world = World(setup)
        serviced, booked = world.vehicle(), world.vehicle()
        customer, branch = world.customer(), world.location()
        world.job(serviced, period(1, 5))
        world.rental(booked, period(1, 5))
        setup.commit()
    with_hostile = _hostile_steps(db)
    with_hostile("SELECT id FROM fleet.vehicles WHERE id = %s", (serviced,))  # entered outside the savepoints
    with violates(db, "23P01", "rentals_no_maintenance_overlap_trg"):
        with_hostile(
            "INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id,"
            " period, currency) VALUES (%s, %s, %s, %s, %s, 'EUR') RETURNING id",
            (serviced, customer, branch, branch, period(2, 3)),
        )
    with violates(db, "23P01", "jobs_no_rental_overlap_trg"):
        with_hostile(
            "INSERT INTO maintenance.jobs (vehicle_id, kind, scheduled_window, currency)"
            " VALUES (%s, 'service', %s, 'EUR') RETURNING id",
            (booked, period(2, 3)),
        )


def _hostile_steps(db: psycopg.Connection[Any]) -> Any:
    """Run statements in the hostile session (entered on first use, kept for the test's rest)."""
    entered = False

    def step(query: str, params: tuple[Any, ...]) -> UUID:
        nonlocal entered
        if not entered:
            db.execute("SET LOCAL ROLE fleetdb_app")
            db.execute("SET LOCAL search_path = pg_temp, pg_catalog")
            for name in SHADOWED:
                db.execute(f"CREATE TYPE pg_temp.{name} AS (hijacked integer)")
            entered = True
        row = db.execute(query.encode(), params).fetchone()  # type: ignore[call-overload]
        assert row is not None
        return UUID(str(row[0]))

    return step


def test_at_v1_0_a_temporary_uuid_type_captured_every_id_of_the_session(released_db: Database) -> None:
    """The hole shared_uuid_v7_inline closes: the released shared.uuid_v7() pinned pg_catalog
    alone, so its ::uuid resolved to the session's temporary type (the fixed function: every test
    above, which shadows uuid)."""
    with released_db.connect() as conn, conn.transaction(force_rollback=True):
        conn.execute("SET LOCAL ROLE fleetdb_app")
        conn.execute("SET LOCAL search_path = pg_temp, pg_catalog")
        conn.execute("CREATE TYPE pg_temp.uuid AS (hijacked integer)")
        with pytest.raises(psycopg.Error) as caught:
            conn.execute("SELECT shared.uuid_v7()")
        assert caught.value.sqlstate is not None
