"""Fixtures of fleetdb's own suite that the generic plugin (``fleetdb.pytest_plugin``) cannot know about."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fleetdb.databases import Database
from fleetdb.lab import Lab

RELEASED_TAG = "@v1.0"


@pytest.fixture(scope="session")
def released_template(fleetdb_lab: Lab, pytestconfig: pytest.Config) -> Database:
    """The plan deployed up to the released tag: the schema production runs before an upgrade.
    A test that fixes a hole of the release shows the hole here and its fix on ``fresh_db``."""
    worker = getattr(pytestconfig, "workerinput", {}).get("workerid", "main")
    tagged = next(c for c in fleetdb_lab.project.changes if RELEASED_TAG.lstrip("@") in c.tags)
    return fleetdb_lab.deploy_template(f"fleetdb_released_{worker}", to=tagged)


@pytest.fixture
def released_db(released_template: Database) -> Iterator[Database]:
    """A database of its own at the released tag, dropped after the test."""
    database = released_template.clone()
    yield database
    database.drop()
