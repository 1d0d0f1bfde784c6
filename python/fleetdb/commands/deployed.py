"""The catalog a command documents or drafts from: a database given by conninfo, or the plan deployed
with ``sqitch deploy --verify`` into a throwaway instance that is stopped afterwards."""

from __future__ import annotations

from collections.abc import Iterable

import psycopg
from rich.console import Console

from fleetdb.catalog import KINDS, CatalogSnapshot, snapshot_catalog
from fleetdb.errors import FleetdbError
from fleetdb.project import project_dir


def deployed_catalog(
    project: str | None, conninfo: str | None, database_name: str, kinds: Iterable[str] = KINDS
) -> CatalogSnapshot:
    if conninfo:
        try:
            with psycopg.connect(conninfo) as conn:
                return snapshot_catalog(conn, kinds=kinds)
        except psycopg.OperationalError as error:
            raise FleetdbError(
                f"cannot read the catalog of {conninfo}: {' '.join(str(error).split())}"
            ) from error
    from fleetdb.databases import deploy_template
    from fleetdb.instance import start_instance

    instance = start_instance()
    try:
        with Console(stderr=True).status("deploying the plan into a throwaway instance"):
            database = deploy_template(instance, project_dir(project), database_name)
        with database.connect() as conn:
            return snapshot_catalog(conn, kinds=kinds)
    finally:
        instance.stop()
