"""Indexes: existence with columns or expressions, unique, primary, partial (with predicate), method,
validity, and "every foreign key has a supporting index"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.constraints import normalize_expression
from fleetdb.contract.core import CatalogSource, as_list, assertion, catalog, check, describe, fail, qualify


def _index(snap: CatalogSnapshot, table: str, index: str, desc: str) -> Mapping[str, Any]:
    schema, _ = qualify(table)
    obj = snap.get("index", f"{schema}.{index}")
    if obj is None or obj["table"] != table:
        names = sorted(key.split(".", 1)[1] for key, _ in snap.where("index", table=table))
        fail(f"index {schema}.{index} on {table}", desc, f"indexes {names}", f"index {index}")
    return obj


@assertion
def has_index(
    source: CatalogSource,
    table: str,
    index: str,
    columns: str | Sequence[str] | None = None,
    description: str | None = None,
) -> None:
    """Index ``index`` on ``table``; with ``columns``, its key columns or expressions in order (as
    ``pg_get_indexdef`` prints each, e.g. ``lower(email)``)."""
    table = ".".join(qualify(table))
    desc = describe(description, f"Index {index} should exist on {table}")
    obj = _index(catalog(source), table, index, desc)
    if columns is not None:
        have = list(obj["columns"][: obj["key_count"]])
        want = list(as_list(columns))
        check(have == want, f"index {qualify(table)[0]}.{index}", desc, have, want)


@assertion
def hasnt_index(source: CatalogSource, table: str, index: str, description: str | None = None) -> None:
    table = ".".join(qualify(table))
    schema, _ = qualify(table)
    obj = catalog(source).get("index", f"{schema}.{index}")
    desc = describe(description, f"Index {index} should not exist on {table}")
    check(
        obj is None or obj["table"] != table,
        f"index {schema}.{index}",
        desc,
        f"index {index} exists",
        "no such index",
    )


def _flag(
    source: CatalogSource, table: str, index: str, prop: str, labels: tuple[str, str], desc: str
) -> None:
    table = ".".join(qualify(table))
    obj = _index(catalog(source), table, index, desc)
    have = labels[0] if obj[prop] else labels[1]
    check(
        bool(obj[prop]),
        f"index {qualify(table)[0]}.{index}",
        desc,
        have,
        labels[0],
        definition=obj["definition"],
    )


@assertion
def index_is_unique(source: CatalogSource, table: str, index: str, description: str | None = None) -> None:
    desc = describe(description, f"Index {index} should be unique")
    _flag(source, table, index, "is_unique", ("unique", "not unique"), desc)


@assertion
def index_is_primary(source: CatalogSource, table: str, index: str, description: str | None = None) -> None:
    desc = describe(description, f"Index {index} should be on a primary key")
    _flag(source, table, index, "is_primary", ("primary key", "not primary key"), desc)


@assertion
def index_is_valid(source: CatalogSource, table: str, index: str, description: str | None = None) -> None:
    desc = describe(description, f"Index {index} should be valid")
    _flag(source, table, index, "is_valid", ("valid", "invalid (a failed CREATE INDEX CONCURRENTLY?)"), desc)


@assertion
def index_is_partial(
    source: CatalogSource,
    table: str,
    index: str,
    predicate: str | None = None,
    description: str | None = None,
) -> None:
    """A partial index; with ``predicate``, its WHERE clause as PostgreSQL prints it."""
    table = ".".join(qualify(table))
    desc = describe(
        description, f"Index {index} should be partial" + (f" WHERE {predicate}" if predicate else "")
    )
    obj = _index(catalog(source), table, index, desc)
    have = obj["predicate"]
    subject = f"index {qualify(table)[0]}.{index}"
    check(have is not None, subject, desc, "not partial", f"WHERE {predicate or '…'}")
    if predicate is not None:
        same = normalize_expression(str(have)) == normalize_expression(predicate)
        check(same, subject, desc, f"WHERE {have}", f"WHERE {predicate}")


@assertion
def index_is_type(
    source: CatalogSource, table: str, index: str, method: str, description: str | None = None
) -> None:
    table = ".".join(qualify(table))
    desc = describe(description, f"Index {index} should be a {method} index")
    obj = _index(catalog(source), table, index, desc)
    check(
        obj["method"] == method.lower(),
        f"index {qualify(table)[0]}.{index}",
        desc,
        obj["method"],
        method.lower(),
    )


def _supports(index: Mapping[str, Any], columns: Sequence[str]) -> bool:
    """The FK's columns lead the index (in any order), and the index is valid and not partial."""
    lead = index["columns"][: len(columns)]
    return bool(index["is_valid"]) and index["predicate"] is None and set(lead) == set(columns)


def unindexed_foreign_keys(snap: CatalogSnapshot, schemas: Iterable[str] | None = None) -> list[str]:
    wanted = None if schemas is None else set(schemas)
    missing = []
    for key, fk in snap.where("constraint", type="foreign key"):
        if wanted is not None and qualify(str(fk["table"]))[0] not in wanted:
            continue
        indexes = [obj for _, obj in snap.where("index", table=fk["table"])]
        if not any(_supports(obj, fk["columns"]) for obj in indexes):
            missing.append(f"{key} ({', '.join(fk['columns'])})")
    return sorted(missing)


@assertion
def fk_has_index(source: CatalogSource, table: str, name: str, description: str | None = None) -> None:
    table = ".".join(qualify(table))
    desc = describe(description, f"Foreign key {table}.{name} should have a supporting index")
    snap = catalog(source)
    fk = snap.get("constraint", f"{table}.{name}")
    if fk is None or fk["type"] != "foreign key":
        fail(f"constraint {table}.{name}", desc, "no such foreign key", f"foreign key {name}")
    indexes = [obj for _, obj in snap.where("index", table=table)]
    have = [f"{k}: {list(o['columns'])}" for k, o in snap.where("index", table=table)] or "no index"
    check(
        any(_supports(obj, fk["columns"]) for obj in indexes),
        f"constraint {table}.{name}",
        desc,
        have,
        f"a valid, non-partial index led by {list(fk['columns'])}",
    )


@assertion
def foreign_keys_have_indexes(
    source: CatalogSource, schemas: Iterable[str] | None = None, description: str | None = None
) -> None:
    """Every foreign key (of ``schemas``, default all) is led by a valid, non-partial index, so deleting or
    updating a referenced row does not scan the referencing table."""
    missing = unindexed_foreign_keys(catalog(source), schemas)
    scope = ", ".join(schemas) if schemas is not None else "every schema"
    desc = describe(description, f"Every foreign key in {scope} should have a supporting index")
    check(not missing, f"foreign keys in {scope}", desc, f"unindexed {missing}", "none unindexed")
