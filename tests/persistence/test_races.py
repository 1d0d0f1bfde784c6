"""Races through the repositories, ordered by the server's lock state (pg_blocking_pids), never by
sleeps, at every isolation level; and the bounded retry of serialization failures and deadlocks.

At REPEATABLE READ and SERIALIZABLE the loser took its snapshot before the winner committed: it gets a
``SerializationConflict`` (40001) where READ COMMITTED gives the domain error, and ``Store.run`` retries
it when the work is safe to retry, after which it sees the winner and gets the domain error."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg import IsolationLevel, sql

from fleetdb.databases import Database
from fleetdb.races import Actors, snapshot_per_transaction
from fleetdb.target import Target
from fleetdb_persistence import Store, UnitOfWork, handle_once, prepare_session, safe_to_retry
from fleetdb_persistence.accounting import NewEntry, NewLine
from fleetdb_persistence.errors import (
    BookingConflict,
    DeadlockDetected,
    DuplicatePayment,
    MaintenanceConflict,
    OdometerRegression,
    OverRefund,
    PostingConflict,
    SerializationConflict,
    VehicleRetired,
)
from fleetdb_persistence.fleet import NewReading, Vehicle
from fleetdb_persistence.maintenance import NewJob
from fleetdb_persistence.rental import Customer, NewPayment, NewRefund, Payment, Rental
from tests.persistence.factories import (
    APP_LOGIN,
    T0,
    Reference,
    booking,
    login_conninfo,
    make_customer,
    make_rental,
    make_vehicle,
    prepare_app_database,
    setup_sql,
)


@contextmanager
def _app_services(database: Database) -> Iterator[tuple[Actors, Reference]]:
    """Two application sessions (logged in as the app login, SET ROLE fleetdb_app) plus the observer
    that reads the server's lock state."""
    reference = prepare_app_database(database)
    with database.connect(autocommit=True) as conn:
        statement = sql.SQL(setup_sql("fast_deadlock_detection"))  # type: ignore[arg-type]
        conn.execute(statement.format(database=sql.Identifier(database.name)))
    as_app = Database(Target.parse(login_conninfo(database, APP_LOGIN)), database.name)
    actors = Actors(as_app, 2)
    for session in actors.sessions:
        prepare_session(session)
    try:
        yield actors, reference
    finally:
        actors.close()


@pytest.fixture
def services(fresh_db: Database) -> Iterator[tuple[Actors, Reference]]:
    """Two application sessions on a fresh database, plus the observer."""
    with _app_services(fresh_db) as made:
        yield made


def _in_unit_of_work(
    actors: Actors, index: int, work: Callable[[UnitOfWork], Any], isolation: IsolationLevel | None = None
) -> Any:
    """Run ``work`` in a unit of work on session ``index`` and commit; return its result or its error."""
    with UnitOfWork(actors[index], isolation) as uow:
        try:
            result = work(uow)
        except Exception as error:
            return error
        uow.commit()
        return result


def race(
    actors: Actors,
    first_call: Callable[[UnitOfWork], Any],
    second_call: Callable[[UnitOfWork], Any],
    isolation: IsolationLevel | None = None,
) -> Any:
    """Service 0 makes its call and keeps its transaction open; service 1 makes its call on a thread;
    once the server reports service 1 waiting on service 0's locks, service 0 commits. Returns what
    service 0's call returned and what service 1 ended with (its result, or its domain error). Both
    units of work run at ``isolation``."""
    with ThreadPoolExecutor(max_workers=1) as thread, UnitOfWork(actors[0], isolation) as first:
        held = first_call(first)
        second = thread.submit(_in_unit_of_work, actors, 1, second_call, isolation)
        assert actors.pid(0) in actors.wait_until_blocked(1)
        first.commit()
        return held, second.result(timeout=30)


def _lost_with(lost: Any, domain_error: type[Exception], isolation: IsolationLevel) -> None:
    """The loser got the domain error, or, at a snapshot level, a serialization conflict."""
    allowed: tuple[type[Exception], ...] = (domain_error,)
    if snapshot_per_transaction(isolation):
        allowed += (SerializationConflict,)
    assert isinstance(lost, allowed), f"want one of {allowed}, have {lost!r}"


