"""Trigger and function assertions."""

from __future__ import annotations

import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import (
    function_lang_is,
    function_returns,
    function_search_path_is,
    is_definer,
    is_strict,
    isnt_definer,
    trigger_is,
    volatility_is,
)
from tests.contract._support import Case, case_id, run_case

WEIGH = ("ct.weigh", ["bigint", "numeric"])
CASES: list[Case] = [
    (
        trigger_is,
        ("ct.pets", "pets_touch_trg", "ct.touch"),
        {"timing": "before", "events": ["update", "insert"], "level": "row", "constraint": False},
        None,
    ),
    (
        trigger_is,
        ("ct.pets", "pets_check_trg", "ct.touch"),
        {
            "timing": "AFTER",
            "events": ["INSERT"],
            "constraint": True,
            "deferrable": True,
            "initially_deferred": True,
        },
        None,
    ),
    (
        trigger_is,
        ("ct.pets", "pets_touch_trg", "ct.weigh"),
        {"timing": "after", "events": ["insert"]},
        [
            "Trigger pets_touch_trg on ct.pets should call ct.weigh",
            "object: trigger pets_touch_trg on ct.pets",
            "have: {function: ct.touch, timing: BEFORE, events: [INSERT, UPDATE]}",
            "want: {function: ct.weigh, timing: AFTER, events: [INSERT]}",
            "definition: CREATE TRIGGER pets_touch_trg",
        ],
    ),
    (trigger_is, ("ct.pets", "pets_touch_trg"), {"deferrable": True}, ["have: {deferrable: false}"]),
    (trigger_is, ("ct.owners", "pets_touch_trg"), {}, ["have: triggers []", "want: trigger pets_touch_trg"]),
    (function_returns, (*WEIGH, "numeric"), {}, None),
    (function_returns, ("ct.touch", None, "trigger"), {}, None),
    (
        function_returns,
        (*WEIGH, "integer"),
        {},
        [
            "Function ct.weigh(bigint, numeric) should return integer",
            "object: function ct.weigh(bigint, numeric)",
            "have: numeric",
            "want: integer",
        ],
    ),
    (
        function_returns,
        ("ct.nope", None, "integer"),
        {},
        ["have: no such function", "want: function ct.nope"],
    ),
    (  # the name exists with other argument types: the overloads there are, not "no such function"
        function_returns,
        ("ct.weigh", ["integer"], "numeric"),
        {},
        ["object: function ct.weigh(integer)", "have: overloads ['weigh(bigint, numeric)']"],
    ),
    (function_lang_is, (*WEIGH, "sql"), {}, None),
    (function_lang_is, ("ct.touch", None, "sql"), {}, ["have: plpgsql", "want: sql"]),
    (volatility_is, (*WEIGH, "STABLE"), {}, None),
    (volatility_is, ("ct.touch", None, "immutable"), {}, ["have: volatile", "want: immutable"]),
    (is_definer, WEIGH, {}, None),
    (is_definer, ("ct.touch",), {}, ["have: SECURITY INVOKER", "want: SECURITY DEFINER"]),
    (isnt_definer, ("ct.touch",), {}, None),
    (isnt_definer, WEIGH, {}, ["have: SECURITY DEFINER", "want: SECURITY INVOKER"]),
    (is_strict, WEIGH, {}, None),
    (is_strict, ("ct.touch",), {}, ["have: CALLED ON NULL INPUT", "want: STRICT"]),
    (function_search_path_is, (*WEIGH, "ct,pg_temp"), {}, None),
    (function_search_path_is, ("ct.touch", None, None), {}, None),
    (function_search_path_is, (*WEIGH, "public"), {}, ["have: ct, pg_temp", "want: public"]),
    (function_search_path_is, ("ct.touch", None, "ct, pg_temp"), {}, ["have: (none)", "want: ct, pg_temp"]),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_triggers_and_functions(snap: CatalogSnapshot, case: Case) -> None:
    run_case(snap, case)
