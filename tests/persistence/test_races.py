"""Races through the repositories, ordered by the server's lock state (pg_blocking_pids), never by
sleeps; and the bounded retry of serialization failures and deadlocks."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from psycopg import IsolationLevel, sql

from fleetdb.databases import Database
from fleetdb.instance import Instance
from fleetdb.persistence import Store, UnitOfWork, handle_once, prepare_session, safe_to_retry
from fleetdb.persistence.errors import BookingConflict, DeadlockDetected, SerializationConflict
from fleetdb.persistence.fleet import Vehicle
from fleetdb.persistence.rental import Rental
from fleetdb.races import Actors
from tests.persistence.factories import (
    APP_LOGIN,
    Reference,
    booking,
    login_conninfo,
    make_customer,
    make_vehicle,
    prepare_app_database,
    setup_sql,
)


@pytest.fixture
def services(fresh_db: Database) -> Iterator[tuple[Actors, Reference]]:
    """Two application sessions on a fresh database (logged in as the app login, SET ROLE fleetdb_app)
    plus the observer that reads the server's lock state."""
    reference = prepare_app_database(fresh_db)
    with fresh_db.connect(autocommit=True) as conn:
        statement = sql.SQL(setup_sql("fast_deadlock_detection"))  # type: ignore[arg-type]
        conn.execute(statement.format(database=sql.Identifier(fresh_db.name)))
    as_app = Database(Instance.external(login_conninfo(fresh_db, APP_LOGIN)), fresh_db.name)
    actors = Actors(as_app, 2)
    for session in actors.sessions:
        prepare_session(session)
    try:
        yield actors, reference
    finally:
        actors.close()


def _in_unit_of_work(actors: Actors, index: int, work: Callable[[UnitOfWork], Any]) -> Any:
    """Run ``work`` in a unit of work on session ``index`` and commit; return its result or its error."""
    with UnitOfWork(actors[index]) as uow:
        try:
            result = work(uow)
        except Exception as error:
            return error
        uow.commit()
        return result


@pytest.mark.race
@pytest.mark.invariant("RENT-OVERLAP")
def test_two_services_booking_the_same_car_at_once(services: tuple[Actors, Reference]) -> None:
    actors, reference = services
    with UnitOfWork(actors[0]) as setup:
        vehicle = make_vehicle(setup, reference)
        customers = [make_customer(setup), make_customer(setup)]
        setup.commit()

    with ThreadPoolExecutor(max_workers=1) as thread, UnitOfWork(actors[0]) as first:
        won = first.rental.book(booking(vehicle, customers[0], reference))
        second = thread.submit(
            _in_unit_of_work,
            actors,
            1,
            lambda uow: uow.rental.book(booking(vehicle, customers[1], reference)),
        )
        # The second service waits for the first one's lock on the vehicle row: the server says so.
        assert actors.pid(0) in actors.wait_until_blocked(1)
        first.commit()
        lost = second.result(timeout=30)

    assert isinstance(lost, BookingConflict), f"want BookingConflict, have {lost!r}"
    assert (lost.sqlstate, lost.constraint) == ("23P01", "rentals_no_overlap_excl")
    assert isinstance(lost.conflicting, Rental) and lost.conflicting.id == won.id
    with UnitOfWork(actors[0]) as check:
        assert check.rental.get(won.id).status == "reserved"


@pytest.mark.race
@pytest.mark.invariant("INTEG-INBOX-IDEMPOTENT")
def test_one_message_delivered_twice_at_once_is_handled_once(services: tuple[Actors, Reference]) -> None:
    actors, _ = services
    message_id = uuid.uuid4()
    with ThreadPoolExecutor(max_workers=1) as thread, UnitOfWork(actors[0]) as first:
        assert first.integration.record_delivery("rental", "importer", message_id)
        second = thread.submit(
            _in_unit_of_work,
            actors,
            1,
            lambda uow: uow.integration.record_delivery("rental", "importer", message_id),
        )
        assert actors.pid(0) in actors.wait_until_blocked(1)
        first.commit()
        assert second.result(timeout=30) is False


