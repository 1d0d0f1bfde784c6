"""Plan review: run each read path with EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) on seeded data
and hold the plan to three rules:

1. no sequential scan of a table with at least ``seq_scan_rows`` rows (pg_class.reltuples), and no
   index scan without an index condition that reads that many rows (the sequential scan in index
   order that a merge join can hide);
2. every index the path expects appears in the plan, when its table has at least ``seq_scan_rows``
   rows (below that a sequential scan is the right plan); a ``needs:`` index the schema lacks is
   reported as such;
3. the planner's row estimate is within ``estimate_factor`` of the actual rows, for the plan's root
   and for every node whose actual count is complete (not below a Limit or a merge join, not the
   inner side of a semi or anti join, not in an EXISTS subplan, not in a CTE that a Limit stops early:
   those stop early by design), once either count reaches ``estimate_floor`` rows.

Nothing is switched off to steer the planner: the plan is the one the application would get.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from fleetdb.plans.model import PathResult, Thresholds
from fleetdb.plans.paths import ReadPath, load_paths, load_samples
from fleetdb.sql_files import load_sql

_INDEX_NODES = {"Index Scan", "Index Only Scan", "Bitmap Index Scan"}
_EARLY_STOP_JOINS = {"Semi", "Anti"}
# A merge join stops reading one input when the other runs out.
_EARLY_STOP_NODES = {"Limit", "Merge Join"}


@dataclass(frozen=True)
class _Visit:
    node: dict[str, Any]
    counts_complete: bool


def walk(
    node: dict[str, Any], counts_complete: bool = True, ctes: dict[str, bool] | None = None
) -> Iterator[_Visit]:
    """Every node of a plan, with whether its actual row count is the whole result it would produce."""
    if ctes is None:
        ctes = _complete_ctes(node)
    yield _Visit(node, counts_complete)
    # A nested-loop semi or anti join stops each inner scan at its first match; a hash or merge one
    # builds (or reads) its inner side whole.
    early_stop_join = node.get("Join Type") in _EARLY_STOP_JOINS and node["Node Type"] == "Nested Loop"
    for child in node.get("Plans", []):
        complete = counts_complete and node["Node Type"] not in _EARLY_STOP_NODES
        if early_stop_join and child.get("Parent Relationship") == "Inner":
            complete = False
        name = str(child.get("Subplan Name", ""))
        if name.startswith(("EXISTS", "ANY")):
            complete = False
        if name.startswith("CTE "):
            # A CTE runs as far as its readers pull it: its count is whole only when every CTE Scan of
            # it is (one below a Limit stops it early; a recursive walk usually is).
            complete = counts_complete and ctes.get(name.removeprefix("CTE "), True)
        yield from walk(child, complete, ctes)


def _complete_ctes(root: dict[str, Any]) -> dict[str, bool]:
    """For each CTE of the plan, whether all its CTE Scans read it whole; a CTE read from another CTE
    depends on that one, so this settles over a few passes."""
    ctes: dict[str, bool] = {}
    for _ in range(8):
        scans: dict[str, bool] = {}
        for visit in walk(root, True, ctes):
            if visit.node["Node Type"] == "CTE Scan":
                cte = str(visit.node.get("CTE Name", ""))
                scans[cte] = scans.get(cte, True) and visit.counts_complete
        if scans == ctes:
            break
        ctes = scans
    return ctes


def _label(node: dict[str, Any]) -> str:
    label = str(node["Node Type"])
    if node.get("Join Type") and "Join" in label and node["Join Type"] != "Inner":
        label = label.replace("Join", f"{node['Join Type']} Join")
    if node.get("Index Name"):
        label += f" {node['Index Name']}"
    elif node.get("Relation Name"):
        label += f" {node.get('Schema', '')}.{node['Relation Name']}".replace(" .", " ")
    return label


def plan_shape(node: dict[str, Any]) -> str:
    """The plan as one line: ``Limit(Nested Loop(Index Scan a_idx, Index Scan b_idx))``."""
    children = node.get("Plans", [])
    inner = ", ".join(plan_shape(child) for child in children)
    return f"{_label(node)}({inner})" if children else _label(node)


def _table_rows(conn: psycopg.Connection[Any]) -> dict[str, float]:
    return {name: float(rows) for name, rows in conn.execute(load_sql(__package__, "table_rows")).fetchall()}


def _index_tables(conn: psycopg.Connection[Any]) -> dict[str, set[str]]:
    """Index name -> the tables that have an index of that name."""
    found: dict[str, set[str]] = {}
    for index, table in conn.execute(load_sql(__package__, "index_names")).fetchall():
        found.setdefault(index, set()).add(table)
    return found


def judge(
    result: PathResult,
    root: dict[str, Any],
    table_rows: dict[str, float],
    index_tables: dict[str, set[str]],
    thresholds: Thresholds,
) -> None:
    """Apply the three rules to an EXPLAIN (ANALYZE, FORMAT JSON) plan; adds to ``result.problems``."""
    used: list[str] = []
    read_tables: set[str] = set()
    for visit in walk(root):
        node = visit.node
        kind = node["Node Type"]
        if kind in _INDEX_NODES and node.get("Index Name") and node["Index Name"] not in used:
            used.append(node["Index Name"])
        table = f"{node.get('Schema', '')}.{node.get('Relation Name', '')}"
        if node.get("Relation Name"):
            read_tables.add(table)
        size = table_rows.get(table, 0.0)
        if kind == "Seq Scan" and size >= thresholds.seq_scan_rows:
            result.problems.append(
                f"sequential scan of {table} ({size:,.0f} rows, threshold {thresholds.seq_scan_rows:,})"
            )
        # An index read without a condition over as many rows as the threshold is a sequential scan
        # in index order (a merge join over a whole index hides there); under a Limit it reads a few.
        read = float(node.get("Actual Rows", 0)) * float(node.get("Actual Loops", 0))
        if (
            kind in ("Index Scan", "Index Only Scan")
            and not node.get("Index Cond")
            and read >= thresholds.seq_scan_rows
        ):
            result.problems.append(
                f"unbounded scan of index {node.get('Index Name')} on {table}: {read:,.0f} rows read "
                f"without an index condition (threshold {thresholds.seq_scan_rows:,})"
            )
        if visit.counts_complete and node.get("Actual Loops", 0) > 0:
            estimated = float(node.get("Plan Rows", 0))
            actual = float(node.get("Actual Rows", 0))
            high, low = max(estimated, actual), max(min(estimated, actual), 1.0)
            if high >= thresholds.estimate_floor and high / low > thresholds.estimate_factor:
                result.problems.append(
                    f"{_label(node)}: estimated {estimated:,.0f} rows, actual {actual:,.0f} "
                    f"(more than {thresholds.estimate_factor:g}x apart)"
                )
    result.indexes_used = used
    for expected in result.expect:
        # "a|b": either index serves the path (e.g. a primary key and a unique key that starts with it).
        alternatives = expected.split("|")
        if any(index in used for index in alternatives):
            continue
        existing = [index for index in alternatives if index in index_tables]
        if not existing:
            hint = f": the schema needs {result.needs}" if result.needs else ""
            result.problems.append(f"expected index {expected} does not exist{hint}")
            continue
        # Below the size threshold a sequential scan is the right plan: the index is not required. An index
        # name can be in several schemas (each module's outbox_events_unpublished_idx): the table sized is
        # the one the plan reads, not the biggest of that name.
        tables = {table for index in existing for table in index_tables[index]}
        size = max(table_rows.get(table, 0.0) for table in (tables & read_tables or tables))
        if size < thresholds.seq_scan_rows:
            result.notes.append(f"{expected} not required: its table has {size:,.0f} rows")
            continue
        result.problems.append(f"expected index {expected} is not used (plan: {plan_shape(root)})")


def sample_params(conn: psycopg.Connection[Any], path: ReadPath, samples: int = 1) -> list[dict[str, Any]]:
    """Parameter rows for a path from ``samples.sql`` (an empty dict when the path takes none)."""
    query = load_samples().get(path.sample_name)
    if query is None:
        return [{}]
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(sql.SQL(query), {"samples": samples}).fetchall()
    return rows or [{}]


def explain(conn: psycopg.Connection[Any], path: ReadPath, params: dict[str, Any]) -> dict[str, Any]:
    """EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) of a path, run twice so the figures are the
    warm ones; inside a transaction that is rolled back (claims take row locks)."""
    statement = sql.SQL("EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) {}").format(sql.SQL(path.sql))
    document: Any = None
    with conn.transaction(force_rollback=True):
        for _ in range(2):
            document = conn.execute(statement, params).fetchone()[0]  # type: ignore[index]
    if isinstance(document, str):
        document = json.loads(document)
    return dict(document[0])


def review_path(
    conn: psycopg.Connection[Any],
    path: ReadPath,
    thresholds: Thresholds,
    table_rows: dict[str, float],
    index_tables: dict[str, set[str]],
) -> PathResult:
    params = sample_params(conn, path)[0]
    result = PathResult(path.name, path.expect, needs=path.needs, params=params)
    try:
        document = explain(conn, path, params)
    except psycopg.Error as error:
        result.problems.append(f"the path failed: SQLSTATE {error.sqlstate}: {error.diag.message_primary}")
        return result
    root = document["Plan"]
    result.plan = document
    result.shape = plan_shape(root)
    result.rows = int(root.get("Actual Rows", 0))
    result.shared_hit = int(root.get("Shared Hit Blocks", 0))
    result.shared_read = int(root.get("Shared Read Blocks", 0))
    result.planning_ms = float(document.get("Planning Time", 0.0))
    result.execution_ms = float(document.get("Execution Time", 0.0))
    judge(result, root, table_rows, index_tables, thresholds)
    return result


def review_paths(
    conn: psycopg.Connection[Any],
    thresholds: Thresholds | None = None,
    paths: tuple[ReadPath, ...] | None = None,
) -> list[PathResult]:
    """Review every named path (or those given) on the database ``conn`` is connected to."""
    thresholds = thresholds or Thresholds()
    table_rows = _table_rows(conn)
    index_tables = _index_tables(conn)
    conn.commit()
    return [review_path(conn, path, thresholds, table_rows, index_tables) for path in (paths or load_paths())]
