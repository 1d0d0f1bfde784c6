"""Reads the catalog into a ``CatalogSnapshot``: one query per object kind, each in ``sql/<kind>.sql``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.rows import dict_row

from fleetdb.sql_files import load_sql

# Object kind -> its query, sql/<name>.sql. The kind names are what diffs and assertion messages print.
KINDS: dict[str, str] = {
    "schema": "schemas",
    "relation": "relations",
    "column": "columns",
    "constraint": "constraints",
    "index": "indexes",
    "sequence": "sequences",
    "trigger": "triggers",
    "function": "functions",
    "type": "types",
    "extension": "extensions",
    "role": "roles",
    "database": "databases",
    "default privilege": "default_privileges",
    "policy": "policies",
}
# What a snapshot reads unless asked for more: everything but the cluster's databases, which come and go
# with other work on a shared server (a test server's clones, the other users of a DBA's server). Ask
# for WITH_DATABASES on a server of one's own (the rehearsal on its throwaway servers).
DEFAULT_KINDS = tuple(kind for kind in KINDS if kind != "database")
WITH_DATABASES = tuple(KINDS)
# The sqitch registry changes with every deploy; it is Sqitch's bookkeeping, not the schema.
DEFAULT_EXCLUDED_SCHEMAS = ("sqitch",)


def _query(kind: str) -> str:
    return load_sql(__package__, KINDS[kind])


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@dataclass(frozen=True)
class CatalogSnapshot:
    """Every object of the catalog by kind and key (e.g. ``("index", "rental.rentals_customer_idx")``)."""

    objects: Mapping[str, Mapping[str, Mapping[str, Any]]] = field(default_factory=dict)

    def of_kind(self, kind: str) -> Mapping[str, Mapping[str, Any]]:
        return self.objects.get(kind, {})

    def get(self, kind: str, key: str) -> Mapping[str, Any] | None:
        return self.of_kind(kind).get(key)

    def keys(self, kind: str) -> set[str]:
        return set(self.of_kind(kind))

    def where(self, kind: str, **props: Any) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """Objects of ``kind`` whose properties equal the given ones."""
        for key, obj in self.of_kind(kind).items():
            if all(obj.get(name) == value for name, value in props.items()):
                yield key, obj

    def __len__(self) -> int:
        return sum(len(objs) for objs in self.objects.values())

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(objs)} {kind}" for kind, objs in self.objects.items() if objs)
        return f"CatalogSnapshot({counts})"


def snapshot_catalog(
    conn: psycopg.Connection[Any],
    kinds: Iterable[str] = DEFAULT_KINDS,
    exclude_schemas: Iterable[str] = DEFAULT_EXCLUDED_SCHEMAS,
) -> CatalogSnapshot:
    """Read the catalog in one round trip (pipeline mode); a fixed search_path keeps names qualified."""
    params = {"excluded": list(exclude_schemas)}
    wanted = list(kinds)
    objects: dict[str, dict[str, dict[str, Any]]] = {}
    # Rolled back (to a savepoint when the caller is in a transaction) so SET LOCAL ends here.
    with conn.transaction(force_rollback=True), conn.pipeline():
        conn.execute("SET LOCAL search_path = pg_catalog")
        cursors = []
        for kind in wanted:
            cur = conn.cursor(row_factory=dict_row)
            cur.execute(_query(kind), params)
            cursors.append((kind, cur))
    for kind, cur in cursors:
        rows = cur.fetchall()
        objects[kind] = {row.pop("key"): {k: _freeze(v) for k, v in row.items()} for row in rows}
    return CatalogSnapshot(objects)
