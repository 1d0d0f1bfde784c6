"""The catalog a command documents or drafts from: the ``--target`` database as it is, or the plan
deployed with ``sqitch deploy --verify`` into a throwaway server that is stopped afterwards."""

from __future__ import annotations

import argparse
from collections.abc import Iterable

import psycopg

from fleetdb.catalog import KINDS, CatalogSnapshot, snapshot_catalog
from fleetdb.commands.common import Context, parse_target
from fleetdb.errors import FleetdbError, libpq_message
from fleetdb.report.console import make_console, step


def deployed_catalog(
    args: argparse.Namespace, database_name: str, kinds: Iterable[str] = KINDS
) -> CatalogSnapshot:
    target = parse_target(args)
    if target is not None:
        try:
            with target.connect() as conn:
                return snapshot_catalog(conn, kinds=kinds)
        except psycopg.OperationalError as error:
            raise FleetdbError(f"cannot read the catalog of {target}: {libpq_message(error)}") from None
    context = Context.from_args(args)  # the plan, validated by sqitch, before the server starts
    with (
        step(make_console(stderr=True), "deploying the plan into a throwaway server"),
        context.throwaway_lab() as lab,
    ):
        database = lab.deploy(database_name)
        with database.connect() as conn:
            return snapshot_catalog(conn, kinds=kinds)
