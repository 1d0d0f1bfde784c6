"""Row 2: the same catalog assertions through fleetdb and through pgTAP, on one database.

The assertion set is built from the deployed schema: existence of every schema, table, view, column,
index, trigger, function and role, every column's type and nullability, every primary and foreign key —
several hundred assertions, each with its pgTAP twin. fleetdb reads the catalog once per round into a
snapshot (the read is timed too); pgTAP runs one query per assertion, sent in a pipeline (as generous to
pgTAP as it gets: no round trip per assertion). Rounds alternate, and the figure is the median round.
Both sides must pass every assertion, or the run is void.

pgTAP is installed only in a throwaway clone of the template, dropped afterwards.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from fleetdb.bench.core import interleaved_medians
from fleetdb.bench.model import BenchRow
from fleetdb.catalog import CatalogSnapshot, snapshot_catalog
from fleetdb.contract import (
    col_is_fk,
    col_is_null,
    col_not_null,
    col_type_is,
    has_column,
    has_function,
    has_index,
    has_pk,
    has_role,
    has_schema,
    has_table,
    has_trigger,
    has_view,
    refresh,
)
from fleetdb.contract.core import qualify
from fleetdb.databases import Database
from fleetdb.errors import FleetdbError

Assertion = tuple[Callable[..., None], tuple[Any, ...], sql.Composed]
GOAL_RATIO = 2.0


@dataclass(frozen=True)
class ContractBenchFigures:
    assertions: int
    rounds: int
    fleetdb_ms: float  # median round, snapshot included
    pgtap_ms: float  # median round

    @property
    def fleetdb_per_second(self) -> float:
        return self.assertions / (self.fleetdb_ms / 1000)

    @property
    def pgtap_per_second(self) -> float:
        return self.assertions / (self.pgtap_ms / 1000)

    @property
    def ratio(self) -> float:
        return self.fleetdb_per_second / self.pgtap_per_second


def _argument(value: Any) -> sql.Composable:
    # pgTAP overloads on name[]; an untyped text[] would pick the single-name overload instead.
    return sql.SQL("{}::name[]").format(sql.Literal(value)) if isinstance(value, list) else sql.Literal(value)


def _call(function: str, *args: Any) -> sql.Composed:
    return sql.SQL("SELECT {}({})").format(sql.Identifier(function), sql.SQL(", ").join(map(_argument, args)))


def build_assertions(snap: CatalogSnapshot) -> list[Assertion]:
    """Every assertion twice: the fleetdb call and the pgTAP query, both expected to pass."""
    out: list[Assertion] = []
    for schema in sorted(snap.keys("schema")):
        out.append((has_schema, (schema,), _call("has_schema", schema)))
    for key, rel in sorted(snap.of_kind("relation").items()):
        schema, name = qualify(key)
        if rel["relkind"] == "table":
            out.append((has_table, (key,), _call("has_table", schema, name, f"table {key}")))
        elif rel["relkind"] == "view":
            out.append((has_view, (key,), _call("has_view", schema, name, f"view {key}")))
    for key, col in sorted(snap.of_kind("column").items()):
        schema, name = qualify(str(col["relation"]))
        column = key.rsplit(".", 1)[1]
        out.append((has_column, (col["relation"], column), _call("has_column", schema, name, column, "d")))
        out.append((col_type_is, (col["relation"], column, col["type"]),
                    _call("col_type_is", schema, name, column, col["type"], "d")))  # fmt: skip
        if col["not_null"]:
            out.append(
                (col_not_null, (col["relation"], column), _call("col_not_null", schema, name, column, "d"))
            )
        else:
            out.append(
                (col_is_null, (col["relation"], column), _call("col_is_null", schema, name, column, "d"))
            )
    for con in snap.of_kind("constraint").values():
        schema, name = qualify(str(con["table"]))
        if con["type"] == "primary key":
            out.append((has_pk, (con["table"],), _call("has_pk", schema, name, "d")))
        elif con["type"] == "foreign key":
            columns = list(con["columns"])
            out.append((col_is_fk, (con["table"], columns), _call("col_is_fk", schema, name, columns, "d")))
    for key, index in sorted(snap.of_kind("index").items()):
        schema, name = qualify(str(index["table"]))
        index_name = key.split(".", 1)[1]
        out.append(
            (has_index, (index["table"], index_name), _call("has_index", schema, name, index_name, "d"))
        )
    for trigger in snap.of_kind("trigger").values():
        schema, name = qualify(str(trigger["table"]))
        out.append((has_trigger, (trigger["table"], trigger["name"]),
                    _call("has_trigger", schema, name, trigger["name"], "d")))  # fmt: skip
    for function in snap.of_kind("function").values():
        out.append((has_function, (f"{function['schema']}.{function['name']}",),
                    _call("has_function", function["schema"], function["name"], "d")))  # fmt: skip
    for role in sorted(snap.keys("role")):
        out.append((has_role, (role,), _call("has_role", role, "d")))
    return out


def _fleetdb_round(conn: psycopg.Connection[Any], assertions: list[Assertion]) -> None:
    with conn.transaction(force_rollback=True):
        snap = refresh(conn)  # a fresh snapshot every round: reading the catalog is part of the cost
        for function, args, _ in assertions:
            function(snap, *args)


def _pgtap_round(conn: psycopg.Connection[Any], assertions: list[Assertion]) -> list[str]:
    with conn.transaction(force_rollback=True):
        conn.execute("SELECT no_plan()")
        with conn.pipeline():
            cursors = [conn.execute(query) for _, _, query in assertions]
        results = [str(row[0]) for cur in cursors for row in cur.fetchall()]
    return results


def contract_bench(template: Database, rounds: int = 7) -> ContractBenchFigures:
    database = template.clone()
    try:
        with database.connect() as conn:
            conn.execute("CREATE EXTENSION pgtap")  # throwaway clone only
            conn.commit()
            assertions = build_assertions(snapshot_catalog(conn))
            failed = [
                text.splitlines()[0] for text in _pgtap_round(conn, assertions) if not text.startswith("ok")
            ]
            if failed:
                raise FleetdbError(
                    f"pgTAP failed {len(failed)} of the benchmark's assertions, e.g. {failed[:3]}"
                )
            _fleetdb_round(conn, assertions)  # raises if fleetdb disagrees
            fleetdb_ms, pgtap_ms = interleaved_medians(
                lambda _: _fleetdb_round(conn, assertions), lambda _: _pgtap_round(conn, assertions), rounds
            )
        return ContractBenchFigures(len(assertions), rounds, fleetdb_ms, pgtap_ms)
    finally:
        database.drop()


def contract_rows(template: Database, rounds: int = 7) -> list[BenchRow]:
    figures = contract_bench(template, rounds)
    return [
        BenchRow(
            name="contract assertions per second, fleetdb vs pgTAP",
            value=round(figures.fleetdb_per_second),
            baseline=round(figures.pgtap_per_second),
            ratio=round(figures.ratio, 2),
            goal=f"fleetdb >= {GOAL_RATIO:g}x pgTAP",
            met=figures.ratio >= GOAL_RATIO,
            unit="assertions/s",
            note=f"{figures.assertions} catalog assertions, median of {rounds} interleaved rounds",
        )
    ]


def main(argv: list[str] | None = None) -> int:
    from fleetdb.lab import Lab
    from fleetdb.project import Project
    from fleetdb.report.console import make_console, step

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    parser.add_argument("--project", help="the Sqitch project directory (default: the current directory)")
    args = parser.parse_args(argv)
    console = make_console()
    with Lab.throwaway(Project.load(args.project)) as lab:
        with step(console, "deploying the plan into a template"):
            template = lab.deploy_template("fleetdb_bench_contracts")
        with step(console, f"running {args.rounds} interleaved rounds"):
            figures = contract_bench(template, args.rounds)
    console.print(
        f"{figures.assertions} catalog assertions, median of {figures.rounds} rounds\n"
        f"  fleetdb: {figures.fleetdb_per_second:10,.0f} assertions/s ({figures.fleetdb_ms:.1f} ms a round)\n"
        f"  pgTAP:   {figures.pgtap_per_second:10,.0f} assertions/s ({figures.pgtap_ms:.1f} ms a round)\n"
        f"  ratio:   {figures.ratio:.1f}x (goal >= {GOAL_RATIO:g}x)",
        highlight=False,
    )
    return 0 if figures.ratio >= GOAL_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
