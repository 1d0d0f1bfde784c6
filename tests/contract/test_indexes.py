"""Index assertions, and foreign keys without a supporting index."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import (
    ContractFailure,
    fk_has_index,
    foreign_keys_have_indexes,
    has_index,
    index_is_partial,
    index_is_primary,
    index_is_type,
    index_is_unique,
    index_is_valid,
    refresh,
)
from fleetdb.contract.indexes import hasnt_index, unindexed_foreign_keys
from tests.contract._support import Case, case_id, run_case

CASES: list[Case] = [
    (has_index, ("ct.pets", "pets_lower_name_idx", ["lower(name::text)"]), {}, None),
    (has_index, ("ct.pets", "pets_no_such_idx"), {}, ["index ct.pets_no_such_idx on ct.pets", "want: index"]),
    (  # an index of that name on another table is not this table's
        has_index,
        ("ct.owners", "pets_lower_name_idx"),
        {},
        ["index ct.pets_lower_name_idx on ct.owners", "want: index pets_lower_name_idx"],
    ),
    (has_index, ("ct.pets", "pets_name_uq", ["owner_id", "name"]), {}, None),
    (
        has_index,
        ("ct.pets", "pets_name_uq", ["name", "owner_id"]),
        {},
        ["object: index ct.pets_name_uq", "have: [owner_id, name]", "want: [name, owner_id]"],
    ),
    (index_is_unique, ("ct.pets", "pets_name_uq"), {}, None),
    (
        index_is_unique,
        ("ct.pets", "pets_lower_name_idx"),
        {},
        [
            "Index pets_lower_name_idx should be unique",
            "have: not unique",
            "want: unique",
            "definition: CREATE INDEX",
        ],
    ),
    (index_is_primary, ("ct.pets", "pets_pk"), {}, None),
    (index_is_primary, ("ct.pets", "pets_name_uq"), {}, ["have: not primary key"]),
    (index_is_valid, ("ct.pets", "pets_pk"), {}, None),
    (
        index_is_valid,
        ("ct.pets", "pets_broken_idx"),
        {},
        ["object: index ct.pets_broken_idx", "have: invalid"],
    ),
    (index_is_partial, ("ct.pets", "pets_lower_name_idx"), {}, None),
    (index_is_partial, ("ct.pets", "pets_lower_name_idx", "weight IS NOT NULL"), {}, None),
    (index_is_partial, ("ct.pets", "pets_pk"), {}, ["have: not partial", "want: WHERE …"]),
    (
        index_is_partial,
        ("ct.pets", "pets_pk", "weight > 0"),
        {},
        ["have: not partial", "want: WHERE weight > 0"],
    ),
    (
        index_is_partial,
        ("ct.pets", "pets_lower_name_idx", "weight > 0"),
        {},
        ["have: WHERE (weight IS NOT NULL)", "want: WHERE weight > 0"],
    ),
    (index_is_type, ("ct.pets", "pets_no_double_stay_excl", "gist"), {}, None),
    (index_is_type, ("ct.pets", "pets_pk", "hash"), {}, ["have: btree", "want: hash"]),
    (fk_has_index, ("ct.pets", "pets_owner_fk"), {}, None),
    (fk_has_index, ("ct.pets", "pets_weight_positive_ck"), {}, ["have: no such foreign key"]),
    (fk_has_index, ("ct.pets", "pets_nothing_fk"), {}, ["have: no such foreign key"]),
    (hasnt_index, ("ct.pets", "pets_no_such_idx"), {}, None),
    (hasnt_index, ("ct.owners", "pets_lower_name_idx"), {}, None),  # another table's
    (hasnt_index, ("ct.pets", "pets_lower_name_idx"), {}, ["have: index pets_lower_name_idx exists"]),
    (
        fk_has_index,
        ("ct.visits", "visits_pet_fk"),
        {},
        [
            "Foreign key ct.visits.visits_pet_fk should have a supporting index",
            "have: [ct.visits_pkey: ['id']]",
            "want: a valid, non-partial index led by ['pet_id']",
        ],
    ),
    (
        foreign_keys_have_indexes,
        (["ct"],),
        {},
        ["object: foreign keys in ct", "have: unindexed ['ct.visits.visits_pet_fk (pet_id)']"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_indexes(snap: CatalogSnapshot, case: Case) -> None:
    run_case(snap, case)


def test_a_valid_leading_index_satisfies_the_foreign_key(ct_conn: object, snap: CatalogSnapshot) -> None:
    # pets_owner_fk is led by the exclusion constraint's gist index (owner_id, stay); an invalid or partial
    # index would not count — pets_broken_idx (weight) is invalid and supports nothing.
    foreign_keys_have_indexes(snap, ["rental", "fleet"])
    fk_has_index(snap, "ct.pets", "pets_owner_fk")


@pytest.mark.parametrize(
    ("ddl", "supports"),
    [
        ("CREATE INDEX visits_pet_idx ON ct.visits (pet_id)", True),
        ("CREATE INDEX visits_pet_idx ON ct.visits (pet_id) WHERE vet IS NOT NULL", False),
        (
            "CREATE INDEX visits_pet_idx ON ct.visits (pet_id);"
            " UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'ct.visits_pet_idx'::regclass",
            False,
        ),
    ],
    ids=["plain", "partial", "invalid"],
)
def test_only_a_valid_whole_index_supports_a_foreign_key(
    ct: psycopg.Connection[Any], ddl: str, supports: bool
) -> None:
    try:
        with ct.transaction(force_rollback=True):
            ct.execute(ddl)
            changed = refresh(ct)
            if supports:
                fk_has_index(changed, "ct.visits", "visits_pet_fk")
            else:
                with pytest.raises(ContractFailure):
                    fk_has_index(changed, "ct.visits", "visits_pet_fk")
    finally:
        refresh(ct)


def test_unindexed_foreign_keys_of_every_schema(snap: CatalogSnapshot) -> None:
    everywhere = unindexed_foreign_keys(snap)
    assert "ct.visits.visits_pet_fk (pet_id)" in everywhere
    assert [fk for fk in everywhere if fk.startswith("ct.")] == unindexed_foreign_keys(snap, ["ct"])


def test_a_foreign_key_on_a_table_without_any_index_says_so(ct: psycopg.Connection[Any]) -> None:
    try:
        with ct.transaction(force_rollback=True):
            ct.execute("CREATE TABLE ct.tags (pet_id bigint CONSTRAINT tags_pet_fk REFERENCES ct.pets (id))")
            with pytest.raises(ContractFailure) as failure:
                fk_has_index(refresh(ct), "ct.tags", "tags_pet_fk")
    finally:
        refresh(ct)
    assert "have: no index" in str(failure.value), str(failure.value)
