"""A schema's whole contract as written data (``<schema>.json``), checked with the ``_are`` assertions,
and drafted once from a snapshot (``fleetdb contracts --draft SCHEMA``) so that writing one starts from
what exists.

A ``SchemaContract`` lists every object of one schema with the properties that make it what it is;
``check_contract`` runs one part of it (tables, columns, constraints, …) and fails on anything missing,
extra or different. ``uncovered`` lists the objects of a snapshot that no contract mentions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
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
from fleetdb.errors import FleetdbError

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


# Contracts as data --------------------------------------------------------------------------------------

# Besides the pinned properties: what a check needs to find the object (an index's table, a function's name).
_LOCATORS: dict[str, tuple[str, ...]] = {"index": ("table",), "function": ("name",)}
CONTRACT_SUFFIX = ".json"


def contract_data(contract: SchemaContract) -> dict[str, Any]:
    return {
        "schema": contract.schema,
        "owner": contract.owner,
        "objects": {kind: dict(objs) for kind, objs in contract.objects.items()},
        "privileges": {role: dict(objs) for role, objs in contract.privileges.items()},
    }


def dump_contract(contract: SchemaContract) -> str:
    """JSON text, one line per object and per privilege entry, so that a review diff shows one line for
    one changed object."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def block(entries: Mapping[str, Any], indent: str) -> list[str]:
        items = [f"{indent}{one(key)}: {one(value)}" for key, value in entries.items()]
        return [item + ("," if n < len(items) - 1 else "") for n, item in enumerate(items)]

    lines = [
        "{",
        f'  "schema": {one(contract.schema)},',
        f'  "owner": {one(contract.owner)},',
        '  "objects": {',
    ]
    kinds = [kind for kind in _SCHEMA_KINDS if contract.of_kind(kind)]
    for n, kind in enumerate(kinds):
        lines += [f"    {one(kind)}: {{", *block(contract.of_kind(kind), "      ")]
        lines.append("    }" + ("," if n < len(kinds) - 1 else ""))
    lines += ["  },", '  "privileges": {']
    roles = list(contract.privileges)
    for n, role in enumerate(roles):
        entries = {key: list(value) for key, value in contract.privileges[role].items()}
        lines += [f"    {one(role)}: {{", *block(entries, "      ")]
        lines.append("    }" + ("," if n < len(roles) - 1 else ""))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def parse_contract(text: str, origin: str) -> SchemaContract:
    """A contract from its JSON text (``origin`` names the file in errors). Refuses what a check would
    silently ignore: an unknown kind or property, a privilege list that is not a list of names."""

    def refuse(problem: str) -> FleetdbError:
        return FleetdbError(f"{origin}: {problem} (draft it again with `fleetdb contracts --draft SCHEMA`)")

    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise refuse(f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    if not isinstance(data, dict) or set(data) != {"schema", "owner", "objects", "privileges"}:
        raise refuse('a contract is an object with exactly "schema", "owner", "objects" and "privileges"')
    objects = data["objects"]
    if not isinstance(objects, dict):
        raise refuse('"objects" is not an object')
    for kind, entries in objects.items():
        if kind not in _SCHEMA_KINDS:
            raise refuse(f"unknown kind {kind!r} (one of {', '.join(_SCHEMA_KINDS)})")
        allowed = set(PROPERTIES[kind]) | set(_LOCATORS.get(kind, ()))
        for key, props in entries.items():
            unknown = sorted(set(props) - allowed) if isinstance(props, dict) else ["(not an object)"]
            if unknown:
                raise refuse(
                    f"{kind} {key}: unknown properties {unknown} (pinned: {', '.join(PROPERTIES[kind])})"
                )
    privileges = data["privileges"]
    if not isinstance(privileges, dict) or not all(
        isinstance(objs, dict)
        and all(isinstance(p, list) and all(isinstance(x, str) for x in p) for p in objs.values())
        for objs in privileges.values()
    ):
        raise refuse('"privileges" maps each role to objects and their lists of privilege names')
    return SchemaContract(str(data["schema"]), str(data["owner"]), objects, privileges)


def load_contracts(directory: Path) -> dict[str, SchemaContract]:
    """schema -> contract of every ``<schema>.json`` in ``directory``; the file is named after its schema."""
    contracts: dict[str, SchemaContract] = {}
    for path in sorted(directory.glob(f"*{CONTRACT_SUFFIX}")):
        contract = parse_contract(path.read_text(), str(path))
        if contract.schema != path.stem:
            raise FleetdbError(
                f"{path}: holds the contract of schema {contract.schema}: name it {contract.schema}.json"
            )
        contracts[contract.schema] = contract
    return contracts


def draft_contract(snap: CatalogSnapshot, schema: str) -> str:
    """The contract of ``schema`` as it is now, as the JSON text of ``<schema>.json``: a starting point
    to review and commit, never something generated at test time."""
    objects: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in _SCHEMA_KINDS:
        keys = [
            k
            for k, v in snap.of_kind(kind).items()
            if (v.get("schema") == schema if kind == "function" else qualify(k)[0] == schema)
        ]
        if keys:
            objects[kind] = draft_objects(snap, kind, keys)
    privileges = {
        role: {key: list(value) for key, value in sorted(role_privileges(snap, role, [schema]).items())}
        for role in [*roles_beyond_public(snap, [schema]), PUBLIC]
    }
    owner = str(snap.of_kind("schema")[schema]["owner"])
    return dump_contract(SchemaContract(schema, owner, objects, privileges))
