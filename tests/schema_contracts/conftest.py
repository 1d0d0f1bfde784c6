"""The schema contracts read one snapshot of the deployed plan per test session."""

from __future__ import annotations

import pytest

from fleetdb.catalog import CatalogSnapshot, snapshot_catalog
from fleetdb.databases import Database


@pytest.fixture(scope="session")
def schema_catalog(fleetdb_template: Database) -> CatalogSnapshot:
    """The catalog of a fresh clone of the deployed template: exactly what ``sqitch deploy`` built."""
    database = fleetdb_template.clone()
    try:
        with database.connect() as conn:
            return snapshot_catalog(conn)
    finally:
        database.drop()
