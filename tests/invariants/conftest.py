"""Scenarios that try hard to break the invariants: fixtures, hypothesis profiles, and the example count
that the invariant report shows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import IsolationLevel

from tests.support.examples import ExampleCounter, load_profile


def pytest_configure(config: pytest.Config) -> None:
    load_profile(config)


@pytest.fixture
def level_db(
    _rollback_connection: psycopg.Connection[Any], isolation_level: IsolationLevel
) -> Iterator[psycopg.Connection[Any]]:
    """``db`` at ``isolation_level``: one rolled-back transaction at that level."""
    conn = _rollback_connection
    if conn.broken:
        raise RuntimeError("the shared rollback connection was broken by an earlier test")
    conn.isolation_level = isolation_level
    try:
        with conn.transaction(force_rollback=True):
            yield conn
    finally:
        conn.isolation_level = None


@pytest.fixture
def as_app(db: psycopg.Connection[Any]) -> Iterator[psycopg.Connection[Any]]:
    """The rolled-back connection acting as the application role."""
    db.execute("SET LOCAL ROLE fleetdb_app")
    yield db
    db.execute("RESET ROLE")


@pytest.fixture
def examples(request: pytest.FixtureRequest) -> ExampleCounter:
    return ExampleCounter(request.node)
