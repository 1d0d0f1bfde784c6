"""A DBA's target: its sqitch URI as a libpq connection string, and the refusal to touch a database that
holds something unless the DBA said it may be changed (a rehearsal reverts every change it deploys)."""

from __future__ import annotations

from urllib.parse import urlsplit

import psycopg

from fleetdb.errors import FleetdbError
from fleetdb.rehearsal.registry import Held, target_contents


def conninfo_from_uri(uri: str) -> str:
    """``db:pg://user@host:5432/db`` -> ``postgresql://user@host:5432/db``; ``db:pg:db`` -> ``dbname=db``.
    Anything libpq reads from the environment (PGPASSWORD, ~/.pgpass, PGHOST) applies as for sqitch."""
    if not uri.startswith("db:pg:"):
        raise FleetdbError(f"--target {uri}: expected a sqitch URI such as db:pg://user@host:5432/dbname")
    rest = uri[len("db:pg:") :]
    if rest.startswith("//"):
        if not urlsplit("postgresql:" + rest).path.strip("/"):
            raise FleetdbError(f"--target {uri}: name the database, e.g. db:pg://user@host:5432/dbname")
        return "postgresql:" + rest
    return f"dbname={rest}" if rest else ""


def refuse_unless_empty(conninfo: str, uri: str, allow_changes: bool) -> None:
    try:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            contents = target_contents(conn)
    except psycopg.OperationalError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else "no detail"
        raise FleetdbError(f"cannot connect to {uri}: {first}") from None
    if contents and not allow_changes:
        raise FleetdbError(
            f"{uri} is not empty: it holds {describe_contents(contents)}. A rehearsal deploys and reverts "
            "every change and inserts rows; point it at an empty database or a copy, or pass "
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
