"""Every object of the deployed schema is under a contract, and the contracts fail when the schema
changes under them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import ContractFailure, catalog, refresh
from fleetdb.contract.schema_contract import (
    SchemaContract,
    check_contract,
    contract_keys,
    load_contracts,
    parse_contract,
    roles_beyond_public,
    uncovered,
)
from tests.schema_contracts import test_database

HERE = Path(__file__).parent
CONTRACTS = load_contracts(HERE)
RENTAL = CONTRACTS["rental"]


def _covered(snap: CatalogSnapshot) -> list[dict[str, set[str]]]:
    keys = [contract_keys(contract) for contract in CONTRACTS.values()]
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
    assert set(CONTRACTS) == test_database.SCHEMAS, "a schema without its <schema>.json"


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
        check_contract(changed, RENTAL, "relations")


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
        check_contract(_with(schema_catalog, kind, key, None), RENTAL, part)


def test_real_ddl_breaks_the_contract_with_a_readable_failure(db: psycopg.Connection[Any]) -> None:
    db.execute("ALTER TABLE rental.rentals ALTER COLUMN status SET DEFAULT 'active'")
    db.execute("CREATE INDEX rentals_status_idx ON rental.rentals (status)")
    db.execute("GRANT DELETE ON rental.rentals TO fleetdb_readonly")
    snap = catalog(db)
    contract: SchemaContract = RENTAL
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
        check_contract(granted, RENTAL, "privileges")


def test_a_pinned_property_changed_in_the_data_fails_its_part(schema_catalog: CatalogSnapshot) -> None:
    """The JSON is the expectation: edit one pinned property of one object (a column's type) and the
    contract fails on that object, naming what the schema has and what the file wants."""
    text = (HERE / "rental.json").read_text()
    line = next(line for line in text.splitlines() if line.lstrip().startswith('"rental.rentals.status"'))
    edited = parse_contract(
        text.replace(line, line.replace('"type": "text"', '"type": "varchar(20)"')), "edit"
    )
    assert edited.of_kind("column")["rental.rentals.status"]["type"] == "varchar(20)"
    check_contract(schema_catalog, RENTAL, "columns")
    with pytest.raises(ContractFailure, match=r"rental\.rentals\.status type: have text"):
        check_contract(schema_catalog, edited, "columns")
