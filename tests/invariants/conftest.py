"""Scenarios that try hard to break the invariants: fixtures, hypothesis profiles, and the example count
that the invariant report shows."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, Phase, settings
from psycopg import IsolationLevel

from tests.schema.world import World

# default: a few hundred examples per domain within the suite's budget; stress (--stress): many more;
# mutate (set by `fleetdb mutate`): one counterexample is enough, so no shrinking.
_COMMON = {"deadline": None, "database": None, "suppress_health_check": list(HealthCheck)}
settings.register_profile("default", max_examples=200, stateful_step_count=10, **_COMMON)
settings.register_profile("stress", max_examples=3000, stateful_step_count=25, **_COMMON)
settings.register_profile(
    "mutate",
    max_examples=200,
    stateful_step_count=10,
    phases=[Phase.explicit, Phase.generate],
    **_COMMON,
)


# The generated models run at every isolation level; outside --stress the two snapshot levels get a
# fifth of the examples (READ COMMITTED, the default, gets them all).
_SNAPSHOT_LEVEL_SHARE = {"default": 5, "mutate": 5, "stress": 1}
_profile = "default"


def pytest_configure(config: pytest.Config) -> None:
    global _profile
    profile = os.environ.get("FLEETDB_HYPOTHESIS_PROFILE")
    if not profile:
        profile = "stress" if config.getoption("--stress") else "default"
    settings.load_profile(profile)
    _profile = profile


def examples_at(level: IsolationLevel) -> settings:
    """The hypothesis settings of a generated model run at ``level``."""
    if level == IsolationLevel.READ_COMMITTED:
        return settings()
    share = _SNAPSHOT_LEVEL_SHARE.get(_profile, 1)
    return settings(max_examples=max(10, settings.default.max_examples // share))


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
def world(db: psycopg.Connection[Any]) -> World:
    return World(db)


@pytest.fixture
def as_app(db: psycopg.Connection[Any]) -> Iterator[psycopg.Connection[Any]]:
    """The rolled-back connection acting as the application role."""
    db.execute("SET LOCAL ROLE fleetdb_app")
    yield db
    db.execute("RESET ROLE")


class ExampleCounter:
    """Counts the examples a hypothesis test ran and hands the count to the invariant report."""

    def __init__(self, node: pytest.Item) -> None:
        self.node = node
        self.count = 0

    def __call__(self) -> None:
        self.count += 1

    def record(self) -> None:
        """Call at the end of the test body: the report reads the call phase's properties."""
        self.node.user_properties.append(("examples", self.count))


@pytest.fixture
def examples(request: pytest.FixtureRequest) -> ExampleCounter:
    return ExampleCounter(request.node)
