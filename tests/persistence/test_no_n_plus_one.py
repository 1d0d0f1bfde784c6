"""No N+1: loading an aggregate takes the same number of statements for 1 item as for 100.

Statements are counted on the client: ``count_statements`` swaps the connection's cursor factory for a
``CountingCursor`` that counts every execute (transaction control such as SAVEPOINT is not counted).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from fleetdb_persistence import UnitOfWork, count_statements
from fleetdb_persistence.accounting import NewEntry, NewLine
from fleetdb_persistence.fleet import NewReading
from fleetdb_persistence.maintenance import NewJob, NewLabour, NewPart
from fleetdb_persistence.rental import NewCharge, NewPayment, NewRefund, Rental
from tests.persistence.factories import T0, Reference, make_rental, make_vehicle, new_vehicle

SIZES = (1, 100)


def statements(uow: UnitOfWork, action: Callable[[], Any]) -> tuple[int, Any]:
    with count_statements(uow.conn) as counter:
        result = action()
    return counter.count, result


def _rental_with(uow: UnitOfWork, reference: Reference, n: int) -> Rental:
    rental = make_rental(uow, reference)
    for i in range(n):
        uow.rental.add_charge(NewCharge(rental.id, "EUR", "extra_day", 1_000 + i))
        payment = uow.rental.capture_payment(
            NewPayment(rental.id, "EUR", 1_000, "stripe", f"pi_{uuid.uuid4().hex}", T0)
        )
        uow.rental.refund(NewRefund(payment.id, "EUR", 10, "rounding", T0))
    return rental


def test_rental_with_charges_payments_and_refunds(uow: UnitOfWork, reference: Reference) -> None:
    counts = {}
    for n in SIZES:
        rental = _rental_with(uow, reference, n)
        counts[n], details = statements(uow, lambda rental=rental: uow.rental.details(rental.id))
        assert (len(details.charges), len(details.payments), len(details.refunds)) == (n, n, n)
    assert counts[1] == counts[100] == 4, counts


def test_many_rentals_at_once(uow: UnitOfWork, reference: Reference) -> None:
    rentals = [make_rental(uow, reference) for _ in range(100)]
    counts = {
        n: statements(uow, lambda n=n: uow.rental.details_of([r.id for r in rentals[:n]]))[0] for n in SIZES
    }
    assert counts[1] == counts[100] == 4, counts


def test_journal_entry_with_lines(uow: UnitOfWork, reference: Reference) -> None:
    counts = {}
    for n in (2, 100):
        lines = [NewLine(reference.bank_eur, 100) for _ in range(n // 2)]
        lines += [NewLine(reference.revenue_eur, -100) for _ in range(n // 2)]
        entry = NewEntry("rental", f"n1:{uuid.uuid4()}", T0.date(), "EUR", "many lines", lines)
        counts[n], posted = statements(uow, lambda entry=entry: uow.accounting.post_entry(entry))
        assert len(posted.entry.lines) == n
        counts[-n], loaded = statements(uow, lambda posted=posted: uow.accounting.details(posted.entry.id))
        assert loaded == posted.entry
    assert counts[2] == counts[100], counts  # posting: post_entry(), the balance check, the read-back
    assert counts[-2] == counts[-100] == 2, counts


def test_page_of_vehicles_with_current_odometer(uow: UnitOfWork, reference: Reference) -> None:
    home = reference.ber
    for i in range(100):
        vehicle = uow.fleet.register_vehicle(new_vehicle(reference, home_location_id=home))
        uow.fleet.record_reading(NewReading(vehicle.id, Decimal(i), T0, "manual"))
        uow.fleet.record_reading(NewReading(vehicle.id, Decimal(i + 1), T0 + timedelta(days=1), "manual"))
    counts = {}
    for n in SIZES:
        counts[n], page = statements(
            uow, lambda n=n: uow.fleet.vehicles_with_odometer(home_location_id=home, limit=n)
        )
        assert len(page) == n and all(v.odometer_km is not None for v in page)
    assert counts[1] == counts[100] == 1, counts


def test_job_with_parts_and_labour(uow: UnitOfWork, reference: Reference) -> None:
    counts = {}
    for n in SIZES:
        vehicle = make_vehicle(uow, reference)
        job = NewJob(
            vehicle.id,
            "repair",
            T0,
            T0 + timedelta(days=1),
            "EUR",
            parts=[NewPart(f"P-{i}", Decimal("1"), 100, "EUR") for i in range(n)],
            labour=[NewLabour(f"tech {i}", Decimal("0.5"), 6_000, "EUR") for i in range(n)],
        )
        counts[n], opened = statements(uow, lambda job=job: uow.maintenance.open_job(job))
        assert (len(opened.parts), len(opened.labour)) == (n, n)
        counts[-n], _ = statements(uow, lambda opened=opened: uow.maintenance.details(opened.job.id))
    assert counts[1] == counts[100], counts  # opening: job, parts, labour, then the three reads
    assert counts[-1] == counts[-100] == 3, counts


def test_the_counter_sees_an_n_plus_one_loader(uow: UnitOfWork, reference: Reference) -> None:
    """The check can fail: loading rentals one by one makes the count grow with the number of rentals."""
    rentals = [make_rental(uow, reference) for _ in range(5)]

    def one_by_one(n: int) -> list[Any]:
        return [uow.rental.details(r.id) for r in rentals[:n]]

    counts = {n: statements(uow, lambda n=n: one_by_one(n))[0] for n in (1, 5)}
    assert counts[5] == 5 * counts[1] != counts[1]


@pytest.mark.parametrize("n", SIZES)
def test_find_user_with_permissions_is_one_statement(uow: UnitOfWork, n: int) -> None:
    from fleetdb_persistence.iam import NewUser

    user = uow.iam.create_user(NewUser(f"u-{uuid.uuid4().hex[:8]}@example.org", "Someone"))
    subject = uuid.uuid4().hex
    uow.iam.link_identity(user.id, "https://login.example.org", subject)
    for role in ("branch_agent", "fleet_manager")[: min(n, 2)]:
        uow.iam.grant_role(user.id, role)
    count, found = statements(uow, lambda: uow.iam.find_by_identity("https://login.example.org", subject))
    assert found is not None and count == 1