def _setup(actors: Actors, work: Callable[[UnitOfWork], Any]) -> Any:
    with UnitOfWork(actors[0]) as uow:
        result = work(uow)
        uow.commit()
    return result


def _fleet(actors: Actors, reference: Reference) -> tuple[Vehicle, list[Customer]]:
    return _setup(
        actors, lambda uow: (make_vehicle(uow, reference), [make_customer(uow), make_customer(uow)])
    )


@pytest.mark.race
@pytest.mark.invariant("RENT-OVERLAP")
def test_two_services_booking_the_same_car_at_once(
    services: tuple[Actors, Reference], isolation_level: IsolationLevel
) -> None:
    actors, reference = services
    vehicle, customers = _fleet(actors, reference)
    won, lost = race(
        actors,
        lambda uow: uow.rental.book(booking(vehicle, customers[0], reference)),
        lambda uow: uow.rental.book(booking(vehicle, customers[1], reference, start=T0 + timedelta(days=1))),
        isolation_level,
    )
    _lost_with(lost, BookingConflict, isolation_level)
    if isinstance(lost, BookingConflict):
        assert (lost.sqlstate, lost.constraint) == ("23P01", "rentals_no_overlap_excl")
    if not snapshot_per_transaction(isolation_level):  # a snapshot level may not see the winner
        assert isinstance(lost.conflicting, Rental) and lost.conflicting.id == won.id
    with UnitOfWork(actors[0]) as check:
        assert check.rental.get(won.id).status == "reserved"


@pytest.mark.race
@pytest.mark.invariant("RENT-MAINTENANCE-EXCLUSION")
@pytest.mark.parametrize("booked_first", [True, False], ids=["booking-first", "job-first"])
def test_a_booking_and_a_maintenance_job_at_once(
    services: tuple[Actors, Reference], booked_first: bool, isolation_level: IsolationLevel
) -> None:
    actors, reference = services
    vehicle, customers = _fleet(actors, reference)

    def book(uow: UnitOfWork) -> Any:
        return uow.rental.book(booking(vehicle, customers[0], reference))

    def open_job(uow: UnitOfWork) -> Any:
        return uow.maintenance.open_job(NewJob(vehicle.id, "repair", T0, T0 + timedelta(hours=4), "EUR"))

    calls = (book, open_job) if booked_first else (open_job, book)
    _, lost = race(actors, *calls, isolation_level)
    _lost_with(lost, MaintenanceConflict, isolation_level)
    if isinstance(lost, MaintenanceConflict):
        want = "jobs_no_rental_overlap_trg" if booked_first else "rentals_no_maintenance_overlap_trg"
        assert (lost.sqlstate, lost.constraint) == ("23P01", want)


@pytest.mark.race
@pytest.mark.invariant("RENT-RETIRED-VEHICLE")
def test_a_retirement_and_a_booking_at_once(services: tuple[Actors, Reference]) -> None:
    actors, reference = services
    vehicle, customers = _fleet(actors, reference)
    _, lost = race(
        actors,
        lambda uow: uow.fleet.retire(vehicle.id),
        lambda uow: uow.rental.book(booking(vehicle, customers[0], reference)),
    )
    assert isinstance(lost, VehicleRetired), f"want VehicleRetired, have {lost!r}"


@pytest.mark.race
@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_two_odometer_readings_at_once(
    services: tuple[Actors, Reference], isolation_level: IsolationLevel
) -> None:
    actors, reference = services
    vehicle, _ = _fleet(actors, reference)
    _, lost = race(
        actors,
        lambda uow: uow.fleet.record_reading(NewReading(vehicle.id, Decimal(1000), T0, "telematics")),
        lambda uow: uow.fleet.record_reading(
            NewReading(vehicle.id, Decimal(900), T0 + timedelta(hours=1), "manual")
        ),
        isolation_level,
    )
    _lost_with(lost, OdometerRegression, isolation_level)


