"""Fixtures of the repository tests: a database cloned from the deployed template, reference data
written as the owner, and a ``Store`` whose pool logs in as ``fleetdb_app_test`` (a LOGIN role that is a
member of fleetdb_app, NOINHERIT) and runs ``SET ROLE fleetdb_app`` on every new connection.

The tests share one database per worker and never clean up: every test makes its own vehicles,
customers and references (random VINs, licence numbers, provider references), so they do not collide.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from fleetdb.databases import Database
from fleetdb_persistence import RELAY_ROLE, Store, UnitOfWork
from tests.persistence.factories import (
    APP_LOGIN,
    RELAY_LOGIN,
    Reference,
    login_conninfo,
    prepare_app_database,
)


@pytest.fixture(scope="session")
def app_database(fleetdb_template: Database) -> Iterator[tuple[Database, Reference]]:
    database = fleetdb_template.clone()
    reference = prepare_app_database(database)
    yield database, reference
    database.drop()


@pytest.fixture(scope="session")
def reference(app_database: tuple[Database, Reference]) -> Reference:
    return app_database[1]


@pytest.fixture(scope="session")
def store(app_database: tuple[Database, Reference]) -> Iterator[Store]:
    database, _ = app_database
    with Store.open(login_conninfo(database, APP_LOGIN), min_size=1, max_size=4) as opened:
        yield opened


@pytest.fixture(scope="session")
def relay(app_database: tuple[Database, Reference]) -> Iterator[Store]:
    """The outbox relay: a pool whose login is a member of fleetdb_relay (SET ROLE fleetdb_relay)."""
    database, _ = app_database
    with Store.open(login_conninfo(database, RELAY_LOGIN), min_size=1, max_size=2, role=RELAY_ROLE) as opened:
        yield opened


@pytest.fixture
def uow(store: Store) -> Iterator[UnitOfWork]:
    """A unit of work rolled back after the test (tests that need a commit call ``uow.commit()``)."""
    with store.unit_of_work() as unit:
        yield unit


@pytest.fixture
def superuser(app_database: tuple[Database, Reference]) -> Iterator[psycopg.Connection[Any]]:
    """For looking behind the application's back (e.g. reading what it may not read)."""
    with app_database[0].connect(autocommit=True) as conn:
        yield conn
