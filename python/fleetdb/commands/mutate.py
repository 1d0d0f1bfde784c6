"""``fleetdb mutate``: take away each invariant's enforcing objects, one at a time, and expect its
scenarios to fail; a surviving mutant means a test that cannot fail, and exits non-zero."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fleetdb.catalog import CatalogSnapshot, snapshot_catalog
from fleetdb.commands.common import Context, parent_parser
from fleetdb.databases import Database
from fleetdb.errors import FleetdbError
from fleetdb.invariants.catalog import load_catalog
from fleetdb.lab import Lab
from fleetdb.mutation.engine import ForkLauncher, run_mutants
from fleetdb.mutation.model import MutantResult, write_results
from fleetdb.mutation.removal import removal_mutants
from fleetdb.mutation.scenarios import ScenarioRun
from fleetdb.project import reports_dir
from fleetdb.report.console import make_console, name_column, show_table, step, text_column
from fleetdb.report.invariants import merge_mutants, read_rows, render, write_report
from fleetdb.report.summary import INVARIANT_REPORTS, reports_line, write_summary

# Imported once by the parent so that each forked scenario run starts at once.
PRELOAD = ("hypothesis.stateful", "fleetdb.plugins.fixtures", "fleetdb.plugins.invariants")

SUMMARY = "show that each invariant's scenarios fail without the objects that enforce it"
DESCRIPTION = (
    "For every invariant of the catalog, take away each object that enforces it, one at a time, in a "
    "clone of the deployed database (drop a constraint, index or trigger, make a function do nothing, "
    "grant a forbidden privilege), and run the invariant's scenarios. A mutant no scenario notices "
    "survives: it means a test that cannot fail, and the command exits 1. Adds the mutant figures to "
    "reports/invariants.md and writes reports/mutants.json."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "mutate", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser()]
    )
    parser.add_argument(
        "--invariant", action="append", default=[], metavar="ID", help="only these invariants"
    )
    parser.add_argument("--jobs", type=int, default=2, help="mutants run at the same time (default 2)")
    parser.add_argument("--template", help="a deployed template database on --target (default: deploy one)")
    parser.add_argument(
        "--skip-baseline",
        action="store_true",
        help="do not first check that the scenarios pass without mutants (make test has just run them)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = make_console()
    context = Context.from_args(args)  # --target: a running server instead of a throwaway one
    catalog = load_catalog()
    unknown = sorted(set(args.invariant) - {inv.id for inv in catalog})
    if unknown:
        raise FleetdbError(f"not in the invariant catalog: {', '.join(unknown)}")
    if args.invariant:
        catalog = [inv for inv in catalog if inv.id in args.invariant]
    if args.template and not args.target:
        raise FleetdbError("--template names a database on the --target server: pass both")

    started = time.monotonic()
    with step(console, "starting a throwaway PostgreSQL server" if context.target is None else "connecting"):
        lab = context.lab()
    with lab:
        template = lab.existing(args.template) if args.template else _template(console, lab)
        scenarios = ScenarioRun(lab)
        with (
            step(console, "collecting the scenarios of each invariant"),
            tempfile.TemporaryDirectory() as tmp,
        ):
            scenarios.map_scenarios(Path(tmp))
        if not args.skip_baseline:
            _baseline(console, template, scenarios, [inv.id for inv in catalog])
        mutants = removal_mutants(catalog, _snapshot(template))
        results = _run_with_progress(console, template, mutants, scenarios, args.jobs)
        if not lab.owned and not args.template:  # ours, on someone else's server: clean up
            template.drop()

    reports = reports_dir()
    write_results(results, reports)
    _print_results(console, results)
    rows = read_rows(load_catalog(), reports)
    merge_mutants(rows, results)
    write_report(list(rows.values()), reports)
    write_summary(list(rows.values()), reports)
    render(list(rows.values()), console)
    killed = sum(r.outcome == "killed" for r in results)
    junit = ["junit.xml"] if (reports / "junit.xml").exists() else []  # the summary's test counts
    console.print(
        f"{killed} of {len(results)} mutants killed in {time.monotonic() - started:.0f}s; "
        f"{reports_line(reports, [*INVARIANT_REPORTS, 'mutants.json', *junit])}",
        soft_wrap=True,
    )
    return 0 if killed == len(results) else 1


def _template(console: Console, lab: Lab) -> Database:
    with step(console, "sqitch deploy --verify into the mutation template"):
        return lab.deploy_template("fleetdb_mutate_template")


def _snapshot(template: Database) -> CatalogSnapshot:
    with template.connect() as conn:
        return snapshot_catalog(conn, kinds=("relation", "constraint", "index", "trigger", "function"))


def _baseline(console: Console, template: Database, scenarios: ScenarioRun, ids: list[str]) -> None:
    """A mutant is only killed by a scenario that passes without it: check that they all pass first."""
    with step(console, f"running the scenarios of {len(ids)} invariants on the unmutated schema"):
        arguments = scenarios.arguments(ids, stop_at_first_failure=False) or ["--co", "-q"]
        command = [sys.executable, "-m", "pytest", *arguments]
        env = scenarios.environment(template)
        completed = subprocess.run(command, cwd=scenarios.project, env=env, capture_output=True, text=True)
    if completed.returncode not in (0, 5):
        tail = "\n".join((completed.stdout + completed.stderr).strip().splitlines()[-20:])
        raise FleetdbError(f"the scenarios fail on the unmutated schema; fix them first:\n{tail}")
    console.print("[green]✓[/] scenarios pass on the unmutated schema")


def _run_with_progress(
    console: Console, template: Database, mutants: list[Any], scenarios: ScenarioRun, jobs: int
) -> list[MutantResult]:
    """One line per mutant as it finishes. No live progress bar: its refresh thread must not be running
    when the scenario runs are forked."""
    done = 0

    def report(result: MutantResult) -> None:
        nonlocal done
        done += 1
        mark = "[green]killed[/]" if result.outcome == "killed" else f"[bold red]{result.outcome}[/]"
        console.print(
            f"[dim]{done:>3}/{len(mutants)}[/] {mark} {result.invariant}: {result.mutation}"
            f" [dim]({result.seconds}s) {escape(result.detail.removeprefix('FAILED '))}[/]",
            highlight=False,
        )

    return run_mutants(
        template, mutants, scenarios, jobs=jobs, on_result=report, launcher=ForkLauncher(PRELOAD)
    )


def _print_results(console: Console, results: list[MutantResult]) -> None:
    survivors = [r for r in results if r.outcome != "killed"]
    if not survivors:
        return
    table = Table(
        name_column("invariant"),
        text_column("mutation"),
        text_column("outcome"),
        text_column("why"),
        title="Mutants not killed",
        title_style="bold red",
    )
    for result in survivors:
        cells = (result.invariant, result.mutation, result.outcome, result.detail)
        table.add_row(*(escape(cell) for cell in cells), style="red")
    show_table(console, table)
