"""Fixtures of fleetdb's own suite that the generic plugin (``fleetdb.pytest_plugin``) cannot know about."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fleetdb.databases import Database, deploy_template
from fleetdb.instance import Instance
from fleetdb.project import project_dir

RELEASED_TAG = "@v1.0"


@pytest.fixture(scope="session")
def released_template(fleetdb_instance: Instance, pytestconfig: pytest.Config) -> Database:
    """The plan deployed up to the released tag: the schema production runs before an upgrade.
    A test that fixes a hole of the release shows the hole here and its fix on ``fresh_db``."""
    worker = getattr(pytestconfig, "workerinput", {}).get("workerid", "main")
    project = project_dir(pytestconfig.getoption("--fleetdb-project"))
    return deploy_template(fleetdb_instance, project, f"fleetdb_released_{worker}", to=RELEASED_TAG)


@pytest.fixture
def released_db(released_template: Database) -> Iterator[Database]:
    """A database of its own at the released tag, dropped after the test."""
    database = released_template.clone()
    yield database
    database.drop()
