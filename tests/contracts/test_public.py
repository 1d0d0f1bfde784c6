"""Contract of schema public: every object and what each role may do, as written expectations.

Drafted with ``fleetdb contracts --draft public`` and reviewed; a change to the schema
changes this file in the same commit."""

from __future__ import annotations

from typing import Any

import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.schema_contract import PARTS, SchemaContract, check_contract

OBJECTS: dict[str, dict[str, dict[str, Any]]] = {}
PRIVILEGES: dict[str, dict[str, list[str]]] = {
    "fleetdb_app": {"schema public": ["USAGE"]},
    "fleetdb_owner": {"schema public": ["USAGE"]},
    "fleetdb_readonly": {"schema public": ["USAGE"]},
    "public": {"schema public": ["USAGE"]},
}
CONTRACT = SchemaContract("public", "pg_database_owner", OBJECTS, PRIVILEGES)


@pytest.mark.parametrize("part", PARTS)
def test_public_contract(schema_catalog: CatalogSnapshot, part: str) -> None:
    check_contract(schema_catalog, CONTRACT, part)
