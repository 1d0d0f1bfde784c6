"""Hypothesis for the generated models: the profiles (default, stress, mutate), the share of examples
per isolation level, and the count of examples each test ran, which the invariant report shows."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, settings
from psycopg import IsolationLevel

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


def load_profile(config: pytest.Config) -> None:
    """The profile of this run: FLEETDB_HYPOTHESIS_PROFILE, else stress with --stress, else default."""
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
