"""The refusal to touch a DBA's database that holds something unless the DBA said it may be changed
(a rehearsal reverts every change it deploys)."""

from __future__ import annotations

import psycopg

from fleetdb.errors import FleetdbError, libpq_message
from fleetdb.rehearsal.registry import Held, target_contents
from fleetdb.target import Target


def refuse_unless_empty(target: Target, allow_changes: bool) -> None:
    try:
        with target.connect(autocommit=True) as conn:
            contents = target_contents(conn)
    except psycopg.OperationalError as error:
        raise FleetdbError(f"cannot connect to {target}: {libpq_message(error)}") from None
    if contents and not allow_changes:
        raise FleetdbError(
            f"{target} is not empty: it holds {describe_contents(contents)}. A rehearsal deploys and "
            "reverts every change and inserts rows; point it at an empty database or a copy, or pass "
            "--allow-changes to rehearse on this one"
        )


def describe_contents(contents: list[Held], examples: int = 3) -> str:
    """``schema app; 2 tables (app.customers, app.orders); large object 16385`` in catalog order."""
    by_kind: dict[str, list[str]] = {}
    for held in contents:
        by_kind.setdefault(held.kind, []).append(held.identity)
    parts = []
    for kind, identities in by_kind.items():
        if len(identities) == 1:
            parts.append(f"{kind} {identities[0]}")
            continue
        shown = ", ".join(identities[:examples]) + (", …" if len(identities) > examples else "")
        parts.append(f"{len(identities)} {kind}{'' if kind.endswith('s') else 's'} ({shown})")
    return "; ".join(parts)
