"""Plans and timing: which indexes a query's plan uses, no sequential scans, and execution time from
``EXPLAIN ANALYZE`` (the server's own measurement, not interval arithmetic on the client).

``EXPLAIN ANALYZE`` executes the statement, so it runs in a savepoint that is always rolled back.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Iterator
from typing import Any

import psycopg
from psycopg import sql
from psycopg.abc import Params

from fleetdb.contract.core import Query, assertion, check, describe


def _explain(
    conn: psycopg.Connection[Any], query: Query, params: Params | None, analyze: bool
) -> dict[str, Any]:
    options = "ANALYZE, TIMING OFF, FORMAT JSON" if analyze else "FORMAT JSON"
    statement = sql.SQL("EXPLAIN ({}) {}").format(
        sql.SQL(options),
        sql.SQL(query) if isinstance(query, str) else query,
    )
    with conn.transaction(force_rollback=True):
        row = conn.execute(statement, params).fetchone()
    assert row is not None
    plan: dict[str, Any] = row[0][0]
    return plan


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def _summary(plan: dict[str, Any]) -> list[str]:
    lines = []
    for node in _nodes(plan["Plan"]):
        target = node.get("Index Name") or node.get("Relation Name")
        lines.append(f"{node['Node Type']}" + (f" on {target}" if target else ""))
    return lines


def _text(query: Query) -> str:
    return query if isinstance(query, str) else repr(query)


def plan_indexes(conn: psycopg.Connection[Any], query: Query, params: Params | None = None) -> set[str]:
    plan = _explain(conn, query, params, analyze=False)
    return {str(node["Index Name"]) for node in _nodes(plan["Plan"]) if "Index Name" in node}


@assertion
def uses_index(
    conn: psycopg.Connection[Any],
    query: Query,
    index: str,
    params: Params | None = None,
    description: str | None = None,
) -> None:
    """The plan uses index ``index`` (bare name) in some scan node."""
    plan = _explain(conn, query, params, analyze=False)
    used = {str(node["Index Name"]) for node in _nodes(plan["Plan"]) if "Index Name" in node}
    desc = describe(description, f"The query's plan should use index {index}")
    check(index in used, f"query {_text(query)}", desc, _summary(plan), f"a scan using {index}")


@assertion
def no_seq_scan(
    conn: psycopg.Connection[Any],
    query: Query,
    params: Params | None = None,
    tables: Iterable[str] | None = None,
    description: str | None = None,
) -> None:
    """No sequential scan in the plan (only of ``tables``, bare names, when given)."""
    plan = _explain(conn, query, params, analyze=False)
    only = None if tables is None else set(tables)
    scans = [
        str(node["Relation Name"])
        for node in _nodes(plan["Plan"])
        if node["Node Type"] == "Seq Scan" and (only is None or node["Relation Name"] in only)
    ]
    desc = describe(description, "The query's plan should have no sequential scan")
    check(not scans, f"query {_text(query)}", desc, _summary(plan), "no Seq Scan", seq_scans=scans)


def execution_times(
    conn: psycopg.Connection[Any], query: Query, params: Params | None = None, runs: int = 5
) -> list[float]:
    """``Execution Time`` (ms) of ``runs`` EXPLAIN ANALYZE runs, each rolled back."""
    return [float(_explain(conn, query, params, analyze=True)["Execution Time"]) for _ in range(runs)]


@assertion
def performs_within(
    conn: psycopg.Connection[Any],
    query: Query,
    milliseconds: float,
    params: Params | None = None,
    runs: int = 5,
    description: str | None = None,
) -> None:
    """The median server-side execution time of ``runs`` runs is at most ``milliseconds``."""
    times = execution_times(conn, query, params, runs)
    median = statistics.median(times)
    desc = describe(description, f"The query should execute within {milliseconds} ms")
    check(
        median <= milliseconds,
        f"query {_text(query)}",
        desc,
        f"median {median:.3f} ms",
        f"at most {milliseconds} ms",
        runs=[f"{t:.3f}" for t in times],
    )
