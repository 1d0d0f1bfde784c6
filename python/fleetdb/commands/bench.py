"""``fleetdb bench``: how fast the harness is and what the invariants cost, as side-by-side ratios."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from fleetdb.bench.bulk import bulk_rows
from fleetdb.bench.contracts import contract_rows
from fleetdb.bench.invariant_cost import invariant_cost_rows
from fleetdb.bench.isolation import isolation_rows
from fleetdb.bench.model import BenchRow, BenchRun
from fleetdb.bench.read_paths import read_path_rows
from fleetdb.bench.rehearsal import rehearsal_row
from fleetdb.bench.scaling import scaling_rows
from fleetdb.bench.seed_floor import SEED_FLOOR_QUICK_SCALE, SEED_FLOOR_SCALE, seed_floor_rows
from fleetdb.bench.suite import run_suite
from fleetdb.commands.common import Context, parent_parser, refuse_target
from fleetdb.instance import disk_runtime_root
from fleetdb.project import reports_dir
from fleetdb.report.bench import current_commit, machine_note, render, write_report
from fleetdb.report.console import make_console, step
from fleetdb.seed import BENCHMARK_SCALE

SECTIONS = (
    "isolation",
    "contracts",
    "invariants",
    "bulk",
    "scaling",
    "seeding",
    "read-paths",
    "rehearsal",
    "suite",
)

# Sections whose databases outgrow memory (millions of seeded rows): their server keeps its files on
# disk (disk_runtime_root). The others run where the test suite's servers do, in memory where it can,
# so the isolation rows measure what a test pays.
SEEDED_SECTIONS = ("scaling", "seeding", "read-paths")
MEMORY_SECTIONS = ("isolation", "contracts", "invariants", "bulk")

# The developers' guide's budget for `make test`'s pytest: "under about 3 minutes".
SUITE_BUDGET_SECONDS = 180

SUMMARY = "measure the harness and what the invariants cost, as ratios against baselines"
DESCRIPTION = (
    "Measure how fast the harness is (test isolation, contract assertions against pgTAP, the rehearsal, "
    "the whole test suite) and what the invariants cost (bookings, odometer readings, postings, read "
    "paths at scale), each as a ratio against its baseline, medians of repeated runs, with the machine "
    "noted. Writes reports/bench.md and reports/bench.json."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "bench", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser(target=False)]
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller sizes (a smoke run)")
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--scale", type=int, help="seed scale of the read-path section (default: benchmark)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = make_console()
    refuse_target(args, "it measures on throwaway servers of its own (fsync off), so runs compare")
    context = Context.from_args(args)
    project = context.project.root
    wanted = set(args.only or SECTIONS)
    rows: list[BenchRow] = []
    deploy_ms: float | None = None
    with step(console, "starting a throwaway PostgreSQL server and deploying the plan"):
        lab = context.throwaway_lab()
    with lab:
        server = lab.server_version()
        if wanted & set(MEMORY_SECTIONS):
            template = lab.deploy_template("fleetdb_bench_template")
        if "isolation" in wanted:
            with step(console, "isolation: rollback, clone, deploy per test"):
                isolation, deploy_ms = isolation_rows(template, lab, args.quick)
            rows += isolation
        if "contracts" in wanted:
            with step(console, "contract assertions: fleetdb vs pgTAP"):
                rows += contract_rows(template, rounds=3 if args.quick else 9)
        if "invariants" in wanted:
            with step(console, "invariant costs: booking, odometer, posting, day totals"):
                rows += invariant_cost_rows(template, args.quick)
        if "bulk" in wanted:
            with step(console, "bulk load: COPY of readings with every rule vs none"):
                rows += bulk_rows(template, project, args.quick)
    if wanted & set(SEEDED_SECTIONS):
        with step(console, "starting a throwaway PostgreSQL server on disk for the seeded sections"):
            lab = context.throwaway_lab(root=disk_runtime_root())
        with lab:
            template = lab.deploy_template("fleetdb_bench_template")
            if "scaling" in wanted:
                rows += scaling_rows(template, console, args.quick)
            if "seeding" in wanted:
                rows += seed_floor_rows(
                    template,
                    scale=SEED_FLOOR_QUICK_SCALE if args.quick else SEED_FLOOR_SCALE,
                    console=console,
                )
            if "read-paths" in wanted:
                rows += read_path_rows(
                    template,
                    scale=args.scale or (10 if args.quick else BENCHMARK_SCALE),
                    samples=30 if args.quick else 100,
                    console=console,
                )
    if "rehearsal" in wanted:
        with step(console, "rehearsing the whole plan, change by change"):
            rows.append(rehearsal_row(context.project, context.pg_bindir, context.variables))
    if "suite" in wanted:
        with step(console, "running the whole test suite"):
            seconds, count, failed = run_suite(project, reports_dir())
        rows.append(
            BenchRow(
                "make test: whole suite wall time",
                seconds,
                None,
                None,
                f"< {SUITE_BUDGET_SECONDS} s",
                seconds < SUITE_BUDGET_SECONDS and not failed,
                unit="s",
                note=f"{count} tests ({failed} failed), pytest -n 2 -m 'not long' on this machine "
                "(make test's selection), install and lint excluded",
            )
        )
        if deploy_ms is not None:
            naive = count * deploy_ms / 1000
            rows.append(
                BenchRow(
                    "isolation: suite vs a fresh sqitch deploy per test",
                    seconds,
                    naive,
                    naive / seconds,
                    "≥ 20x faster",
                    naive / seconds >= 20,
                    unit="s",
                    note=f"baseline = {count} tests x the per-test deploy cost",
                )
            )
    render(rows, console, server)
    run_info = BenchRun(
        datetime.now(UTC).isoformat(timespec="seconds"),
        machine_note(server),
        server,
        current_commit(project),
        sys.argv[1:],
    )
    md, _ = write_report(rows, reports_dir(), run_info)
    console.print(f"written {md} and {md.with_suffix('.json')}", soft_wrap=True)
    return 0
