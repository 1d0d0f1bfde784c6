"""Scenarios that try hard to break the invariants: fixtures, hypothesis profiles, and the example count
that the invariant report shows."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, Phase, settings

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


def pytest_configure(config: pytest.Config) -> None:
    profile = os.environ.get("FLEETDB_HYPOTHESIS_PROFILE")
    if not profile:
        profile = "stress" if config.getoption("--stress") else "default"
    settings.load_profile(profile)


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
