"""``has_…`` / ``hasnt_…``: an object exists, or does not. Failures list what the scope does hold."""

from __future__ import annotations

from collections.abc import Sequence

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.core import CatalogSource, assertion, catalog, describe, fail, qualify

_TABLE_KINDS = ("table", "partitioned table")


def _relkind(snap: CatalogSnapshot, name: str) -> str | None:
    rel = snap.get("relation", name)
    return None if rel is None else str(rel["relkind"])


def _siblings(snap: CatalogSnapshot, kind: str, schema: str) -> list[str]:
    return sorted(key for key in snap.keys(kind) if key.startswith(schema + "."))


def _relation(
    source: CatalogSource, name: str, kinds: Sequence[str], label: str, want: bool, desc: str
) -> None:
    snap = catalog(source)
    schema, _ = qualify(name)
    key = ".".join(qualify(name))
    found = _relkind(snap, key)
    if (found in kinds) == want:
        return
    if want:
        have = (
            f"{found} {key}"
            if found
            else f"no {label} {key}; {schema} has {_siblings(snap, 'relation', schema)}"
        )
        fail(f"{label} {key}", desc, have, f"{label} {key}")
    fail(f"{label} {key}", desc, f"{label} {key} exists", f"no {label} {key}")


@assertion
def has_schema(source: CatalogSource, schema: str, description: str | None = None) -> None:
    desc = describe(description, f"Schema {schema} should exist")
    snap = catalog(source)
    if schema not in snap.keys("schema"):
        fail(
            f"schema {schema}",
            desc,
            f"schemas {sorted(snap.keys('schema'))}",
            f"schema {schema}",
        )


@assertion
def hasnt_schema(source: CatalogSource, schema: str, description: str | None = None) -> None:
    desc = describe(description, f"Schema {schema} should not exist")
    if schema in catalog(source).keys("schema"):
        fail(
            f"schema {schema}",
            desc,
            f"schema {schema} exists",
            f"no schema {schema}",
        )


@assertion
def has_table(source: CatalogSource, table: str, description: str | None = None) -> None:
    _relation(
        source, table, _TABLE_KINDS, "table", True, describe(description, f"Table {table} should exist")
    )


@assertion
def hasnt_table(source: CatalogSource, table: str, description: str | None = None) -> None:
    desc = describe(description, f"Table {table} should not exist")
    _relation(source, table, _TABLE_KINDS, "table", False, desc)


@assertion
def has_view(source: CatalogSource, view: str, description: str | None = None) -> None:
    _relation(source, view, ("view",), "view", True, describe(description, f"View {view} should exist"))


@assertion
def hasnt_view(source: CatalogSource, view: str, description: str | None = None) -> None:
    _relation(source, view, ("view",), "view", False, describe(description, f"View {view} should not exist"))


@assertion
def has_materialized_view(source: CatalogSource, view: str, description: str | None = None) -> None:
    desc = describe(description, f"Materialized view {view} should exist")
    _relation(source, view, ("materialized view",), "materialized view", True, desc)


@assertion
def hasnt_materialized_view(source: CatalogSource, view: str, description: str | None = None) -> None:
    desc = describe(description, f"Materialized view {view} should not exist")
    _relation(source, view, ("materialized view",), "materialized view", False, desc)


@assertion
def has_column(source: CatalogSource, table: str, column: str, description: str | None = None) -> None:
    snap = catalog(source)
    table = ".".join(qualify(table))
    desc = describe(description, f"Column {table}.{column} should exist")
    if snap.get("column", f"{table}.{column}") is None:
        columns = [key.rsplit(".", 1)[1] for key, _ in snap.where("column", relation=table)]
        have = f"columns {columns}" if _relkind(snap, table) else f"no relation {table}"
        fail(
            f"column {table}.{column}",
            desc,
            have,
            f"column {column}",
        )


@assertion
def hasnt_column(source: CatalogSource, table: str, column: str, description: str | None = None) -> None:
    table = ".".join(qualify(table))
    desc = describe(description, f"Column {table}.{column} should not exist")
    if catalog(source).get("column", f"{table}.{column}") is not None:
        fail(
            f"column {table}.{column}",
            desc,
            f"column {column} exists",
            f"no column {column}",
        )


