"""Isolation isolates: what one test writes is invisible to the next, for both fixtures.

The tests of this module run in order in one process (make test distributes by file)."""

from __future__ import annotations

from typing import Any

import psycopg

from fleetdb.databases import Database

_seen: dict[str, Any] = {}
_PROBE = ("XTS", 963, "Testing code", 2)
_INSERT = "INSERT INTO shared.currencies (code, numeric_code, name, minor_units) VALUES (%s, %s, %s, %s)"
_COUNT = "SELECT count(*) FROM shared.currencies WHERE code = 'XTS'"


def test_rollback_fixture_first_writes(db: psycopg.Connection[Any]) -> None:
    db.execute(_INSERT, _PROBE)
    assert db.execute(_COUNT).fetchone() == (1,)
    _seen["rollback_pid"] = db.info.backend_pid


def test_rollback_fixture_then_sees_nothing(db: psycopg.Connection[Any]) -> None:
    assert _seen.get("rollback_pid") == db.info.backend_pid, "the first test must run first, on this session"
    assert db.execute(_COUNT).fetchone() == (0,)


def test_fresh_db_first_commits(fresh_db: Database) -> None:
    with fresh_db.connect() as conn:
        conn.execute(_INSERT, _PROBE)
    with fresh_db.connect() as conn:
        assert conn.execute(_COUNT).fetchone() == (1,)
    _seen["fresh_db"] = fresh_db.name


def test_fresh_db_then_sees_nothing(fresh_db: Database) -> None:
    previous = _seen.get("fresh_db")
    assert previous is not None and previous != fresh_db.name
    with fresh_db.connect() as conn:
        assert conn.execute(_COUNT).fetchone() == (0,)
        gone = conn.execute("SELECT count(*) FROM pg_database WHERE datname = %s", (previous,)).fetchone()
    assert gone == (0,), f"{previous} was not dropped after its test"
