"""``fleetdb server``: a throwaway PostgreSQL 15 with the plan deployed, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import signal
from typing import Any

from fleetdb.databases import deploy_template
from fleetdb.instance import start_instance
from fleetdb.project import project_dir

SUMMARY = "start a throwaway PostgreSQL with the plan deployed, until Ctrl-C"
DESCRIPTION = (
    "Start a private throwaway PostgreSQL server, deploy the plan into a database named fleetdb with "
    "sqitch deploy --verify, print its connection string, and keep it until Ctrl-C or SIGTERM; then stop "
    "it and delete its files."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser("server", help=SUMMARY, description=DESCRIPTION)
    parser.add_argument("--project", help="Sqitch project directory (default: this checkout)")
    parser.add_argument("--no-deploy", action="store_true", help="start an empty server")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    instance = start_instance()
    try:
        dbname = "postgres"
        if not args.no_deploy:
            dbname = "fleetdb"
            deploy_template(instance, project_dir(args.project), dbname)
        print(f"ready {instance.conninfo(dbname)} postmaster={instance.postmaster_pid()}", flush=True)
        signal.pause()
    finally:
        instance.stop()
    return 0