def _paid_rental(actors: Actors, reference: Reference) -> Payment:
    def work(uow: UnitOfWork) -> Payment:
        rental = make_rental(uow, reference)
        return uow.rental.capture_payment(NewPayment(rental.id, "EUR", 10_000, "adyen", uuid.uuid4().hex, T0))

    return _setup(actors, work)  # type: ignore[no-any-return]


@pytest.mark.race
@pytest.mark.invariant("RENT-REFUND-LIMIT")
def test_two_refunds_at_once(services: tuple[Actors, Reference], isolation_level: IsolationLevel) -> None:
    actors, reference = services
    payment = _paid_rental(actors, reference)

    def refund(uow: UnitOfWork) -> Any:
        return uow.rental.refund(NewRefund(payment.id, "EUR", 6_000, "cancelled trip", T0))

    _, lost = race(actors, refund, refund, isolation_level)
    _lost_with(lost, OverRefund, isolation_level)


@pytest.mark.race
@pytest.mark.invariant("RENT-PAYMENT-ONCE")
def test_one_payment_notified_twice_at_once(services: tuple[Actors, Reference]) -> None:
    actors, reference = services
    payment = _paid_rental(actors, reference)
    again = NewPayment(payment.rental_id, "EUR", 2_500, "adyen", uuid.uuid4().hex, T0)
    won, lost = race(
        actors, lambda uow: uow.rental.capture_payment(again), lambda uow: uow.rental.capture_payment(again)
    )
    assert isinstance(lost, DuplicatePayment), f"want DuplicatePayment, have {lost!r}"
    assert lost.existing == won


@pytest.mark.race
@pytest.mark.invariant("ACCT-IDEMPOTENT-POSTING")
def test_the_same_posting_twice_at_once(services: tuple[Actors, Reference]) -> None:
    actors, reference = services
    entry = NewEntry(
        "rental",
        f"payment:{uuid.uuid4()}",
        T0.date(),
        "EUR",
        "paid",
        [NewLine(reference.bank_eur, 700), NewLine(reference.revenue_eur, -700)],
    )
    won, repeated = race(
        actors, lambda uow: uow.accounting.post_entry(entry), lambda uow: uow.accounting.post_entry(entry)
    )
    assert (won.created, repeated.created, repeated.entry) == (True, False, won.entry)
    other = replace(entry, external_reference=f"payment:{uuid.uuid4()}")
    changed = replace(other, description="paid twice?")
    _, lost = race(
        actors, lambda uow: uow.accounting.post_entry(other), lambda uow: uow.accounting.post_entry(changed)
    )
    assert isinstance(lost, PostingConflict), f"want PostingConflict, have {lost!r}"


@pytest.mark.race
@pytest.mark.invariant("INTEG-INBOX-IDEMPOTENT")
def test_one_message_delivered_twice_at_once_is_handled_once(services: tuple[Actors, Reference]) -> None:
    actors, _ = services
    message_id = uuid.uuid4()

    def deliver(uow: UnitOfWork) -> bool:
        return uow.integration.record_delivery("rental", "importer", message_id)

    assert race(actors, deliver, deliver) == (True, False)


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


# ---------------------------------------------------------------- isolation levels through the Store


def _wait_and_commit(actors: Actors, holder: UnitOfWork, waiter: Any) -> Any:
    """Once a session waits on ``holder``'s locks, commit ``holder``; return what ``waiter`` ended with."""
    actors.wait_until_waited_on(holder.conn.info.backend_pid)
    holder.commit()
    error = waiter.exception(timeout=30)
    return error if error is not None else waiter.result()


