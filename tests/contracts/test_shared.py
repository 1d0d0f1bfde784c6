"""Contract of schema shared: every object and what each role may do, as written expectations.

Drafted with ``fleetdb contracts --draft shared`` and reviewed; a change to the schema
changes this file in the same commit."""

from __future__ import annotations

from typing import Any

import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.schema_contract import PARTS, SchemaContract, check_contract

OBJECTS: dict[str, dict[str, dict[str, Any]]] = {
    "relation": {
        "shared.created_roles": {"relkind": "table", "owner": "fleetdb_owner"},
        "shared.currencies": {"relkind": "table", "owner": "fleetdb_owner"},
        "shared.granted_privileges": {"relkind": "table", "owner": "fleetdb_owner"},
        "shared.previous_owners": {"relkind": "table", "owner": "fleetdb_owner"},
    },
    "column": {
        "shared.created_roles.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "shared.created_roles.role_name": {"type": "name", "not_null": True},
        "shared.currencies.code": {"type": "character(3)", "not_null": True},
        "shared.currencies.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "shared.currencies.minor_units": {"type": "smallint", "not_null": True},
        "shared.currencies.name": {"type": "text", "not_null": True},
        "shared.currencies.numeric_code": {"type": "smallint", "not_null": True},
        "shared.granted_privileges.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "shared.granted_privileges.grantee": {"type": "name", "not_null": True},
        "shared.granted_privileges.privilege": {"type": "text", "not_null": True},
        "shared.previous_owners.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "shared.previous_owners.object_kind": {"type": "text", "not_null": True},
        "shared.previous_owners.object_name": {"type": "text", "not_null": True},
        "shared.previous_owners.previous_owner": {"type": "name", "not_null": True},
    },
    "constraint": {
        "shared.created_roles.created_roles_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (role_name)",
        },
        "shared.currencies.currencies_code_format_ck": {
            "type": "check",
            "definition": "CHECK ((code ~ '^[A-Z]{3}$'::text))",
        },
        "shared.currencies.currencies_minor_units_range_ck": {
            "type": "check",
            "definition": "CHECK (((minor_units >= 0) AND (minor_units <= 4)))",
        },
        "shared.currencies.currencies_name_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(name) <= 100))",
        },
        "shared.currencies.currencies_numeric_code_range_ck": {
            "type": "check",
            "definition": "CHECK (((numeric_code >= 1) AND (numeric_code <= 999)))",
        },
        "shared.currencies.currencies_numeric_code_uq": {
            "type": "unique",
            "definition": "UNIQUE (numeric_code)",
        },
        "shared.currencies.currencies_pk": {"type": "primary key", "definition": "PRIMARY KEY (code)"},
        "shared.granted_privileges.granted_privileges_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (privilege, grantee)",
        },
        "shared.granted_privileges.granted_privileges_privilege_ck": {
            "type": "check",
            "definition": (
                "CHECK ((privilege = ANY (ARRAY['CREATE ON DATABASE'::text, 'MEMBER OF fl"
                "eetdb_owner'::text])))"
            ),
        },
        "shared.previous_owners.previous_owners_object_kind_ck": {
            "type": "check",
            "definition": (
                "CHECK ((object_kind = ANY (ARRAY['SCHEMA'::text, 'TABLE'::text, 'FUNCTION'::text])))"
            ),
        },
        "shared.previous_owners.previous_owners_object_name_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(object_name) <= 1000))",
        },
        "shared.previous_owners.previous_owners_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (object_kind, object_name)",
        },
    },
    "index": {
        "shared.created_roles_pk": {
            "definition": (
                "CREATE UNIQUE INDEX created_roles_pk ON shared.created_roles USING btree (role_name)"
            ),
            "table": "shared.created_roles",
        },
        "shared.currencies_numeric_code_uq": {
            "definition": (
                "CREATE UNIQUE INDEX currencies_numeric_code_uq ON shared.currencies USIN"
                "G btree (numeric_code)"
            ),
            "table": "shared.currencies",
        },
        "shared.currencies_pk": {
            "definition": ("CREATE UNIQUE INDEX currencies_pk ON shared.currencies USING btree (code)"),
            "table": "shared.currencies",
        },
        "shared.granted_privileges_pk": {
            "definition": (
                "CREATE UNIQUE INDEX granted_privileges_pk ON shared.granted_privileges U"
                "SING btree (privilege, grantee)"
            ),
            "table": "shared.granted_privileges",
        },
        "shared.previous_owners_pk": {
            "definition": (
                "CREATE UNIQUE INDEX previous_owners_pk ON shared.previous_owners USING b"
                "tree (object_kind, object_name)"
            ),
            "table": "shared.previous_owners",
        },
    },
    "function": {
        "shared.add_checks_not_valid(IN p_checks text[])": {
            "kind": "procedure",
            "arguments": "IN p_checks text[]",
            "returns": None,
            "language": "plpgsql",
            "volatility": "volatile",
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "add_checks_not_valid",
        },
        ("shared.assert_constraints(p_table text, p_names text[], p_deferred text[])"): {
            "arguments": "p_table text, p_names text[], p_deferred text[] DEFAULT '{}'::text[]",
            "returns": "void",
            "language": "plpgsql",
            "volatility": "stable",
            "config": ["search_path=pg_catalog"],
            "owner": "fleetdb_owner",
            "name": "assert_constraints",
        },
        "shared.assert_function(p_signature text, p_security_definer boolean)": {
            "arguments": "p_signature text, p_security_definer boolean DEFAULT false",
            "returns": "void",
            "language": "plpgsql",
            "volatility": "stable",
            "config": ["search_path=pg_catalog"],
            "owner": "fleetdb_owner",
            "name": "assert_function",
        },
        "shared.assert_grants(p_table text, p_role text, p_privileges text)": {
            "arguments": "p_table text, p_role text, p_privileges text",
            "returns": "void",
            "language": "plpgsql",
            "volatility": "stable",
            "config": ["search_path=pg_catalog"],
            "owner": "fleetdb_owner",
            "name": "assert_grants",
        },
        "shared.assert_indexes(p_table text, p_names text[], p_unique text[])": {
            "arguments": "p_table text, p_names text[], p_unique text[] DEFAULT '{}'::text[]",
            "returns": "void",
            "language": "plpgsql",
            "volatility": "stable",
            "config": ["search_path=pg_catalog"],
            "owner": "fleetdb_owner",
            "name": "assert_indexes",
        },
        "shared.assert_rows_pass(IN p_table regclass, IN p_checks text[])": {
            "kind": "procedure",
            "arguments": "IN p_table regclass, IN p_checks text[]",
            "returns": None,
            "language": "plpgsql",
            "volatility": "volatile",
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "assert_rows_pass",
        },
        "shared.assert_schema(p_schema text)": {
            "arguments": "p_schema text",
            "returns": "void",
            "language": "plpgsql",
            "volatility": "stable",
            "config": ["search_path=pg_catalog"],
            "owner": "fleetdb_owner",
            "name": "assert_schema",
        },
        "shared.assert_table(p_table text, p_columns text[])": {
            "arguments": "p_table text, p_columns text[]",
            "returns": "void",
            "language": "plpgsql",
            "volatility": "stable",
            "config": ["search_path=pg_catalog"],
            "owner": "fleetdb_owner",
            "name": "assert_table",
        },
        "shared.assert_triggers(p_table text, p_triggers text[])": {
            "arguments": "p_table text, p_triggers text[]",
            "returns": "void",
            "language": "plpgsql",
            "volatility": "stable",
            "config": ["search_path=pg_catalog"],
            "owner": "fleetdb_owner",
            "name": "assert_triggers",
        },
        "shared.refuse_rows(IN p_what text, IN p_offenders text, IN p_hint text)": {
            "kind": "procedure",
            "arguments": "IN p_what text, IN p_offenders text, IN p_hint text",
            "returns": None,
            "language": "plpgsql",
            "volatility": "volatile",
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "refuse_rows",
        },
        "shared.reject_mutation()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "config": ["search_path=pg_catalog"],
            "owner": "fleetdb_owner",
            "name": "reject_mutation",
        },
        "shared.touch_updated_at()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "config": ["search_path=pg_catalog"],
            "owner": "fleetdb_owner",
            "name": "touch_updated_at",
        },
        "shared.uuid_v7()": {
            "arguments": "",
            "returns": "uuid",
            "language": "sql",
            "volatility": "volatile",
            "owner": "fleetdb_owner",
            "name": "uuid_v7",
        },
        "shared.validate_checks(IN p_table regclass, IN p_names text[])": {
            "kind": "procedure",
            "arguments": "IN p_table regclass, IN p_names text[]",
            "returns": None,
            "language": "plpgsql",
            "volatility": "volatile",
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "validate_checks",
        },
    },
}
PRIVILEGES: dict[str, dict[str, list[str]]] = {
    "fleetdb_app": {
        "function shared.touch_updated_at()": ["EXECUTE"],
        "function shared.uuid_v7()": ["EXECUTE"],
        "schema shared": ["USAGE"],
        "table shared.currencies": ["SELECT"],
    },
    "fleetdb_owner": {
        "function shared.add_checks_not_valid(text[])": ["EXECUTE"],
        "function shared.assert_constraints(text, text[], text[])": ["EXECUTE"],
        "function shared.assert_function(text, boolean)": ["EXECUTE"],
        "function shared.assert_grants(text, text, text)": ["EXECUTE"],
        "function shared.assert_indexes(text, text[], text[])": ["EXECUTE"],
        "function shared.assert_rows_pass(regclass, text[])": ["EXECUTE"],
        "function shared.assert_schema(text)": ["EXECUTE"],
        "function shared.assert_table(text, text[])": ["EXECUTE"],
        "function shared.assert_triggers(text, text[])": ["EXECUTE"],
        "function shared.refuse_rows(text, text, text)": ["EXECUTE"],
        "function shared.reject_mutation()": ["EXECUTE"],
        "function shared.touch_updated_at()": ["EXECUTE"],
        "function shared.uuid_v7()": ["EXECUTE"],
        "function shared.validate_checks(regclass, text[])": ["EXECUTE"],
        "schema shared": ["CREATE", "USAGE"],
        "table shared.created_roles": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table shared.currencies": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table shared.granted_privileges": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table shared.previous_owners": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
    },
    "fleetdb_readonly": {
        "function shared.touch_updated_at()": ["EXECUTE"],
        "function shared.uuid_v7()": ["EXECUTE"],
        "schema shared": ["USAGE"],
        "table shared.currencies": ["SELECT"],
    },
    "public": {"function shared.touch_updated_at()": ["EXECUTE"], "function shared.uuid_v7()": ["EXECUTE"]},
}
CONTRACT = SchemaContract("shared", "fleetdb_owner", OBJECTS, PRIVILEGES)


@pytest.mark.parametrize("part", PARTS)
def test_shared_contract(schema_catalog: CatalogSnapshot, part: str) -> None:
    check_contract(schema_catalog, CONTRACT, part)
