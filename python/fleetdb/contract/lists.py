"""``…_are``: the exact list of objects in a scope. Nothing missing and nothing extra, both listed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.core import (
    CatalogSource,
    ContractFailure,
    assertion,
    catalog,
    check_set,
    describe,
    qualify,
    show,
)


def _in_schema(snap: CatalogSnapshot, kind: str, schema: str, **props: Any) -> set[str]:
    return {key.split(".", 1)[1] for key, _ in snap.where(kind, **props) if key.split(".", 1)[0] == schema}


@assertion
def schemas_are(source: CatalogSource, schemas: Iterable[str], description: str | None = None) -> None:
    check_set(
        "schemas",
        describe(description, "There should be the correct schemas"),
        catalog(source).keys("schema"),
        schemas,
    )


def _relations_are(
    source: CatalogSource,
    schema: str,
    names: Iterable[str],
    kinds: tuple[str, ...],
    label: str,
    description: str | None,
) -> None:
    snap = catalog(source)
    have = {n for kind in kinds for n in _in_schema(snap, "relation", schema, relkind=kind)}
    check_set(
        f"{label}s in schema {schema}",
        describe(description, f"Schema {schema} should have the correct {label}s"),
        have,
        names,
    )


@assertion
def tables_are(
    source: CatalogSource, schema: str, tables: Iterable[str], description: str | None = None
) -> None:
    _relations_are(source, schema, tables, ("table", "partitioned table"), "table", description)


@assertion
def views_are(
    source: CatalogSource, schema: str, views: Iterable[str], description: str | None = None
) -> None:
    _relations_are(source, schema, views, ("view",), "view", description)


@assertion
def materialized_views_are(
    source: CatalogSource, schema: str, views: Iterable[str], description: str | None = None
) -> None:
    _relations_are(source, schema, views, ("materialized view",), "materialized view", description)


@assertion
def sequences_are(
    source: CatalogSource, schema: str, sequences: Iterable[str], description: str | None = None
) -> None:
    check_set(
        f"sequences in schema {schema}",
        describe(description, f"Schema {schema} should have the correct sequences"),
        _in_schema(catalog(source), "sequence", schema),
        sequences,
    )


def _table_scoped(
    source: CatalogSource,
    kind: str,
    table: str,
    prop: str,
    names: Iterable[str],
    label: str,
    description: str | None,
) -> None:
    table = ".".join(qualify(table))
    have = {key.rsplit(".", 1)[1] for key, _ in catalog(source).where(kind, **{prop: table})}
    check_set(
        f"{label}s of {table}",
        describe(description, f"Table {table} should have the correct {label}s"),
        have,
        names,
    )


@assertion
def columns_are(
    source: CatalogSource, table: str, columns: Iterable[str], description: str | None = None
) -> None:
    _table_scoped(source, "column", table, "relation", columns, "column", description)


@assertion
def constraints_are(
    source: CatalogSource, table: str, constraints: Iterable[str], description: str | None = None
) -> None:
    _table_scoped(source, "constraint", table, "table", constraints, "constraint", description)


@assertion
def triggers_are(
    source: CatalogSource, table: str, triggers: Iterable[str], description: str | None = None
) -> None:
    _table_scoped(source, "trigger", table, "table", triggers, "trigger", description)


@assertion
def policies_are(
    source: CatalogSource, table: str, policies: Iterable[str], description: str | None = None
) -> None:
    _table_scoped(source, "policy", table, "table", policies, "policie", description)


@assertion
def indexes_are(
    source: CatalogSource, table: str, indexes: Iterable[str], description: str | None = None
) -> None:
    table = ".".join(qualify(table))
    have = {key.split(".", 1)[1] for key, _ in catalog(source).where("index", table=table)}
    check_set(
        f"indexes of {table}",
        describe(description, f"Table {table} should have the correct indexes"),
        have,
        indexes,
    )


@assertion
def functions_are(
    source: CatalogSource, schema: str, functions: Iterable[str], description: str | None = None
) -> None:
    """The function names of ``schema`` (as pgTAP: names, not signatures; overloads count once)."""
    have = {str(obj["name"]) for _, obj in catalog(source).where("function", schema=schema)}
    check_set(
        f"functions in schema {schema}",
        describe(description, f"Schema {schema} should have the correct functions"),
        have,
        functions,
    )


def _types_are(
    source: CatalogSource,
    schema: str,
    names: Iterable[str],
    typtype: str | None,
    label: str,
    description: str | None,
) -> None:
    snap = catalog(source)
    have = (
        _in_schema(snap, "type", schema)
        if typtype is None
        else _in_schema(snap, "type", schema, typtype=typtype)
    )
    check_set(
        f"{label}s in schema {schema}",
        describe(description, f"Schema {schema} should have the correct {label}s"),
        have,
        names,
    )


@assertion
def enums_are(
    source: CatalogSource, schema: str, enums: Iterable[str], description: str | None = None
) -> None:
    _types_are(source, schema, enums, "enum", "enum", description)


@assertion
def domains_are(
    source: CatalogSource, schema: str, domains: Iterable[str], description: str | None = None
) -> None:
    _types_are(source, schema, domains, "domain", "domain", description)


@assertion
def types_are(
    source: CatalogSource, schema: str, types: Iterable[str], description: str | None = None
) -> None:
    _types_are(source, schema, types, None, "type", description)


@assertion
def enum_has_labels(
    source: CatalogSource, enum: str, labels: Iterable[str], description: str | None = None
) -> None:
    """The enum's labels, in their sort order."""
    key = ".".join(qualify(enum))
    want = list(labels)
    desc = describe(description, f"Enum {key} should have labels {want}")
    obj = catalog(source).get("type", key)
    have = list(obj["labels"]) if obj is not None and obj["labels"] is not None else None
    if have != want:
        raise ContractFailure(
            f"enum {key}", desc, [("have", have if have is not None else "no such enum"), ("want", want)]
        )


