"""Rows of the released tables checked across an online rehearsal while the application writes.

The plain rehearsal compares whole-table checksums; under load the application adds rows all the time,
so here every row is found again by its primary key. Before the first deploy, one session of its own
keeps, per table, ``(key, hash of the row)`` in a temporary table (nothing is created in the target's
schemas, and it goes when the session ends). After each phase every recorded row must still be there
with the same values over the columns it had; rows the workload itself changed (outbox events the relay
marked published) are left out by key.

A table whose storage file and update/delete counters are what they were when it was recorded is not
compared row by row (``unchanged``): nothing can have removed or altered a row of it, and at scale 1000
the append-only tables (readings, journal lines) are most of the rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from fleetdb.catalog import CatalogSnapshot
from fleetdb.catalog.snapshot import DEFAULT_EXCLUDED_SCHEMAS
from fleetdb.rehearsal.data import table_columns
from fleetdb.sql_files import load_sql


@dataclass(frozen=True)
class Recorded:
    table: str
    copy: str  # the temporary table holding its (key, hash) rows
    key: tuple[str, ...]
    columns: tuple[str, ...]
    rows: int


def _qualified(table: str) -> sql.Identifier:
    schema, _, name = table.partition(".")
    return sql.Identifier(schema, name)


def _row_hashes(recorded: Recorded, columns: tuple[str, ...]) -> sql.Composed:
    return sql.SQL(load_sql(__package__, "row_hashes")).format(
        key=sql.SQL(", ").join(sql.Identifier(c) for c in recorded.key),
        columns=sql.SQL(", ").join(sql.Identifier(c) for c in columns),
        table=_qualified(recorded.table),
    )


class RowCheck:
    """``record()`` once, then ``compare()`` after each phase; ``conn`` is the check's own session."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self.recorded: list[Recorded] = []
        self.without_key: list[str] = []  # tables with no primary key: not checked row by row
        self.writes: dict[str, tuple[int, int]] = {}  # table -> (storage file, rows updated or deleted)
        self.unchanged: list[str] = []  # tables the last compare() left out: not written since recorded

    def _writes(self) -> dict[str, tuple[int, int]]:
        rows = self.conn.execute(load_sql(__package__, "table_writes"))
        return {str(relation): (int(filenode), int(written)) for relation, filenode, written in rows}

    def record(self, snapshot: CatalogSnapshot) -> int:
        self.writes = self._writes()  # before the copies: a write while they are made is not missed
        keys = {
            str(relation): tuple(columns)
            for relation, columns in self.conn.execute(
                load_sql(__package__, "table_keys"), {"excluded": list(DEFAULT_EXCLUDED_SCHEMAS)}
            )
        }
        for number, (table, columns) in enumerate(sorted(table_columns(snapshot).items())):
            if table not in keys:
                self.without_key.append(table)
                continue
            pending = Recorded(table, f"fleetdb_rows_{number}", keys[table], columns, 0)
            self.conn.execute(
                sql.SQL("CREATE TEMPORARY TABLE {copy} AS {rows}").format(
                    copy=sql.Identifier(pending.copy), rows=_row_hashes(pending, columns)
                )
            )
            row = self.conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(pending.copy))
            ).fetchone()
            self.conn.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(pending.copy)))
            self.recorded.append(
                Recorded(table, pending.copy, pending.key, columns, int(row[0]) if row else 0)
            )
        return sum(recorded.rows for recorded in self.recorded)

    def compare(
        self,
        snapshot: CatalogSnapshot,
        changed_by_workload: Mapping[str, Set[str]],
        owned: Set[str] = frozenset(),
    ) -> list[str]:
        """What happened to the recorded rows: tables or columns gone, rows missing or changed.
        ``changed_by_workload``: table -> keys (``ROW(key)::text``) the workload itself changed;
        ``owned``: ids of the workload's own rows (its vehicles): a key that holds one is left out."""
        patterns = sorted(f"%{identifier}%" for identifier in owned)
        current = table_columns(snapshot)
        writes = self._writes()
        lost: list[str] = []
        self.unchanged = []
        for recorded in self.recorded:
            if not recorded.rows:
                continue
            was = self.writes.get(recorded.table)
            if was is not None and writes.get(recorded.table) == was:
                self.unchanged.append(recorded.table)
                continue
            if recorded.table not in current:
                lost.append(f"table {recorded.table} is gone ({recorded.rows} rows)")
                continue
            gone = [c for c in recorded.columns if c not in current[recorded.table]]
            if gone:
                lost.append(
                    f"table {recorded.table}: column(s) {', '.join(gone)} gone ({recorded.rows} rows)"
                )
                continue
            query = sql.SQL(load_sql(__package__, "rows_compared")).format(
                copy=sql.Identifier(recorded.copy), rows=_row_hashes(recorded, recorded.columns)
            )
            excluded = sorted(changed_by_workload.get(recorded.table, ()))
            row = self.conn.execute(query, {"excluded": excluded, "owned": patterns}).fetchone()
            missing, changed, examples = row if row else (0, 0, None)
            if missing or changed:
                lost.append(
                    f"table {recorded.table}: {missing} row(s) missing, {changed} row(s) changed "
                    f"(e.g. key {', '.join(examples or [])})"
                )
        return lost
