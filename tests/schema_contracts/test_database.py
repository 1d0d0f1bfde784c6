"""Contract of what is not inside one schema: the schemas themselves, roles, extensions and default
privileges. Together with one file per schema, every object of the deployed plan is under a contract
(``test_coverage.py`` proves it)."""

from __future__ import annotations

from typing import Any

import psycopg

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import extensions_are, schemas_are
from fleetdb.contract.lists import definitions_are
from fleetdb.contract.schema_contract import expected, roles_beyond_public

SCHEMAS = {"accounting", "fleet", "iam", "maintenance", "public", "rental", "shared"}
ROLES: dict[str, dict[str, Any]] = {
    # The bootstrap superuser of the throwaway cluster; the plan never creates or changes it.
    "postgres": {
        "superuser": True,
        "createrole": True,
        "createdb": True,
        "login": True,
        "replication": True,
        "bypassrls": True,
    },
    # The plan's roles: none logs in, none is a superuser, none is a member of another.
    "fleetdb_owner": {},
    "fleetdb_app": {},
    "fleetdb_readonly": {},
    "fleetdb_relay": {},
}
EXTENSIONS: dict[str, dict[str, Any]] = {"btree_gist": {"schema": "shared"}}
DEFAULT_PRIVILEGES: dict[str, dict[str, Any]] = {}


def test_schemas_are(schema_catalog: CatalogSnapshot) -> None:
    schemas_are(schema_catalog, SCHEMAS)


def test_the_plan_roles_exist_with_their_attributes(schema_catalog: CatalogSnapshot) -> None:
    # Roles are cluster-wide: other tests may add logins to the same server. Those are checked by the next
    # test (they must hold nothing in the schemas beyond what PUBLIC holds), not listed here.
    plan_roles = {key: obj for key, obj in schema_catalog.of_kind("role").items() if key in ROLES}
    definitions_are(CatalogSnapshot({"role": plan_roles}), "role", expected("role", ROLES))


def test_no_other_role_holds_anything_in_the_schemas(schema_catalog: CatalogSnapshot) -> None:
    others = set(roles_beyond_public(schema_catalog, SCHEMAS)) - set(ROLES)
    superusers = {key for key, obj in schema_catalog.of_kind("role").items() if obj["superuser"]} - set(ROLES)
    assert others | superusers == set(), "roles outside the contract with privileges in the schemas"


def test_extensions_are(schema_catalog: CatalogSnapshot, db: psycopg.Connection[Any]) -> None:
    # The version the plan installs is the server's default (btree_gist 1.7 on PostgreSQL 15, 1.8 on 18).
    wanted = {name: dict(props) for name, props in EXTENSIONS.items()}
    for name, props in wanted.items():
        row = db.execute(
            "SELECT default_version FROM pg_available_extensions WHERE name = %s", [name]
        ).fetchone()
        props["version"] = row[0] if row else None
    extensions_are(schema_catalog, wanted)
    definitions_are(schema_catalog, "extension", expected("extension", wanted))


def test_default_privileges_are(schema_catalog: CatalogSnapshot) -> None:
    definitions_are(schema_catalog, "default privilege", expected("default privilege", DEFAULT_PRIVILEGES))
