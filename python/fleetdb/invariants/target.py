"""--server/--template of ``fleetdb mutate`` and ``fleetdb stress``: a running server and, optionally, a
template already deployed on it; checked up front so that a typo is one line, not a traceback."""

from __future__ import annotations

import psycopg

from fleetdb.databases import Database
from fleetdb.errors import FleetdbError
from fleetdb.instance import Instance


def external_target(conninfo: str, template: str | None) -> tuple[Instance, Database | None]:
    instance = Instance.external(conninfo)
    try:
        with instance.connect(connect_timeout=5) as conn:
            found = (
                template is None
                or conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (template,)).fetchone()
            )
    except psycopg.OperationalError as error:
        detail = str(error).strip().splitlines()[0]
        raise FleetdbError(f"cannot reach --server {conninfo!r}: {detail}") from None
    if not found:
        raise FleetdbError(f"--template {template!r} is not a database on --server: deploy it first")
    return instance, Database(instance, template) if template else None
