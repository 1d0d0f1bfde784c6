"""What the database says about itself: the sqitch registry, table storage files, emptiness."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from fleetdb.catalog.snapshot import DEFAULT_EXCLUDED_SCHEMAS
from fleetdb.project import Project
from fleetdb.sql_files import load_sql


def _registry_exists(conn: psycopg.Connection[Any], project: Project) -> bool:
    row = conn.execute(
        load_sql(__package__, "registry_exists"), {"changes": f"{project.registry}.changes"}
    ).fetchone()
    return bool(row and row[0])


def _registry_query(name: str, project: Project) -> sql.Composed:
    return sql.SQL(load_sql(__package__, name)).format(registry=sql.Identifier(project.registry))


def deployed_changes(conn: psycopg.Connection[Any], project: Project) -> list[str]:
    """The ids of the changes the registry records as deployed, in order; empty without a registry."""
    if not _registry_exists(conn, project):
        return []
    query = _registry_query("registry_changes", project)
    return [r[0] for r in conn.execute(query, {"project": project.name})]


def last_event(conn: psycopg.Connection[Any], project: Project) -> str | None:
    if not _registry_exists(conn, project):
        return None
    query = _registry_query("registry_last_event", project)
    event = conn.execute(query, {"project": project.name}).fetchone()
    return f"{event[0]} {event[1]}" if event else None


@dataclass(frozen=True)
class Storage:
    relation: str
    filenode: int


def table_storage(conn: psycopg.Connection[Any]) -> dict[int, Storage]:
    """Every table's storage file by oid (a rewrite keeps the oid and changes the file)."""
    rows = conn.execute(load_sql(__package__, "table_storage"), {"excluded": list(DEFAULT_EXCLUDED_SCHEMAS)})
    return {int(oid): Storage(str(rel), int(node)) for oid, rel, _kind, node in rows}


@dataclass(frozen=True)
class Held:
    """One object a database holds that initdb did not put there, as PostgreSQL names it."""

    kind: str  # "table", "large object", "publication", "server", "extension", ...
    identity: str  # "app.customers", "16385", "pub_all", ...


def target_contents(conn: psycopg.Connection[Any]) -> list[Held]:
    """Every object someone created in the database (parts of another object and extension members
    aside): a rehearsal target must hold none."""
    with conn.cursor(row_factory=dict_row) as cur:
        return [
            Held(str(row["kind"]), str(row["identity"]))
            for row in cur.execute(load_sql(__package__, "target_contents"))
        ]
