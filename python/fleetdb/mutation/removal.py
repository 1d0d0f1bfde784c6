"""Mutants that take an enforcing object of ``catalog.toml`` away: a constraint or index dropped, a trigger
dropped, a function replaced by a no-op, a forbidden privilege granted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from psycopg import sql

from fleetdb.catalog.snapshot import CatalogSnapshot
from fleetdb.invariants.model import EnforcingObject, Invariant
from fleetdb.mutation.model import Mutant

_PRIVILEGES = {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "EXECUTE"}
_PRIVILEGES |= {"USAGE", "CREATE", "ALL"}

# A trigger function that lets every row through: the rule is gone, the trigger still fires.
_NOOP_TRIGGER_BODY = "BEGIN IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END"


def _text(statement: sql.Composable) -> str:
    return statement.as_string(None)


def _split(qualified: str) -> sql.Identifier:
    return sql.Identifier(*qualified.split("."))


def find_object(
    snapshot: CatalogSnapshot, kind: str, obj: EnforcingObject
) -> tuple[str, Mapping[str, Any]] | None:
    """The catalog object an entry names: by qualified key, or by bare name (and table when given)."""
    for key, props in snapshot.of_kind(kind).items():
        bare = key.split("(", 1)[0].rsplit(".", 1)[-1]  # index keys are schema.name: no "name" property
        names = {key, props.get("name"), key.split("(", 1)[0], bare}
        # catalog.toml names a function by its argument types; the snapshot's key has the names too.
        if kind == "function":
            names.add(f"{key.split('(', 1)[0]}({props.get('argument_types', '')})")
        name_matches = obj.name in names
        table = str(props.get("table") or "")
        table_matches = not obj.table or kind == "function" or obj.table in (table, table.split(".")[-1])
        if name_matches and table_matches:
            return key, props
    return None


def _mutant(invariant: str, obj: EnforcingObject, mutation: str, *statements: sql.Composable) -> Mutant:
    return Mutant(invariant, obj.describe(), "remove", mutation, tuple(_text(s) for s in statements))


def mutant_for(invariant: str, obj: EnforcingObject, snapshot: CatalogSnapshot) -> Mutant:
    """The one mutant that takes ``obj`` away; without statements when the object is not deployed."""
    target = obj.describe()
    if obj.kind == "privilege":
        return _grant_mutant(invariant, obj, snapshot)
    found = find_object(snapshot, obj.kind, obj)
    if found is None:
        return Mutant(invariant, target, "remove", f"{target}: not found in the deployed catalog", ())
    key, props = found
    if obj.kind == "constraint" and props.get("type") == "trigger":
        # A constraint trigger is listed in pg_constraint too; it is removed with DROP TRIGGER.
        stmt = sql.SQL("DROP TRIGGER {} ON {}").format(sql.Identifier(props["name"]), _split(props["table"]))
        return _mutant(invariant, obj, f"drop constraint trigger {key}", stmt)
    if obj.kind == "constraint":
        stmt = sql.SQL("ALTER TABLE {} DROP CONSTRAINT {} CASCADE").format(
            _split(props["table"]), sql.Identifier(props["name"])
        )
        return _mutant(invariant, obj, f"drop constraint {key}", stmt)
    if obj.kind == "index":
        return _mutant(invariant, obj, f"drop index {key}", sql.SQL("DROP INDEX {}").format(_split(key)))
    if obj.kind == "trigger":
        stmt = sql.SQL("DROP TRIGGER {} ON {}").format(sql.Identifier(props["name"]), _split(props["table"]))
        return _mutant(invariant, obj, f"drop trigger {key}", stmt)
    return _noop_function_mutant(invariant, obj, key, props)


def _noop_function_mutant(invariant: str, obj: EnforcingObject, key: str, props: Mapping[str, Any]) -> Mutant:
    returns = str(props["returns"])
    if returns == "trigger":
        body = _NOOP_TRIGGER_BODY
    elif returns == "void" or returns.startswith(("SETOF ", "TABLE(")):
        body = "BEGIN RETURN; END"
    else:
        body = "BEGIN RETURN NULL; END"
    # arguments and result come from the catalog verbatim (names and defaults included), so
    # CREATE OR REPLACE keeps the signature and every grant and trigger that depends on it.
    stmt = sql.SQL("CREATE OR REPLACE FUNCTION {}({}) RETURNS {} LANGUAGE plpgsql AS {}").format(
        sql.Identifier(props["schema"], props["name"]),
        sql.SQL(props["arguments"]),
        sql.SQL(returns),
        sql.Literal(body),
    )
    return _mutant(invariant, obj, f"replace function {key} by a no-op", stmt)


def _grant_mutant(invariant: str, obj: EnforcingObject, snapshot: CatalogSnapshot) -> Mutant:
    target = obj.describe()
    if not (obj.privilege and obj.table and obj.role) or obj.privilege.upper() not in _PRIVILEGES:
        return Mutant(
            invariant, target, "remove", f"{target}: needs a known privilege, a table and a role", ()
        )
    if "." in obj.table and "(" not in obj.table and snapshot.get("relation", obj.table) is None:
        return Mutant(
            invariant, target, "remove", f"{target}: {obj.table} not found in the deployed catalog", ()
        )
    privilege = sql.SQL(obj.privilege.upper())
    if "(" in obj.table:
        on = sql.SQL("FUNCTION {}").format(sql.SQL(obj.table))
    elif "." in obj.table:
        on = sql.SQL("TABLE {}").format(_split(obj.table))
    else:
        on = sql.SQL("SCHEMA {}").format(sql.Identifier(obj.table))
    role = sql.Identifier(obj.role) if obj.role.lower() != "public" else sql.SQL("PUBLIC")
    stmt = sql.SQL("GRANT {} ON {} TO {}").format(privilege, on, role)
    return _mutant(invariant, obj, f"grant {obj.privilege} on {obj.table} to {obj.role}", stmt)


def removal_mutants(catalog: Iterable[Invariant], snapshot: CatalogSnapshot) -> list[Mutant]:
    return [mutant_for(inv.id, obj, snapshot) for inv in catalog for obj in inv.enforced_by]
