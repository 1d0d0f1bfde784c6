"""A server of its own for the scenarios that create, pre-create or drop the fleetdb roles: roles are
cluster-wide, and the test server's are in use by every template and clone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fleetdb.instance import Instance, start_instance


@pytest.fixture(scope="module")
def bare_instance() -> Iterator[Instance]:
    """A server where no fleetdb role exists (each scenario leaves it so)."""
    instance = start_instance()
    yield instance
    instance.stop()
