"""Constraints: primary, unique, foreign (with actions and MATCH), check (with its expression), exclusion
(elements, operators, method, predicate — pgTAP has no such assertion) and deferrability."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.core import CatalogSource, as_list, assertion, catalog, check, describe, fail, qualify


def _of_type(snap: CatalogSnapshot, table: str, contype: str) -> list[Mapping[str, Any]]:
    return [obj for _, obj in snap.where("constraint", table=table, type=contype)]


def _names(objs: Sequence[Mapping[str, Any]]) -> list[str]:
    return sorted(str(obj["name"]) for obj in objs)


_CAST = re.compile(r"::\"?[a-z_][a-z0-9_ ]*\"?(\([\d,]+\))?(\[\])*")
_ATOM_IN_PARENS = re.compile(r"(?<![\w\]])\(([\w.]+|'[^']*'|-?[\d.]+)\)")


def normalize_expression(expression: str) -> str:
    """An expression compared loosely: casts, whitespace and redundant parentheses dropped, so
    ``weight > 0`` matches ``(weight > (0)::numeric)`` as PostgreSQL prints it."""
    text = expression.strip()
    if text.upper().startswith("CHECK"):
        text = text[5:]
    text = _CAST.sub("", text)
    previous = None
    while previous != text:
        previous, text = text, _ATOM_IN_PARENS.sub(r"\1", text)
    text = re.sub(r"\s+", "", text)
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1]
    return text.lower()


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _constraint(snap: CatalogSnapshot, table: str, name: str, desc: str) -> Mapping[str, Any]:
    obj = snap.get("constraint", f"{table}.{name}")
    if obj is None:
        names = _names([o for _, o in snap.where("constraint", table=table)])
        fail(f"constraint {name} on {table}", desc, f"constraints {names}", f"constraint {name}")
    return obj


@assertion
def has_pk(source: CatalogSource, table: str, description: str | None = None) -> None:
    table = ".".join(qualify(table))
    desc = describe(description, f"Table {table} should have a primary key")
    check(
        bool(_of_type(catalog(source), table, "primary key")),
        f"table {table}",
        desc,
        "no primary key",
        "a primary key",
    )


@assertion
def hasnt_pk(source: CatalogSource, table: str, description: str | None = None) -> None:
    table = ".".join(qualify(table))
    desc = describe(description, f"Table {table} should not have a primary key")
    pks = _of_type(catalog(source), table, "primary key")
    check(not pks, f"table {table}", desc, f"primary key {_names(pks)}", "no primary key")


@assertion
def has_fk(source: CatalogSource, table: str, description: str | None = None) -> None:
    table = ".".join(qualify(table))
    desc = describe(description, f"Table {table} should have a foreign key")
    check(
        bool(_of_type(catalog(source), table, "foreign key")),
        f"table {table}",
        desc,
        "no foreign key",
        "a foreign key",
    )


@assertion
def hasnt_fk(source: CatalogSource, table: str, description: str | None = None) -> None:
    table = ".".join(qualify(table))
    desc = describe(description, f"Table {table} should not have a foreign key")
    fks = _of_type(catalog(source), table, "foreign key")
    check(not fks, f"table {table}", desc, f"foreign keys {_names(fks)}", "no foreign key")


@assertion
def fk_ok(
    source: CatalogSource,
    table: str,
    columns: str | Sequence[str],
    ref_table: str,
    ref_columns: str | Sequence[str],
    *,
    on_delete: str | None = None,
    on_update: str | None = None,
    match: str | None = None,
    description: str | None = None,
) -> None:
    """A foreign key from ``table(columns)`` to ``ref_table(ref_columns)``; the actions and the MATCH type
    (``SIMPLE``, ``FULL``) are checked when given."""
    table, ref_table = ".".join(qualify(table)), ".".join(qualify(ref_table))
    cols, ref_cols = as_list(columns), as_list(ref_columns)
    want: dict[str, Any] = {"references": f"{ref_table}({', '.join(ref_cols)})"}
    want |= {
        k: v.upper() for k, v in (("on_delete", on_delete), ("on_update", on_update), ("match", match)) if v
    }
    subject = f"foreign key {table}({', '.join(cols)})"
    desc = describe(description, f"{table}({', '.join(cols)}) should reference {want['references']}")
    fks = [fk for fk in _of_type(catalog(source), table, "foreign key") if tuple(fk["columns"]) == cols]
    if not fks:
        others = [
            f"({', '.join(fk['columns'])}) -> {fk['references']}"
            for fk in _of_type(catalog(source), table, "foreign key")
        ]
        fail(subject, desc, f"no foreign key on these columns; {table} has {others}", want)
    haves = []
    for fk in fks:
        have = {
            "references": f"{fk['references']}({', '.join(fk['ref_columns'])})",
            "on_delete": fk["on_delete"],
            "on_update": fk["on_update"],
            "match": fk["match_type"],
        }
        if all(have[k] == v for k, v in want.items()):
            return
        haves.append({k: have[k] for k in want})
    fail(subject, desc, haves[0] if len(haves) == 1 else haves, want)


@assertion
def has_check(
    source: CatalogSource,
    table: str,
    name: str | None = None,
    expression: str | None = None,
    description: str | None = None,
) -> None:
    """A check constraint on ``table``; by name and/or with the expression PostgreSQL prints for it."""
    table = ".".join(qualify(table))
    desc = describe(description, f"Table {table} should have check {name or expression or ''}".rstrip())
    checks = _of_type(catalog(source), table, "check")
    if name is not None:
        checks = [c for c in checks if c["name"] == name]
    if expression is not None:
        want = normalize_expression(expression)
        matching = [c for c in checks if normalize_expression(str(c["expression"])) == want]
        if not matching:
            have = [f"{c['name']}: {c['expression']}" for c in checks] or "no such check"
            fail(f"check on {table}", desc, have, expression)
        return
    if not checks:
        names = _names(_of_type(catalog(source), table, "check"))
        fail(f"check on {table}", desc, f"checks {names}", f"check {name or '(any)'}")


@assertion
def has_unique(
    source: CatalogSource,
    table: str,
    columns: str | Sequence[str] | None = None,
    description: str | None = None,
) -> None:
    table = ".".join(qualify(table))
    desc = describe(description, f"Table {table} should have a unique constraint")
    uniques = _of_type(catalog(source), table, "unique")
    have = [list(u["columns"]) for u in uniques] or "no unique constraint"
    if columns is None:
        check(bool(uniques), f"table {table}", desc, have, "a unique constraint")
    else:
        cols = as_list(columns)
        check(any(tuple(u["columns"]) == cols for u in uniques), f"table {table}", desc, have, list(cols))


@assertion
def has_exclusion(
    source: CatalogSource,
    table: str,
    name: str,
    *,
    elements: Sequence[str] | None = None,
    operators: Sequence[str] | None = None,
    method: str | None = None,
    predicate: str | None = None,
    description: str | None = None,
) -> None:
    """An exclusion constraint; each given part (``elements`` as index columns or expressions, their
    ``operators``, the index ``method``, the WHERE ``predicate``) must match."""
    table = ".".join(qualify(table))
    desc = describe(description, f"Table {table} should have exclusion constraint {name}")
    obj = _constraint(catalog(source), table, name, desc)
    subject = f"constraint {table}.{name}"
    check(obj["type"] == "exclusion", subject, desc, obj["type"], "exclusion")
    have: dict[str, Any] = {}
    want: dict[str, Any] = {}
    for prop, value in (("elements", elements), ("operators", operators), ("method", method)):
        if value is not None:
            have[prop], want[prop] = (
                (list(obj[prop]) if prop != "method" else obj[prop]),
                (list(value) if prop != "method" else value),
            )
    if predicate is not None:
        have["predicate"], want["predicate"] = obj["predicate"], predicate
    same = all(
        normalize_expression(str(have[k])) == normalize_expression(str(want[k]))
        if k == "predicate"
        else have[k] == want[k]
        for k in want
    )
    check(same, subject, desc, have, want, definition=obj["definition"])


def _deferral(source: CatalogSource, table: str, name: str, prop: str, want: bool, desc: str) -> None:
    table = ".".join(qualify(table))
    obj = _constraint(catalog(source), table, name, desc)
    label = {
        ("deferrable", True): "DEFERRABLE",
        ("deferrable", False): "NOT DEFERRABLE",
        ("initially_deferred", True): "INITIALLY DEFERRED",
        ("initially_deferred", False): "INITIALLY IMMEDIATE",
    }
    have = bool(obj[prop])
    check(have == want, f"constraint {table}.{name}", desc, label[(prop, have)], label[(prop, want)])


@assertion
def constraint_is_deferrable(
    source: CatalogSource, table: str, name: str, description: str | None = None
) -> None:
    desc = describe(description, f"Constraint {table}.{name} should be deferrable")
    _deferral(source, table, name, "deferrable", True, desc)


@assertion
def constraint_isnt_deferrable(
    source: CatalogSource, table: str, name: str, description: str | None = None
) -> None:
    desc = describe(description, f"Constraint {table}.{name} should not be deferrable")
    _deferral(source, table, name, "deferrable", False, desc)


@assertion
def constraint_is_initially_deferred(
    source: CatalogSource, table: str, name: str, description: str | None = None
) -> None:
    desc = describe(description, f"Constraint {table}.{name} should be initially deferred")
    _deferral(source, table, name, "initially_deferred", True, desc)


@assertion
def constraint_is_initially_immediate(
    source: CatalogSource, table: str, name: str, description: str | None = None
) -> None:
    desc = describe(description, f"Constraint {table}.{name} should be initially immediate")
    _deferral(source, table, name, "initially_deferred", False, desc)
