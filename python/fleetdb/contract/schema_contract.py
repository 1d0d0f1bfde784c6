"""A schema's whole contract as written data, checked with the ``_are`` assertions, and drafted once from
a snapshot (``fleetdb contracts --draft SCHEMA``) so that writing one starts from what exists.

A ``SchemaContract`` lists every object of one schema with the properties that make it what it is;
``check_contract`` runs one part of it (tables, columns, constraints, …) and fails on anything missing,
extra or different. ``uncovered`` lists the objects of a snapshot that no contract mentions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.core import keep_going, qualify
from fleetdb.contract.existence import has_schema
from fleetdb.contract.lists import (
    columns_are,
    constraints_are,
    definition_is,
    definitions_are,
    domains_are,
    enums_are,
    functions_are,
    indexes_are,
    materialized_views_are,
    policies_are,
    sequences_are,
    tables_are,
    triggers_are,
    views_are,
)
from fleetdb.contract.privileges import PUBLIC, role_privileges, role_privileges_are

Objects = Mapping[str, Mapping[str, Any]]

# The properties a contract pins for each kind: what the object is, not its comment or body. Privileges
# are pinned per role (effective privileges), not as raw ACLs.
PROPERTIES: dict[str, tuple[str, ...]] = {
    "schema": ("owner",),
    "relation": (
        "relkind",
        "owner",
        "persistence",
        "rls_enabled",
        "rls_forced",
        "options",
        "view_definition",
    ),
    "column": ("type", "not_null", "default", "identity", "generated", "collation"),
    "constraint": ("type", "definition", "deferrable", "initially_deferred", "validated"),
    "index": ("definition", "is_valid"),
    "sequence": ("type", "start", "increment", "min", "max", "cache", "cycle", "owned_by", "owner"),
    "trigger": ("definition", "enabled"),
    "function": (
        "kind",
        "arguments",
        "returns",
        "language",
        "volatility",
        "strict",
        "security_definer",
        "config",
        "owner",
    ),
    "type": ("typtype", "labels", "base_type", "not_null", "default", "owner"),
    "policy": ("command", "permissive", "roles", "using_expression", "check_expression"),
    "role": (
        "superuser",
        "inherit",
        "createrole",
        "createdb",
        "login",
        "replication",
        "bypassrls",
        "member_of",
    ),
    "extension": ("version", "schema"),
    "default privilege": ("acl",),
}
# A contract leaves out a property that has its usual value; the check puts it back, so it is still pinned.
DEFAULTS: dict[str, dict[str, Any]] = {
    "relation": {
        "persistence": "p",
        "rls_enabled": False,
        "rls_forced": False,
        "options": None,
        "view_definition": None,
    },
    "column": {"not_null": False, "default": None, "identity": None, "generated": None, "collation": None},
    "constraint": {"deferrable": False, "initially_deferred": False, "validated": True},
    "index": {"is_valid": True},
    "trigger": {"enabled": "O"},
    "function": {"kind": "function", "strict": False, "security_definer": False, "config": None},
    "sequence": {"cycle": False},
    "type": {"labels": None, "base_type": None, "not_null": False, "default": None},
    "policy": {"permissive": True, "using_expression": None, "check_expression": None},
    "role": {
        "superuser": False,
        "inherit": True,
        "createrole": False,
        "createdb": False,
        "login": False,
        "replication": False,
        "bypassrls": False,
        "member_of": [],
    },
}


def expected(kind: str, objects: Objects) -> dict[str, dict[str, Any]]:
    """The written objects with their left-out properties put back, restricted to what is pinned."""
    defaults = DEFAULTS.get(kind, {})
    return {
        key: {p: props.get(p, defaults.get(p)) for p in PROPERTIES[kind]} for key, props in objects.items()
    }


_SCHEMA_KINDS = (
    "relation",
    "column",
    "constraint",
    "index",
    "sequence",
    "trigger",
    "function",
    "type",
    "policy",
)


@dataclass(frozen=True)
class SchemaContract:
    """Every object of one schema, by kind and key, with the properties it must have; and what each role
    may do in the schema."""

    schema: str
    owner: str
    objects: Mapping[str, Objects] = field(default_factory=dict)
    privileges: Mapping[str, Mapping[str, Iterable[str]]] = field(default_factory=dict)

    def of_kind(self, kind: str) -> Objects:
        return self.objects.get(kind, {})

    def tables(self) -> list[str]:
        return sorted(
            k for k, v in self.of_kind("relation").items() if v["relkind"] in ("table", "partitioned table")
        )

    def names(self, kind: str, **props: Any) -> set[str]:
        """Keys of ``kind`` without their ``schema.`` prefix, filtered by properties."""
        return {
            k.split(".", 1)[1]
            for k, v in self.of_kind(kind).items()
            if all(v.get(p) == want for p, want in props.items())
        }


def _definitions(snap: CatalogSnapshot, contract: SchemaContract, kind: str) -> None:
    """One assertion per object, as pgTAP has one per column or constraint, and one that the schema holds
    no object of the kind beyond them (an overload, say, which the name lists cannot see)."""
    objects = expected(kind, contract.of_kind(kind))
    for key, props in sorted(objects.items()):
        definition_is(snap, kind, key, props)
    definitions_are(
        snap,
        kind,
        {key: {} for key in objects},
        scope=[contract.schema + "."],
        description=f"Schema {contract.schema} should have exactly the {kind}s of its contract",
    )


def _schema(snap: CatalogSnapshot, contract: SchemaContract) -> None:
    has_schema(snap, contract.schema)
    definition_is(snap, "schema", contract.schema, {"owner": contract.owner})


def _relations(snap: CatalogSnapshot, contract: SchemaContract) -> None:
    schema = contract.schema
    tables_are(snap, schema, contract.names("relation", relkind="table"))
    views_are(snap, schema, contract.names("relation", relkind="view"))
    materialized_views_are(snap, schema, contract.names("relation", relkind="materialized view"))
    _definitions(snap, contract, "relation")


def _columns(snap: CatalogSnapshot, contract: SchemaContract) -> None:
    for key in sorted(contract.of_kind("relation")):
        names = {k.rsplit(".", 1)[1] for k in contract.of_kind("column") if k.rsplit(".", 1)[0] == key}
        columns_are(snap, key, names)
    _definitions(snap, contract, "column")


def _indexes(snap: CatalogSnapshot, contract: SchemaContract) -> None:
    for table in contract.tables():
        names = {k.split(".", 1)[1] for k, v in contract.of_kind("index").items() if v["table"] == table}
        indexes_are(snap, table, names)
    _definitions(snap, contract, "index")


def _functions(snap: CatalogSnapshot, contract: SchemaContract) -> None:
    functions_are(snap, contract.schema, {str(v["name"]) for v in contract.of_kind("function").values()})
    _definitions(snap, contract, "function")


def _types(snap: CatalogSnapshot, contract: SchemaContract) -> None:
    enums_are(snap, contract.schema, contract.names("type", typtype="enum"))
    domains_are(snap, contract.schema, contract.names("type", typtype="domain"))
    _definitions(snap, contract, "type")


def _sequences(snap: CatalogSnapshot, contract: SchemaContract) -> None:
    sequences_are(snap, contract.schema, contract.names("sequence"))
    _definitions(snap, contract, "sequence")


def roles_beyond_public(snap: CatalogSnapshot, schemas: Iterable[str]) -> list[str]:
    """Non-superuser roles that may do more in ``schemas`` than PUBLIC may: the roles a contract must list.
    A role that holds only what everyone holds (a test's login, say) changes nothing in the schema."""
    schemas = list(schemas)
    public = role_privileges(snap, PUBLIC, schemas)
    return sorted(
        key
        for key, obj in snap.of_kind("role").items()
        if not obj["superuser"] and role_privileges(snap, key, schemas) != public
    )


def _privileges(snap: CatalogSnapshot, contract: SchemaContract) -> None:
    unlisted = set(roles_beyond_public(snap, [contract.schema])) - set(contract.privileges)
    for role in sorted(set(contract.privileges) | unlisted | {PUBLIC}):
        note = " (the contract does not list this role)" if role in unlisted else ""
        role_privileges_are(
            snap,
            role,
            [contract.schema],
            contract.privileges.get(role, {}),
            description=f"Role {role} should hold exactly the listed privileges in {contract.schema}{note}",
        )


def _with_table(kind: str) -> Callable[[CatalogSnapshot, SchemaContract], None]:
    assertion = {"constraint": constraints_are, "trigger": triggers_are, "policy": policies_are}[kind]

    def check(snap: CatalogSnapshot, contract: SchemaContract) -> None:
        for table in contract.tables():
            names = {k.rsplit(".", 1)[1] for k in contract.of_kind(kind) if k.rsplit(".", 1)[0] == table}
            assertion(snap, table, names)
        _definitions(snap, contract, kind)

    return check


PARTS: dict[str, Callable[[CatalogSnapshot, SchemaContract], None]] = {
    "schema": _schema,
    "relations": _relations,
    "columns": _columns,
    "constraints": _with_table("constraint"),
    "indexes": _indexes,
    "triggers": _with_table("trigger"),
    "functions": _functions,
    "types": _types,
    "sequences": _sequences,
    "policies": _with_table("policy"),
    "privileges": _privileges,
}


def check_contract(snap: CatalogSnapshot, contract: SchemaContract, part: str) -> None:
    """Every assertion of one part runs (each is a TAP line of its own); the part fails with all of
    those that failed."""
    with keep_going(f"the {part} contract of schema {contract.schema}"):
        PARTS[part](snap, contract)


def contract_keys(contract: SchemaContract) -> dict[str, set[str]]:
    keys = {kind: set(objs) for kind, objs in contract.objects.items()}
    keys.setdefault("schema", set()).add(contract.schema)
    return keys


def uncovered(snap: CatalogSnapshot, covered: Iterable[Mapping[str, Iterable[str]]]) -> list[str]:
    """``kind key`` of every object in ``snap`` that none of the ``covered`` key sets mentions."""
    known: dict[str, set[str]] = {}
    for keys in covered:
        for kind, names in keys.items():
            known.setdefault(kind, set()).update(names)
    return sorted(
        f"{kind} {key}"
        for kind, objs in snap.objects.items()
        for key in objs
        if key not in known.get(kind, set())
    )


# Drafting ----------------------------------------------------------------------------------------------


def _pick(obj: Mapping[str, Any], kind: str) -> dict[str, Any]:
    defaults = DEFAULTS.get(kind, {})
    props = {
        p: obj.get(p) for p in PROPERTIES[kind] if p not in defaults or _plain(obj.get(p)) != defaults[p]
    }
    if kind == "index":
        props["table"] = obj["table"]
    if kind == "function":
        props["name"] = obj["name"]
    return {p: list(v) if isinstance(v, tuple) else v for p, v in props.items()}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def draft_objects(snap: CatalogSnapshot, kind: str, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    return {key: _pick(snap.of_kind(kind)[key], kind) for key in sorted(keys)}


def _literal(value: Any) -> str:
    """A Python literal short enough for the line length; long strings become implicit concatenations."""
    if isinstance(value, str):
        pieces = [line for part in value.splitlines(keepends=True) for line in _chunks(part, 72)]
        if len(pieces) <= 1 and len(value) <= 72:
            return json.dumps(value, ensure_ascii=False)
        return "(\n" + "".join(f"    {json.dumps(piece, ensure_ascii=False)}\n" for piece in pieces) + ")"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def draft_contract(snap: CatalogSnapshot, schema: str) -> str:
    """Python source of a test module holding the contract of ``schema`` as it is now: a starting point
    to review and commit, never something generated at test time. Run ``ruff format`` on it."""
    lines = [
        f'"""Contract of schema {schema}: every object and what each role may do, as written expectations.',
        "",
        f"Drafted with ``fleetdb contracts --draft {schema}`` and reviewed; a change to the schema",
        'changes this file in the same commit."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Any",
        "",
        "import pytest",
        "",
        "from fleetdb.catalog import CatalogSnapshot",
        "from fleetdb.contract.schema_contract import PARTS, SchemaContract, check_contract",
        "",
        "OBJECTS: dict[str, dict[str, dict[str, Any]]] = {",
    ]
    for kind in _SCHEMA_KINDS:
        keys = [
            k
            for k, v in snap.of_kind(kind).items()
            if (v.get("schema") == schema if kind == "function" else qualify(k)[0] == schema)
        ]
        if keys:
            lines.append(f"    {_literal(kind)}: {{")
            for key, props in draft_objects(snap, kind, keys).items():
                lines.append(f"        {_literal(key)}: {_literal(props)},")
            lines.append("    },")
    lines.append("}")
    roles = [*roles_beyond_public(snap, [schema]), PUBLIC]
    lines.append("PRIVILEGES: dict[str, dict[str, list[str]]] = {")
    for role in roles:
        lines.append(
            f"    {_literal(role)}: {_literal(dict(sorted(role_privileges(snap, role, [schema]).items())))},"
        )
    lines.append("}")
    owner = snap.of_kind("schema")[schema]["owner"]
    lines += [
        f"CONTRACT = SchemaContract({_literal(schema)}, {_literal(owner)}, OBJECTS, PRIVILEGES)",
        "",
        "",
        '@pytest.mark.parametrize("part", PARTS)',
        f"def test_{schema}_contract(schema_catalog: CatalogSnapshot, part: str) -> None:",
        "    check_contract(schema_catalog, CONTRACT, part)",
    ]
    return "\n".join(lines) + "\n"
