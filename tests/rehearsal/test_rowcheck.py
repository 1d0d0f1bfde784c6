"""The online rehearsal's data check (``rowcheck``): a recorded row that another session changed is
named; a table nobody updated, deleted from or rewrote since it was recorded is left out of the row by
row comparison, and one that was rewritten (a new storage file) is compared again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from fleetdb.catalog import snapshot_catalog
from fleetdb.databases import Database
from fleetdb.rehearsal.rowcheck import RowCheck
from tests.support.world import World


@pytest.fixture
def recorded(fresh_db: Database) -> Iterator[tuple[RowCheck, psycopg.Connection[Any], Database]]:
    with fresh_db.connect(autocommit=True) as conn:
        world = World(conn)
        vehicle = world.vehicle()
        world.reading(vehicle, 100)
        world.customer()
        rows = RowCheck(conn)
        assert rows.record(snapshot_catalog(conn)) > 0
        yield rows, conn, fresh_db


def _as_another_session(database: Database, statement: str) -> None:
    """Run ``statement`` and flush its statistics, as a sqitch psql does when it ends."""
    with database.connect(autocommit=True) as other:
        other.execute(statement)
        other.execute("SELECT pg_stat_force_next_flush()")  # flushed before this statement returns


def test_a_table_nobody_wrote_is_not_compared_and_a_changed_row_is_named(
    recorded: tuple[RowCheck, psycopg.Connection[Any], Database],
) -> None:
    rows, conn, database = recorded
    assert rows.compare(snapshot_catalog(conn), {}) == []
    assert {"fleet.vehicles", "fleet.odometer_readings", "rental.customers"} <= set(rows.unchanged)
    _as_another_session(database, "UPDATE rental.customers SET full_name = full_name || ' (changed)'")
    lost = rows.compare(snapshot_catalog(conn), {})
    assert [line.split(":")[0] for line in lost] == ["table rental.customers"]
    assert "1 row(s) changed" in lost[0]
    assert "rental.customers" not in rows.unchanged and "fleet.vehicles" in rows.unchanged


def test_a_rewritten_table_is_compared_again(
    recorded: tuple[RowCheck, psycopg.Connection[Any], Database],
) -> None:
    rows, conn, database = recorded
    _as_another_session(database, "VACUUM FULL fleet.odometer_readings")
    assert rows.compare(snapshot_catalog(conn), {}) == []  # a new file, the same rows
    assert "fleet.odometer_readings" not in rows.unchanged
