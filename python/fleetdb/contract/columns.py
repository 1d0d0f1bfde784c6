"""Columns: type, nullability, default, and whether they are a key (primary, unique, foreign)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.core import CatalogSource, as_list, assertion, catalog, check, describe, fail, qualify
from fleetdb.contract.types import normalize_type


def _column(snap: CatalogSnapshot, table: str, column: str, desc: str) -> Mapping[str, Any]:
    obj = snap.get("column", f"{table}.{column}")
    if obj is None:
        columns = [key.rsplit(".", 1)[1] for key, _ in snap.where("column", relation=table)]
        fail(
            f"column {table}.{column}", desc, f"no column {column}; {table} has {columns}", f"column {column}"
        )
    return obj


@assertion
def col_type_is(
    source: CatalogSource, table: str, column: str, type_: str, description: str | None = None
) -> None:
    table = ".".join(qualify(table))
    desc = describe(description, f"Column {table}.{column} should be type {type_}")
    have = str(_column(catalog(source), table, column, desc)["type"])
    check(normalize_type(have) == normalize_type(type_), f"column {table}.{column}", desc, have, type_)


def _null(source: CatalogSource, table: str, column: str, not_null: bool, description: str | None) -> None:
    table = ".".join(qualify(table))
    label = {True: "NOT NULL", False: "NULL allowed"}
    desc = describe(description, f"Column {table}.{column} should be {label[not_null]}")
    have = bool(_column(catalog(source), table, column, desc)["not_null"])
    check(have == not_null, f"column {table}.{column}", desc, label[have], label[not_null])


@assertion
def col_not_null(source: CatalogSource, table: str, column: str, description: str | None = None) -> None:
    _null(source, table, column, True, description)


@assertion
def col_is_null(source: CatalogSource, table: str, column: str, description: str | None = None) -> None:
    _null(source, table, column, False, description)


@assertion
def col_has_default(source: CatalogSource, table: str, column: str, description: str | None = None) -> None:
    table = ".".join(qualify(table))
    desc = describe(description, f"Column {table}.{column} should have a default")
    have = _column(catalog(source), table, column, desc)["default"]
    check(have is not None, f"column {table}.{column}", desc, "no default", "a default")


@assertion
def col_hasnt_default(source: CatalogSource, table: str, column: str, description: str | None = None) -> None:
    table = ".".join(qualify(table))
    desc = describe(description, f"Column {table}.{column} should not have a default")
    have = _column(catalog(source), table, column, desc)["default"]
    check(have is None, f"column {table}.{column}", desc, f"default {have}", "no default")


@assertion
def col_default_is(
    source: CatalogSource, table: str, column: str, default: str | None, description: str | None = None
) -> None:
    """The default expression exactly as PostgreSQL prints it (``pg_get_expr``), e.g. ``'new'::text``."""
    table = ".".join(qualify(table))
    desc = describe(description, f"Column {table}.{column} should default to {default}")
    have = _column(catalog(source), table, column, desc)["default"]
    check(have == default, f"column {table}.{column}", desc, have, default)


def _key_columns(snap: CatalogSnapshot, table: str, contype: str) -> list[tuple[str, ...]]:
    return [tuple(obj["columns"] or ()) for _, obj in snap.where("constraint", table=table, type=contype)]


def _col_is(
    source: CatalogSource,
    table: str,
    columns: str | Sequence[str],
    contype: str,
    want: bool,
    desc: str | None,
) -> None:
    table = ".".join(qualify(table))
    cols = as_list(columns)
    keys = _key_columns(catalog(source), table, contype)
    verb = "be" if want else "not be"
    text = describe(desc, f"Columns {table}({', '.join(cols)}) should {verb} a {contype}")
    found = cols in keys
    have = f"{contype} constraints on {[list(k) for k in keys]}" if keys else f"no {contype} constraint"
    check(
        found == want,
        f"{contype} {table}({', '.join(cols)})",
        text,
        have,
        f"{contype} on {list(cols)}" if want else f"no {contype} on {list(cols)}",
    )


@assertion
def col_is_pk(
    source: CatalogSource, table: str, columns: str | Sequence[str], description: str | None = None
) -> None:
    _col_is(source, table, columns, "primary key", True, description)


@assertion
def col_isnt_pk(
    source: CatalogSource, table: str, columns: str | Sequence[str], description: str | None = None
) -> None:
    _col_is(source, table, columns, "primary key", False, description)


@assertion
def col_is_unique(
    source: CatalogSource, table: str, columns: str | Sequence[str], description: str | None = None
) -> None:
    _col_is(source, table, columns, "unique", True, description)


@assertion
def col_is_fk(
    source: CatalogSource, table: str, columns: str | Sequence[str], description: str | None = None
) -> None:
    _col_is(source, table, columns, "foreign key", True, description)


@assertion
def col_isnt_fk(
    source: CatalogSource, table: str, columns: str | Sequence[str], description: str | None = None
) -> None:
    _col_is(source, table, columns, "foreign key", False, description)
