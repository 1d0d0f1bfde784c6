"""A seed or review target as a DBA writes it: a Sqitch URI (``db:pg://user@host:port/db``), a
``postgresql://`` URI or a libpq ``key=value`` string; all become a libpq conninfo."""

from __future__ import annotations

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from fleetdb.errors import FleetdbError


def conninfo_from_target(target: str) -> str:
    text = target.strip()
    if text.startswith("db:pg:"):
        rest = text[len("db:pg:") :]
        # db:pg://user@host/db is a URI; db:pg:dbname names a local database.
        text = f"postgresql:{rest}" if rest.startswith("//") else f"dbname={rest}"
    try:
        params = conninfo_to_dict(text)
    except psycopg.ProgrammingError as error:
        raise FleetdbError(
            f"cannot read the target {target!r}: {error}; write db:pg://user@host:port/dbname "
            "or a libpq conninfo such as 'host=... dbname=...'"
        ) from None
    if not params.get("dbname"):
        raise FleetdbError(f"the target {target!r} names no database: add /dbname or dbname=...")
    return make_conninfo(**{key: str(value) for key, value in params.items() if value is not None})
