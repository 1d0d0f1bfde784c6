"""Privileges (effective, through membership and PUBLIC), default privileges, ownership, roles, RLS."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import (
    ContractFailure,
    column_privs_are,
    default_privs_are,
    function_owner_is,
    function_privs_are,
    is_member_of,
    is_superuser,
    isnt_superuser,
    owner_is,
    policy_cmd_is,
    policy_is,
    policy_roles_are,
    refresh,
    rls_is_disabled,
    rls_is_enabled,
    rls_is_forced,
    role_privileges_are,
    schema_owner_is,
    schema_privs_are,
    sequence_owner_is,
    sequence_privs_are,
    table_owner_is,
    table_privs_are,
    type_owner_is,
    view_owner_is,
)
from fleetdb.contract.privileges import effective_privileges, inherited_roles, parse_acl, role_privileges
from tests.contract._support import Case, case_id, run_case

ALL_TABLE = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"]
CLERK_PRIVILEGES = {
    "schema ct": ["USAGE"],
    "table ct.owners": ["INSERT", "SELECT"],
    "table ct.pets": ["SELECT"],
    "column ct.owners.nickname": ["UPDATE"],
    "sequence ct.tickets": ["USAGE"],
    "function ct.touch()": ["EXECUTE"],
    "function ct.weigh(bigint, numeric)": ["EXECUTE"],
}
CASES: list[Case] = [
    (table_privs_are, ("ct.owners", "ct_reader", ["select"]), {}, None),
    (table_privs_are, ("ct.owners", "ct_clerk", ["SELECT", "INSERT"]), {}, None),  # SELECT through ct_reader
    (table_privs_are, ("ct.owners", "postgres", ALL_TABLE), {}, None),
    (table_privs_are, ("ct.visits", "ct_reader", []), {}, None),
    (
        table_privs_are,
        ("ct.owners", "ct_auditor", ["SELECT"]),
        {},  # NOINHERIT: no SELECT through ct_reader
        [
            "Role ct_auditor should be granted ['SELECT'] on table ct.owners",
            "object: privileges of ct_auditor on table ct.owners",
            "missing: [SELECT]",
            "extra: (nothing)",
        ],
    ),
    (table_privs_are, ("ct.owners", "ct_clerk", ["SELECT"]), {}, ["extra: [INSERT]"]),
    (table_privs_are, ("ct.owners", "ct_nobody", []), {}, ["have: no role ct_nobody"]),
    (column_privs_are, ("ct.owners", "nickname", "ct_clerk", ["SELECT", "INSERT", "UPDATE"]), {}, None),
    (column_privs_are, ("ct.owners", "nothing", "ct_reader", []), {}, ["have: no such column"]),
    (column_privs_are, ("ct.nothing", "id", "ct_reader", []), {}, ["have: no such column"]),
    (table_privs_are, ("ct.owners", "public", []), {}, None),  # PUBLIC is no role, and holds nothing here
    (
        column_privs_are,
        ("ct.owners", "email", "ct_clerk", ["SELECT", "INSERT", "UPDATE"]),
        {},
        ["object: privileges of ct_clerk on column ct.owners.email", "missing: [UPDATE]"],
    ),
    (schema_privs_are, ("ct", "ct_clerk", ["USAGE"]), {}, None),
    (schema_privs_are, ("ct", "ct_clerk", ["USAGE", "CREATE"]), {}, ["missing: [CREATE]"]),
    (sequence_privs_are, ("ct.tickets", "ct_clerk", ["USAGE"]), {}, None),
    (sequence_privs_are, ("ct.tickets", "ct_reader", ["USAGE"]), {}, ["missing: [USAGE]"]),
    (function_privs_are, ("ct.weigh", ["bigint", "numeric"], "ct_clerk", ["EXECUTE"]), {}, None),
    (function_privs_are, ("ct.touch", None, "ct_reader", ["EXECUTE"]), {}, None),  # PUBLIC's default
    (
        function_privs_are,
        ("ct.weigh", None, "ct_reader", ["EXECUTE"]),
        {},
        ["object: privileges of ct_reader on function ct.weigh", "missing: [EXECUTE]"],
    ),
    (default_privs_are, ("postgres", "ct", "tables", "ct_reader", ["SELECT"]), {}, None),
    (
        default_privs_are,
        ("postgres", "ct", "tables", "ct_clerk", ["SELECT"]),
        {},
        [
            "Objects postgres creates in ct should grant ['SELECT'] on new tables to ct_clerk",
            "object: default privileges postgres in ct on tables for ct_clerk",
            "missing: [SELECT]",
        ],
    ),
    (role_privileges_are, ("ct_clerk", ["ct"], CLERK_PRIVILEGES), {}, None),
    (
        role_privileges_are,
        (
            "ct_clerk",
            ["ct"],
            {**CLERK_PRIVILEGES, "table ct.pets": ["SELECT", "DELETE"], "table ct.visits": ["SELECT"]},
        ),
        {},
        [
            "object: privileges of role ct_clerk",
            "table ct.pets: have ['SELECT']; want ['DELETE', 'SELECT']",
            "table ct.visits: have nothing; want ['SELECT']",
        ],
    ),
    (  # a privilege the role holds and the list leaves out
        role_privileges_are,
        ("ct_clerk", ["ct"], {k: v for k, v in CLERK_PRIVILEGES.items() if k != "sequence ct.tickets"}),
        {},
        ["sequence ct.tickets: have ['USAGE']; want nothing"],
    ),
    (owner_is, ("materialized view", "ct.pet_counts", "postgres"), {}, None),
    (owner_is, ("extension", "pgtap", "ct_reader"), {}, ["have: postgres", "want: ct_reader"]),
    (schema_owner_is, ("ct", "postgres"), {}, None),
    (schema_owner_is, ("ct", "ct_clerk"), {}, ["Schema ct should be owned by ct_clerk", "have: postgres"]),
    (table_owner_is, ("ct.owners", "postgres"), {}, None),
    (
        table_owner_is,
        ("ct.owners", "ct_clerk"),
        {},
        ["object: table ct.owners", "have: postgres", "want: ct_clerk"],
    ),
    (view_owner_is, ("ct.heavy_pets", "postgres"), {}, None),
    (view_owner_is, ("ct.heavy_pet", "postgres"), {}, ["have: no view ct.heavy_pet"]),
    (sequence_owner_is, ("ct.tickets", "postgres"), {}, None),
    (sequence_owner_is, ("ct.tickets", "ct_reader"), {}, ["want: ct_reader"]),
    (type_owner_is, ("ct.mood", "postgres"), {}, None),
    (type_owner_is, ("ct.mood", "ct_reader"), {}, ["object: type ct.mood"]),
    (function_owner_is, ("ct.weigh", ["bigint", "numeric"], "postgres"), {}, None),
    (function_owner_is, ("ct.weigh", None, "ct_clerk"), {}, ["object: function ct.weigh", "want: ct_clerk"]),
    (  # a function is named with its argument types
        function_owner_is,
        ("ct.weigh", ["bigint", "numeric"], "ct_clerk"),
        {},
        ["object: function ct.weigh(bigint, numeric)", "Function ct.weigh(bigint, numeric) should be owned"],
    ),
    (is_member_of, ("ct_reader", ["ct_clerk", "ct_auditor"]), {}, None),
    (
        is_member_of,
        ("ct_clerk", "ct_reader"),
        {},
        ["Role ct_clerk should have members ['ct_reader']", "missing: [ct_reader]"],
    ),
    (is_superuser, ("postgres",), {}, None),
    (is_superuser, ("ct_reader",), {}, ["have: NOSUPERUSER", "want: SUPERUSER"]),
    (isnt_superuser, ("ct_reader",), {}, None),
    (isnt_superuser, ("postgres",), {}, ["have: SUPERUSER"]),
    (rls_is_enabled, ("ct.owners",), {}, None),
    (rls_is_enabled, ("ct.pets",), {}, ["object: table ct.pets", "have: ROW LEVEL SECURITY disabled"]),
    (rls_is_disabled, ("ct.pets",), {}, None),
    (rls_is_disabled, ("ct.owners",), {}, ["have: ROW LEVEL SECURITY enabled"]),
    (rls_is_forced, ("ct.owners",), {}, None),
    (
        rls_is_forced,
        ("ct.pets",),
        {},
        ["have: NO FORCE ROW LEVEL SECURITY", "want: FORCE ROW LEVEL SECURITY"],
    ),
    (
        policy_is,
        ("ct.owners", "owners_named"),
        {"command": "select", "roles": ["ct_reader"], "permissive": True, "using": "(nickname IS NOT NULL)"},
        None,
    ),
    (
        policy_is,
        ("ct.owners", "owners_named"),
        {"command": "all", "with_check": "true"},
        [
            "object: policy owners_named on ct.owners",
            "have: {command: SELECT, check_expression: (none)}",
            "want: {command: ALL, check_expression: true}",
        ],
    ),
    (policy_is, ("ct.owners", "owners_all"), {}, ["have: policies ['owners_named']"]),
    (policy_roles_are, ("ct.owners", "owners_named", ["ct_reader"]), {}, None),
    (policy_roles_are, ("ct.owners", "owners_named", ["ct_clerk"]), {}, ["have: {roles: [ct_reader]}"]),
    (policy_cmd_is, ("ct.owners", "owners_named", "SELECT"), {}, None),
    (policy_cmd_is, ("ct.owners", "owners_named", "UPDATE"), {}, ["want: {command: UPDATE}"]),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_privileges(snap: CatalogSnapshot, case: Case) -> None:
    run_case(snap, case)


def test_acl_items_are_read_per_grantee() -> None:
    assert parse_acl(["app=arw*/owner", "=r/owner", '"odd=name"=X/owner']) == {
        "app": {"INSERT", "SELECT", "UPDATE"},
        "public": {"SELECT"},
        "odd=name": {"EXECUTE"},
    }


def _role(
    superuser: bool = False, inherit: bool = True, member_of: list[str] | None = None
) -> dict[str, object]:
    return {"superuser": superuser, "inherit": inherit, "member_of": member_of}


def test_a_superuser_holds_every_privilege_of_each_kind() -> None:
    snap = CatalogSnapshot({"role": {"boss": _role(superuser=True)}})
    assert effective_privileges(snap, "boss", "column", {}) == {"SELECT", "INSERT", "UPDATE", "REFERENCES"}
    assert effective_privileges(snap, "boss", "sequence", {}) == {"USAGE", "SELECT", "UPDATE"}
    assert effective_privileges(snap, "boss", "schema", {}) == {"USAGE", "CREATE"}


def test_a_null_acl_gives_the_owner_a_whole_table_and_no_column() -> None:
    """acldefault: the owner holds every table privilege; a column's NULL ACL grants nothing (the table's
    privileges count for its columns)."""
    snap = CatalogSnapshot({"role": {"o": _role()}})
    table = {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"}
    assert effective_privileges(snap, "o", "table", {"acl": None, "owner": "o"}) == table
    assert effective_privileges(snap, "o", "column", {"acl": None, "owner": "o"}) == set()


def test_memberships_are_followed_through_every_inheriting_level() -> None:
    roles = {
        "a": _role(member_of=["b"]),
        "b": _role(member_of=["c"]),
        "c": _role(),
        "d": _role(member_of=None),
    }
    snap = CatalogSnapshot({"role": roles})
    assert inherited_roles(snap, "a") == {"a", "b", "c"}
    assert inherited_roles(snap, "d") == {"d"}


def test_a_roles_privileges_are_only_those_in_the_schemas_asked_for(snap: CatalogSnapshot) -> None:
    """fleetdb_relay holds UPDATE (published_at) on the outboxes (column grants) and no column in ct."""
    assert [k for k in role_privileges(snap, "fleetdb_relay", ["ct"]) if k.startswith("column ")] == []
    assert "column fleet.outbox_events.published_at" in role_privileges(snap, "fleetdb_relay", ["fleet"])


def test_a_superuser_has_column_entries_only_where_a_column_has_grants_of_its_own(
    snap: CatalogSnapshot,
) -> None:
    """Its table entries already hold every column privilege; a column without an ACL adds nothing."""
    columns = [k for k in role_privileges(snap, "postgres", ["ct"]) if k.startswith("column ")]
    assert columns == ["column ct.owners.nickname"]


def test_an_attribute_of_a_composite_type_is_no_table_column(ct: psycopg.Connection[Any]) -> None:
    try:
        with ct.transaction(force_rollback=True):
            ct.execute("CREATE TYPE ct.pair AS (a integer, b integer)")
            snap = refresh(ct)
            assert snap.get("column", "ct.pair.a") is not None  # the snapshot holds it, as a column
            with pytest.raises(ContractFailure) as failure:
                column_privs_are(snap, "ct.pair", "a", "ct_reader", [])
    finally:
        refresh(ct)
    assert "have: no such column" in str(failure.value), str(failure.value)


def test_default_privileges_in_any_schema(ct: psycopg.Connection[Any]) -> None:
    """ALTER DEFAULT PRIVILEGES without IN SCHEMA: its own entry, named "in any schema"; an entry whose
    ACL is empty (everything revoked, even from the owner) grants nothing."""
    try:
        with ct.transaction(force_rollback=True):
            ct.execute("ALTER DEFAULT PRIVILEGES FOR ROLE postgres GRANT USAGE ON SEQUENCES TO ct_clerk")
            ct.execute(
                "ALTER DEFAULT PRIVILEGES FOR ROLE postgres REVOKE ALL ON FUNCTIONS FROM PUBLIC, postgres"
            )
            snap = refresh(ct)
            assert snap.get("default privilege", "postgres in * on functions") == {"acl": None}
            default_privs_are(snap, "postgres", None, "sequences", "ct_clerk", ["USAGE"])
            default_privs_are(snap, "postgres", None, "functions", "ct_clerk", [])
            with pytest.raises(ContractFailure) as failure:
                default_privs_are(snap, "postgres", None, "sequences", "ct_reader", ["USAGE"])
    finally:
        refresh(ct)
    message = str(failure.value)
    assert "Objects postgres creates in any schema should grant" in message, message
    assert "object: default privileges postgres in * on sequences for ct_reader" in message, message
