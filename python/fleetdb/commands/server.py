"""``fleetdb server``: a throwaway PostgreSQL with the plan deployed, until Ctrl-C or SIGTERM.

It listens on a private Unix socket only (no TCP): the ``ready`` line gives the conninfo, which works for
the account that started it (and root)."""

from __future__ import annotations

import argparse
import signal
from typing import Any

from fleetdb.commands.common import Context, parent_parser, refuse_target

SUMMARY = "start a throwaway PostgreSQL with the plan deployed, until Ctrl-C"
DESCRIPTION = (
    "Start a private throwaway PostgreSQL server, deploy the plan into a database named fleetdb with "
    "sqitch deploy --verify, print its connection string, and keep it until Ctrl-C or SIGTERM; then stop "
    "it and delete its files."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "server", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser()]
    )
    parser.add_argument("--no-deploy", action="store_true", help="start an empty server")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    refuse_target(args, "server", "it starts a throwaway server of its own")
    context = Context.from_args(args)
    with context.throwaway_lab() as lab:
        database = lab.server
        if not args.no_deploy:
            database = lab.deploy("fleetdb").target
        assert lab.instance is not None
        print(f"ready {database.conninfo} postmaster={lab.instance.postmaster_pid()}", flush=True)
        signal.pause()
    return 0
