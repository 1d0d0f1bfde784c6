"""``fleetdb mutate``: remove or weaken each invariant's enforcing objects, one mutant at a time, and
expect its scenarios to fail; a surviving mutant means a test that cannot fail, and exits non-zero."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fleetdb.bench.model import BenchRun
from fleetdb.catalog import CatalogSnapshot, snapshot_catalog
from fleetdb.commands.common import Context, parent_parser
from fleetdb.databases import Database
from fleetdb.errors import FleetdbError
from fleetdb.invariants.catalog import load_catalog
from fleetdb.lab import Lab
from fleetdb.mutation.engine import ForkLauncher, run_mutants
from fleetdb.mutation.equivalents import load_equivalents, load_survivors
from fleetdb.mutation.harness import (
    HARNESS_EQUIVALENTS_PATH,
    TARGETS,
    MetaResult,
    meta_mutants,
    run_meta_mutants,
)
from fleetdb.mutation.model import (
    MutantResult,
    MutationRun,
    read_results_file,
    read_run_report,
    write_results,
    write_run_report,
)
from fleetdb.mutation.plan import SNAPSHOT_KINDS, gate, plan_mutants
from fleetdb.mutation.scenarios import ScenarioRun
from fleetdb.mutation.verify_scripts import check_claims, results_as_dicts, verify_claims
from fleetdb.project import reports_dir
from fleetdb.report.bench import current_commit, load_summary, machine_note
from fleetdb.report.console import make_console, name_column, show_table, step, text_column
from fleetdb.report.invariants import merge_mutants, read_rows, render, write_report
from fleetdb.report.summary import INVARIANT_REPORTS, reports_line, write_summary
from fleetdb.results import read_run_results

# Imported once by the parent so that each forked scenario run starts at once.
PRELOAD = ("hypothesis.stateful", "fleetdb.plugins.fixtures", "fleetdb.plugins.invariants")

SUMMARY = "show that each invariant's scenarios fail when the objects that enforce it are removed or weakened"
DESCRIPTION = (
    "For every invariant of the catalog, take away each object that enforces it (drop a constraint, "
    "index or trigger, make a function do nothing, grant a forbidden privilege) and weaken it at one "
    "site of its parsed SQL (a flipped operator, a dropped condition, one status missing from a list, "
    "a weaker lock, a widened grant ...), one mutant at a time in a clone of the deployed database, and "
    "run the invariant's scenarios. A mutant no scenario notices survives: it means a test that cannot "
    "fail, and the command exits 1 unless it is listed (equivalents.toml, survivors.toml; see "
    "docs/db/invariants.md). Adds the mutant figures to reports/invariants.md and writes "
    "reports/mutants.json. --verify-scripts and --harness mutate the verify scripts and the harness."
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
        "--kind",
        choices=("removal", "semantic", "all"),
        default="all",
        help="removal mutants (objects taken away), semantic ones (objects weakened), or both (default)",
    )
    parser.add_argument(
        "--sample",
        action="store_true",
        help="only the CI sample of the semantic mutants (a fixed third; docs/db/invariants.md)",
    )
    parser.add_argument("--operator", action="append", default=[], help="only mutants of this operator")
    parser.add_argument(
        "--survivors-of",
        metavar="MUTANTS_JSON",
        help="only the mutants not killed in that earlier report (e.g. reports/mutants.json; with --harness: "
        "reports/harness-mutants.json)",
    )
    parser.add_argument("--list", action="store_true", help="print the mutants and exit without running them")
    parser.add_argument(
        "--harness",
        action="store_true",
        help="instead: mutate the contract library, the catalog diff and the rehearsal judges (Python)",
    )
    parser.add_argument(
        "--module",
        action="append",
        default=[],
        help="with --harness: only this module (e.g. contract/schema_contract.py)",
    )
    parser.add_argument(
        "--verify-scripts",
        action="store_true",
        help="instead: break each property every verify script claims, and expect the script to fail",
    )
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
    modules = sorted(set(args.module) - set(TARGETS))
    if modules:
        raise FleetdbError(
            f"not a mutated harness module: {', '.join(modules)} (one of: {', '.join(TARGETS)})"
        )
    if args.template and not args.target:
        raise FleetdbError("--template names a database on the --target server: pass both")

    clock = RunClock(args.jobs, args.argv)
    started = clock.started
    with step(console, "starting a throwaway PostgreSQL server" if context.target is None else "connecting"):
        lab = context.lab()
    with lab:
        clock.server = lab.server_version()
        template = lab.existing(args.template) if args.template else _template(console, lab)
        scenarios = ScenarioRun(lab)
        if args.verify_scripts:
            return _verify_scripts(console, template, lab.project.root, clock)
        if args.harness:
            return _harness(console, lab, template, clock, args.operator, args.module, args.survivors_of)
        with (
            step(console, "collecting the scenarios of each invariant"),
            tempfile.TemporaryDirectory() as tmp,
        ):
            scenarios.map_scenarios(Path(tmp))
        snapshot = _snapshot(template)
        mutants = plan_mutants(catalog, snapshot, args.kind, args.sample, args.operator)
        if args.survivors_of:
            earlier = read_results_file(Path(args.survivors_of))
            alive = {r.id for r in earlier if r.outcome != "killed"}
            mutants = [m for m in mutants if m.id in alive]
        if args.list:
            for mutant in mutants:
                console.print(f"{mutant.id}  {escape(mutant.label)}", highlight=False, soft_wrap=True)
            return 0
        if not args.skip_baseline:
            _baseline(console, template, scenarios, [inv.id for inv in catalog])
        equivalents, survivors = load_equivalents(), load_survivors()
        listed: list[MutantResult] = []
        if args.sample:
            # The CI sample spends its time on mutants whose verdict can change; the listed ones (reviewed
            # equivalents, known survivors) are reported as listed, and make mutate runs them.
            listed = [
                _as_listed(m, equivalents, survivors)
                for m in mutants
                if m.id in equivalents or m.id in survivors
            ]
            mutants = [m for m in mutants if m.id not in equivalents and m.id not in survivors]
        results = _run_with_progress(
            console, template, mutants, scenarios, args.jobs, equivalents, survivors, clock
        )
        results += listed
        full = args.kind == "all" and not (
            args.sample or args.operator or args.invariant or args.survivors_of
        )
        generated = [m.id for m in plan_mutants(load_catalog(), snapshot)] if full else None
        if not lab.owned and not args.template:  # ours, on someone else's server: clean up
            template.drop()

    reports = reports_dir()
    write_results(results, reports, clock.finish(lab.project.root))
    _print_results(console, results)
    rows = read_rows(load_catalog(), reports)
    merge_mutants(rows, results)
    write_report(list(rows.values()), reports)
    write_summary(list(rows.values()), reports)
    render(list(rows.values()), console)
    killed = sum(r.outcome == "killed" for r in results)
    equivalent = sum(r.outcome == "equivalent" for r in results)
    known = sum(r.outcome == "survived" and r.id in survivors for r in results)
    problems = gate(results, equivalents, survivors, generated)
    for problem in problems:
        console.print(f"[bold red]✗[/] {escape(problem)}", highlight=False, soft_wrap=True)
    seconds = time.monotonic() - started
    junit = ["junit.xml"] if (reports / "junit.xml").exists() else []  # the summary's test counts
    console.print(
        f"{killed} of {len(results)} mutants killed, {equivalent} equivalent (listed with reasons), "
        f"{len(results) - killed - equivalent} not killed ({known} of them known survivors, survivors.toml), "
        f"in {seconds:.0f}s "
        f"({len(results) / max(seconds, 1) * 60:.0f} mutants per minute, {args.jobs} jobs); "
        f"{reports_line(reports, [*INVARIANT_REPORTS, 'mutants.json', *junit])}",
        soft_wrap=True,
    )
    return 1 if problems else 0


class RunClock:
    """When a run started, the load while it went on (sampled as mutants finish) and, at the end, the
    run's metadata for its report."""

    def __init__(self, jobs: int, arguments: list[str]) -> None:
        self.jobs = jobs
        self.arguments = arguments
        self.started = time.monotonic()
        self.started_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.server = "PostgreSQL (version not read)"
        self.samples = [os.getloadavg()[0]]

    def sample(self) -> None:
        self.samples.append(os.getloadavg()[0])

    def finish(self, project: Path) -> MutationRun:
        self.sample()
        run = BenchRun(
            datetime.now(UTC).isoformat(timespec="seconds"),
            machine_note(self.server),
            self.server,
            current_commit(project),
            self.arguments,
        )
        seconds = round(time.monotonic() - self.started, 1)
        return MutationRun(run, self.started_at, seconds, self.jobs, load_summary(self.samples))


