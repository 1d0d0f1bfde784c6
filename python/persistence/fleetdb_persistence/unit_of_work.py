"""The unit of work (a transaction with the repositories of every module bound to it) and the ``Store``
that hands them out: a pool of connections acting as the application role.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import psycopg
from psycopg import IsolationLevel, sql

from fleetdb_persistence.accounting import AccountingRepository
from fleetdb_persistence.errors import PersistenceError, TransientConflict, libpq_message
from fleetdb_persistence.fleet import FleetRepository
from fleetdb_persistence.iam import IamRepository
from fleetdb_persistence.integration import IntegrationRepository
from fleetdb_persistence.maintenance import MaintenanceRepository
from fleetdb_persistence.queries import query
from fleetdb_persistence.rental import RentalRepository
from fleetdb_persistence.transaction import Transaction

if TYPE_CHECKING:
    from psycopg_pool import ConnectionPool

T = TypeVar("T")
P = ParamSpec("P")

APP_ROLE = "fleetdb_app"
# The outbox relay: claims events and marks them published, which the application may not.
RELAY_ROLE = "fleetdb_relay"


class UnsafeConnection(PersistenceError):
    what = "unsafe connection"


class ConnectionFailed(PersistenceError):
    """The server refused the login or could not be reached (libpq reports no SQLSTATE for these)."""

    what = "cannot connect"
    advice = (
        "Check host, port, dbname, user and password of the conninfo, and that pg_hba.conf admits this login."
    )


def prepare_session(conn: psycopg.Connection[Any], role: str = APP_ROLE) -> None:
    """Make a new connection act as the application role, and refuse logins that could do more.

    The login must be a member of ``role`` (e.g. ``CREATE ROLE svc LOGIN NOINHERIT IN ROLE fleetdb_app``)
    and neither a superuser nor a member of the owner role: then ``SET ROLE`` leaves the session with
    exactly the application's privileges, and nothing it runs can bypass the schema's rules.
    """
    row = conn.execute(query("session", "check_role"), {"role": role}).fetchone()
    if row is None:
        raise UnsafeConnection("the session user is not in pg_roles")
    is_superuser, is_owner_member, is_app_member = row
    user = conn.info.user
    if is_superuser or is_owner_member:
        raise UnsafeConnection(
            f"login {user} is a superuser or a member of fleetdb_owner; the application must log in as a "
            f"role that is only a member of {role}"
        )
    if not is_app_member:
        raise UnsafeConnection(f"login {user} is not a member of {role}: GRANT {role} TO {user}")
    conn.execute(query("session", "set_role").format(role=sql.Identifier(role)))
    conn.commit()


class UnitOfWork(Transaction):
    """One transaction on one connection, with the repositories of every module bound to it.

    Nothing is committed unless ``commit()`` is called; leaving the ``with`` block without it rolls back.
    """

    def __init__(self, conn: psycopg.Connection[Any], isolation: IsolationLevel | None = None) -> None:
        super().__init__(conn, isolation)
        self.iam = IamRepository(self)
        self.fleet = FleetRepository(self)
        self.rental = RentalRepository(self)
        self.maintenance = MaintenanceRepository(self)
        self.accounting = AccountingRepository(self)
        self.integration = IntegrationRepository(self)


def _first_connection(conninfo: str, role: str) -> None:
    try:
        conn = psycopg.connect(conninfo)
    except psycopg.OperationalError as error:
        raise ConnectionFailed(libpq_message(error)) from error
    with conn:
        prepare_session(conn, role)


def safe_to_retry(work: Callable[P, T]) -> Callable[P, T]:
    """Mark a unit-of-work function as safe to run again after a 40001/40P01 (no effects outside the
    database, and it reads what it needs inside the transaction)."""
    work.safe_to_retry = True  # type: ignore[attr-defined]
    return work


class Store:
    """The application's entry point: a pool of connections acting as ``fleetdb_app``."""

    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool

    @classmethod
    def open(cls, conninfo: str, *, min_size: int = 1, max_size: int = 4, role: str = APP_ROLE) -> Store:
        """A pool acting as ``role``. One connection is made first, outside the pool: a wrong password,
        an unknown database or an unsafe login fails here with its own error (``ConnectionFailed``,
        ``UnsafeConnection``), where the pool would retry in the background and end in a PoolTimeout."""
        from psycopg_pool import ConnectionPool

        _first_connection(conninfo, role)

        def configure(conn: psycopg.Connection[Any]) -> None:
            prepare_session(conn, role)

        pool: ConnectionPool[Any] = ConnectionPool(
            conninfo,
            min_size=min_size,
            max_size=max_size,
            configure=configure,
            check=ConnectionPool.check_connection,
            open=False,
            name="fleetdb",
        )
        pool.open(wait=True, timeout=30)
        return cls(pool)

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def unit_of_work(self, isolation: IsolationLevel | None = None) -> Iterator[UnitOfWork]:
        """A unit of work on a pooled connection; rolled back unless ``commit()`` was called."""
        conn = self.pool.getconn()
        try:
            with UnitOfWork(conn, isolation) as uow:
                yield uow
        finally:
            self.pool.putconn(conn)

    def run(
        self,
        work: Callable[[UnitOfWork], T],
        *,
        retry: bool | None = None,
        attempts: int = 3,
        isolation: IsolationLevel | None = None,
    ) -> T:
        """Run ``work`` in a unit of work and commit. A serialization failure or deadlock (40001, 40P01)
        runs it again, at most ``attempts`` times, when it is safe to retry (``retry=True`` or
        ``@safe_to_retry``); otherwise, or after the last attempt, the ``TransientConflict`` is raised."""
        may_retry = retry if retry is not None else bool(getattr(work, "safe_to_retry", False))
        for attempt in range(1, attempts + 1):
            try:
                with self.unit_of_work(isolation) as uow:
                    result = work(uow)
                    uow.commit()
                    return result
            except TransientConflict as conflict:
                conflict.attempts = attempt
                if not may_retry or attempt == attempts:
                    raise
                # Jitter so that two retrying losers do not collide again in lockstep.
                time.sleep(random.uniform(0, 0.005 * attempt))
        raise AssertionError("unreachable")
