"""``fleetdb rehearse``: every change deployed, verified, reverted and redeployed with the real sqitch,
compared with catalog snapshots, over seeded data, with its locks measured and one deploy killed halfway;
then the invariant scenarios."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from fleetdb.databases import Database
from fleetdb.instance import Instance, start_instance
from fleetdb.project import project_dir, reports_dir
from fleetdb.rehearsal import (
    ChangeRehearsal,
    RehearsalOptions,
    RehearsalReport,
    rehearse,
    seed_existing_tables,
)
from fleetdb.rehearsal.parallel import rehearse_in_parts
from fleetdb.rehearsal.psql import psql_executable
from fleetdb.rehearsal.target import conninfo_from_uri, refuse_unless_empty
from fleetdb.report.rehearsal import render, write_report
from fleetdb.sqitch import read_plan, sqitch_executable

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
    parser: argparse.ArgumentParser = subparsers.add_parser("rehearse", help=SUMMARY, description=DESCRIPTION)
    parser.add_argument("--project", help="Sqitch project directory (default: this checkout)")
    parser.add_argument(
        "--target",
        metavar="db:pg://user@host:port/db",
        help="rehearse on this database instead of a throwaway server (refused unless it is empty)",
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
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = Console()
    project = project_dir(args.project)
    sqitch_executable()  # fail before starting a server when a tool is missing
    psql_executable()
    if args.target:
        conninfo = conninfo_from_uri(args.target)
        refuse_unless_empty(conninfo, args.target, args.allow_changes)
        report = _on_target(console, args, project, conninfo)
    else:
        report = _on_throwaway(console, args, project)
    render(report, console)
    markdown, _ = write_report(report, reports_dir())
    console.print(
        f"rehearsal report written to {markdown} and {markdown.with_suffix('.json')}", soft_wrap=True
    )
    status = 0 if report.ok else 1
    if args.skip_scenarios:
        return status
    return max(status, _run_invariant_scenarios(console, project))


def _on_throwaway(console: Console, args: argparse.Namespace, project: Path) -> RehearsalReport:
    jobs = max(1, min(args.jobs, len(read_plan(project))))
    instances: list[Instance] = []
    try:
        with console.status(f"starting {jobs} throwaway PostgreSQL 15 server(s)"):
            for _ in range(jobs):
                instances.append(start_instance())
        console.print(
            f"[green]✓[/] throwaway PostgreSQL on port(s) {', '.join(str(i.port) for i in instances)}"
        )
        databases = [Database(instance, "fleetdb_rehearsal").create() for instance in instances]
        with console.status("rehearsing") as status:
            options = _options(console, args, project, databases[0], status.update)
            if jobs == 1:
                return rehearse(options)
            return rehearse_in_parts(databases, options)
    finally:
        for instance in instances:
            instance.stop()


def _on_target(console: Console, args: argparse.Namespace, project: Path, conninfo: str) -> RehearsalReport:
    with console.status("rehearsing") as status:
        options = _options(console, args, project, None, status.update)
        options.target, options.conninfo = args.target, conninfo
        return rehearse(options)


def _options(
    console: Console,
    args: argparse.Namespace,
    project: Path,
    database: Database | None,
    update: Callable[[str], None],
) -> RehearsalOptions:
    def finished(change: ChangeRehearsal) -> None:
        mark = "[green]✓[/]" if change.ok else "[red]✗[/]"
        risk = f" [yellow]⚠ {len(change.risks)} risk(s)[/]" if change.risks else ""
        console.print(f"{mark} {change.change} [dim]({change.seconds:.1f}s deploy)[/]{risk}")

    return RehearsalOptions(
        project=project,
        target=database.sqitch_target if database else "",
        conninfo=database.conninfo() if database else "",
        seeder=None if args.no_seed else seed_existing_tables,
        kill=not args.no_kill,
        kill_change=args.kill_change,
        on_change=finished,
        progress=lambda message: update(f"rehearsing {message}"),
    )


def _run_invariant_scenarios(console: Console, project: Path) -> int:
    console.print("running the invariant scenarios")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--invariant-scenarios"]
    command += ["--invariant-report", str(project / "tests")]
    env = {**os.environ, "FLEETDB_REPORTS": str(reports_dir().resolve()), "FLEETDB_PROJECT": str(project)}
    result = subprocess.run(command, cwd=project, env=env)
    return 0 if result.returncode == 0 else 1
