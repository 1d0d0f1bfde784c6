"""Privileges, ownership, roles and row-level security.

``…_privs_are`` compare a role's *effective* privileges, as pgTAP's do (``has_table_privilege``): what the
ACL grants the role, the roles it inherits from and PUBLIC, with PostgreSQL's default ACL when the object
has none, and everything for a superuser. ``default_privs_are`` (which pgTAP lacks) compares the
``ALTER DEFAULT PRIVILEGES`` entries as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.core import (
    CatalogSource,
    ContractFailure,
    assertion,
    catalog,
    check,
    check_set,
    describe,
    fail,
    qualify,
)
from fleetdb.contract.functions import _one, signature

PRIVILEGE_LETTERS = {
    "r": "SELECT", "w": "UPDATE", "a": "INSERT", "d": "DELETE", "D": "TRUNCATE", "x": "REFERENCES",
    "t": "TRIGGER", "X": "EXECUTE", "U": "USAGE", "C": "CREATE", "c": "CONNECT", "T": "TEMPORARY",
    "m": "MAINTAIN",
}  # fmt: skip
# What each kind of object can grant, and what PostgreSQL grants when its ACL is NULL (acldefault).
ALL_PRIVILEGES = {
    "table": {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"},
    "column": {"SELECT", "INSERT", "UPDATE", "REFERENCES"},
    "sequence": {"USAGE", "SELECT", "UPDATE"},
    "schema": {"USAGE", "CREATE"},
    "function": {"EXECUTE"},
    "type": {"USAGE"},
}
_PUBLIC_DEFAULT = {"function": {"EXECUTE"}, "type": {"USAGE"}}
PUBLIC = "public"


def parse_acl(acl: Iterable[str]) -> dict[str, set[str]]:
    """``{"app=arw/owner", "=r/owner"}`` → ``{"app": {INSERT, SELECT, UPDATE}, "public": {SELECT}}``."""
    grants: dict[str, set[str]] = {}
    for item in acl:
        grantee_privs = item.rsplit("/", 1)[0]
        grantee, _, letters = grantee_privs.rpartition("=")
        grantee = grantee.strip('"') or PUBLIC
        grants.setdefault(grantee, set()).update(PRIVILEGE_LETTERS[ch] for ch in letters if ch != "*")
    return grants


def _acl(kind: str, obj: Mapping[str, Any], owner: str | None) -> dict[str, set[str]]:
    if obj.get("acl") is not None:
        return parse_acl(obj["acl"])
    grants: dict[str, set[str]] = {}
    if owner is not None and kind != "column":
        grants[owner] = set(ALL_PRIVILEGES[kind])
    if kind in _PUBLIC_DEFAULT:
        grants[PUBLIC] = set(_PUBLIC_DEFAULT[kind])
    return grants


def inherited_roles(snap: CatalogSnapshot, role: str) -> set[str]:
    """``role`` and every role whose privileges it uses (memberships followed while INHERIT is set)."""
    seen, stack = {role}, [role]
    while stack:
        current = snap.get("role", stack.pop())
        if current is None or not current["inherit"]:
            continue
        for group in current["member_of"] or ():
            if group not in seen:
                seen.add(group)
                stack.append(group)
    return seen


def effective_privileges(snap: CatalogSnapshot, role: str, kind: str, obj: Mapping[str, Any]) -> set[str]:
    info = snap.get("role", role)
    if info is not None and info["superuser"]:
        return set(ALL_PRIVILEGES[kind])
    grants = _acl(kind, obj, obj.get("owner"))
    roles = inherited_roles(snap, role) | {PUBLIC}
    return {priv for grantee, privs in grants.items() if grantee in roles for priv in privs} & ALL_PRIVILEGES[
        kind
    ]


def _compare(
    snap: CatalogSnapshot, subject: str, role: str, have: set[str], want: Iterable[str], desc: str
) -> None:
    if snap.get("role", role) is None and role != PUBLIC:
        fail(subject, desc, f"no role {role}", f"role {role}")
    check_set(subject, desc, have, {p.upper() for p in want})


@assertion
def table_privs_are(
    source: CatalogSource, table: str, role: str, privileges: Iterable[str], description: str | None = None
) -> None:
    snap = catalog(source)
    table = ".".join(qualify(table))
    desc = describe(description, f"Role {role} should be granted {sorted(privileges)} on table {table}")
    obj = snap.get("relation", table)
    if obj is None:
        fail(f"table {table}", desc, f"no table {table}", f"table {table}")
    _compare(
        snap,
        f"privileges of {role} on table {table}",
        role,
        effective_privileges(snap, role, "table", obj),
        privileges,
        desc,
    )


@assertion
def column_privs_are(
    source: CatalogSource,
    table: str,
    column: str,
    role: str,
    privileges: Iterable[str],
    description: str | None = None,
) -> None:
    """Table-level privileges count for every column, as in ``has_column_privilege``."""
    snap = catalog(source)
    table = ".".join(qualify(table))
    desc = describe(
        description, f"Role {role} should be granted {sorted(privileges)} on column {table}.{column}"
    )
    rel, col = snap.get("relation", table), snap.get("column", f"{table}.{column}")
    if rel is None or col is None:
        fail(f"column {table}.{column}", desc, "no such column", f"column {table}.{column}")
    have = effective_privileges(snap, role, "table", rel) & ALL_PRIVILEGES["column"]
    have |= effective_privileges(snap, role, "column", col)
    _compare(snap, f"privileges of {role} on column {table}.{column}", role, have, privileges, desc)


@assertion
def schema_privs_are(
    source: CatalogSource, schema: str, role: str, privileges: Iterable[str], description: str | None = None
) -> None:
    snap = catalog(source)
    desc = describe(description, f"Role {role} should be granted {sorted(privileges)} on schema {schema}")
    obj = snap.get("schema", schema)
    if obj is None:
        fail(f"schema {schema}", desc, f"no schema {schema}", f"schema {schema}")
    _compare(
        snap,
        f"privileges of {role} on schema {schema}",
        role,
        effective_privileges(snap, role, "schema", obj),
        privileges,
        desc,
    )


@assertion
def sequence_privs_are(
    source: CatalogSource, sequence: str, role: str, privileges: Iterable[str], description: str | None = None
) -> None:
    snap = catalog(source)
    key = ".".join(qualify(sequence))
    desc = describe(description, f"Role {role} should be granted {sorted(privileges)} on sequence {key}")
    obj = snap.get("sequence", key)
    if obj is None:
        fail(f"sequence {key}", desc, f"no sequence {key}", f"sequence {key}")
    _compare(
        snap,
        f"privileges of {role} on sequence {key}",
        role,
        effective_privileges(snap, role, "sequence", obj),
        privileges,
        desc,
    )


@assertion
def function_privs_are(
    source: CatalogSource,
    function: str,
    args: Sequence[str] | None,
    role: str,
    privileges: Iterable[str],
    description: str | None = None,
) -> None:
    snap = catalog(source)
    sig = signature(function, args)
    desc = describe(description, f"Role {role} should be granted {sorted(privileges)} on function {sig}")
    obj = _one(snap, function, args, desc)
    _compare(
        snap,
        f"privileges of {role} on function {sig}",
        role,
        effective_privileges(snap, role, "function", obj),
        privileges,
        desc,
    )


@assertion
def default_privs_are(
    source: CatalogSource,
    owner: str,
    schema: str | None,
    objects: str,
    role: str,
    privileges: Iterable[str],
    description: str | None = None,
) -> None:
    """``ALTER DEFAULT PRIVILEGES FOR ROLE owner [IN SCHEMA schema] GRANT privileges ON objects TO role``
    as written (``objects``: tables, sequences, functions, types, schemas)."""
    snap = catalog(source)
    key = f"{owner} in {schema or '*'} on {objects}"
    desc = describe(
        description,
        f"Objects {owner} creates in {schema or 'any schema'} should grant "
        f"{sorted(privileges)} on new {objects} to {role}",
    )
    entry = snap.get("default privilege", key)
    grants = parse_acl(entry["acl"] or ()) if entry is not None else {}
    check_set(
        f"default privileges {key} for {role}", desc, grants.get(role, set()), {p.upper() for p in privileges}
    )


def role_privileges(snap: CatalogSnapshot, role: str, schemas: Iterable[str]) -> dict[str, list[str]]:
    """Every effective privilege of ``role`` on the objects of ``schemas``, as ``{"table rental.rentals":
    [...], "column …", "schema rental", "sequence …", "function rental.book(uuid, …)"}``; objects it has
    nothing on are left out. Column entries only list what goes beyond the table-level grant."""
    wanted = set(schemas)
    result: dict[str, list[str]] = {}

    def add(label: str, privs: set[str]) -> None:
        if privs:
            result[label] = sorted(privs)

    for key, obj in snap.of_kind("schema").items():
        if key in wanted:
            add(f"schema {key}", effective_privileges(snap, role, "schema", obj))
    for kind, snapshot_kind in (("table", "relation"), ("sequence", "sequence")):
        for key, obj in snap.of_kind(snapshot_kind).items():
            if qualify(key)[0] in wanted:
                add(f"{kind} {key}", effective_privileges(snap, role, kind, obj))
    for key, obj in snap.of_kind("column").items():
        if qualify(key)[0] in wanted and obj["acl"] is not None:
            add(f"column {key}", effective_privileges(snap, role, "column", obj))
    for obj in snap.of_kind("function").values():
        if obj["schema"] in wanted:
            add(
                f"function {obj['schema']}.{obj['name']}({obj['argument_types']})",
                effective_privileges(snap, role, "function", obj),
            )
    return result


@assertion
def role_privileges_are(
    source: CatalogSource,
    role: str,
    schemas: Iterable[str],
    expected: Mapping[str, Iterable[str]],
    description: str | None = None,
) -> None:
    """Everything ``role`` may do in ``schemas`` (see ``role_privileges``), nothing more and nothing less."""
    snap = catalog(source)
    schemas = list(schemas)
    desc = describe(
        description, f"Role {role} should hold exactly the listed privileges in {', '.join(schemas)}"
    )
    have = role_privileges(snap, role, schemas)
    want = {label: sorted(p.upper() for p in privs) for label, privs in expected.items()}
    lines: list[tuple[str, Any]] = []
    for label in sorted(set(have) | set(want)):
        if have.get(label) != want.get(label):
            lines.append((label, f"have {have.get(label) or 'nothing'}; want {want.get(label) or 'nothing'}"))
    if lines:
        raise ContractFailure(f"privileges of role {role}", desc, lines)


# Ownership ---------------------------------------------------------------------------------------------

_OWNED = {"schema": "schema", "table": "relation", "view": "relation", "materialized view": "relation",
          "relation": "relation", "sequence": "sequence", "type": "type", "enum": "type", "domain": "type",
          "extension": "extension"}  # fmt: skip


@assertion
def owner_is(
    source: CatalogSource,
    kind: str,
    name: str,
    owner: str,
    args: Sequence[str] | None = None,
    description: str | None = None,
) -> None:
    """The owner of any kind of object: schema, table, view, materialized view, sequence, type, enum,
    domain, extension, function (with ``args``)."""
    snap = catalog(source)
    key = name if kind in ("schema", "extension") else ".".join(qualify(name))
    label = signature(key, args) if kind == "function" else key
    desc = describe(description, f"{kind.capitalize()} {label} should be owned by {owner}")
    if kind == "function":
        obj: Mapping[str, Any] | None = _one(snap, name, args, desc)
    else:
        obj = snap.get(_OWNED[kind], key)
    if obj is None:
        fail(f"{kind} {label}", desc, f"no {kind} {label}", f"{kind} {label} owned by {owner}")
    check(obj["owner"] == owner, f"{kind} {label}", desc, obj["owner"], owner)


@assertion
def schema_owner_is(source: CatalogSource, schema: str, owner: str, description: str | None = None) -> None:
    owner_is(source, "schema", schema, owner, description=description)


@assertion
def table_owner_is(source: CatalogSource, table: str, owner: str, description: str | None = None) -> None:
    owner_is(source, "table", table, owner, description=description)


@assertion
def view_owner_is(source: CatalogSource, view: str, owner: str, description: str | None = None) -> None:
    owner_is(source, "view", view, owner, description=description)


@assertion
def sequence_owner_is(
    source: CatalogSource, sequence: str, owner: str, description: str | None = None
) -> None:
    owner_is(source, "sequence", sequence, owner, description=description)


@assertion
def type_owner_is(source: CatalogSource, type_: str, owner: str, description: str | None = None) -> None:
    owner_is(source, "type", type_, owner, description=description)


@assertion
def function_owner_is(
    source: CatalogSource,
    function: str,
    args: Sequence[str] | None,
    owner: str,
    description: str | None = None,
) -> None:
    owner_is(source, "function", function, owner, args=args, description=description)


# Roles -------------------------------------------------------------------------------------------------


@assertion
def is_member_of(
    source: CatalogSource, group: str, members: str | Iterable[str], description: str | None = None
) -> None:
    """Each of ``members`` is a direct member of ``group`` (as pgTAP's ``is_member_of``)."""
    snap = catalog(source)
    wanted = [members] if isinstance(members, str) else list(members)
    desc = describe(description, f"Role {group} should have members {wanted}")
    if snap.get("role", group) is None:
        fail(f"role {group}", desc, f"no role {group}", f"role {group}")
    have = sorted(key for key, obj in snap.of_kind("role").items() if group in (obj["member_of"] or ()))
    missing = [m for m in wanted if m not in have]
    check(not missing, f"role {group}", desc, have, wanted, missing=missing)


def _superuser(source: CatalogSource, role: str, want: bool, desc: str) -> None:
    obj = catalog(source).get("role", role)
    if obj is None:
        fail(f"role {role}", desc, f"no role {role}", f"role {role}")
    label = {True: "SUPERUSER", False: "NOSUPERUSER"}
    check(bool(obj["superuser"]) == want, f"role {role}", desc, label[bool(obj["superuser"])], label[want])


@assertion
def is_superuser(source: CatalogSource, role: str, description: str | None = None) -> None:
    _superuser(source, role, True, describe(description, f"Role {role} should be a superuser"))


@assertion
def isnt_superuser(source: CatalogSource, role: str, description: str | None = None) -> None:
    _superuser(source, role, False, describe(description, f"Role {role} should not be a superuser"))


# Row-level security ------------------------------------------------------------------------------------


def _rls(
    source: CatalogSource, table: str, prop: str, want: bool, labels: tuple[str, str], desc: str
) -> None:
    table = ".".join(qualify(table))
    obj = catalog(source).get("relation", table)
    if obj is None:
        fail(f"table {table}", desc, f"no table {table}", f"table {table}")
    check(
        bool(obj[prop]) == want,
        f"table {table}",
        desc,
        labels[0] if obj[prop] else labels[1],
        labels[0] if want else labels[1],
    )


@assertion
def rls_is_enabled(source: CatalogSource, table: str, description: str | None = None) -> None:
    desc = describe(description, f"Table {table} should have row-level security enabled")
    _rls(
        source,
        table,
        "rls_enabled",
        True,
        ("ROW LEVEL SECURITY enabled", "ROW LEVEL SECURITY disabled"),
        desc,
    )


@assertion
def rls_is_disabled(source: CatalogSource, table: str, description: str | None = None) -> None:
    desc = describe(description, f"Table {table} should have row-level security disabled")
    _rls(
        source,
        table,
        "rls_enabled",
        False,
        ("ROW LEVEL SECURITY enabled", "ROW LEVEL SECURITY disabled"),
        desc,
    )


@assertion
def rls_is_forced(source: CatalogSource, table: str, description: str | None = None) -> None:
    desc = describe(description, f"Table {table} should force row-level security on its owner")
    _rls(source, table, "rls_forced", True, ("FORCE ROW LEVEL SECURITY", "NO FORCE ROW LEVEL SECURITY"), desc)


@assertion
def policy_is(
    source: CatalogSource,
    table: str,
    policy: str,
    *,
    command: str | None = None,
    roles: Iterable[str] | None = None,
    permissive: bool | None = None,
    using: str | None = None,
    with_check: str | None = None,
    description: str | None = None,
) -> None:
    """Policy ``policy`` on ``table``; each given part (command, roles, permissive, USING and WITH CHECK
    expressions as PostgreSQL prints them) must match."""
    table = ".".join(qualify(table))
    snap = catalog(source)
    desc = describe(description, f"Policy {policy} on {table} should be as described")
    obj = snap.get("policy", f"{table}.{policy}")
    subject = f"policy {policy} on {table}"
    if obj is None:
        names = sorted(key.rsplit(".", 1)[1] for key, _ in snap.where("policy", table=table))
        fail(subject, desc, f"policies {names}", f"policy {policy}")
    want: dict[str, Any] = {}
    for prop, value in (
        ("command", command.upper() if command else None),
        ("permissive", permissive),
        ("using_expression", using),
        ("check_expression", with_check),
    ):
        if value is not None:
            want[prop] = value
    if roles is not None:
        want["roles"] = sorted(roles)
    have = {prop: sorted(obj[prop]) if prop == "roles" else obj[prop] for prop in want}
    check(have == want, subject, desc, have, want)


@assertion
def policy_roles_are(
    source: CatalogSource, table: str, policy: str, roles: Iterable[str], description: str | None = None
) -> None:
    policy_is(source, table, policy, roles=roles, description=description)


@assertion
def policy_cmd_is(
    source: CatalogSource, table: str, policy: str, command: str, description: str | None = None
) -> None:
    policy_is(source, table, policy, command=command, description=description)
