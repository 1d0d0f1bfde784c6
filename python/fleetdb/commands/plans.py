"""``fleetdb plans``: the plan review of every named read path on seeded data.

With no arguments: a throwaway PostgreSQL 15, the plan deployed with ``sqitch deploy --verify``, seeded
at the default scale (large enough that the planner's choice means something, small enough to finish
in a few minutes), then each path run with EXPLAIN (ANALYZE, BUFFERS) and checked: no sequential scan of
a large table, the expected index used, estimates near the actual rows. The index catalog check
(foreign keys indexed, no duplicate or prefix index) runs on the same database.

``--target`` reviews an existing database as it is (a staging copy, say); with ``--scale`` as well, the
target is seeded first and must then be deployed and empty. Exit status 1 when a rule is broken.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

import psycopg
from rich.console import Console

from fleetdb.catalog import snapshot_catalog
from fleetdb.commands.common import Context, parent_parser, parse_target
from fleetdb.errors import FleetdbError, libpq_message
from fleetdb.plans import Thresholds, check_indexes, review_paths
from fleetdb.project import reports_dir
from fleetdb.report.console import make_console, step
from fleetdb.report.plans import render, write_report
from fleetdb.seed import seed_database
from fleetdb.sqitch import sqitch_executable

DEFAULT_SCALE = 20


SUMMARY = "review the query plans of the named read paths on seeded data"
DESCRIPTION = (
    "Run every named read path with EXPLAIN (ANALYZE, BUFFERS) on seeded data and check its plan: no "
    "sequential scan of a large table, the expected index used, row estimates near the actual rows; and "
    "check the indexes (every foreign key indexed, no duplicate or prefix index). With no --target: a "
    "throwaway server, the plan deployed, seeded at the default scale. With --target: that database as it "
    "is (a staging copy, say), seeded first when --scale is given (it must then be deployed and empty). "
    "Writes reports/plans.md and reports/plans.json; exits 1 when a rule is broken."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "plans", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser()]
    )
    parser.add_argument(
        "--scale", type=int, help=f"seed scale (default {DEFAULT_SCALE} on a throwaway server)"
    )
    parser.add_argument(
        "--seq-scan-rows",
        type=int,
        default=Thresholds.seq_scan_rows,
        metavar="N",
        help="a sequential scan of a table of N rows or more fails a path "
        f"(default {Thresholds.seq_scan_rows:,})",
    )
    parser.add_argument(
        "--estimate-factor",
        type=float,
        default=Thresholds.estimate_factor,
        metavar="X",
        help="an estimate off by more than X times the rows fails a path "
        f"(default {Thresholds.estimate_factor:g})",
    )
    parser.add_argument(
        "--workers", type=int, default=min(2, os.cpu_count() or 1), help="seeding connections"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = make_console()
    thresholds = Thresholds(seq_scan_rows=args.seq_scan_rows, estimate_factor=args.estimate_factor)
    target = parse_target(args)
    if target is not None:
        conninfo = target.conninfo
        seeded = seed_database(conninfo, args.scale, workers=args.workers).as_dict() if args.scale else None
        return review(console, conninfo, thresholds, {"scale": args.scale or "as found", "seed": seeded})
    scale = args.scale or DEFAULT_SCALE
    context = Context.from_args(args)
    sqitch_executable()
    with step(console, "starting a throwaway PostgreSQL server"):
        lab = context.throwaway_lab()
    with lab:
        with step(console, "sqitch deploy --verify"):
            database = lab.deploy("fleetdb_plans")
        seed = seed_database(database.conninfo(), scale, workers=args.workers)
        console.print(
            f"seeded {seed.rows:,} rows in {seed.load_seconds:.1f} s ({seed.rows_per_second:,.0f} rows/s), "
            f"VACUUM ANALYZE {seed.vacuum_seconds:.1f} s"
        )
        return review(console, database.conninfo(), thresholds, {"scale": scale, "seed": seed.as_dict()})


def review(console: Console, conninfo: str, thresholds: Thresholds, context: dict[str, Any]) -> int:
    try:
        conn = psycopg.connect(conninfo)
    except psycopg.OperationalError as error:
        raise FleetdbError(f"cannot connect to the target: {libpq_message(error)}") from None
    with conn:
        if conn.execute("SELECT to_regclass('rental.rentals') IS NULL").fetchone() == (True,):
            raise FleetdbError(f"{conn.info.dbname} has no rental.rentals: deploy the plan and seed it first")
        results = review_paths(conn, thresholds)
        index_problems = check_indexes(snapshot_catalog(conn, kinds=("constraint", "index")))
        context = {**context, "thresholds": thresholds, "database": conn.info.dbname}
    render(results, index_problems, console, context)
    md, js = write_report(results, index_problems, reports_dir(), context)
    console.print(f"written {md} and {js}", soft_wrap=True)
    return 0 if all(r.ok for r in results) and not index_problems else 1
