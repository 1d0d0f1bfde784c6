"""The pool acts as fleetdb_app and nothing more; the unit of work commits or rolls back as a whole."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest
from psycopg import sql

from fleetdb.databases import Database
from fleetdb_persistence import PersistenceError, Store, UnitOfWork, prepare_session
from fleetdb_persistence.errors import BookingConflict, NotPermitted, UnbalancedEntry
from fleetdb_persistence.unit_of_work import UnsafeConnection
from tests.persistence.factories import (
    APP_LOGIN,
    OUTSIDER_LOGIN,
    Reference,
    booking,
    login_conninfo,
    make_customer,
    make_vehicle,
    setup_sql,
)


def test_pooled_sessions_act_as_the_application_role(store: Store) -> None:
    with store.unit_of_work() as uow:
        row = uow.conn.execute("SELECT session_user, current_user").fetchone()
    assert row == (APP_LOGIN, "fleetdb_app")


def test_a_superuser_login_is_refused(app_database: tuple[Database, Reference]) -> None:
    with app_database[0].connect() as conn, pytest.raises(UnsafeConnection, match="superuser"):
        prepare_session(conn)


def test_a_login_outside_the_application_role_is_refused(app_database: tuple[Database, Reference]) -> None:
    with (
        psycopg.connect(login_conninfo(app_database[0], OUTSIDER_LOGIN)) as conn,
        pytest.raises(UnsafeConnection, match="not a member of fleetdb_app"),
    ):
        prepare_session(conn)


def test_what_the_application_may_not_do_is_a_not_permitted_error_with_its_sqlstate(store: Store) -> None:
    with store.unit_of_work() as uow, pytest.raises(NotPermitted) as caught:
        uow.execute(_sql("DELETE FROM rental.locations"))
    assert caught.value.sqlstate == "42501"
    assert "SQLSTATE 42501" in str(caught.value)


def test_without_commit_nothing_is_kept(store: Store, reference: Reference) -> None:
    with store.unit_of_work() as uow:
        vehicle = make_vehicle(uow, reference)
    with store.unit_of_work() as uow, pytest.raises(PersistenceError, match="not found"):
        uow.fleet.get_vehicle(vehicle.id)


def test_commit_keeps_everything_and_ends_the_unit_of_work(store: Store, reference: Reference) -> None:
    with store.unit_of_work() as uow:
        vehicle = make_vehicle(uow, reference)
        customer = make_customer(uow)
        uow.commit()
        with pytest.raises(PersistenceError, match="already committed"):
            uow.fleet.get_vehicle(vehicle.id)
    with store.unit_of_work() as uow:
        assert uow.fleet.get_vehicle(vehicle.id) == vehicle
        assert (
            uow.fetch_value(_sql("SELECT count(*) FROM rental.customers WHERE id = %s"), [customer.id]) == 1
        )


def test_a_domain_error_leaves_the_unit_of_work_usable(store: Store, reference: Reference) -> None:
    """The failed write is undone to its savepoint; the caller books another car and commits."""
    with store.unit_of_work() as uow:
        taken = make_vehicle(uow, reference)
        spare = make_vehicle(uow, reference)
        customer = make_customer(uow)
        first = uow.rental.book(booking(taken, customer, reference))
        with pytest.raises(BookingConflict):
            uow.rental.book(booking(taken, customer, reference))
        second = uow.rental.book(booking(spare, customer, reference))
        uow.commit()
    with store.unit_of_work() as uow:
        assert [d.rental.id for d in uow.rental.details_of([first.id, second.id])] == sorted(
            [first.id, second.id]
        )


def test_a_failed_first_write_is_undone_without_ending_the_unit_of_work(
    store: Store, reference: Reference
) -> None:
    with store.unit_of_work() as uow:
        vehicle = make_vehicle(uow, reference)
        uow.commit()
    with store.unit_of_work() as uow:
        with pytest.raises(PersistenceError):
            uow.fleet.register_vehicle(_same_vin(vehicle, reference))
        again = make_vehicle(uow, reference)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.fleet.get_vehicle(again.id) == again


def _same_vin(vehicle: Any, reference: Reference) -> Any:
    from tests.persistence.factories import new_vehicle

    return new_vehicle(reference, vin=vehicle.vin)


def _sql(text: str) -> Any:
    from psycopg import sql

    return sql.SQL(text)  # type: ignore[arg-type]


def test_a_deferred_violation_is_mapped_at_commit(app_database: tuple[Database, Reference]) -> None:
    """Only the owner can write an entry without post_entry; the unit of work maps what COMMIT raises."""
    database, reference = app_database
    with database.connect() as conn, UnitOfWork(conn) as uow:
        params = {"reference": f"deferred:{uuid.uuid4()}", "account_id": reference.bank_eur}
        uow.execute(sql.SQL(setup_sql("unbalanced_entry")), params)  # type: ignore[arg-type]
        with pytest.raises(UnbalancedEntry) as caught:
            uow.commit()
    assert (caught.value.sqlstate, caught.value.constraint) == ("23514", "journal_entries_balanced_trg")
