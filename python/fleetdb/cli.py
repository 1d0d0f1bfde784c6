"""``fleetdb``: the command line. Each subcommand lives in ``fleetdb.commands``; this only dispatches."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from importlib.metadata import version

from rich.text import Text

from fleetdb.commands import (
    bench,
    bench_doc,
    contracts,
    erd,
    invariants_doc,
    mutate,
    plans,
    rehearse,
    seed,
    server,
    stress,
)
from fleetdb.errors import FleetdbError, Interrupted
from fleetdb.instance import stop_on_signals
from fleetdb.project import reports_dir
from fleetdb.report.console import make_console

COMMANDS = [rehearse, server, mutate, stress, invariants_doc, bench, bench_doc, seed, plans, contracts, erd]


DESCRIPTION = """\
Test and rehearse a Sqitch project on PostgreSQL: rehearse every change's deploy, verify and revert
against catalog snapshots, prove the invariants the database enforces (scenarios, races, mutants),
check the schema contracts (TAP), review query plans, and start throwaway servers for all of it."""

EPILOG = """\
Run 'fleetdb COMMAND --help' for a command's options. Reports are written to reports/ (or
$FLEETDB_REPORTS); each command's last line names them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fleetdb",
        description=DESCRIPTION,
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"fleetdb {version('fleetdb')}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.argv = list(argv) if argv is not None else sys.argv[1:]  # what a run's report says it ran
    stop_on_signals()
    try:
        return int(args.func(args))
    except Interrupted as stop:
        # The last line of the run: what stopped it and what it leaves (no server; reports as they were).
        kept = getattr(args, "on_interrupt", None)
        make_console(stderr=True).print(
            Text.assemble(
                (f"fleetdb {args.command}:", "bold red"),
                f" stopped by {signal.Signals(stop.signum).name}; its throwaway servers are stopped"
                + (f"; {kept.format(reports=reports_dir())}" if kept else ""),
            ),
            soft_wrap=True,
        )
        return int(stop.code or 1)
    except FleetdbError as error:
        # The message is text, not markup: "[tag]" in it must print as it is.
        make_console(stderr=True).print(
            Text.assemble((f"fleetdb {args.command}:", "bold red"), " ", str(error)), soft_wrap=True
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
