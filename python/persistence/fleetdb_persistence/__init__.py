"""Typed repositories over psycopg 3 that the application calls: one module per domain.

    store = Store.open("host=… dbname=fleetdb user=fleetdb_api")   # a login that is a member of fleetdb_app
    with store.unit_of_work() as uow:
        rental = uow.rental.book(Booking(...))
        uow.commit()

    relay = Store.open("host=… dbname=fleetdb user=fleetdb_relayd", role=RELAY_ROLE)
    relay_once(relay, "rental", publish)                          # claim, publish, mark published

See docs/db/persistence.md.
"""

from fleetdb_persistence.delivery import handle_once, relay_once
from fleetdb_persistence.errors import ERRORS, PersistenceError, translate
from fleetdb_persistence.instrumentation import StatementCounter, count_statements
from fleetdb_persistence.integration import odometer_readings
from fleetdb_persistence.unit_of_work import (
    APP_ROLE,
    RELAY_ROLE,
    Store,
    UnitOfWork,
    prepare_session,
    safe_to_retry,
)

__all__ = [
    "APP_ROLE",
    "ERRORS",
    "RELAY_ROLE",
    "PersistenceError",
    "StatementCounter",
    "Store",
    "UnitOfWork",
    "count_statements",
    "handle_once",
    "odometer_readings",
    "prepare_session",
    "relay_once",
    "safe_to_retry",
    "translate",
]
