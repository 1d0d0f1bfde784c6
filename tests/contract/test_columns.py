"""Column assertions: type (with aliases), nullability, defaults, key membership."""

from __future__ import annotations

import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import (
    col_default_is,
    col_has_default,
    col_hasnt_default,
    col_is_fk,
    col_is_null,
    col_is_pk,
    col_is_unique,
    col_isnt_fk,
    col_isnt_pk,
    col_not_null,
    col_type_is,
)
from fleetdb.contract.types import normalize_type
from tests.contract._support import Case, case_id, run_case

CASES: list[Case] = [
    (col_type_is, ("ct.pets", "name", "character varying(40)"), {}, None),
    (col_type_is, ("ct.pets", "name", "VARCHAR(40)"), {}, None),
    (col_type_is, ("ct.owners", "joined_at", "timestamptz"), {}, None),
    (
        col_type_is,
        ("ct.pets", "name", "text"),
        {},
        [
            "Column ct.pets.name should be type text",
            "object: column ct.pets.name",
            "have: character varying(40)",
            "want: text",
        ],
    ),
    (col_type_is, ("ct.pets", "nom", "text"), {}, ["have: no column nom; ct.pets has ['id', 'owner_id'"]),
    (col_not_null, ("ct.owners", "email"), {}, None),
    (col_not_null, ("ct.owners", "nickname"), {}, ["have: NULL allowed", "want: NOT NULL"]),
    (col_is_null, ("ct.owners", "nickname"), {}, None),
    (col_is_null, ("ct.owners", "email"), {}, ["have: NOT NULL", "want: NULL allowed"]),
    (col_has_default, ("ct.owners", "mood"), {}, None),
    (col_has_default, ("ct.owners", "email"), {}, ["have: no default", "want: a default"]),
    (col_hasnt_default, ("ct.owners", "email"), {}, None),
    (col_hasnt_default, ("ct.owners", "joined_at"), {}, ["have: default now()", "want: no default"]),
    (col_default_is, ("ct.owners", "mood", "'ok'::ct.mood"), {}, None),
    (
        col_default_is,
        ("ct.owners", "mood", "'sad'::ct.mood"),
        {},
        ["have: 'ok'::ct.mood", "want: 'sad'::ct.mood"],
    ),
    (col_is_pk, ("ct.owners", "id"), {}, None),
    (
        col_is_pk,
        ("ct.owners", "email"),
        {},
        ["object: primary key ct.owners(email)", "have: primary key constraints on [['id']]"],
    ),
    (col_isnt_pk, ("ct.owners", "email"), {}, None),
    (col_isnt_pk, ("ct.owners", ["id"]), {}, ["want: no primary key on ['id']"]),
    (col_is_unique, ("ct.pets", ["owner_id", "name"]), {}, None),
    (
        col_is_unique,
        ("ct.pets", "name"),
        {},
        ["have: unique constraints on [['owner_id', 'name']]", "want: unique on ['name']"],
    ),
    (col_is_fk, ("ct.pets", "owner_id"), {}, None),
    (
        col_is_fk,
        ("ct.owners", "email"),
        {},
        ["have: no foreign key constraint", "want: foreign key on ['email']"],
    ),
    (col_isnt_fk, ("ct.owners", "email"), {}, None),
    (col_isnt_fk, ("ct.visits", "pet_id"), {}, ["have: foreign key constraints on [['pet_id']]"]),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_columns(snap: CatalogSnapshot, case: Case) -> None:
    run_case(snap, case)


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("int", "integer"),
        ("INT8", "bigint"),
        ("varchar(20)[]", "character varying(20)[]"),
        ("timestamptz", "timestamp with time zone"),
        ("numeric(12, 2)", "numeric(12,2)"),
        ("ct.mood", "ct.mood"),
    ],
)
def test_type_names_are_compared_as_postgresql_prints_them(written: str, printed: str) -> None:
    assert normalize_type(written) == printed