def _as_listed(mutant: Any, equivalents: dict[str, str], survivors: dict[str, str]) -> MutantResult:
    if mutant.id in equivalents:
        return MutantResult.of(
            mutant, "equivalent", f"{equivalents[mutant.id]} (not run in the CI sample)", 0.0
        )
    missing = survivors[mutant.id]
    return MutantResult.of(
        mutant, "survived", f"known survivor, not run in the CI sample; missing: {missing}", 0.0
    )


def _harness(
    console: Console,
    lab: Lab,
    template: Database,
    clock: RunClock,
    operators: list[str],
    modules: list[str],
    survivors_of: str | None,
) -> int:
    """Each harness meta-mutant against its module's own tests; a survivor not listed in
    harness_equivalents.toml fails the run, and so does a listed one that is killed or not generated."""
    jobs = clock.jobs
    generated = meta_mutants()
    mutants = [
        m
        for m in generated
        if (not operators or m.operator in operators) and (not modules or m.module in modules)
    ]
    if survivors_of:
        alive = {r["id"] for r in _report_entries(Path(survivors_of)) if r.get("outcome") != "killed"}
        mutants = [m for m in mutants if m.id in alive]
    equivalents = load_equivalents(HARNESS_EQUIVALENTS_PATH)
    reports = reports_dir()
    reports.mkdir(parents=True, exist_ok=True)
    path = reports / "harness-mutants.json"
    finished: list[MetaResult] = []

    def report(result: MetaResult) -> None:
        finished.append(result)  # the report so far, rewritten each time: a stopped run keeps its verdicts
        clock.sample()
        write_run_report(path, [asdict(r) for r in finished], None)
        done = len(finished)
        colour = {"killed": "green", "equivalent": "yellow"}.get(result.outcome, "bold red")
        console.print(
            f"[dim]{done:>3}/{len(mutants)}[/] [{colour}]{result.outcome}[/] {escape(result.label)} "
            f"[dim]({result.seconds}s) {escape(result.detail)}[/]",
            highlight=False,
            soft_wrap=True,
        )

    results = run_meta_mutants(mutants, lab, template, jobs, report, equivalents)
    run = clock.finish(lab.project.root)
    write_run_report(path, [asdict(r) for r in results], run)
    problems = gate(results, equivalents, {}, [m.id for m in generated], "harness_equivalents.toml")
    for problem in problems:
        console.print(f"[bold red]✗[/] {escape(problem)}", highlight=False, soft_wrap=True)
    killed = sum(r.outcome == "killed" for r in results)
    equivalent = sum(r.outcome == "equivalent" for r in results)
    console.print(
        f"{killed} of {len(results)} harness meta-mutants killed, {equivalent} equivalent (listed with "
        f"reasons), {len(results) - killed - equivalent} not killed, in {run.seconds:.0f}s "
        f"({jobs} jobs); report: {path}",
        soft_wrap=True,
    )
    return 1 if problems else 0


