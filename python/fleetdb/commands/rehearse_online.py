"""``fleetdb rehearse --from TAG --under-load``: the release's pending changes deployed, reverted and
deployed again under application load, each judged against a budget (``fleetdb.rehearsal.online``)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from fleetdb.commands.common import Context
from fleetdb.errors import FleetdbError
from fleetdb.lab import Lab
from fleetdb.project import reports_dir
from fleetdb.rehearsal.online import OnlineOptions, rehearse_online, tagged_change
from fleetdb.rehearsal.online_model import Budget, RunInfo
from fleetdb.rehearsal.target import refuse_unless_empty
from fleetdb.report.bench import current_commit, machine_note
from fleetdb.report.online import render, write_report
from fleetdb.report.summary import reports_line
from fleetdb.target import Target

ONLINE_DB = "fleetdb_online"


def _check(args: argparse.Namespace, context: Context) -> Budget:
    if not args.under_load:
        raise FleetdbError("--from names the release of the online rehearsal: add --under-load")
    if not args.from_tag:
        raise FleetdbError(
            "--under-load rehearses a release: name the tag production runs, e.g. --from @v1.0"
        )
    tagged_change(context.project, args.from_tag)
    for name, value, least in (("--scale", args.scale, 1), ("--sessions", args.sessions, 1)):
        if value < least:
            raise FleetdbError(f"{name} must be at least {least}, not {value}")
    if args.rate <= 0 or args.window <= 0 or args.max_blocked_ms <= 0 or args.p99_floor_ms < 0:
        raise FleetdbError(
            "--rate, --window and --max-blocked-ms must be positive, --p99-floor-ms not negative"
        )
    if args.min_p99_ops < 1:
        raise FleetdbError(f"--min-p99-ops must be at least 1, not {args.min_p99_ops}")
    return Budget(
        max_blocked=args.max_blocked_ms / 1000,
        max_p99_ratio=args.max_p99_ratio or None,
        max_errors=args.max_errors,
        p99_floor=args.p99_floor_ms / 1000,
        min_p99_operations=args.min_p99_ops,
    )


def run_online(console: Console, args: argparse.Namespace, context: Context) -> int:
    budget = _check(args, context)
    # What a signal leaves (cli.main says it): the reports of the last complete run.
    args.on_interrupt = (
        "no report was written: {reports}/online.md and online.json are as the last complete run left them"
    )
    app_target = Target.parse(args.app_target, context.project) if args.app_target else None
    started = time.monotonic()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    commit = current_commit(context.project.root)  # the code that runs, whatever is committed meanwhile

    def say(message: str) -> None:
        console.print(f"[dim]{time.monotonic() - started:7.1f}s[/] {message}", highlight=False)

    lab: Lab | None = None
    try:
        if context.target is not None:
            refuse_unless_empty(context.target, args.allow_changes)
            target = context.target
            server = Lab.external(context.project, target, context.variables).server_version()
            say(f"rehearsing on {target} ({server})")
        else:
            lab = context.throwaway_lab()
            server = lab.server_version()
            database = lab.database(ONLINE_DB)
            database.drop()
            target = database.create().target
            say(f"throwaway {server} server, database {ONLINE_DB}")
        options = OnlineOptions(
            project=context.project,
            target=target,
            from_tag=args.from_tag,
            server=server,
            scale=None if args.no_seed else args.scale,
            sessions=args.sessions,
            rate=args.rate,
            window=args.window,
            budget=budget,
            app_target=app_target,
            revert=not args.no_revert,
            variables=context.variables,
            progress=say,
            wait=_window_bar(console),
        )
        report = rehearse_online(options)
    finally:
        if lab is not None:
            lab.close()
    report.run = RunInfo(
        started_at,
        datetime.now(UTC).isoformat(timespec="seconds"),
        machine_note(server),
        commit,
        sys.argv[1:],
    )
    render(report, console)
    written = write_report(report, reports_dir())
    console.print(reports_line(reports_dir(), [path.name for path in written]), soft_wrap=True, markup=False)
    return 0 if report.ok else 1


def _window_bar(console: Console) -> Callable[[str, float], None]:
    def wait(name: str, seconds: float) -> None:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task(f"{name} window under load", total=seconds)
            end = time.monotonic() + seconds
            while (left := end - time.monotonic()) > 0:
                time.sleep(min(0.25, left))
                progress.update(task, completed=seconds - max(left - 0.25, 0))
        console.print(f"  {name} window: {seconds:.0f}s under load", highlight=False)

    return wait
