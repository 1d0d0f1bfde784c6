"""The persistence quick start: what a service does with fleetdb's repositories, end to end.

Run it after the DBA's part (``setup.sql``), with the application's login:

    .venv/bin/python examples/persistence/quickstart.py "host=db.internal dbname=fleetdb user=fleetdb_api"

(the password from ``PGPASSWORD`` or ``~/.pgpass``, as for any libpq program). ``tests/persistence/
test_quickstart.py`` runs this file against a freshly deployed database, exactly as written here.
"""

from __future__ import annotations

import random
import sys
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from fleetdb_persistence import Store
from fleetdb_persistence.accounting import NewEntry, NewLine
from fleetdb_persistence.errors import BookingConflict, PersistenceError
from fleetdb_persistence.fleet import NewReading, NewVehicle
from fleetdb_persistence.rental import Booking, NewCustomer


def main(conninfo: str) -> None:
    # A pool whose connections act as fleetdb_app. A wrong password or a login that may do more than the
    # application (a superuser, the owner) fails here at once, with the reason.
    store = Store.open(conninfo)
    pickup = datetime(2031, 3, 2, 9, 0, tzinfo=UTC)

    # 1. A vehicle, a customer and a booking: one unit of work, one transaction.
    with store.unit_of_work() as uow:
        munich = uow.rental.location("MUC01")  # reference data, looked up by its code
        vin = "".join(random.choices("ABCDEFGHJKLMNPRSTUVWXYZ0123456789", k=17))  # new on every run
        vehicle = uow.fleet.register_vehicle(
            NewVehicle(
                vin=vin,
                plate=f"M-QS-{random.randrange(10**4):04d}",
                plate_jurisdiction="DE",
                make="Volkswagen",
                model="Golf",
                model_year=2024,
                home_location_id=munich.id,
            )
        )
        customer = uow.rental.register_customer(
            NewCustomer(
                full_name="Erika Mustermann",
                driver_licence_number=uuid.uuid4().hex[:12].upper(),
                driver_licence_country="DE",
            )
        )
        stay = Booking(
            vehicle_id=vehicle.id,
            customer_id=customer.id,
            pickup_location_id=munich.id,
            return_location_id=munich.id,
            pickup_at=pickup,
            return_at=pickup + timedelta(days=3),
            currency="EUR",
        )
        rental = uow.rental.book(stay)
        uow.commit()  # nothing is kept without it
    print(f"booked rental {rental.id}: vehicle {vehicle.vin} at {munich.name}, {rental.status}")

    # 2. A second booking of the same car for an overlapping period: the database refuses it, and the
    #    error names the rental it collided with.
    with store.unit_of_work() as uow:
        try:
            uow.rental.book(
                replace(stay, pickup_at=pickup + timedelta(days=1), return_at=pickup + timedelta(days=5))
            )
        except BookingConflict as conflict:
            print(f"refused: {conflict}")
            print(f"it overlaps rental {conflict.conflicting.id}")

    # 3. Pick-up: the odometer reading at checkout and the rental made active, together.
    with store.unit_of_work() as uow:
        reading = uow.fleet.record_reading(
            NewReading(vehicle.id, Decimal("12045.3"), pickup, "rental_checkout")
        )
        active = uow.rental.activate(rental.id)
        uow.commit()
    print(f"odometer {reading.reading_km} km at pick-up; rental {active.status}")

    # 4. The payment posted to the ledger: debit the bank, credit revenue. Posting is idempotent: the
    #    same (source, external_reference) posted again later (a retried message, say) returns the entry
    #    already recorded, with created=False.
    with store.unit_of_work() as uow:
        bank, revenue = uow.accounting.account("1200-EUR"), uow.accounting.account("4000-EUR")
        entry = NewEntry(
            source="rental",
            external_reference=f"rental-payment:{rental.id}",  # the other system's id: no blanks
            posting_date=date(2031, 3, 2),
            currency="EUR",
            description="Rental paid at pick-up",
            lines=[NewLine(bank.id, 18900), NewLine(revenue.id, -18900)],
        )
        first = uow.accounting.post_entry(entry)
        uow.commit()
    with store.unit_of_work() as uow:
        again = uow.accounting.post_entry(entry)
        uow.commit()
    print(f"posted entry {first.entry.id}, {len(first.entry.lines)} lines; again: created={again.created}")
    store.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit('usage: quickstart.py "host=… dbname=fleetdb user=fleetdb_api"')
    try:
        main(sys.argv[1])
    except PersistenceError as error:  # every fleetdb error says what failed and what to do: one line
        sys.exit(f"quickstart.py: {error}")