@pytest.mark.race
def test_a_deadlock_is_reported_as_a_transient_conflict(services: tuple[Actors, Reference]) -> None:
    actors, reference = services
    with UnitOfWork(actors[0]) as setup:
        one, two = make_vehicle(setup, reference), make_vehicle(setup, reference)
        setup.commit()

    def lock(uow: UnitOfWork, vehicle: Vehicle) -> Vehicle:
        return uow.fleet.set_status(vehicle.id, "out_of_service")

    with ThreadPoolExecutor(max_workers=1) as thread, UnitOfWork(actors[0]) as first:
        lock(first, one)
        second = thread.submit(_in_unit_of_work, actors, 1, lambda uow: (lock(uow, two), lock(uow, one)))
        assert actors.pid(0) in actors.wait_until_blocked(1)
        # Now the cycle: the second session holds ``two`` and waits for ``one``; the first asks for ``two``.
        first_outcome: Any
        try:
            lock(first, two)
            first.commit()
            first_outcome = "committed"
        except DeadlockDetected as error:
            first_outcome = error
        second_outcome = second.result(timeout=30)
    deadlocks = [o for o in (first_outcome, second_outcome) if isinstance(o, DeadlockDetected)]
    assert len(deadlocks) == 1, (
        f"want exactly one DeadlockDetected, have {first_outcome!r}, {second_outcome!r}"
    )
    assert deadlocks[0].sqlstate == "40P01"


# ---------------------------------------------------------------- bounded retry


def _interfering_work(store: Store, vehicle: Vehicle, interfere_on: set[int]) -> tuple[Any, list[int]]:
    """Work that reads a vehicle, then (on the given attempts) lets another unit of work change it
    before it writes: at REPEATABLE READ the write fails with 40001."""
    attempts: list[int] = []

    def work(uow: UnitOfWork) -> Vehicle:
        attempts.append(len(attempts) + 1)
        uow.fleet.get_vehicle(vehicle.id)  # takes the snapshot
        if len(attempts) in interfere_on:
            with store.unit_of_work() as other:
                other.fleet.set_status(vehicle.id, "out_of_service")
                other.commit()
        return uow.fleet.set_status(vehicle.id, "in_service")

    return work, attempts


def _committed_vehicle(store: Store, reference: Reference) -> Vehicle:
    with store.unit_of_work() as uow:
        vehicle = make_vehicle(uow, reference)
        uow.commit()
    return vehicle


def test_a_serialization_failure_is_retried_when_safe(store: Store, reference: Reference) -> None:
    work, attempts = _interfering_work(store, _committed_vehicle(store, reference), interfere_on={1})
    result = store.run(safe_to_retry(work), isolation=IsolationLevel.REPEATABLE_READ)
    assert attempts == [1, 2]
    assert result.status == "in_service"


def test_a_serialization_failure_is_surfaced_when_not_safe(store: Store, reference: Reference) -> None:
    work, attempts = _interfering_work(store, _committed_vehicle(store, reference), interfere_on={1})
    with pytest.raises(SerializationConflict) as caught:
        store.run(work, isolation=IsolationLevel.REPEATABLE_READ)
    assert attempts == [1]
    assert (caught.value.sqlstate, caught.value.attempts) == ("40001", 1)


def test_retries_are_bounded(store: Store, reference: Reference) -> None:
    work, attempts = _interfering_work(store, _committed_vehicle(store, reference), interfere_on={1, 2, 3, 4})
    with pytest.raises(SerializationConflict) as caught:
        store.run(work, retry=True, attempts=3, isolation=IsolationLevel.REPEATABLE_READ)
    assert attempts == [1, 2, 3]
    assert caught.value.attempts == 3


def test_handle_once_retries_its_unit_of_work(store: Store, reference: Reference) -> None:
    vehicle = _committed_vehicle(store, reference)
    work, attempts = _interfering_work(store, vehicle, interfere_on={1})
    message_id = uuid.uuid4()
    handled = handle_once(
        store, "fleet", "status-sync", message_id, work, isolation=IsolationLevel.REPEATABLE_READ
    )
    assert attempts == [1, 2]
    assert handled.processed and handled.result is not None and handled.result.status == "in_service"
    assert not handle_once(store, "fleet", "status-sync", message_id, work).processed
