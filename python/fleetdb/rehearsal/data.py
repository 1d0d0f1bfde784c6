"""Row counts and per-table checksums, and what changed between two of them.

A fingerprint is taken over the columns a table had at the time, so a change that adds a column does not
count as changing the rows, while one that drops, retypes to a different text form, updates or deletes
does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from fleetdb.catalog import CatalogSnapshot
from fleetdb.rehearsal.model import DataLoss
from fleetdb.sql_files import load_sql

TABLE_KINDS = ("table", "partitioned table")


# Above this many rows a table is compared by count and checksum only (no per-row hashes in memory).
KEEP_ROW_HASHES = 20_000


@dataclass(frozen=True)
class TableFingerprint:
    columns: tuple[str, ...]
    rows: int
    checksum: str
    row_hashes: tuple[str, ...] | None = None  # None for large tables


Fingerprints = dict[str, TableFingerprint]


def table_columns(snapshot: CatalogSnapshot) -> dict[str, tuple[str, ...]]:
    """Each table of the snapshot (not partitions: their rows are counted through the parent) with its
    columns in order."""
    tables = {
        key
        for key, rel in snapshot.of_kind("relation").items()
        if rel.get("relkind") in TABLE_KINDS and not rel.get("partition_bound")
    }
    columns: dict[str, list[tuple[int, str]]] = {table: [] for table in tables}
    for key, col in snapshot.of_kind("column").items():
        relation = str(col["relation"])
        if relation in columns:
            columns[relation].append((int(col["position"]), key[len(relation) + 1 :]))
    return {table: tuple(name for _, name in sorted(cols)) for table, cols in columns.items()}


def _qualified(table: str) -> sql.Identifier:
    schema, _, name = table.partition(".")
    return sql.Identifier(schema, name)


def fingerprint_table(
    conn: psycopg.Connection[Any], table: str, columns: tuple[str, ...]
) -> TableFingerprint:
    query = sql.SQL(load_sql(__package__, "table_fingerprint")).format(
        table=_qualified(table), columns=sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    row = conn.execute(query, {"keep_hashes": KEEP_ROW_HASHES}).fetchone()
    assert row is not None
    return TableFingerprint(columns, int(row[0]), str(row[1]), None if row[2] is None else tuple(row[2]))


def fingerprint_tables(conn: psycopg.Connection[Any], snapshot: CatalogSnapshot) -> Fingerprints:
    """Row count and checksum of every table in ``snapshot`` (one cheap query per table)."""
    return {
        table: fingerprint_table(conn, table, columns)
        for table, columns in sorted(table_columns(snapshot).items())
        if columns
    }


def row_counts(fingerprints: Fingerprints) -> dict[str, int]:
    return {table: fp.rows for table, fp in fingerprints.items()}


def changed_rows(
    conn: psycopg.Connection[Any], before: Fingerprints, now: CatalogSnapshot, moment: str
) -> list[DataLoss]:
    """Where the rows of ``before`` did not survive until ``now``: tables or columns that are gone,
    fewer rows, or rows whose values (over the columns they had before) differ."""
    current = table_columns(now)
    losses: list[DataLoss] = []
    for table, old in sorted(before.items()):
        if old.rows == 0:
            continue
        if table not in current:
            losses.append(DataLoss(f"table {table}", old.rows, f"dropped {moment}"))
            continue
        gone = [c for c in old.columns if c not in current[table]]
        for column in gone:
            losses.append(DataLoss(f"column {table}.{column}", old.rows, f"dropped {moment}"))
        kept = tuple(c for c in old.columns if c not in gone)
        if not kept:
            continue
        new = fingerprint_table(conn, table, kept)
        if gone:
            # The stored hashes cover values that no longer exist: the dropped columns are reported
            # above; of the remaining values only the row count can be compared.
            if new.rows < old.rows:
                losses.append(DataLoss(f"table {table}", old.rows - new.rows, f"rows deleted {moment}"))
            continue
        lost = _rows_missing(old, new)
        if lost:
            how = "rows deleted" if new.rows == old.rows - lost else "rows changed or deleted"
            losses.append(DataLoss(f"table {table}", lost, f"{how} {moment}"))
    return losses


def _rows_missing(old: TableFingerprint, new: TableFingerprint) -> int:
    """How many of the old rows are not in the new table (rows the change added do not count)."""
    if old.checksum == new.checksum:
        return 0
    if old.row_hashes is not None and new.row_hashes is not None:
        return sum((Counter(old.row_hashes) - Counter(new.row_hashes)).values())
    # A large table: only the count and the checksum are known.
    return old.rows - new.rows if new.rows < old.rows else old.rows
