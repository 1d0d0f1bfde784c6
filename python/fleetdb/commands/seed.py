"""``fleetdb seed --scale N --target T``: fill a freshly deployed database with consistent data.

The target is required: a seed writes millions of rows, so fleetdb never picks a database on its own
(``fleetdb plans`` seeds a throwaway server when you only want to look). The database must be deployed
(``sqitch deploy``) and empty; connect as the schema owner or a superuser. Every trigger and constraint
stays in force, and the seeded data is then checked against every data-level invariant of the catalog.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

import psycopg
from rich.console import Console
from rich.table import Table

from fleetdb.commands.common import parent_parser, parse_target
from fleetdb.errors import FleetdbError
from fleetdb.project import reports_dir
from fleetdb.report.console import make_console, name_column, show_table, step, text_column
from fleetdb.seed import CheckResult, SeedResult, check_seeded_data, seed_database

SUMMARY = "fill a freshly deployed, empty database with realistic data"
DESCRIPTION = (
    "Fill the --target database with consistent, realistic data at --scale (1: a small company; 1000: the "
    "benchmark scale). The target is required, because a seed writes millions of rows; fleetdb plans "
    "seeds a throwaway server when you only want to look. The database must be deployed (sqitch deploy) "
    "and empty; connect as the schema owner or a superuser. Every trigger and constraint stays in force, "
    "and the seeded data is then checked against every data-level invariant of the catalog."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "seed", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser()]
    )
    parser.add_argument(
        "--scale", type=int, default=1, help="1: a small company (tests); 1000: the benchmark scale"
    )
    parser.add_argument(
        "--workers", type=int, default=min(2, os.cpu_count() or 1), help="connections seeding in parallel"
    )
    parser.add_argument("--no-check", action="store_true", help="skip the post-seed invariant check")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.target:
        raise FleetdbError(
            "name the database to fill: --target db:pg://user@host:port/dbname (a deployed, empty database); "
            "fleetdb never seeds a database it guessed. To look at seeded data on a throwaway server, "
            "run fleetdb plans --scale N"
        )
    if args.scale < 1:
        raise FleetdbError(f"--scale must be at least 1, not {args.scale}")
    console = make_console()
    target = parse_target(args)
    assert target is not None
    if not target.dbname:
        raise FleetdbError(f"the target {target} names no database: add /dbname or dbname=...")
    conninfo = target.conninfo
    result = seed_database(conninfo, args.scale, workers=args.workers)
    print_seed_summary(console, result)
    checks: list[CheckResult] = []
    if not args.no_check:
        with (
            step(console, "checking the seeded data against the invariant catalog"),
            psycopg.connect(conninfo) as conn,
        ):
            checks = check_seeded_data(conn)
        print_checks(console, checks)
    path = reports_dir() / "seed.json"
    path.write_text(
        json.dumps({**result.as_dict(), "checks": [c.__dict__ for c in checks]}, indent=2, default=str)
    )
    console.print(f"written {path}", soft_wrap=True)
    return 0 if all(check.ok for check in checks) else 1


def print_seed_summary(console: Console, result: SeedResult) -> None:
    table = Table(
        name_column("table"),
        text_column("inserted", justify="right"),
        text_column("updated", justify="right"),
        title=f"seeded scale {result.sizes.scale}",
        show_edge=False,
    )
    for name, count in sorted(result.inserted.items(), key=lambda item: -item[1]):
        if count or result.updated.get(name):
            table.add_row(name, f"{count:,}", f"{result.updated.get(name, 0):,}")
    show_table(console, table)
    console.print(
        f"{result.rows:,} rows in {result.load_seconds:.1f} s = "
        f"[bold]{result.rows_per_second:,.0f} rows/s[/] ({result.workers} connection(s)); "
        f"VACUUM ANALYZE {result.vacuum_seconds:.1f} s"
    )


def print_checks(console: Console, checks: list[CheckResult]) -> None:
    failed = [check for check in checks if not check.ok]
    for check in failed:
        console.print(
            f"[red]✗ {check.invariant}[/]: {check.violations} violation(s), e.g. {'; '.join(check.samples)}"
        )
    seconds = sum(check.seconds for check in checks)
    verdict = "[green]all hold[/]" if not failed else f"[red]{len(failed)} violated[/]"
    console.print(f"invariant check of the data: {len(checks)} invariants, {verdict} ({seconds:.1f} s)")
