"""Constraint assertions: keys, foreign keys with actions, checks with expressions, exclusion, deferral."""

from __future__ import annotations

import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import (
    ContractFailure,
    constraint_is_deferrable,
    constraint_is_initially_deferred,
    constraint_is_initially_immediate,
    constraint_isnt_deferrable,
    fk_ok,
    has_check,
    has_exclusion,
    has_fk,
    has_pk,
    has_unique,
    hasnt_fk,
    hasnt_pk,
)
from fleetdb.contract.constraints import normalize_expression
from tests.contract._support import Case, case_id, run_case

EXCL = "pets_no_double_stay_excl"
CASES: list[Case] = [
    (has_pk, ("ct.owners",), {}, None),
    (
        has_pk,
        ("ct.heavy_pets",),
        {},
        ["Table ct.heavy_pets should have a primary key", "have: no primary key"],
    ),
    (hasnt_pk, ("ct.heavy_pets",), {}, None),
    (hasnt_pk, ("ct.owners",), {}, ["have: primary key ['owners_pk']"]),
    (has_fk, ("ct.pets",), {}, None),
    (has_fk, ("ct.owners",), {}, ["have: no foreign key"]),
    (hasnt_fk, ("ct.owners",), {}, None),
    (hasnt_fk, ("ct.pets",), {}, ["have: foreign keys ['pets_owner_fk']"]),
    (fk_ok, ("ct.pets", "owner_id", "ct.owners", "id"), {}, None),
    (
        fk_ok,
        ("ct.pets", "owner_id", "ct.owners", "id"),
        {"on_delete": "cascade", "match": "full", "on_update": "no action"},
        None,
    ),
    (
        fk_ok,
        ("ct.pets", "owner_id", "ct.owners", "id"),
        {"on_delete": "restrict"},
        [
            "ct.pets(owner_id) should reference ct.owners(id)",
            "object: foreign key ct.pets(owner_id)",
            "have: {references: ct.owners(id), on_delete: CASCADE}",
            "want: {references: ct.owners(id), on_delete: RESTRICT}",
        ],
    ),
    (
        fk_ok,
        ("ct.pets", "owner_id", "ct.owners", "id"),
        {"match": "simple"},
        ["have: {references: ct.owners(id), match: FULL}"],
    ),
    (fk_ok, ("ct.visits", "pet_id", "ct.owners", "id"), {}, ["have: {references: ct.pets(id)}"]),
    (
        fk_ok,
        ("ct.visits", "vet", "ct.owners", "id"),
        {},
        ["no foreign key on these columns", "(pet_id) -> ct.pets"],
    ),
    (has_check, ("ct.pets",), {}, None),
    (has_check, ("ct.pets", "pets_weight_positive_ck"), {}, None),
    (has_check, ("ct.pets",), {"expression": "weight > 0"}, None),
    (has_check, ("ct.pets", "pets_weight_positive_ck", "CHECK ((weight > (0)::numeric))"), {}, None),
    (
        has_check,
        ("ct.owners",),
        {},
        ["Table ct.owners should have check", "have: checks []", "want: check (any)"],
    ),
    (
        has_check,
        ("ct.owners", "owners_email_ck"),
        {},
        ["Table ct.owners should have check owners_email_ck", "want: check owners_email_ck"],
    ),
    (
        has_check,
        ("ct.owners",),
        {"expression": "email <> ''"},
        ["Table ct.owners should have check email <> ''", "have: no such check"],
    ),
    (
        has_check,
        ("ct.pets",),
        {"expression": "weight >= 0"},
        [
            "object: check on ct.pets",
            "have: [pets_weight_positive_ck: (weight > (0)::numeric)]",
            "want: weight >= 0",
        ],
    ),
    (has_unique, ("ct.owners",), {}, None),
    (has_unique, ("ct.owners", "email"), {}, None),
    (has_unique, ("ct.visits",), {}, ["have: no unique constraint", "want: a unique constraint"]),
    (has_unique, ("ct.owners", "nickname"), {}, ["have: [[email]]", "want: [nickname]"]),
    (
        has_exclusion,
        ("ct.pets", EXCL),
        {
            "elements": ["owner_id", "stay"],
            "operators": ["=", "&&"],
            "method": "gist",
            "predicate": "name <> 'ghost'",
        },
        None,
    ),
    (
        has_exclusion,
        ("ct.pets", EXCL),
        {"operators": ["=", "="], "method": "btree"},
        [
            "object: constraint ct.pets.pets_no_double_stay_excl",
            "have: {operators: [=, &&], method: gist}",
            "want: {operators: [=, =], method: btree}",
            "definition: EXCLUDE USING gist (owner_id WITH =, stay WITH &&)",
        ],
    ),
    (
        has_exclusion,
        ("ct.pets", EXCL),
        {"predicate": "name <> 'casper'"},
        ["have: {predicate: ((name)::text <> 'ghost'::text)}", "want: {predicate: name <> 'casper'}"],
    ),
    (has_exclusion, ("ct.pets", "pets_name_uq"), {}, ["have: unique", "want: exclusion"]),
    (
        has_exclusion,
        ("ct.pets", "pets_stay_excl"),
        {},
        ["have: constraints [", "want: constraint pets_stay_excl"],
    ),
    (constraint_is_deferrable, ("ct.pets", "pets_name_uq"), {}, None),
    (
        constraint_is_deferrable,
        ("ct.pets", "pets_owner_fk"),
        {},
        ["object: constraint ct.pets.pets_owner_fk", "have: NOT DEFERRABLE", "want: DEFERRABLE"],
    ),
    (constraint_isnt_deferrable, ("ct.pets", "pets_owner_fk"), {}, None),
    (
        constraint_isnt_deferrable,
        ("ct.pets", "pets_name_uq"),
        {},
        ["have: DEFERRABLE", "want: NOT DEFERRABLE"],
    ),
    (constraint_is_initially_deferred, ("ct.pets", "pets_name_uq"), {}, None),
    (
        constraint_is_initially_deferred,
        ("ct.pets", EXCL),
        {},
        ["have: INITIALLY IMMEDIATE", "want: INITIALLY DEFERRED"],
    ),
    (constraint_is_initially_immediate, ("ct.pets", EXCL), {}, None),
    (constraint_is_initially_immediate, ("ct.pets", "pets_name_uq"), {}, ["have: INITIALLY DEFERRED"]),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_constraints(snap: CatalogSnapshot, case: Case) -> None:
    run_case(snap, case)


@pytest.mark.parametrize(
    ("printed", "normal"),
    [
        ("CHECK ((weight > (0)::numeric))", "weight>0"),
        ("((a + 1) * (b + 1))", "(a+1)*(b+1)"),  # the outer pair only: the inner ones are not redundant
        ("(a + 1) * (b + 1)", "(a+1)*(b+1)"),
        # A mistyped pair is kept: only a matching outer pair around a balanced inside is redundant.
        ("(weight > 0]", "(weight>0]"),
        ("[weight > 0)", "[weight>0)"),
    ],
)
def test_only_redundant_outer_parentheses_are_dropped(printed: str, normal: str) -> None:
    assert normalize_expression(printed) == normal


def test_a_check_without_name_or_expression_is_described_without_either(snap: CatalogSnapshot) -> None:
    with pytest.raises(ContractFailure) as info:
        has_check(snap, "ct.owners")
    assert info.value.description == "Table ct.owners should have check"
