"""The refusal to touch a DBA's database that holds something unless the DBA said it may be changed
(a rehearsal reverts every change it deploys)."""

from __future__ import annotations

import psycopg

from fleetdb.errors import FleetdbError
from fleetdb.rehearsal.registry import target_contents
from fleetdb.target import Target


def refuse_unless_empty(target: Target, allow_changes: bool) -> None:
    try:
        with target.connect(autocommit=True) as conn:
            contents = target_contents(conn)
    except psycopg.OperationalError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else "no detail"
        raise FleetdbError(f"cannot connect to {target}: {first}") from None
    if contents and not allow_changes:
        held = ", ".join(
            f"{row['schema']} ({row['relations']} relations, {row['functions']} functions)"
            for row in contents
        )
        raise FleetdbError(
            f"{target} is not empty: it holds {held}. A rehearsal deploys and reverts every change and "
            "inserts rows; point it at an empty database or a copy, or pass --allow-changes to rehearse on "
            "this one"
        )
