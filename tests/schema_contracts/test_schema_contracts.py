"""The contract of each schema: one ``<schema>.json`` in this directory per schema, drafted with
``fleetdb contracts --draft SCHEMA`` and reviewed (docs/contracts.md), each part of each checked against
the deployed plan. The data is the expectation: nothing is drafted at test time."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.schema_contract import PARTS, check_contract, load_contracts

CONTRACTS = load_contracts(Path(__file__).parent)


@pytest.mark.parametrize(("schema", "part"), [(schema, part) for schema in CONTRACTS for part in PARTS])
def test_schema_contract(schema_catalog: CatalogSnapshot, schema: str, part: str) -> None:
    check_contract(schema_catalog, CONTRACTS[schema], part)
