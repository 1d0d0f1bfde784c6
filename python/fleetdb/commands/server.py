"""``fleetdb server``: a throwaway PostgreSQL with the plan deployed, until Ctrl-C or SIGTERM.

It listens on a private Unix socket only (no TCP): the ``ready`` line gives the conninfo, which works for
the account that started it (and root)."""

from __future__ import annotations

import argparse
import signal
from typing import Any

from fleetdb.commands.common import Context, parent_parser, refuse_target
from fleetdb.report.console import make_console, step

SUMMARY = "start a throwaway PostgreSQL with the plan deployed, until Ctrl-C"
DESCRIPTION = (
    "Start a private throwaway PostgreSQL server, deploy the plan into a database named fleetdb with "
    "sqitch deploy --verify, print its connection string, and keep it until Ctrl-C or SIGTERM; then stop "
    "it and delete its files."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "server", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser(target=False)]
    )
    parser.add_argument("--no-deploy", action="store_true", help="start an empty server")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    why = "it starts a throwaway server of its own (to deploy to yours: sqitch deploy)"
    refuse_target(args, why)
    context = Context.from_args(args)
    # Progress goes to stderr: stdout holds only the "ready" line, for scripts that wait for it.
    console = make_console(stderr=True)
    with step(console, "starting a throwaway PostgreSQL server"):
        lab = context.throwaway_lab()
    with lab:
        database = lab.server
        if not args.no_deploy:
            changes = len(context.project.changes)
            with step(console, f"deploying the plan ({changes} changes) with sqitch deploy --verify"):
                database = lab.deploy("fleetdb").target
        assert lab.instance is not None
        print(f"ready {database.conninfo} postmaster={lab.instance.postmaster_pid()}", flush=True)
        signal.pause()
    return 0
