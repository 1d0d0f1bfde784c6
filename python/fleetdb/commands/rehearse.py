"""``fleetdb rehearse``: every change deployed, verified, reverted and redeployed with the real sqitch,
compared with catalog snapshots, over seeded data, with its locks measured and one deploy killed halfway;
then the invariant scenarios."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console

from fleetdb import processes
from fleetdb.commands.common import Context, parent_parser
from fleetdb.commands.rehearse_online import run_online
from fleetdb.handoff import handoff_environment
from fleetdb.lab import Lab
from fleetdb.project import reports_dir
from fleetdb.psql import psql_executable
from fleetdb.rehearsal import (
    ChangeRehearsal,
    RehearsalOptions,
    RehearsalReport,
    rehearse,
    seed_existing_tables,
)
from fleetdb.rehearsal.parallel import rehearse_in_parts
from fleetdb.rehearsal.target import refuse_unless_empty
from fleetdb.report.console import make_console, step
from fleetdb.report.rehearsal import render, write_report
from fleetdb.report.summary import INVARIANT_REPORTS, reports_line
from fleetdb.seed import BENCHMARK_SCALE
from fleetdb.sqitch import sqitch_executable

REHEARSAL_DB = "fleetdb_rehearsal"
SCENARIO_TEMPLATE = "fleetdb_scenarios"

SUMMARY = "rehearse every change of the plan: deploy, verify, revert and redeploy, compared exactly"
DESCRIPTION = (
    "Rehearse each change of sqitch.plan with the real sqitch, on throwaway PostgreSQL servers or on "
    "--target: deploy and verify it over seeded data, revert it and compare the catalog with the snapshot "
    "taken before the deploy, deploy it again and compare with the first deploy; record the locks it "
    "takes and the tables it rewrites; kill one deploy halfway and check that nothing of it is left. Then "
    "run the invariant scenarios. Writes reports/rehearsal.md and reports/rehearsal.json; exits 1 when a "
    "change fails."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "rehearse", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser()]
    )
    parser.add_argument(
        "--allow-changes",
        action="store_true",
        help="rehearse on a --target that is not empty: its pending changes are deployed, reverted and "
        "redeployed, rows are inserted into empty tables",
    )
    parser.add_argument("--kill-change", metavar="CHANGE", help="the change whose deploy is killed halfway")
    parser.add_argument("--no-kill", action="store_true", help="skip the killed-deploy scenario")
    parser.add_argument(
        "--no-seed", action="store_true", help="insert no rows (data checks see only existing rows)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=2,
        metavar="N",
        help="throwaway servers that rehearse parts of the plan side by side (default 2; 1: one server)",
    )
    parser.add_argument("--skip-scenarios", action="store_true", help="skip the invariant scenarios")
    online = parser.add_argument_group(
        "under load (the online rehearsal)",
        "Deploy the plan up to the released tag --from, seed it at --scale (or use the --target's own "
        "data), then deploy, revert and redeploy each later change with the real sqitch while an "
        "application workload runs through the persistence layer; judge each change against a budget. "
        "Writes reports/online.md (with online.svg) and reports/online.json; exits 1 when a change goes "
        "over budget.",
    )
    online.add_argument(
        "--under-load", action="store_true", help="rehearse the release under application load"
    )
    online.add_argument(
        "--from", dest="from_tag", metavar="TAG", help="the released tag production runs, e.g. @v1.0"
    )
    online.add_argument(
        "--scale",
        type=int,
        default=BENCHMARK_SCALE,
        help=f"seed at this scale (default {BENCHMARK_SCALE}: 1M rentals, 5M readings); 1 for a quick run",
    )
    online.add_argument(
        "--sessions", type=int, default=4, metavar="K", help="application sessions (default 4)"
    )
    online.add_argument(
        "--rate",
        type=float,
        default=40.0,
        metavar="OPS",
        help="operations per second offered, all sessions (default 40)",
    )
    online.add_argument(
        "--window",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="length of the baseline and of each window after a phase (default 30)",
    )
    online.add_argument(
        "--max-blocked-ms",
        type=float,
        default=200.0,
        metavar="MS",
        help="budget: the longest an application statement may wait on a change's lock (default 200)",
    )
    online.add_argument(
        "--max-p99-ratio",
        type=float,
        default=3.0,
        metavar="RATIO",
        help="budget: p99 during a step over p99 of the window before it (default 3; 0: not judged)",
    )
    online.add_argument(
        "--p99-floor-ms",
        type=float,
        default=100.0,
        metavar="MS",
        help="budget: a step's p99 under this is never over budget, whatever its ratio (default 100)",
    )
    online.add_argument(
        "--min-p99-ops",
        type=int,
        default=100,
        metavar="N",
        help="budget: the p99 of a step with fewer operations is not judged, too few samples (default 100)",
    )
    online.add_argument(
        "--max-errors",
        type=int,
        default=0,
        metavar="N",
        help="budget: application errors a step may cause (default 0)",
    )
    online.add_argument(
        "--no-revert",
        action="store_true",
        help="deploy only: a quick look, without the revert and the redeploy under load",
    )
    online.add_argument(
        "--app-target",
        metavar="TARGET",
        help="a login that is a member of fleetdb_app, for the workload (default: one made and dropped here)",
    )
    parser.set_defaults(
        func=run,
        on_interrupt="no report was written: {reports}/rehearsal.md and rehearsal.json are as the last "
        "complete run left them",
    )


def run(args: argparse.Namespace) -> int:
    """--target: rehearse on that database (refused unless it is empty) instead of throwaway servers."""
    console = make_console()
    context = Context.from_args(args)  # the plan, validated by sqitch, before any server starts
    sqitch_executable()
    psql_executable(context.project.client)
    if args.under_load or args.from_tag:
        return run_online(console, args, context)
    labs: list[Lab] = []
    try:
        if context.target is not None:
            refuse_unless_empty(context.target, args.allow_changes)
            report = _on_target(console, args, context)
        else:
            report = _on_throwaway(console, args, context, labs)
        render(report, console)
        write_report(report, reports_dir())
        written = ["rehearsal.md", "rehearsal.json"]
        status = 0 if report.ok else 1
        if not args.skip_scenarios:
            status = max(status, _run_invariant_scenarios(console, context, labs))
            written += [name for name in INVARIANT_REPORTS if (reports_dir() / name).exists()]
        console.print(reports_line(reports_dir(), written), soft_wrap=True, markup=False)
        return status
    finally:
        for lab in labs:
            lab.close()


def _on_throwaway(
    console: Console, args: argparse.Namespace, context: Context, labs: list[Lab]
) -> RehearsalReport:
    jobs = max(1, min(args.jobs, len(context.project.changes)))
    with step(console, f"starting {jobs} throwaway PostgreSQL server(s)"):
        for _ in range(jobs):
            labs.append(context.throwaway_lab())
    server = labs[0].server_version()
    console.print(f"[green]✓[/] the throwaway servers run {server}", highlight=False)
    databases = [lab.database(REHEARSAL_DB).create() for lab in labs]
    with console.status("rehearsing") as status:
        options = _options(console, args, context, databases[0].target, server, status.update)
        options.own_server = True  # the servers are this command's: their databases are compared too
        if jobs == 1:
            return rehearse(options)
        return rehearse_in_parts(databases, options)


def _on_target(console: Console, args: argparse.Namespace, context: Context) -> RehearsalReport:
    assert context.target is not None
    server = Lab.external(context.project, context.target, context.variables).server_version()
    console.print(f"rehearsing on {context.target} ({server})", highlight=False)
    with console.status("rehearsing") as status:
        return rehearse(_options(console, args, context, context.target, server, status.update))


def _options(
    console: Console,
    args: argparse.Namespace,
    context: Context,
    target: Any,
    server: str,
    update: Callable[[str], None],
) -> RehearsalOptions:
    def finished(change: ChangeRehearsal) -> None:
        mark = "[green]✓[/]" if change.ok else "[red]✗[/]"
        risk = f" [yellow]⚠ {len(change.risks)} risk(s)[/]" if change.risks else ""
        console.print(f"{mark} {change.change} [dim]({change.seconds:.1f}s deploy)[/]{risk}")

    return RehearsalOptions(
        project=context.project,
        target=target,
        variables=context.variables,
        seeder=None if args.no_seed else seed_existing_tables,
        kill=not args.no_kill,
        kill_change=args.kill_change,
        on_change=finished,
        progress=lambda message: update(f"rehearsing {message}"),
        server=server,
    )


def _run_invariant_scenarios(console: Console, context: Context, labs: list[Lab]) -> int:
    """The project's pytest scenarios marked ``invariant`` (its tests/ directory), against a template
    deployed on a throwaway server this command owns; the child pytest receives that lab and starts and
    deploys nothing, so it cannot leave a server behind."""
    tests = context.project.root / "tests"
    if not tests.is_dir():
        console.print(f"no invariant scenarios: {context.project.root} has no tests/ directory")
        return 0
    lab = labs[0] if labs else None
    if lab is None:
        lab = context.throwaway_lab()
        labs.append(lab)
    with step(console, "deploying the plan for the invariant scenarios"):
        template = lab.deploy_template(SCENARIO_TEMPLATE)
    console.print("running the invariant scenarios")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "fleetdb.plugins.invariants",
    ]
    command += ["--invariant-scenarios"]
    command += ["--invariant-report", str(tests)]
    env = {
        **os.environ,
        "FLEETDB_REPORTS": str(reports_dir().resolve()),
        **handoff_environment(lab, template),
    }
    result = processes.run(command, cwd=context.project.root, env=env)
    if result.returncode == 5:
        console.print("no test in tests/ is marked invariant")
        return 0
    return 0 if result.returncode == 0 else 1
