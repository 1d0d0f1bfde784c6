"""Every object of the deployed schema is under a contract, and the contracts fail when the schema
changes under them."""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType
from typing import Any

import psycopg
import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import ContractFailure, catalog, refresh
from fleetdb.contract.schema_contract import (
    SchemaContract,
    check_contract,
    contract_keys,
    roles_beyond_public,
    uncovered,
)
from tests.contracts import (
    test_accounting,
    test_database,
    test_fleet,
    test_iam,
    test_maintenance,
    test_public,
    test_rental,
    test_shared,
)

SCHEMA_MODULES: list[ModuleType] = [
    test_accounting,
    test_fleet,
    test_iam,
    test_maintenance,
    test_public,
    test_rental,
    test_shared,
]


def _covered(snap: CatalogSnapshot) -> list[dict[str, set[str]]]:
    keys = [contract_keys(module.CONTRACT) for module in SCHEMA_MODULES]
    # A role that may do nothing in the schemas beyond PUBLIC is no part of them (a test's login, say).
    harmless = set(snap.keys("role")) - set(roles_beyond_public(snap, test_database.SCHEMAS))
    harmless -= {key for key, obj in snap.of_kind("role").items() if obj["superuser"]}
    keys.append(
        {
            "schema": test_database.SCHEMAS,
            "role": set(test_database.ROLES) | harmless,
            "extension": set(test_database.EXTENSIONS),
            "default privilege": set(test_database.DEFAULT_PRIVILEGES),
        }
    )
    return keys


def test_every_object_of_the_schema_is_under_a_contract(schema_catalog: CatalogSnapshot) -> None:
    assert uncovered(schema_catalog, _covered(schema_catalog)) == []
    assert {m.CONTRACT.schema for m in SCHEMA_MODULES} == test_database.SCHEMAS, "a schema without its file"


def _with(snap: CatalogSnapshot, kind: str, key: str, obj: dict[str, Any] | None) -> CatalogSnapshot:
    objects = {k: dict(v) for k, v in snap.objects.items()}
    if obj is None:
        del objects[kind][key]
    else:
        objects[kind][key] = obj
    return replace(snap, objects=objects)


def test_an_object_added_without_a_contract_is_found(schema_catalog: CatalogSnapshot) -> None:
    sneaky = dict(schema_catalog.of_kind("relation")["rental.rentals"])
    changed = _with(schema_catalog, "relation", "rental.sneaky", sneaky)
    assert uncovered(changed, _covered(changed)) == ["relation rental.sneaky"]
    with pytest.raises(ContractFailure, match=r"extra: \[sneaky\]"):
        check_contract(changed, test_rental.CONTRACT, "relations")


@pytest.mark.parametrize(
    ("kind", "part"),
    [
        ("column", "columns"),
        ("constraint", "constraints"),
        ("index", "indexes"),
        ("trigger", "triggers"),
        ("function", "functions"),
    ],
)
def test_a_dropped_object_fails_its_part(schema_catalog: CatalogSnapshot, kind: str, part: str) -> None:
    key = sorted(k for k in schema_catalog.keys(kind) if k.startswith("rental."))[0]
    name = key.split("(")[0].rsplit(".", 1)[1]
    with pytest.raises(ContractFailure, match=rf"missing: \[{name}\]"):
        check_contract(_with(schema_catalog, kind, key, None), test_rental.CONTRACT, part)


def test_real_ddl_breaks_the_contract_with_a_readable_failure(db: psycopg.Connection[Any]) -> None:
    db.execute("ALTER TABLE rental.rentals ALTER COLUMN status SET DEFAULT 'active'")
    db.execute("CREATE INDEX rentals_status_idx ON rental.rentals (status)")
    db.execute("GRANT DELETE ON rental.rentals TO fleetdb_readonly")
    snap = catalog(db)
    contract: SchemaContract = test_rental.CONTRACT
    with pytest.raises(ContractFailure) as columns:
        check_contract(snap, contract, "columns")
    assert "rental.rentals.status default: have 'active'::text" in str(columns.value)
    with pytest.raises(ContractFailure, match=r"extra: \[rentals_status_idx\]"):
        check_contract(snap, contract, "indexes")
    with pytest.raises(
        ContractFailure, match=r"table rental.rentals: have \['DELETE', 'SELECT'\]; want \['SELECT'\]"
    ):
        check_contract(snap, contract, "privileges")


def test_a_role_granted_anything_without_a_contract_fails(db: psycopg.Connection[Any]) -> None:
    db.execute("CREATE ROLE fleetdb_contract_probe NOLOGIN")
    harmless = catalog(db)
    assert uncovered(harmless, _covered(harmless)) == []  # holds nothing: no part of the schema
    db.execute("GRANT SELECT ON rental.customers TO fleetdb_contract_probe")
    granted = refresh(db)
    assert uncovered(granted, _covered(granted)) == ["role fleetdb_contract_probe"]
    with pytest.raises(ContractFailure, match=r"the contract does not list this role"):
        check_contract(granted, test_rental.CONTRACT, "privileges")