def _report_entries(path: Path) -> list[dict[str, Any]]:
    """The entries of an earlier harness report (with or without its run); a clear error when it is
    not one."""
    entries = read_run_report(path)[1]
    if not all(isinstance(e, dict) and "id" in e for e in entries):
        raise FleetdbError(
            f"{path} is not a report of `fleetdb mutate --harness` (not a list of mutants with ids)"
        )
    return entries


def _verify_scripts(console: Console, template: Database, project: Path, clock: RunClock) -> int:
    """Every claim of every verify script broken in turn; a claim the script misses fails the run."""
    clone = template.clone()
    try:
        with clone.connect() as conn:
            claims = verify_claims(project, snapshot_catalog(conn, kinds=SNAPSHOT_KINDS))
            with step(console, f"breaking {len(claims)} claims of the verify scripts, one at a time"):
                results = check_claims(conn, project, claims)
    finally:
        clone.drop()
    reports = reports_dir()
    reports.mkdir(parents=True, exist_ok=True)
    path = reports / "verify-mutants.json"
    run = clock.finish(project)
    write_run_report(path, results_as_dicts(results), run)
    missed = [r for r in results if r.verdict != "detected"]
    for r in missed:
        console.print(
            f"[bold red]✗[/] {r.change}: {escape(r.check)}: {escape(r.property)}: "
            f"{r.verdict} ({escape(r.detail)})",
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        f"{len(results) - len(missed)} of {len(results)} verify-script claims detected in "
        f"{run.seconds:.0f}s; report: {path}",
        soft_wrap=True,
    )
    return 1 if missed else 0


