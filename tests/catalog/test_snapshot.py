"""Snapshots compare by value, and a diff names the object, the property, and both values."""

from __future__ import annotations

from typing import Any

import psycopg

from fleetdb.catalog import diff_catalogs, snapshot_catalog


def _ddl(db: psycopg.Connection[Any], statement: str) -> list[str]:
    before = snapshot_catalog(db)
    db.execute(statement)
    return [d.describe() for d in diff_catalogs(before, snapshot_catalog(db))]


def test_two_snapshots_of_an_unchanged_catalog_are_equal(db: psycopg.Connection[Any]) -> None:
    first, second = snapshot_catalog(db), snapshot_catalog(db)
    assert first == second
    assert diff_catalogs(first, second) == []
    assert first.get("relation", "shared.currencies") is not None
    assert "sqitch.changes" not in first.keys("relation"), "the sqitch registry is not part of the schema"


def test_snapshot_leaves_extension_members_out(db: psycopg.Connection[Any]) -> None:
    snapshot = snapshot_catalog(db)
    assert "btree_gist" in snapshot.keys("extension")
    assert not [key for key in snapshot.keys("function") if "gbt_" in key]


def test_an_added_index_is_reported_as_still_existing(db: psycopg.Connection[Any]) -> None:
    changes = _ddl(db, "CREATE INDEX currencies_name_idx ON shared.currencies (name)")
    assert changes == ["index shared.currencies_name_idx still exists after revert"]


def test_a_dropped_constraint_is_reported_missing_with_its_index(db: psycopg.Connection[Any]) -> None:
    changes = _ddl(db, "ALTER TABLE shared.currencies DROP CONSTRAINT currencies_numeric_code_uq")
    assert "constraint shared.currencies.currencies_numeric_code_uq is missing after revert" in changes
    assert "index shared.currencies_numeric_code_uq is missing after revert" in changes


def test_a_changed_default_names_the_property_and_both_values(db: psycopg.Connection[Any]) -> None:
    changes = _ddl(db, "ALTER TABLE shared.currencies ALTER COLUMN created_at SET DEFAULT clock_timestamp()")
    assert changes == [
        "column shared.currencies.created_at: default was 'now()', is 'clock_timestamp()' after revert"
    ]


def test_grants_comments_and_ownership_are_part_of_the_snapshot(db: psycopg.Connection[Any]) -> None:
    before = snapshot_catalog(db)
    db.execute("GRANT SELECT ON shared.currencies TO PUBLIC")
    db.execute("COMMENT ON TABLE shared.currencies IS 'changed'")
    db.execute("CREATE ROLE fleetdb_snapshot_probe")
    props = {(d.kind, d.key, d.prop) for d in diff_catalogs(before, snapshot_catalog(db))}
    assert ("relation", "shared.currencies", "acl") in props
    assert ("relation", "shared.currencies", "comment") in props
    assert ("role", "fleetdb_snapshot_probe", None) in props


def test_snapshot_leaves_the_callers_search_path_alone(db: psycopg.Connection[Any]) -> None:
    before = db.execute("SHOW search_path").fetchone()
    snapshot_catalog(db)
    assert db.execute("SHOW search_path").fetchone() == before
