"""Result sets, exceptions and plans run queries on the fixture connection (each test in a savepoint)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from psycopg import sql

from fleetdb.contract import (
    bag_eq,
    is_empty,
    isnt_empty,
    lives_ok,
    no_seq_scan,
    performs_within,
    results_eq,
    row_eq,
    set_eq,
    throws_ok,
    uses_index,
)
from tests.contract._support import Case, case_id, run_case

NAMES = "SELECT name FROM ct.pets ORDER BY id"
OVERLAP = "INSERT INTO ct.pets (owner_id, name, stay) VALUES (1, 'rex2', '[2026-01-02,2026-01-03)')"
CASES: list[Case] = [
    (results_eq, (NAMES, [("rex",), ("tom",), ("kit",)]), {}, None),
    (results_eq, (NAMES, "VALUES ('rex'), ('tom'), ('kit')"), {}, None),
    (
        results_eq,
        ("SELECT name FROM ct.pets WHERE owner_id = %s ORDER BY id", [("rex",), ("tom",)], [1]),
        {},
        None,
    ),
    (
        results_eq,
        (NAMES, [("rex",), ("tim",), ("kit",), ("zed",), ("amy",)]),
        {},
        [
            "The query should return exactly these rows in this order",
            "object: query SELECT name FROM ct.pets",
            "row 2: have ('tom',)",
            "want ('tim',)",
            "missing: [row 4: ('zed',), row 5: ('amy',)]",
            "rows: have 3, want 5",
        ],
    ),
    (
        results_eq,
        (NAMES, [("kit",), ("rex",), ("tom",)]),
        {},
        ["row 1: have ('rex',)", "row 3: have ('kit',)"],
    ),
    (results_eq, (NAMES, [("rex",)]), {}, ["extra: [row 2: ('tom',), row 3: ('kit',)]"]),
    (set_eq, ("SELECT owner_id FROM ct.pets", [(2,), (1,)]), {}, None),
    (
        set_eq,
        ("SELECT name FROM ct.pets", [("rex",), ("amy",), ("bo",)]),
        {},
        [
            "The query should return this set of rows",
            "missing: [('amy',), ('bo',)]",
            "extra: [('kit',), ('tom',)]",
        ],
    ),
    (bag_eq, ("SELECT owner_id FROM ct.pets", [(2,), (1,), (1,)]), {}, None),
    (
        bag_eq,
        ("SELECT owner_id FROM ct.pets", [(1,), (2,), (2,)]),
        {},
        ["missing: [(2,) x1]", "extra: [(1,) x1]"],
    ),
    (row_eq, ("SELECT email, nickname FROM ct.owners WHERE id = 1", ("ann@example.org", "ann")), {}, None),
    (
        row_eq,
        ("SELECT email, nickname FROM ct.owners WHERE id = 2", ("bob@example.org", "bob")),
        {},
        ["have: ('bob@example.org', None)", "want: ('bob@example.org', 'bob')"],
    ),
    (
        row_eq,
        ("SELECT email FROM ct.owners", ("ann@example.org",)),
        {},
        ["have: [('ann@example.org',), ('bob@example.org',)]"],
    ),
    (is_empty, ("SELECT * FROM ct.visits",), {}, None),
    (
        is_empty,
        ("SELECT name FROM ct.pets WHERE owner_id = 2",),
        {},
        ["The query should return no rows", "have: 1 rows", "extra: [('kit',)]"],
    ),
    (isnt_empty, ("SELECT * FROM ct.pets",), {}, None),
    (isnt_empty, ("SELECT * FROM ct.visits",), {}, ["have: no rows", "want: at least one row"]),
    (
        throws_ok,
        (OVERLAP,),
        {
            "sqlstate": "23P01",
            "constraint": "pets_no_double_stay_excl",
            "message": 'conflicting key value violates exclusion constraint "pets_no_double_stay_excl"',
            "detail_like": r"conflicts with existing key",
        },
        None,
    ),
    (throws_ok, ("SELECT 1/0",), {"sqlstate": "22012", "message_like": "division"}, None),
    (
        throws_ok,
        (OVERLAP,),
        {"sqlstate": "23505", "constraint": "pets_name_uq"},
        [
            "object: statement INSERT INTO ct.pets",
            "have: {sqlstate: 23P01, constraint: pets_no_double_stay_excl,",
            "want: {sqlstate: 23505, constraint: pets_name_uq}",
        ],
    ),
    (throws_ok, ("SELECT 1",), {"sqlstate": "22012"}, ["have: no error", "want: {sqlstate: 22012}"]),
    (throws_ok, ("SELECT 1/0",), {"detail_like": "never"}, ["want: {detail like: never}"]),
    (lives_ok, ("SELECT 1",), {}, None),
    (lives_ok, (OVERLAP,), {}, ["The statement should run", "have: {sqlstate: 23P01", "want: no error"]),
    (uses_index, ("SELECT * FROM ct.pets WHERE id = %s", "pets_pk", [1]), {}, None),
    (
        uses_index,
        ("SELECT * FROM ct.pets WHERE weight > 1", "pets_pk"),
        {},
        [
            "The query's plan should use index pets_pk",
            "have: [Seq Scan on pets]",
            "want: a scan using pets_pk",
        ],
    ),
    (no_seq_scan, ("SELECT * FROM ct.pets WHERE id = 1",), {}, None),
    (
        no_seq_scan,
        ("SELECT * FROM ct.pets p JOIN ct.owners o ON o.id = p.owner_id WHERE p.id = 1",),
        {"tables": ["pets"]},
        None,
    ),
    (
        no_seq_scan,
        ("SELECT * FROM ct.pets WHERE weight > 1",),
        {},
        ["have: [Seq Scan on pets]", "seq scans: [pets]"],
    ),
    (performs_within, ("SELECT count(*) FROM ct.pets", 1000), {}, None),
    (
        performs_within,
        ("SELECT pg_sleep(0.02)", 5),
        {"runs": 1},
        ["The query should execute within 5 ms", "want: at most 5 ms", "runs: ["],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_queries(ct: psycopg.Connection[Any], case: Case) -> None:
    run_case(ct, case)


def test_the_transaction_stays_usable_after_an_expected_error(ct: psycopg.Connection[Any]) -> None:
    error = throws_ok(ct, OVERLAP, sqlstate="23P01")
    assert error.diag.table_name == "pets"
    isnt_empty(ct, "SELECT * FROM ct.pets")


def test_explain_analyze_of_a_write_is_rolled_back(ct: psycopg.Connection[Any]) -> None:
    performs_within(ct, "DELETE FROM ct.visits", 1000, runs=1)
    performs_within(ct, "INSERT INTO ct.visits VALUES (1, 1, 'x')", 1000, runs=2)  # second run: no duplicate
    is_empty(ct, "SELECT * FROM ct.visits")


def test_composed_statements_are_accepted(ct: psycopg.Connection[Any]) -> None:
    query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier("ct", "pets"))
    row_eq(ct, query, (3,))
    uses_index(ct, sql.SQL("SELECT * FROM ct.pets WHERE id = {}").format(sql.Literal(1)), "pets_pk")