@pytest.mark.race
@pytest.mark.invariant("RENT-REFUND-LIMIT")
def test_a_refund_refused_with_40001_is_retried_and_then_sees_the_winner(
    fresh_db: Database, services: tuple[Actors, Reference]
) -> None:
    actors, reference = services
    payment = _paid_rental(actors, reference)
    attempts: list[int] = []

    @safe_to_retry
    def refund(uow: UnitOfWork) -> Any:
        attempts.append(len(attempts) + 1)
        return uow.rental.refund(NewRefund(payment.id, "EUR", 6_000, "cancelled trip", T0))

    level = IsolationLevel.REPEATABLE_READ
    with (
        Store.open(login_conninfo(fresh_db, APP_LOGIN)) as store,
        ThreadPoolExecutor(max_workers=1) as thread,
        store.unit_of_work(level) as holder,
    ):
        refund(holder)
        waiter = thread.submit(store.run, refund, isolation=level)
        lost = _wait_and_commit(actors, holder, waiter)
    # Attempt 2 was refused with 40001 (it read a snapshot without the winner); attempt 3 sees the winner.
    assert isinstance(lost, OverRefund), f"want OverRefund after a retry, have {lost!r}"
    assert attempts == [1, 2, 3]


@pytest.mark.race
@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_a_login_that_makes_repeatable_read_its_default_cannot_break_the_odometer(
    fresh_db: Database, services: tuple[Actors, Reference]
) -> None:
    """The application's own login may change its default isolation level (ALTER ROLE on itself):
    the invariant must not depend on which level it picks."""
    actors, reference = services
    vehicle, _ = _fleet(actors, reference)
    with psycopg.connect(login_conninfo(fresh_db, APP_LOGIN), autocommit=True) as login:
        login.execute(
            sql.SQL("ALTER ROLE CURRENT_USER IN DATABASE {} SET default_transaction_isolation = {}").format(
                sql.Identifier(fresh_db.name), sql.Literal("repeatable read")
            )
        )
    higher = NewReading(vehicle.id, Decimal(2000), T0, "telematics")
    lower_later = NewReading(vehicle.id, Decimal(1500), T0 + timedelta(hours=1), "manual")
    with (
        Store.open(login_conninfo(fresh_db, APP_LOGIN)) as store,
        ThreadPoolExecutor(max_workers=1) as thread,
        store.unit_of_work() as holder,
    ):
        assert holder.fetch_value(sql.SQL("SHOW transaction_isolation"), None) == "repeatable read"
        holder.fleet.record_reading(higher)
        waiter = thread.submit(store.run, lambda uow: uow.fleet.record_reading(lower_later))
        lost = _wait_and_commit(actors, holder, waiter)
    assert isinstance(lost, SerializationConflict), f"want SerializationConflict, have {lost!r}"
    assert lost.attempts == 1  # not marked safe to retry: surfaced, not retried


@pytest.mark.race
@pytest.mark.parametrize(
    "schema",
    [
        pytest.param("released", id="released-v1.0"),
        pytest.param("head", id="head", marks=pytest.mark.invariant("RENT-REFUND-LIMIT")),
    ],
)
def test_two_refunds_through_the_store_at_repeatable_read(
    request: pytest.FixtureRequest, schema: str
) -> None:
    """Issue 12, finding 1, through the project's own API: on v1.0 both refunds of 6,000 on a payment of
    10,000 commit; at head the second is refused."""
    database: Database = request.getfixturevalue("released_db" if schema == "released" else "fresh_db")
    level = IsolationLevel.REPEATABLE_READ
    with _app_services(database) as (actors, reference):
        payment = _paid_rental(actors, reference)
        refund = NewRefund(payment.id, "EUR", 6_000, "cancelled trip", T0)
        with (
            Store.open(login_conninfo(database, APP_LOGIN)) as store,
            ThreadPoolExecutor(max_workers=1) as thread,
            store.unit_of_work(level) as holder,
        ):
            holder.rental.refund(refund)
            waiter = thread.submit(store.run, lambda uow: uow.rental.refund(refund), isolation=level)
            outcome = _wait_and_commit(actors, holder, waiter)
        with UnitOfWork(actors[0]) as check:
            refunded = sum(r.amount_minor for r in check.rental.details(payment.rental_id).refunds)
    if schema == "released":
        assert not isinstance(outcome, Exception) and refunded == 12_000, "the v1.0 hole is closed?"
    else:
        assert isinstance(outcome, SerializationConflict), f"want SerializationConflict, have {outcome!r}"
        assert refunded == 6_000
