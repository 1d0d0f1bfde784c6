"""``fleetdb rehearse``: deploy, revert and redeploy with the real sqitch, then prove the invariants."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console

from fleetdb.databases import Database
from fleetdb.instance import start_instance
from fleetdb.project import project_dir, reports_dir
from fleetdb.sqitch import Sqitch, sqitch_executable


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser("rehearse", help=__doc__)
    parser.add_argument("--project", help="Sqitch project directory (default: this checkout)")
    parser.add_argument("--skip-scenarios", action="store_true", help="only deploy, revert and redeploy")
    parser.set_defaults(func=run)


def _step(console: Console, label: str, action: Callable[[], object]) -> None:
    started = time.monotonic()
    with console.status(label):
        action()
    console.print(f"[green]✓[/] {label} [dim]({time.monotonic() - started:.1f}s)[/]")


def run(args: argparse.Namespace) -> int:
    console = Console()
    project = project_dir(args.project)
    sqitch_executable()  # fail before starting a server when sqitch is missing
    with console.status("starting a throwaway PostgreSQL 15"):
        instance = start_instance()
    try:
        console.print(f"[green]✓[/] throwaway PostgreSQL on port {instance.port}")
        database = Database(instance, "fleetdb_rehearsal").create()
        sqitch = Sqitch(project, database.sqitch_target)
        _step(console, "sqitch deploy --verify", sqitch.deploy)
        _step(console, "sqitch revert -y", sqitch.revert)
        _step(console, "sqitch deploy --verify (again)", sqitch.deploy)
    finally:
        instance.stop()
    if args.skip_scenarios:
        return 0
    return _run_invariant_scenarios(console, project)


def _run_invariant_scenarios(console: Console, project: Any) -> int:
    console.print("running the invariant scenarios")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "invariant"]
    command += ["--invariant-report", str(project / "tests")]
    env = {**os.environ, "FLEETDB_REPORTS": str(reports_dir().resolve()), "FLEETDB_PROJECT": str(project)}
    result = subprocess.run(command, cwd=project, env=env)
    return 0 if result.returncode == 0 else 1
