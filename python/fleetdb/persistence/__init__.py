"""Typed repositories over psycopg 3 that the application calls: one module per domain.

    store = Store.open("host=… dbname=fleetdb user=fleetdb_api")   # a login that is a member of fleetdb_app
    with store.unit_of_work() as uow:
        rental = uow.rental.book(Booking(...))
        uow.commit()

See docs/db/persistence.md.
"""

from fleetdb.persistence.errors import ERRORS, PersistenceError, translate
from fleetdb.persistence.instrumentation import StatementCounter, count_statements
from fleetdb.persistence.integration import handle_once
from fleetdb.persistence.unit_of_work import APP_ROLE, Store, UnitOfWork, prepare_session, safe_to_retry

__all__ = [
    "APP_ROLE",
    "ERRORS",
    "PersistenceError",
    "StatementCounter",
    "Store",
    "UnitOfWork",
    "count_statements",
    "handle_once",
    "prepare_session",
    "safe_to_retry",
    "translate",
]
