"""``fleetdb stress``: for every race and isolation level, n sessions x m attempts against a fresh clone
of the deployed schema; reports attempts, wins, losses by SQLSTATE and violations, and exits 1 unless
violations are 0."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from fleetdb.commands.common import Context, parent_parser
from fleetdb.errors import FleetdbError
from fleetdb.invariants.contention import RACES
from fleetdb.invariants.outbox_order import OrderResult, stress_outbox_order
from fleetdb.invariants.stress import StressResult, stress_race
from fleetdb.races import ISOLATION_LEVELS, isolation_id
from fleetdb.report.console import make_console, name_column, show_table, step, text_column

_LEVELS = {isolation_id(level): level for level in ISOLATION_LEVELS}
ORDER_RUN = "outbox-order"

SUMMARY = "run every race with many sessions and attempts; exit 1 on any violation"
DESCRIPTION = (
    "For every race of the invariant catalog, run SESSIONS concurrent sessions x ATTEMPTS attempts "
    "against a fresh clone of the deployed schema, and check with an independent query that the invariant "
    "still holds. Prints attempts, wins, losses by SQLSTATE and violations; exits 1 unless there are "
    "none."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "stress", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser()]
    )
    parser.add_argument("--sessions", type=int, default=8, help="concurrent sessions (default 8)")
    parser.add_argument("--attempts", type=int, default=500, help="attempts per session (default 500)")
    parser.add_argument(
        "--race",
        action="append",
        default=[],
        help="only these races (by name; outbox-order is the per-aggregate order run)",
    )
    parser.add_argument(
        "--isolation",
        action="append",
        default=[],
        choices=sorted(_LEVELS),
        help="only these isolation levels (default: all three)",
    )
    parser.add_argument("--template", help="a deployed template database on --target (default: deploy one)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = make_console()
    races = [race for race in RACES if not args.race or race.name in args.race]
    order_run = not args.race or ORDER_RUN in args.race
    unknown = set(args.race) - {race.name for race in RACES} - {ORDER_RUN}
    if unknown:
        names = ", ".join([*(race.name for race in RACES), ORDER_RUN])
        raise FleetdbError(f"unknown race {', '.join(sorted(unknown))}: choose from {names}")
    if args.sessions < 2 or args.attempts < 1:
        raise FleetdbError("a race needs --sessions >= 2 and --attempts >= 1")
    if args.template and not args.target:
        raise FleetdbError("--template names a database on the --target server: pass both")
    levels = [_LEVELS[name] for name in args.isolation] or list(ISOLATION_LEVELS)
    context = Context.from_args(args)  # --target: a running server instead of a throwaway one
    with step(console, "starting a throwaway PostgreSQL server" if context.target is None else "connecting"):
        lab = context.lab()
    results: list[StressResult] = []
    orders: list[OrderResult] = []
    with lab:
        if args.template:
            template = lab.existing(args.template)
        else:
            with step(console, "sqitch deploy --verify into the stress template"):
                template = lab.deploy_template("fleetdb_stress_template")
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            for race in races:
                for level in levels:
                    label = f"{race.name} ({race.invariant}) at {isolation_id(level)}"
                    task = progress.add_task(label, total=args.attempts)
                    database = template.clone()
                    try:
                        results.append(
                            stress_race(
                                database,
                                race,
                                sessions=args.sessions,
                                rounds=args.attempts,
                                on_round=lambda _n, t=task: progress.advance(t),  # type: ignore[misc]
                                isolation=level,
                            )
                        )
                    finally:
                        database.drop()
                    progress.remove_task(task)
                    _done(progress.console, label, results[-1].violations, results[-1].seconds)
            for level in levels if order_run else []:
                rentals = max(10, args.attempts // 5)
                label = f"{ORDER_RUN} (INTEG-OUTBOX-AGGREGATE-ORDER) at {isolation_id(level)}"
                task = progress.add_task(label, total=2 * rentals)
                database = template.clone()
                try:
                    orders.append(
                        stress_outbox_order(
                            database,
                            rentals=rentals,
                            writers=args.sessions,
                            isolation=level,
                            on_transition=lambda t=task: progress.advance(t),  # type: ignore[misc]
                        )
                    )
                finally:
                    database.drop()
                progress.remove_task(task)
                _done(progress.console, label, len(orders[-1].violations), orders[-1].seconds)
        if not lab.owned and not args.template:  # ours, on someone else's server: clean up
            template.drop()
    _print(console, results, orders)
    return 0 if all(r.ok for r in results) and all(o.ok for o in orders) else 1


def _done(console: Console, label: str, violations: int, seconds: float) -> None:
    """One line per race as it ends: the progress bar is gone by then, and a log has no bar at all."""
    mark = "[green]✓[/]" if violations == 0 else "[bold red]✗[/]"
    console.print(f"{mark} {escape(label)}: {violations} violations ({seconds:.0f}s)", soft_wrap=True)


def _print(console: Console, results: list[StressResult], orders: list[OrderResult]) -> None:
    table = Table(
        name_column("race"),
        name_column("invariant"),
        *(text_column(header) for header in ("isolation", "sessions", "attempts", "wins")),
        text_column("losses by SQLSTATE"),
        text_column("violations"),
        text_column("s", justify="right"),
        title="Stress: sessions x attempts per invariant and isolation level",
    )
    for r in results:
        losses = "\n".join(f"{label}: {count}" for label, count in sorted(r.losses.items()))
        if r.rounds_without_winner:
            losses += f"\nrounds without a winner: {r.rounds_without_winner}"
        if r.unexpected:
            losses += "\nunexpected: " + ", ".join(f"{k} ({v})" for k, v in r.unexpected.items())
        table.add_row(
            r.race,
            r.invariant,
            r.level,
            str(r.sessions),
            str(r.attempts),
            str(r.wins),
            losses,
            str(r.violations),
            f"{r.seconds:.1f}",
            style=None if r.ok else "bold red",
        )
    if results:
        show_table(console, table)
    if orders:
        _print_orders(console, orders)
    total = sum(r.violations for r in results) + sum(len(o.violations) for o in orders)
    verdict = "[green]0 violations[/]" if total == 0 else f"[bold red]{total} violations[/]"
    console.print(f"{sum(r.attempts for r in results)} attempts, {verdict}")


def _print_orders(console: Console, orders: list[OrderResult]) -> None:
    table = Table(
        title="Outbox order: writers advance rentals while relays publish (INTEG-OUTBOX-AGGREGATE-ORDER)"
    )
    for column in (
        "isolation",
        "rentals",
        "writers",
        "relays",
        "changes",
        "refused",
        "delivered",
        "inversions",
        "violations",
        "s",
    ):
        table.add_column(column, overflow="fold")
    for o in orders:
        refused = "\n".join(f"{state}: {count}" for state, count in sorted(o.refused.items())) or "0"
        table.add_row(
            o.level,
            str(o.rentals),
            str(o.writers),
            str(o.relays),
            str(o.transitions),
            refused,
            str(o.delivered),
            str(o.inversions),
            "\n".join([str(len(o.violations)), *o.violations[:3]]),
            f"{o.seconds:.1f}",
            style=None if o.ok else "bold red",
        )
    show_table(console, table)
