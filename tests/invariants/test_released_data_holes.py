"""The data holes of v1.0 (issue 12, findings 5 to 7), each run twice: on a database at the released tag,
where the attack succeeds, and at the head of the plan, where each step is refused with the named
SQLSTATE and constraint (or, for a read that v1.0 broke, works)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from decimal import Decimal
from typing import Any, Protocol

import psycopg
import pytest

from fleetdb.databases import Database
from fleetdb.lab import Lab
from fleetdb.sqitch import Sqitch, SqitchFailed
from tests.support.world import World, period, violates

BIGINT_MAX = 2**63 - 1


class Expect(Protocol):
    def refused(self, sqlstate: str, constraint: str) -> AbstractContextManager[None]:
        """v1.0: the block succeeds; head: it fails with this SQLSTATE and constraint."""

    def broken(self, sqlstate: str) -> AbstractContextManager[None]:
        """v1.0: the block fails with this SQLSTATE; head: it succeeds."""


class _Released:
    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    @contextlib.contextmanager
    def refused(self, sqlstate: str, constraint: str) -> Iterator[None]:
        with self.conn.transaction():
            yield

    @contextlib.contextmanager
    def broken(self, sqlstate: str) -> Iterator[None]:
        with pytest.raises(psycopg.Error) as caught, self.conn.transaction():
            yield
        assert caught.value.sqlstate == sqlstate


class _Head:
    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def refused(self, sqlstate: str, constraint: str) -> AbstractContextManager[None]:
        return violates(self.conn, sqlstate, constraint)

    @contextlib.contextmanager
    def broken(self, sqlstate: str) -> Iterator[None]:
        with self.conn.transaction():
            yield


def uniqueness_by_spelling(world: World, expect: Expect) -> None:
    world.vehicle(plate="M-AB 1")
    with expect.refused("23514", "vehicles_plate_canonical_ck"):
        world.vehicle(plate="m-ab 1")
    with expect.refused("23505", "vehicles_plate_in_service_uq"):
        world.vehicle(plate="M-AB1")
    world.customer(driver_licence_number="L1")
    for licence in (" L1", "l1"):
        with expect.refused("23514", "customers_driver_licence_number_canonical_ck"):
            world.customer(driver_licence_number=licence)
    rental = world.rental(world.vehicle(), period(1, 3))
    world.payment(rental, 100, provider="stripe", provider_reference="pi_1")
    for provider in ("Stripe", "stripe "):
        with expect.refused("23514", "payments_provider_canonical_ck"):
            world.payment(rental, 100, provider=provider, provider_reference="pi_1")


def email_look_alikes(world: World, expect: Expect) -> None:
    world.user(email="erika@example.org")
    # A trailing zero-width space, a control character, a soft hyphen, a Cyrillic "a".
    for look_alike in (
        "erika@example.org\u200b",
        "erika@example.org\x07",
        "erika@exam\u00adple.org",
        "erik\u0430@example.org",
    ):
        with expect.refused("23514", "users_email_canonical_ck"):
            world.user(email=look_alike)


def a_huge_display_name(world: World, expect: Expect) -> None:
    with expect.refused("23514", "users_display_name_length_ck"):
        world.user(display_name="x" * 5_000_000)


def one_part_breaks_the_job_cost_view(world: World, expect: Expect) -> None:
    job = world.job(world.vehicle(), period(10, 11))
    with expect.refused("23514", "job_parts_quantity_max_ck"):
        world.part(job, Decimal("9999999.999"), BIGINT_MAX)
    with expect.broken("22003"):
        world.conn.execute("SELECT * FROM maintenance.job_costs").fetchall()


def many_lines_break_the_job_cost_view(world: World, expect: Expect) -> None:
    """Each line within its bound (10^16), but 923 of them sum beyond bigint."""
    job = world.job(world.vehicle(), period(10, 11))
    with expect.refused("23514", "job_cost_totals_parts_range_ck"):
        world.conn.execute(
            "INSERT INTO maintenance.job_parts (job_id, currency, part_number, quantity, unit_cost_minor)"
            " SELECT %s, 'EUR', 'P-' || n, 10000, 1000000000000 FROM generate_series(1, 923) AS n",
            (job,),
        )
    with expect.broken("22003"):
        world.conn.execute("SELECT * FROM maintenance.job_costs").fetchall()


def refunds_overflow_before_the_refund_limit(world: World, expect: Expect) -> None:
    payment = world.payment(world.rental(world.vehicle(), period(1, 3)), 1)
    with expect.refused("23514", "payments_amount_max_ck"):
        payment = world.payment(world.rental(world.vehicle(), period(5, 6)), BIGINT_MAX)
        world.refund(payment, BIGINT_MAX)
    with expect.broken("22003"):  # v1.0: "bigint out of range" instead of the refund limit
        world.refund(payment, 1)


def retiring_a_vehicle_with_a_reservation(world: World, expect: Expect) -> None:
    car = world.vehicle()
    world.rental(car, period(1, 3))
    with expect.refused("55000", "vehicles_retirement_trg"):
        world.conn.execute("UPDATE fleet.vehicles SET status = 'retired' WHERE id = %s", (car,))


def activating_a_reservation_of_a_retired_vehicle(world: World, expect: Expect) -> None:
    car = world.vehicle()
    rental = world.rental(car, period(1, 3))
    with world.conn.transaction():  # retired with its reservation, as v1.0 allowed
        world.conn.execute("SET LOCAL session_replication_role = replica")
        world.conn.execute("UPDATE fleet.vehicles SET status = 'retired' WHERE id = %s", (car,))
        world.conn.execute("SET LOCAL session_replication_role = origin")  # SET LOCAL outlives the savepoint
    with expect.refused("55000", "rentals_vehicle_bookable_trg"):
        world.conn.execute("UPDATE rental.rentals SET status = 'active' WHERE id = %s", (rental,))


def a_retired_vehicle_returning_to_service(world: World, expect: Expect) -> None:
    car = world.vehicle()
    world.conn.execute("UPDATE fleet.vehicles SET status = 'retired' WHERE id = %s", (car,))
    with expect.refused("23514", "vehicles_status_transition_trg"):
        world.conn.execute("UPDATE fleet.vehicles SET status = 'in_service' WHERE id = %s", (car,))


ATTACKS: list[Callable[[World, Expect], None]] = [
    retiring_a_vehicle_with_a_reservation,
    activating_a_reservation_of_a_retired_vehicle,
    a_retired_vehicle_returning_to_service,
    uniqueness_by_spelling,
    email_look_alikes,
    a_huge_display_name,
    one_part_breaks_the_job_cost_view,
    many_lines_break_the_job_cost_view,
    refunds_overflow_before_the_refund_limit,
]


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda attack: attack.__name__)
def test_the_attack_succeeds_on_the_released_schema(
    released_db: Database, attack: Callable[[World, Expect], None]
) -> None:
    with released_db.connect() as conn:
        attack(World(conn), _Released(conn))
        conn.rollback()


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda attack: attack.__name__)
def test_the_attack_is_refused_at_the_head_of_the_plan(
    db: psycopg.Connection[Any], attack: Callable[[World, Expect], None]
) -> None:
    attack(World(db), _Head(db))


# The changes that refuse v1.0 rows breaking their new rule, in plan order.
REFUSING = ["rental_retired_vehicle_guard", "maintenance_job_cost_totals_backfill"]


def _upgrade_names_the_rows_then_deploys(database: Database, sqitch: Sqitch) -> None:
    """A retired vehicle that is still booked and a job whose parts cost more than 10^17: the upgrade
    stops at the change that adds each rule, naming the rows (sqitch then reverts what it deployed in
    the run), and goes through once they are corrected."""
    with database.connect() as conn:
        world = World(conn)
        car = world.vehicle()
        rental = world.rental(car, period(1, 3))
        conn.execute("UPDATE fleet.vehicles SET status = 'retired' WHERE id = %s", (car,))
        job = world.job(world.vehicle(), period(10, 11))
        for _ in range(11):
            world.part(job, 10000, 10**12)
        conn.commit()
    corrections = {
        "rental_retired_vehicle_guard": (
            ("1 live booking(s) of retired vehicles", f"rental {rental}", f"retired vehicle {car}"),
            "UPDATE rental.rentals SET status = 'cancelled' WHERE id = %s",
            rental,
        ),
        "maintenance_job_cost_totals_backfill": (
            ("1 job(s) whose parts or labour cost more than 10^17", f"job {job}"),
            "DELETE FROM maintenance.job_parts"
            " WHERE id IN (SELECT id FROM maintenance.job_parts WHERE job_id = %s LIMIT 1)",
            job,
        ),
    }
    assert list(corrections) == REFUSING
    for change, (names, correction, row) in corrections.items():
        with pytest.raises(SqitchFailed) as failed:
            sqitch.deploy()
        assert re.search(rf"\+ {change} \.+ not ok", failed.value.output), failed.value.output
        for name in names:
            assert name in failed.value.output
        with database.connect() as conn:
            conn.execute(correction, (row,))
    sqitch.deploy()
    with database.connect() as conn:
        totals = conn.execute("SELECT parts_minor FROM maintenance.job_cost_totals WHERE job_id = %s", (job,))
        assert totals.fetchone() == (10**17,)


def test_the_upgrade_names_rows_that_break_a_new_rule_and_deploys_once_they_are_corrected(
    fresh_db: Database, fleetdb_lab: Lab
) -> None:
    """The fast version (make test): the head reverted to just before the first refusing change, the
    rows written there, then the same upgrade (a few changes instead of all of v1.1, three times)."""
    project = fleetdb_lab.project
    sqitch = fleetdb_lab.sqitch(fresh_db)
    sqitch.revert(project.changes[project.index(project.change(REFUSING[0])) - 1])
    _upgrade_names_the_rows_then_deploys(fresh_db, sqitch)


@pytest.mark.stress
def test_the_upgrade_from_v1_0_names_v1_0_rows_that_break_a_new_rule_and_deploys_once_they_are_corrected(
    released_db: Database, fleetdb_lab: Lab
) -> None:
    """From a database at @v1.0: every v1.1 change deployed three times (134 s under load): make stress."""
    _upgrade_names_the_rows_then_deploys(released_db, fleetdb_lab.sqitch(released_db))
