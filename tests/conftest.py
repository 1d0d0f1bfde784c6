"""Fixtures of fleetdb's own suite that the generic plugin (``fleetdb.plugins.fixtures``) cannot know
about, in one place: every directory's tests use them; the code they share is in tests/support/."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import IsolationLevel
from rich.progress import Progress

from fleetdb.databases import Database
from fleetdb.lab import Lab
from fleetdb.races import ISOLATION_LEVELS, Actors, isolation_id
from fleetdb.seed import Seeder, SeedSizes
from tests.support.seeded import TEST_SCALE, SeededDatabase
from tests.support.world import World

REPO = Path(__file__).resolve().parents[1]

RELEASED_TAG = "@v1.0"
# main when v1.0 was released: its scripts are what databases at @v1.0 were deployed with. Released
# scripts edited since (docs/db/changelog.md) differ from these.
RELEASED_COMMIT = "a993355fe7dbaa64f53a3612c0cbdf99bc60fe2c"


@pytest.fixture(params=ISOLATION_LEVELS, ids=isolation_id)
def isolation_level(request: pytest.FixtureRequest) -> IsolationLevel:
    """Runs the test once per isolation level: READ COMMITTED, REPEATABLE READ, SERIALIZABLE."""
    level: IsolationLevel = request.param
    return level


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


@pytest.fixture(scope="session")
def released_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Sqitch project exactly as released (scripts as of ``RELEASED_COMMIT``, from git): a test of a
    hole that a released-script edit closed shows the hole with these scripts and the fix with the
    checkout's."""
    directory = tmp_path_factory.mktemp("released_project")
    paths = ["sqitch.conf", "sqitch.plan", "deploy", "revert", "verify"]
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", RELEASED_COMMIT, *paths],
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"the released scripts need git history with commit {RELEASED_COMMIT}: {error}")
    subprocess.run(["tar", "-x", "-C", str(directory)], input=archive.stdout, check=True)
    return directory


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


@pytest.fixture
def world(db: psycopg.Connection[Any]) -> World:
    """Builders of valid rows (a vehicle, a rental, a payment …) on the rolled-back ``db``."""
    return World(db)


@pytest.fixture(scope="session")
def seeded(fleetdb_template: Database) -> Iterator[SeededDatabase]:
    database = fleetdb_template.clone()
    # Two connections, as `fleetdb seed` uses by default: the parallel chunk path is the one exercised.
    result = Seeder(database.conninfo(), SeedSizes.for_scale(TEST_SCALE), workers=2).run(
        Progress(disable=True)
    )
    database.mark_template()
    yield SeededDatabase(database, result)
    database.drop()


@pytest.fixture
def seeded_conn(seeded: SeededDatabase) -> Iterator[psycopg.Connection[Any]]:
    """A connection to the seeded database inside a transaction that is rolled back: a test may
    break rules on purpose (disable a trigger, drop a constraint) and nothing of it stays."""
    with seeded.database.connect() as conn, conn.transaction(force_rollback=True):
        yield conn
