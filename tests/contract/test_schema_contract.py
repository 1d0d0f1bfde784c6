"""A drafted schema contract holds on the schema it was drafted from and fails, part by part, when the
schema changes — also for the kinds this project's schema does not use yet (types, sequences, policies,
materialized views)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import ContractFailure, refresh
from fleetdb.contract.schema_contract import (
    PARTS,
    SchemaContract,
    check_contract,
    draft_contract,
    dump_contract,
    load_contracts,
    parse_contract,
)
from fleetdb.errors import FleetdbError


def _drafted(snap: CatalogSnapshot, schema: str) -> SchemaContract:
    return parse_contract(draft_contract(snap, schema), f"<draft of {schema}>")


def test_a_draft_is_data_that_reads_back_as_written(snap: CatalogSnapshot) -> None:
    text = draft_contract(snap, "ct")
    assert json.loads(text)["schema"] == "ct"
    assert dump_contract(parse_contract(text, "ct.json")) == text


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["objects"]["column"]["ct.pets.weight"].update(nullable=True),
            r"unknown properties \['nullable'\]",
        ),
        (lambda d: d["objects"].update(tables={}), "unknown kind 'tables'"),
        (lambda d: d.update(comment="x"), 'exactly "schema", "owner", "objects" and "privileges"'),
        (lambda d: d["privileges"].update(ct_reader={"table ct.pets": "SELECT"}), "lists of privilege names"),
    ],
)
def test_a_contract_file_a_check_would_misread_is_refused(
    snap: CatalogSnapshot, edit: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = json.loads(draft_contract(snap, "ct"))
    edit(data)
    with pytest.raises(FleetdbError, match=message):
        parse_contract(json.dumps(data), "ct.json")
    with pytest.raises(FleetdbError, match=r"ct\.json: not JSON"):
        parse_contract("{", "ct.json")


def test_a_file_is_named_after_its_schema(snap: CatalogSnapshot, tmp_path: Path) -> None:
    (tmp_path / "ct.json").write_text(draft_contract(snap, "ct"))
    assert set(load_contracts(tmp_path)) == {"ct"}
    (tmp_path / "ct.json").rename(tmp_path / "pets.json")
    with pytest.raises(FleetdbError, match=r"name it ct\.json"):
        load_contracts(tmp_path)


def test_a_draft_holds_on_the_schema_it_was_drafted_from(snap: CatalogSnapshot) -> None:
    contract = _drafted(snap, "ct")
    assert contract.names("type") == {"mood", "positive"}
    assert "ct.owners.owners_named" in contract.of_kind("policy")
    for part in PARTS:
        check_contract(snap, contract, part)


@pytest.mark.parametrize(
    ("ddl", "part", "fragment"),
    [
        ("CREATE DOMAIN ct.short_text AS varchar(10)", "types", "extra: [short_text]"),
        ("ALTER SEQUENCE ct.tickets INCREMENT 5", "sequences", "ct.tickets increment: have 5"),
        (
            "ALTER POLICY owners_named ON ct.owners TO ct_clerk",
            "policies",
            "ct.owners.owners_named roles: have [ct_clerk]",
        ),
        (
            "ALTER TABLE ct.owners NO FORCE ROW LEVEL SECURITY",
            "relations",
            "ct.owners rls_forced: have false",
        ),
        ("DROP MATERIALIZED VIEW ct.pet_counts", "relations", "missing: [pet_counts]"),
        (
            "ALTER TABLE ct.pets ALTER COLUMN weight SET NOT NULL",
            "columns",
            "ct.pets.weight not_null: have true",
        ),
        ("ALTER FUNCTION ct.weigh(bigint, numeric) VOLATILE", "functions", "volatility: have volatile"),
        (
            "ALTER TABLE ct.pets DISABLE TRIGGER pets_touch_trg",
            "triggers",
            "ct.pets.pets_touch_trg enabled: have D",
        ),
        ("ALTER SCHEMA ct OWNER TO ct_clerk", "schema", "ct owner: have ct_clerk"),
        (
            "GRANT TRUNCATE ON ct.pets TO ct_reader",
            "privileges",
            "table ct.pets: have ['SELECT', 'TRUNCATE']",
        ),
    ],
)
def test_the_draft_fails_when_the_schema_changes(
    ct: psycopg.Connection[Any], snap: CatalogSnapshot, ddl: str, part: str, fragment: str
) -> None:
    contract = _drafted(snap, "ct")
    try:
        with ct.transaction(force_rollback=True):
            ct.execute(ddl)
            changed = refresh(ct)
            with pytest.raises(ContractFailure) as failure:
                check_contract(changed, contract, part)
    finally:
        refresh(ct)
    assert fragment in str(failure.value), str(failure.value)
