"""Roles and privileges: the application cannot get around the invariants; PUBLIC gets nothing."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from fleetdb.invariants.catalog import load_catalog
from tests.support.world import World, period, violates

_MODULES = ("iam", "fleet", "rental", "maintenance", "accounting")

# A statement per privilege that needs exactly that privilege and touches no row.
_PROBES = {
    "UPDATE": "UPDATE {table} SET created_at = created_at WHERE false",
    "DELETE": "DELETE FROM {table} WHERE false",
    # OVERRIDING SYSTEM VALUE: else an identity column (outbox sequence_no) fails first, with 428C9.
    "INSERT": "INSERT INTO {table} OVERRIDING SYSTEM VALUE SELECT * FROM {table} WHERE false",
    "TRUNCATE": "TRUNCATE {table}",
}


def _forbidden_privileges() -> list[Any]:
    return [
        pytest.param(
            obj, id=f"{inv.id}:{obj.role}:{obj.privilege}:{obj.table}", marks=pytest.mark.invariant(inv.id)
        )
        for inv in load_catalog()
        for obj in inv.enforced_by
        if obj.kind == "privilege"
    ]


@pytest.mark.parametrize("forbidden", _forbidden_privileges())
def test_role_lacks_the_privileges_the_catalog_forbids(db: psycopg.Connection[Any], forbidden: Any) -> None:
    granted = db.execute(
        "SELECT has_table_privilege(%s, %s, %s)", (forbidden.role, forbidden.table, forbidden.privilege)
    ).fetchone()
    assert granted == (False,), f"{forbidden.describe()} is violated: the role holds the privilege"
    probe = _PROBES.get(forbidden.privilege)
    if probe is not None:
        with violates(db, "42501", None):
            db.execute(f"SET ROLE {forbidden.role}")
            db.execute(probe.format(table=forbidden.table))


@pytest.mark.invariant("ROLE-APP-NO-BYPASS")
def test_app_cannot_switch_triggers_off(db: psycopg.Connection[Any]) -> None:
    with violates(db, "42501", None):
        db.execute("SET ROLE fleetdb_app")
        db.execute("ALTER TABLE fleet.odometer_readings DISABLE TRIGGER odometer_readings_append_only_trg")
    with violates(db, "42501", None):
        db.execute("SET ROLE fleetdb_app")
        db.execute("ALTER TABLE accounting.journal_lines DISABLE TRIGGER ALL")
    with violates(db, "42501", None):
        db.execute("SET ROLE fleetdb_app")
        db.execute("SET session_replication_role = replica")
    with violates(db, "42501", None):
        db.execute("SET ROLE fleetdb_app")
        db.execute("CREATE TABLE rental.shadow (id int)")
    with violates(db, "42501", None):
        db.execute("SET ROLE fleetdb_app")
        db.execute("ALTER TABLE rental.rentals DROP CONSTRAINT rentals_no_overlap_excl")


@pytest.mark.invariant("ROLE-APP-NO-BYPASS")
def test_app_does_its_work_through_the_allowed_paths(db: psycopg.Connection[Any], world: World) -> None:
    car, customer, branch = world.vehicle(), world.customer(), world.location()
    cash, revenue = world.account(), world.account(type="revenue")
    db.execute("SET ROLE fleetdb_app")
    rental = db.execute(
        "SELECT rental.book(%s, %s, %s, %s, %s, 'EUR')", (car, customer, branch, branch, period(1, 3))
    ).fetchone()
    assert rental is not None
    db.execute(
        "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
        " VALUES (%s, 10, '2030-06-01 00:00+00', 'rental_checkout')",
        (car,),
    )
    payment = db.execute(
        "INSERT INTO rental.payments"
        " (rental_id, currency, amount_minor, provider, provider_reference, received_at)"
        " VALUES (%s, 'EUR', 500, 'stripe', 'pi_app', now()) RETURNING id",
        (rental[0],),
    ).fetchone()
    assert payment is not None
    db.execute(
        "INSERT INTO rental.refunds (payment_id, currency, amount_minor, reason, refunded_at)"
        " VALUES (%s, 'EUR', 100, 'goodwill', now())",
        (payment[0],),
    )
    World(db).post("app-1", [(cash, 100), (revenue, -100)])
    # Its events were written by the triggers; it may read them, not publish them (the relay's role).
    assert db.execute("SELECT count(*) > 0 FROM rental.outbox_events").fetchone() == (True,)
    with violates(db, "42501", None):
        db.execute("UPDATE rental.outbox_events SET published_at = now() WHERE published_at IS NULL")
    with violates(db, "42501", None):
        db.execute("UPDATE rental.outbox_events SET payload = '{}'")
    db.execute("RESET ROLE")


def test_readonly_reads_and_writes_nothing(db: psycopg.Connection[Any], world: World) -> None:
    world.vehicle()
    db.execute("SET ROLE fleetdb_readonly")
    assert db.execute("SELECT count(*) FROM fleet.vehicles").fetchone() == (1,)
    db.execute("SELECT * FROM maintenance.job_costs")
    db.execute("RESET ROLE")
    with violates(db, "42501", None):
        db.execute("SET ROLE fleetdb_readonly")
        db.execute("UPDATE fleet.vehicles SET status = status")


def test_public_gets_nothing_on_module_schemas(db: psycopg.Connection[Any]) -> None:
    rows = db.execute(
        "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)"
        " AND (has_schema_privilege('public', oid, 'USAGE')"
        "      OR has_schema_privilege('public', oid, 'CREATE'))",
        (list(_MODULES),),
    ).fetchall()
    assert rows == []
    db.execute("CREATE ROLE fleetdb_test_nobody NOLOGIN")
    with violates(db, "42501", None):
        db.execute("SET ROLE fleetdb_test_nobody")
        db.execute("SELECT FROM rental.rentals")


def test_security_definer_functions_pin_search_path_and_close_public(db: psycopg.Connection[Any]) -> None:
    rows = db.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = ANY(%s) AND p.prosecdef"
        " AND (has_function_privilege('public', p.oid, 'EXECUTE')"
        "      OR NOT coalesce(p.proconfig::text LIKE '%%search_path=%%', false))",
        ([*_MODULES, "shared"],),
    ).fetchall()
    assert rows == []


def test_every_object_is_owned_by_the_owner_role(db: psycopg.Connection[Any]) -> None:
    rows = db.execute(
        "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = ANY(%s) AND c.relowner <> 'fleetdb_owner'::regrole"
        " UNION ALL SELECT p.oid::regprocedure::text"
        " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = ANY(%s) AND p.proowner <> 'fleetdb_owner'::regrole"
        " AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')",
        ([*_MODULES, "shared"], [*_MODULES, "shared"]),
    ).fetchall()
    assert rows == []
