"""The database seeded at the test scale (``seeded`` and ``seeded_conn`` in tests/conftest.py), shared by
the seed and plan tests."""

from __future__ import annotations

from fleetdb.databases import Database
from fleetdb.seed import SeedResult

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