def _template(console: Console, lab: Lab) -> Database:
    with step(console, "sqitch deploy --verify into the mutation template"):
        return lab.deploy_template("fleetdb_mutate_template")


def _snapshot(template: Database) -> CatalogSnapshot:
    with template.connect() as conn:
        return snapshot_catalog(conn, kinds=SNAPSHOT_KINDS)


def _baseline(console: Console, template: Database, scenarios: ScenarioRun, ids: list[str]) -> None:
    """A mutant is only killed by a scenario that passes without it: check that they all pass first."""
    with (
        step(console, f"running the scenarios of {len(ids)} invariants on the unmutated schema"),
        tempfile.TemporaryDirectory(prefix="fleetdb-baseline-") as scratch,
    ):
        results_file = Path(scratch) / "results.json"
        arguments = scenarios.arguments(ids, stop_at_first_failure=False) or ["--co", "-q"]
        command = [sys.executable, "-m", "pytest", *arguments, "--fleetdb-results", str(results_file)]
        env = scenarios.environment(template)
        completed = subprocess.run(command, cwd=scenarios.project, env=env, capture_output=True, text=True)
        results = read_run_results(results_file)
    if completed.returncode not in (0, 5):
        failing = [f"  {r.describe()}: {r.message}" for r in (results.failures if results else [])]
        listed = "\n".join(failing) or f"  pytest exited {completed.returncode} without results"
        raise FleetdbError(f"the scenarios fail on the unmutated schema; fix them first:\n{listed}")
    console.print("[green]✓[/] scenarios pass on the unmutated schema")


def _run_with_progress(
    console: Console,
    template: Database,
    mutants: list[Any],
    scenarios: ScenarioRun,
    jobs: int,
    equivalents: dict[str, str],
    survivors: dict[str, str],
    clock: RunClock,
) -> list[MutantResult]:
    """One line per mutant as it finishes. No live progress bar: its refresh thread must not be running
    when the scenario runs are forked."""
    done = 0

    def report(result: MutantResult) -> None:
        nonlocal done
        done += 1
        clock.sample()
        colour = {"killed": "green", "equivalent": "yellow"}.get(result.outcome, "bold red")
        mark = f"[{colour}]{result.outcome}[/]"
        console.print(
            f"[dim]{done:>3}/{len(mutants)}[/] {mark} {result.invariant}: {result.mutation}"
            f" [dim]({result.seconds}s) {escape(result.detail)}[/]",
            highlight=False,
        )

    return run_mutants(
        template, mutants, scenarios, jobs, report, ForkLauncher(PRELOAD), equivalents, survivors
    )


def _print_results(console: Console, results: list[MutantResult]) -> None:
    survivors = [r for r in results if r.outcome not in ("killed", "equivalent")]
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
