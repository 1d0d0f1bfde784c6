"""Result sets: ordered, as sets, as bags, one row, empty or not. Failures list every missing and extra
row (and, for ordered results, every position that differs), not only the first difference."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import psycopg
from psycopg import sql
from psycopg.abc import Params

from fleetdb.contract.core import ContractFailure, Query, assertion, check, describe

Rows = Sequence[Sequence[Any]]


def _freeze(value: Any) -> Any:
    """Rows compare as tuples; JSON arrays and objects in them become hashable too."""
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, Mapping):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


def _query_text(query: Query) -> str:
    return query if isinstance(query, str) else repr(query)


def fetch_rows(
    conn: psycopg.Connection[Any], query: Query, params: Params | None = None
) -> list[tuple[Any, ...]]:
    with conn.cursor() as cur:
        cur.execute(query, params)
        return [tuple(_freeze(v) for v in row) for row in cur.fetchall()] if cur.description else []


def _expected(conn: psycopg.Connection[Any], expected: Query | Rows) -> list[tuple[Any, ...]]:
    if isinstance(expected, str | sql.SQL | sql.Composed):
        return fetch_rows(conn, expected)
    return [tuple(_freeze(v) for v in row) for row in expected]


def _fail(query: Query, desc: str, lines: list[tuple[str, Any]]) -> None:
    raise ContractFailure(f"query {_query_text(query)}", desc, lines)


@assertion
def results_eq(
    conn: psycopg.Connection[Any],
    query: Query,
    expected: Query | Rows,
    params: Params | None = None,
    description: str | None = None,
) -> None:
    """The same rows in the same order; ``expected`` is rows or another query."""
    desc = describe(description, "The query should return exactly these rows in this order")
    have, want = fetch_rows(conn, query, params), _expected(conn, expected)
    if have == want:
        return
    lines: list[tuple[str, Any]] = []
    for position, (got, wanted) in enumerate(zip(have, want, strict=False), start=1):
        if got != wanted:
            lines.append((f"row {position}", f"have {got!r}\nwant {wanted!r}"))
    if len(want) > len(have):
        lines.append(
            ("missing", [f"row {i}: {row!r}" for i, row in enumerate(want[len(have) :], len(have) + 1)])
        )
    if len(have) > len(want):
        lines.append(
            ("extra", [f"row {i}: {row!r}" for i, row in enumerate(have[len(want) :], len(want) + 1)])
        )
    lines.append(("rows", f"have {len(have)}, want {len(want)}"))
    _fail(query, desc, lines)


@assertion
def set_eq(
    conn: psycopg.Connection[Any],
    query: Query,
    expected: Query | Rows,
    params: Params | None = None,
    description: str | None = None,
) -> None:
    """The same distinct rows, in any order."""
    desc = describe(description, "The query should return this set of rows")
    have, want = set(fetch_rows(conn, query, params)), set(_expected(conn, expected))
    if have != want:
        _fail(
            query,
            desc,
            [("missing", sorted(map(repr, want - have))), ("extra", sorted(map(repr, have - want)))],
        )


@assertion
def bag_eq(
    conn: psycopg.Connection[Any],
    query: Query,
    expected: Query | Rows,
    params: Params | None = None,
    description: str | None = None,
) -> None:
    """The same rows with the same multiplicity, in any order."""
    desc = describe(description, "The query should return these rows, duplicates included")
    have, want = Counter(fetch_rows(conn, query, params)), Counter(_expected(conn, expected))
    if have != want:
        missing, extra = want - have, have - want
        _fail(
            query,
            desc,
            [
                ("missing", sorted(f"{row!r} x{n}" for row, n in missing.items())),
                ("extra", sorted(f"{row!r} x{n}" for row, n in extra.items())),
            ],
        )


@assertion
def row_eq(
    conn: psycopg.Connection[Any],
    query: Query,
    row: Sequence[Any],
    params: Params | None = None,
    description: str | None = None,
) -> None:
    """Exactly one row, equal to ``row``."""
    have = fetch_rows(conn, query, params)
    want = tuple(_freeze(v) for v in row)
    desc = describe(description, "The query should return exactly this row")
    check(
        have == [want],
        f"query {_query_text(query)}",
        desc,
        [repr(r) for r in have] if len(have) != 1 else repr(have[0]),
        repr(want),
    )


@assertion
def is_empty(
    conn: psycopg.Connection[Any], query: Query, params: Params | None = None, description: str | None = None
) -> None:
    desc = describe(description, "The query should return no rows")
    have = fetch_rows(conn, query, params)
    if have:
        _fail(
            query,
            desc,
            [("have", f"{len(have)} rows"), ("want", "no rows"), ("extra", [repr(r) for r in have])],
        )


@assertion
def isnt_empty(
    conn: psycopg.Connection[Any], query: Query, params: Params | None = None, description: str | None = None
) -> None:
    have = fetch_rows(conn, query, params)
    check(
        bool(have),
        f"query {_query_text(query)}",
        describe(description, "The query should return rows"),
        "no rows",
        "at least one row",
    )
