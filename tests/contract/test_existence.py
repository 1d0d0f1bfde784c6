"""has_… / hasnt_…: pass on what exists, fail naming the object and listing what the scope holds."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import (
    has_column,
    has_domain,
    has_enum,
    has_extension,
    has_function,
    has_index,
    has_materialized_view,
    has_role,
    has_schema,
    has_sequence,
    has_table,
    has_trigger,
    has_type,
    has_view,
    hasnt_column,
    hasnt_domain,
    hasnt_enum,
    hasnt_extension,
    hasnt_function,
    hasnt_index,
    hasnt_materialized_view,
    hasnt_role,
    hasnt_schema,
    hasnt_sequence,
    hasnt_table,
    hasnt_trigger,
    hasnt_type,
    hasnt_view,
    refresh,
)
from tests.contract._support import Case, case_id, run_case

CASES: list[Case] = [
    (has_schema, ("ct",), {}, None),
    (
        has_schema,
        ("nope",),
        {},
        ["Schema nope should exist", "object: schema nope", "want: schema nope", "ct"],
    ),
    (hasnt_schema, ("nope",), {}, None),
    (hasnt_schema, ("ct",), {}, ["have: schema ct exists", "want: no schema ct"]),
    (has_table, ("ct.owners",), {}, None),
    (
        has_table,
        ("ct.owner",),
        {},
        ["object: table ct.owner", "have: no table ct.owner; ct has", "ct.owners"],
    ),
    (has_table, ("ct.heavy_pets",), {}, ["have: view ct.heavy_pets", "want: table ct.heavy_pets"]),
    (hasnt_table, ("ct.owner",), {}, None),
    (hasnt_table, ("ct.owners",), {}, ["have: table ct.owners exists", "want: no table ct.owners"]),
    (has_view, ("ct.heavy_pets",), {}, None),
    (has_view, ("ct.pets",), {}, ["have: table ct.pets", "want: view ct.pets"]),
    (hasnt_view, ("ct.pets",), {}, None),
    (hasnt_view, ("ct.heavy_pets",), {}, ["have: view ct.heavy_pets exists"]),
    (has_materialized_view, ("ct.pet_counts",), {}, None),
    (has_materialized_view, ("ct.heavy_pets",), {}, ["have: view ct.heavy_pets", "want: materialized view"]),
    (hasnt_materialized_view, ("ct.heavy_pets",), {}, None),
    (hasnt_materialized_view, ("ct.pet_counts",), {}, ["have: materialized view ct.pet_counts exists"]),
    (has_column, ("ct.owners", "email"), {}, None),
    (
        has_column,
        ("ct.owners", "emails"),
        {},
        ["object: column ct.owners.emails", "have: columns ['id', 'email'"],
    ),
    (hasnt_column, ("ct.owners", "emails"), {}, None),
    (hasnt_column, ("ct.owners", "email"), {}, ["have: column email exists", "want: no column email"]),
    (has_sequence, ("ct.tickets",), {}, None),
    (has_sequence, ("ct.ticket",), {}, ["have: no sequence ct.ticket", "want: sequence ct.ticket"]),
    (hasnt_sequence, ("ct.ticket",), {}, None),
    (hasnt_sequence, ("ct.tickets",), {}, ["have: sequence ct.tickets exists"]),
    (has_type, ("ct.mood",), {}, None),
    (has_type, ("ct.moods",), {}, ["have: no type ct.moods"]),
    (hasnt_type, ("ct.moods",), {}, None),
    (hasnt_type, ("ct.positive",), {}, ["have: type ct.positive exists"]),
    (has_enum, ("ct.mood",), {}, None),
    (has_enum, ("ct.positive",), {}, ["have: domain ct.positive", "want: enum ct.positive"]),
    (hasnt_enum, ("ct.positive",), {}, None),
    (hasnt_enum, ("ct.mood",), {}, ["have: enum ct.mood exists", "want: no enum ct.mood"]),
    (has_domain, ("ct.positive",), {}, None),
    (has_domain, ("ct.mood",), {}, ["have: enum ct.mood", "want: domain ct.mood"]),
    (hasnt_domain, ("ct.mood",), {}, None),
    (hasnt_domain, ("ct.positive",), {}, ["have: domain ct.positive exists"]),
    (has_index, ("ct.pets", "pets_lower_name_idx"), {}, None),
    (
        has_index,
        ("ct.pets", "pets_name_idx"),
        {},
        ["object: index ct.pets_name_idx on ct.pets", "pets_lower_name_idx"],
    ),
    (has_index, ("ct.owners", "pets_pk"), {}, ["index ct.pets_pk on ct.owners", "owners_pk"]),
    (hasnt_index, ("ct.pets", "pets_name_idx"), {}, None),
    (hasnt_index, ("ct.pets", "pets_pk"), {}, ["have: index pets_pk exists"]),
    (has_trigger, ("ct.pets", "pets_touch_trg"), {}, None),
    (
        has_trigger,
        ("ct.owners", "pets_touch_trg"),
        {},
        ["object: trigger pets_touch_trg on ct.owners", "triggers []"],
    ),
    (hasnt_trigger, ("ct.owners", "pets_touch_trg"), {}, None),
    (hasnt_trigger, ("ct.pets", "pets_touch_trg"), {}, ["have: trigger pets_touch_trg exists"]),
    (has_function, ("ct.weigh",), {}, None),
    (has_function, ("ct.weigh", ["bigint", "numeric"]), {}, None),
    (has_function, ("ct.weigh", ["int8", "decimal"]), {}, None),
    (
        has_function,
        ("ct.weigh", ["integer"]),
        {},
        ["object: function ct.weigh(integer)", "have: overloads ['weigh(bigint, numeric)']"],
    ),
    (hasnt_function, ("ct.weigh", ["integer"]), {}, None),
    (hasnt_function, ("ct.touch",), {}, ["have: function ct.touch exists"]),
    (has_extension, ("btree_gist",), {}, None),
    (has_extension, ("postgis",), {}, ["have: no extension postgis"]),
    (hasnt_extension, ("postgis",), {}, None),
    (hasnt_extension, ("btree_gist",), {}, ["have: extension btree_gist exists"]),
    (has_role, ("ct_reader",), {}, None),
    (has_role, ("ct_writer",), {}, ["Role ct_writer should exist", "have: no role ct_writer"]),
    (hasnt_role, ("ct_writer",), {}, None),
    (hasnt_role, ("ct_reader",), {}, ["have: role ct_reader exists", "want: no role ct_reader"]),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_existence(snap: CatalogSnapshot, case: Case) -> None:
    run_case(snap, case)


def test_a_description_replaces_the_default_one(snap: CatalogSnapshot) -> None:
    with pytest.raises(AssertionError, match=r"^owners are the heart of it\nobject: table ct\.owner"):
        has_table(snap, "ct.owner", "owners are the heart of it")


def test_a_partitioned_table_is_a_table(ct: psycopg.Connection[Any]) -> None:
    try:
        with ct.transaction(force_rollback=True):
            ct.execute("CREATE TABLE ct.logs (at date) PARTITION BY RANGE (at)")
            snap = refresh(ct)
            has_table(snap, "ct.logs")
            with pytest.raises(AssertionError, match=r"have: table ct\.logs exists"):
                hasnt_table(snap, "ct.logs")
    finally:
        refresh(ct)
