"""What violates an invariant, written once: ``sql/violations.sql`` holds one query per invariant of the
catalog, headed ``-- name: <invariant id>``, returning one text row per violation that says which rows
break the rule. The post-seed check, the race checker (``contention.Race``) and the tests read these
queries; nobody writes a second one. An invariant that rows at rest cannot show has ``not_in_data`` in
catalog.toml instead."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from fleetdb.sql_files import named_queries


def violation_queries() -> dict[str, str]:
    """Invariant id -> the query listing its violations (one text column), in file order."""
    return {
        invariant: block.rstrip().rstrip(";")
        for invariant, block in named_queries(__package__, "violations").items()
    }


def violation_query(invariant: str) -> str:
    queries = violation_queries()
    if invariant not in queries:
        raise KeyError(f"{invariant} has no violation query in invariants/sql/violations.sql")
    return queries[invariant]


def count_violations(
    conn: psycopg.Connection[Any], invariant: str, samples: int = 3
) -> tuple[int, tuple[str, ...]]:
    """How many rows violate the invariant, and the first ``samples`` of them."""
    counted = sql.SQL("SELECT count(*), (array_agg(v.detail))[1:{}] FROM ({}\n) AS v(detail)").format(
        sql.Literal(samples), sql.SQL(violation_query(invariant))
    )
    row = conn.execute(counted).fetchone()
    count, first = row if row else (0, None)
    return int(count), tuple(first or ())


def find_violations(conn: psycopg.Connection[Any], invariant: str) -> list[str]:
    """Every violation of the invariant in the database, one line each; [] when the rule holds."""
    return [str(row[0]) for row in conn.execute(sql.SQL(violation_query(invariant))).fetchall()]
