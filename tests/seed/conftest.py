"""A database seeded at the test scale, once per test session (per xdist worker), shared by the seed
and plan tests. Tests that change data do it in a rolled-back transaction (``seeded_conn``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from rich.progress import Progress

from fleetdb.databases import Database
from fleetdb.seed import Seeder, SeedResult, SeedSizes

# Scale 2: 2,040 rentals, 10,000 readings, ~5,000 journal lines and as many outbox events. Tables of
# TEST_SEQ_SCAN_ROWS rows and more are big enough that an index beats a sequential scan for the
# paths' look-ups (at 2,900 rows a sequential scan of the charges for a page of 20 rentals is still as
# cheap as 20 index probes, and the planner rightly takes it). Seeds in seconds.
TEST_SCALE = 2
TEST_SEQ_SCAN_ROWS = 3_000


class SeededDatabase:
    def __init__(self, database: Database, result: SeedResult) -> None:
        self.database = database
        self.result = result


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
