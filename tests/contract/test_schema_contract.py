"""A drafted schema contract holds on the schema it was drafted from and fails, part by part, when the
schema changes — also for the kinds this project's schema does not use yet (types, sequences, policies,
materialized views)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import ContractFailure, refresh
from fleetdb.contract.schema_contract import PARTS, SchemaContract, check_contract, draft_contract


def _drafted(snap: CatalogSnapshot, schema: str) -> SchemaContract:
    namespace: dict[str, Any] = {}
    exec(compile(draft_contract(snap, schema), f"<draft of {schema}>", "exec"), namespace)
    contract: SchemaContract = namespace["CONTRACT"]
    return contract


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
