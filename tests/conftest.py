"""Fixtures of fleetdb's own suite that the generic plugin (``fleetdb.pytest_plugin``) cannot know about."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from psycopg import IsolationLevel

from fleetdb.databases import Database, deploy_template
from fleetdb.instance import Instance
from fleetdb.project import project_dir
from fleetdb.races import ISOLATION_LEVELS, Actors, isolation_id

RELEASED_TAG = "@v1.0"


@pytest.fixture(params=ISOLATION_LEVELS, ids=isolation_id)
def isolation_level(request: pytest.FixtureRequest) -> IsolationLevel:
    """Runs the test once per isolation level: READ COMMITTED, REPEATABLE READ, SERIALIZABLE."""
    level: IsolationLevel = request.param
    return level


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


@pytest.fixture
def released_actors(released_template: Database) -> Iterator[Callable[..., Actors]]:
    """``released_actors(n, isolation=None)``: like ``actors``, on a database at the released tag."""
    created: list[tuple[Actors, Database]] = []

    def make(n: int, isolation: IsolationLevel | None = None) -> Actors:
        database = released_template.clone()
        group = Actors(database, n, isolation)
        created.append((group, database))
        return group

    yield make
    for group, database in created:
        group.close()
        database.drop()