def _simple(source: CatalogSource, kind: str, key: str, label: str, want: bool, desc: str) -> None:
    snap = catalog(source)
    if (snap.get(kind, key) is not None) == want:
        return
    if want:
        fail(f"{label} {key}", desc, f"no {label} {key}", f"{label} {key}")
    fail(f"{label} {key}", desc, f"{label} {key} exists", f"no {label} {key}")


@assertion
def has_sequence(source: CatalogSource, sequence: str, description: str | None = None) -> None:
    key = ".".join(qualify(sequence))
    _simple(source, "sequence", key, "sequence", True, describe(description, f"Sequence {key} should exist"))


@assertion
def hasnt_sequence(source: CatalogSource, sequence: str, description: str | None = None) -> None:
    key = ".".join(qualify(sequence))
    desc = describe(description, f"Sequence {key} should not exist")
    _simple(source, "sequence", key, "sequence", False, desc)


def _type(source: CatalogSource, name: str, typtype: str | None, want: bool, desc: str) -> None:
    snap = catalog(source)
    key = ".".join(qualify(name))
    obj = snap.get("type", key)
    label = typtype or "type"
    found = obj is not None and (typtype is None or obj["typtype"] == typtype)
    if found == want:
        return
    if want:
        have = f"{obj['typtype']} {key}" if obj is not None else f"no type {key}"
        fail(f"{label} {key}", desc, have, f"{label} {key}")
    fail(f"{label} {key}", desc, f"{label} {key} exists", f"no {label} {key}")


@assertion
def has_type(source: CatalogSource, name: str, description: str | None = None) -> None:
    _type(source, name, None, True, describe(description, f"Type {name} should exist"))


@assertion
def hasnt_type(source: CatalogSource, name: str, description: str | None = None) -> None:
    _type(source, name, None, False, describe(description, f"Type {name} should not exist"))


@assertion
def has_enum(source: CatalogSource, name: str, description: str | None = None) -> None:
    _type(source, name, "enum", True, describe(description, f"Enum {name} should exist"))


@assertion
def hasnt_enum(source: CatalogSource, name: str, description: str | None = None) -> None:
    _type(source, name, "enum", False, describe(description, f"Enum {name} should not exist"))


@assertion
def has_domain(source: CatalogSource, name: str, description: str | None = None) -> None:
    _type(source, name, "domain", True, describe(description, f"Domain {name} should exist"))


@assertion
def hasnt_domain(source: CatalogSource, name: str, description: str | None = None) -> None:
    _type(source, name, "domain", False, describe(description, f"Domain {name} should not exist"))


@assertion
def has_trigger(source: CatalogSource, table: str, trigger: str, description: str | None = None) -> None:
    snap = catalog(source)
    table = ".".join(qualify(table))
    desc = describe(description, f"Table {table} should have trigger {trigger}")
    if snap.get("trigger", f"{table}.{trigger}") is None:
        names = sorted(str(obj["name"]) for _, obj in snap.where("trigger", table=table))
        fail(
            f"trigger {trigger} on {table}",
            desc,
            f"triggers {names}",
            f"trigger {trigger}",
        )


@assertion
def hasnt_trigger(source: CatalogSource, table: str, trigger: str, description: str | None = None) -> None:
    table = ".".join(qualify(table))
    desc = describe(description, f"Table {table} should not have trigger {trigger}")
    if catalog(source).get("trigger", f"{table}.{trigger}") is not None:
        fail(
            f"trigger {trigger} on {table}",
            desc,
            f"trigger {trigger} exists",
            f"no trigger {trigger}",
        )


@assertion
def has_extension(source: CatalogSource, extension: str, description: str | None = None) -> None:
    desc = describe(description, f"Extension {extension} should be installed")
    _simple(source, "extension", extension, "extension", True, desc)


@assertion
def hasnt_extension(source: CatalogSource, extension: str, description: str | None = None) -> None:
    desc = describe(description, f"Extension {extension} should not be installed")
    _simple(source, "extension", extension, "extension", False, desc)


@assertion
def has_role(source: CatalogSource, role: str, description: str | None = None) -> None:
    _simple(source, "role", role, "role", True, describe(description, f"Role {role} should exist"))


@assertion
def hasnt_role(source: CatalogSource, role: str, description: str | None = None) -> None:
    _simple(source, "role", role, "role", False, describe(description, f"Role {role} should not exist"))
