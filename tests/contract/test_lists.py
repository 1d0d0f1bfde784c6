"""``…_are``: both the missing and the extra objects are listed."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import (
    columns_are,
    constraints_are,
    definition_is,
    definitions_are,
    domains_are,
    enum_has_labels,
    enums_are,
    extensions_are,
    functions_are,
    indexes_are,
    materialized_views_are,
    policies_are,
    refresh,
    roles_are,
    schemas_are,
    sequences_are,
    tables_are,
    triggers_are,
    types_are,
    views_are,
)
from fleetdb.contract.core import catalog
from tests.contract._support import Case, case_id, run_case

PETS_INDEXES = [
    "pets_pk",
    "pets_name_uq",
    "pets_no_double_stay_excl",
    "pets_lower_name_idx",
    "pets_broken_idx",
]
VISITS = {
    "ct.visits.id": {"type": "bigint", "not_null": True},
    "ct.visits.pet_id": {"type": "bigint", "not_null": True},
    "ct.visits.vet": {"type": "text"},
}
VISITS_SCOPE = {"scope": ["ct.visits."]}
CASES: list[Case] = [
    (tables_are, ("ct", ["owners", "pets", "visits"]), {}, None),
    (
        tables_are,
        ("ct", ["owners", "pets", "vets"]),
        {},
        [
            "Schema ct should have the correct tables",
            "object: tables in schema ct",
            "missing: [vets]",
            "extra: [visits]",
        ],
    ),
    (views_are, ("ct", ["heavy_pets"]), {}, None),
    (views_are, ("ct", []), {}, ["extra: [heavy_pets]", "missing: (nothing)"]),
    (materialized_views_are, ("ct", ["pet_counts"]), {}, None),
    (materialized_views_are, ("ct", ["counts"]), {}, ["missing: [counts]", "extra: [pet_counts]"]),
    (sequences_are, ("ct", ["tickets", "owners_id_seq", "pets_id_seq"]), {}, None),
    (sequences_are, ("ct", ["tickets"]), {}, ["extra: [owners_id_seq, pets_id_seq]"]),
    (columns_are, ("ct.visits", ["id", "pet_id", "vet"]), {}, None),
    (
        columns_are,
        ("ct.visits", ["id", "pet_id", "vet_id"]),
        {},
        ["object: columns of ct.visits", "missing: [vet_id]", "extra: [vet]"],
    ),
    (constraints_are, ("ct.visits", ["visits_pkey", "visits_pet_fk"]), {}, None),
    (
        constraints_are,
        ("ct.visits", ["visits_pk", "visits_pet_fk"]),
        {},
        ["missing: [visits_pk]", "extra: [visits_pkey]"],
    ),
    (indexes_are, ("ct.pets", PETS_INDEXES), {}, None),
    (indexes_are, ("ct.pets", ["pets_pk"]), {}, ["object: indexes of ct.pets", "extra: [pets_broken_idx,"]),
    (triggers_are, ("ct.pets", ["pets_touch_trg", "pets_check_trg"]), {}, None),
    (
        triggers_are,
        ("ct.pets", ["pets_touch_trg", "pets_audit_trg"]),
        {},
        ["missing: [pets_audit_trg]", "extra: [pets_check_trg]"],
    ),
    (policies_are, ("ct.owners", ["owners_named"]), {}, None),
    (policies_are, ("ct.owners", []), {}, ["extra: [owners_named]"]),
    (functions_are, ("ct", ["touch", "weigh"]), {}, None),
    (functions_are, ("ct", ["touch"]), {}, ["object: functions in schema ct", "extra: [weigh]"]),
    (enums_are, ("ct", ["mood"]), {}, None),
    (enums_are, ("ct", ["mood", "colour"]), {}, ["missing: [colour]"]),
    (domains_are, ("ct", ["positive"]), {}, None),
    (domains_are, ("ct", []), {}, ["extra: [positive]"]),
    (types_are, ("ct", ["mood", "positive"]), {}, None),
    (types_are, ("ct", ["mood"]), {}, ["extra: [positive]"]),
    (enum_has_labels, ("ct.mood", ["sad", "ok", "happy"]), {}, None),
    (
        enum_has_labels,
        ("ct.mood", ["sad", "happy", "ok"]),
        {},
        ["object: enum ct.mood", "have: [sad, ok, happy]", "want: [sad, happy, ok]"],
    ),
    (extensions_are, (["btree_gist", "pgtap"],), {}, None),
    (extensions_are, (["btree_gist"],), {}, ["extra: [pgtap]"]),
    (schemas_are, (["ct", "rental", "wrong"],), {}, ["missing: [wrong]", "extra: [", "fleet"]),
    (roles_are, (["postgres", "ct_reader"],), {}, ["extra: [", "ct_clerk"]),
    (definition_is, ("column", "ct.visits.id", {"type": "bigint", "not_null": True}), {}, None),
    (
        definition_is,
        ("column", "ct.visits.id", {"type": "integer", "not_null": True}),
        {},
        ["The column ct.visits.id should be as written", "ct.visits.id type: have bigint", "want integer"],
    ),
    (
        definition_is,
        ("column", "ct.visits.gone", {"type": "bigint"}),
        {},
        ["have: no column ct.visits.gone"],
    ),
    (
        definitions_are,
        (
            "column",
            {
                "ct.visits.id": {"type": "bigint", "not_null": True},
                "ct.visits.pet_id": {"type": "bigint"},
                "ct.visits.vet": {"not_null": False},
            },
        ),
        {"scope": ["ct.visits."]},
        None,
    ),
    (
        definitions_are,
        (
            "column",
            {
                "ct.visits.id": {"type": "integer", "not_null": True},
                "ct.visits.pet_id": {},
                "ct.visits.vet_id": {},
            },
        ),
        {"scope": ["ct.visits."]},
        [
            "object: columns of ct.visits.",
            "missing: [ct.visits.vet_id]",
            "extra: [ct.visits.vet]",
            "ct.visits.id type: have bigint",
            "want integer",
        ],
    ),
    # Each finding alone fails the check: only a missing object, only an extra one, only a difference.
    (
        definitions_are,
        ("column", {**VISITS, "ct.visits.vet_id": {}}),
        VISITS_SCOPE,
        ["missing: [ct.visits.vet_id]"],
    ),
    (
        definitions_are,
        ("column", {k: v for k, v in VISITS.items() if k != "ct.visits.vet"}),
        VISITS_SCOPE,
        ["missing: (nothing)", "extra: [ct.visits.vet]"],
    ),
    (
        definitions_are,
        ("column", {**VISITS, "ct.visits.vet": {"type": "integer"}}),
        VISITS_SCOPE,
        ["missing: (nothing)", "extra: (nothing)", "ct.visits.vet type: have text", "want integer"],
    ),
    # Without a scope: every object of the kind in the database.
    (
        definitions_are,
        ("extension", {}),
        {},
        ["object: extensions of the database", "extra: [btree_gist, pgtap]"],
    ),
    (enum_has_labels, ("ct.positive", ["x"]), {}, ["have: no such enum"]),  # a domain has no labels
    (enum_has_labels, ("ct.colour", ["x"]), {}, ["object: enum ct.colour", "have: no such enum"]),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_lists(snap: CatalogSnapshot, case: Case) -> None:
    run_case(snap, case)


def test_schemas_and_roles_are_pass_on_the_exact_lists(snap: CatalogSnapshot) -> None:
    schemas_are(snap, catalog(snap).keys("schema"))
    roles_are(snap, catalog(snap).keys("role"))


def test_a_partitioned_table_is_one_of_the_schemas_tables(ct: psycopg.Connection[Any]) -> None:
    try:
        with ct.transaction(force_rollback=True):
            ct.execute("CREATE TABLE ct.logs (at date) PARTITION BY RANGE (at)")
            tables_are(refresh(ct), "ct", ["owners", "pets", "visits", "logs"])
    finally:
        refresh(ct)