@assertion
def roles_are(source: CatalogSource, roles: Iterable[str], description: str | None = None) -> None:
    check_set(
        "roles",
        describe(description, "There should be the correct roles"),
        catalog(source).keys("role"),
        roles,
    )


@assertion
def extensions_are(source: CatalogSource, extensions: Iterable[str], description: str | None = None) -> None:
    check_set(
        "extensions",
        describe(description, "There should be the correct extensions"),
        catalog(source).keys("extension"),
        extensions,
    )


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _differences(obj: Mapping[str, Any], key: str, expected: Mapping[str, Any]) -> list[tuple[str, Any]]:
    lines: list[tuple[str, Any]] = []
    for prop, want in expected.items():
        got = obj.get(prop)
        if (list(got) if isinstance(got, tuple) else got) != (
            list(want) if isinstance(want, tuple) else want
        ):
            lines.append((f"{key} {prop}", f"have {show(got)}\nwant {show(want)}"))
    return lines


@assertion
def definition_is(
    source: CatalogSource,
    kind: str,
    key: str,
    expected: Mapping[str, Any],
    description: str | None = None,
) -> None:
    """The object ``key`` of ``kind`` exists with the ``expected`` properties; each differing one is
    listed with what it has and what it should have."""
    desc = describe(description, f"The {kind} {key} should be as written")
    obj = catalog(source).get(kind, key)
    if obj is None:
        raise ContractFailure(
            f"{kind} {key}", desc, [("have", f"no {kind} {key}"), ("want", f"{kind} {key}")]
        )
    lines = _differences(obj, key, expected)
    if lines:
        raise ContractFailure(f"{kind} {key}", desc, lines)


@assertion
def definitions_are(
    source: CatalogSource,
    kind: str,
    expected: Mapping[str, Mapping[str, Any]],
    scope: Iterable[str] | None = None,
    description: str | None = None,
) -> None:
    """Every object of ``kind`` whose key starts with one of ``scope`` (e.g. ``"rental."``) exists exactly
    as ``expected`` (key → properties to compare); missing, extra and differing objects are all listed."""
    snap = catalog(source)
    prefixes = tuple(scope) if scope is not None else None
    where = ", ".join(prefixes) if prefixes else "the database"
    desc = describe(description, f"The {kind} definitions of {where} should be as written")
    have = {key for key in snap.keys(kind) if prefixes is None or key.startswith(prefixes)}
    missing, extra = sorted(set(expected) - have), sorted(have - set(expected))
    lines: list[tuple[str, Any]] = []
    for key in sorted(set(expected) & have):
        lines += _differences(snap.get(kind, key) or {}, key, expected[key])
    if missing or extra or lines:
        raise ContractFailure(f"{kind}s of {where}", desc, [("missing", missing), ("extra", extra), *lines])
