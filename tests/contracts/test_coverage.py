"""Every object of the deployed schema is under a contract, and the contracts fail when the schema
changes under them."""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType
from typing import Any

import psycopg
import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import ContractFailure, catalog
from fleetdb.contract.schema_contract import SchemaContract, check_contract, contract_keys, uncovered
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


def _covered() -> list[dict[str, set[str]]]:
    keys = [contract_keys(module.CONTRACT) for module in SCHEMA_MODULES]
    keys.append(
        {
            "schema": test_database.SCHEMAS,
            "role": set(test_database.ROLES),
            "extension": set(test_database.EXTENSIONS),
            "default privilege": set(test_database.DEFAULT_PRIVILEGES),
        }
    )
    return keys


def test_every_object_of_the_schema_is_under_a_contract(schema_catalog: CatalogSnapshot) -> None:
    assert uncovered(schema_catalog, _covered()) == []
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
    assert uncovered(changed, _covered()) == ["relation rental.sneaky"]
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
