"""Index catalog checks, on a ``fleetdb.catalog`` snapshot:

- every foreign key has a supporting index: a valid, non-partial btree or GiST index whose leading key
  columns are the foreign key's columns (in any order). Without one, deleting or re-keying a
  referenced row scans the referencing table, and the FK check holds its lock for that long;
- no index duplicates another (same table, method, key columns and predicate), and no plain index is
  a prefix of another (its key columns are the leading key columns of a wider index with the same
  method and predicate, which serves every look-up the narrower one does). Unique, primary-key and
  exclusion indexes enforce a rule, so they are never redundant as prefixes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fleetdb.catalog import CatalogSnapshot
from fleetdb.plans.model import IndexProblem

_FK_METHODS = {"btree", "gist"}


def _key_columns(index: Mapping[str, Any]) -> tuple[str, ...]:
    columns = tuple(index.get("columns") or ())
    return columns[: int(index.get("key_count") or len(columns))]


def _indexes_by_table(snapshot: CatalogSnapshot) -> dict[str, list[tuple[str, Mapping[str, Any]]]]:
    by_table: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    for key, index in sorted(snapshot.of_kind("index").items()):
        by_table.setdefault(str(index["table"]), []).append((key, index))
    return by_table


def unindexed_foreign_keys(snapshot: CatalogSnapshot) -> list[IndexProblem]:
    by_table = _indexes_by_table(snapshot)
    problems = []
    for _key, constraint in sorted(snapshot.where("constraint", type="foreign key")):
        table = str(constraint["table"])
        wanted = set(constraint.get("columns") or ())
        supporting = [
            name
            for name, index in by_table.get(table, [])
            if index.get("method") in _FK_METHODS
            and not index.get("predicate")
            and index.get("is_valid", True)
            and set(_key_columns(index)[: len(wanted)]) == wanted
        ]
        if not supporting:
            columns = ", ".join(constraint.get("columns") or ())
            problems.append(
                IndexProblem(
                    "unindexed foreign key",
                    table,
                    str(constraint["name"]),
                    f"no index leads with ({columns}); add CREATE INDEX ON {table} ({columns})",
                )
            )
    return problems


def redundant_indexes(snapshot: CatalogSnapshot) -> list[IndexProblem]:
    problems = []
    for table, indexes in _indexes_by_table(snapshot).items():
        for i, (name_a, a) in enumerate(indexes):
            for name_b, b in indexes[i + 1 :]:
                if a.get("method") != b.get("method") or a.get("predicate") != b.get("predicate"):
                    continue
                cols_a, cols_b = _key_columns(a), _key_columns(b)
                if cols_a == cols_b:
                    problems.append(
                        IndexProblem(
                            "duplicate index",
                            table,
                            name_a,
                            f"same key columns ({', '.join(cols_a)}) as {name_b}",
                        )
                    )
                    continue
                for narrow_name, narrow, narrow_cols, wide_name, wide_cols in (
                    (name_a, a, cols_a, name_b, cols_b),
                    (name_b, b, cols_b, name_a, cols_a),
                ):
                    enforces = (
                        narrow.get("is_unique") or narrow.get("is_primary") or narrow.get("is_exclusion")
                    )
                    if not enforces and wide_cols[: len(narrow_cols)] == narrow_cols:
                        problems.append(
                            IndexProblem(
                                "prefix index",
                                table,
                                narrow_name,
                                f"({', '.join(narrow_cols)}) is a prefix of {wide_name} "
                                f"({', '.join(wide_cols)})",
                            )
                        )
    return problems


def check_indexes(snapshot: CatalogSnapshot) -> list[IndexProblem]:
    """Every unindexed foreign key, duplicate and prefix index of the snapshot."""
    return unindexed_foreign_keys(snapshot) + redundant_indexes(snapshot)
