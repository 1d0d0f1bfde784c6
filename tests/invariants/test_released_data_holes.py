"""The data holes of v1.0 (issue 12, findings 5 and 6), each run twice: on a database at the released tag,
where the attack succeeds, and at the head of the plan, where each step is refused with the named
SQLSTATE and constraint (or, for a read that v1.0 broke, works)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from decimal import Decimal
from typing import Any, Protocol

import psycopg
import pytest

from fleetdb.databases import Database
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


def refunds_overflow_before_the_refund_limit(world: World, expect: Expect) -> None:
    payment = world.payment(world.rental(world.vehicle(), period(1, 3)), 1)
    with expect.refused("23514", "payments_amount_max_ck"):
        payment = world.payment(world.rental(world.vehicle(), period(5, 6)), BIGINT_MAX)
        world.refund(payment, BIGINT_MAX)
    with expect.broken("22003"):  # v1.0: "bigint out of range" instead of the refund limit
        world.refund(payment, 1)


ATTACKS: list[Callable[[World, Expect], None]] = [
    uniqueness_by_spelling,
    email_look_alikes,
    a_huge_display_name,
    one_part_breaks_the_job_cost_view,
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
