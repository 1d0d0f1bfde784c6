"""What the database says about itself: the sqitch registry, table storage files, emptiness."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

from fleetdb.catalog.snapshot import DEFAULT_EXCLUDED_SCHEMAS
from fleetdb.rehearsal.data import load_sql

_PROJECT_PRAGMA = re.compile(r"^%project=(\S+)", re.MULTILINE)


def plan_project(project: Path) -> str:
    """The ``%project=`` name of the plan: the registry keys every change by it."""
    found = _PROJECT_PRAGMA.search((project / "sqitch.plan").read_text())
    return found.group(1) if found else project.name


def deployed_changes(conn: psycopg.Connection[Any], project_name: str) -> list[str]:
    """Changes the registry records as deployed, in order; empty when there is no registry."""
    row = conn.execute(load_sql("registry_exists.sql")).fetchone()
    if not row or not row[0]:
        return []
    return [r[0] for r in conn.execute(load_sql("registry_changes.sql"), {"project": project_name})]


def last_event(conn: psycopg.Connection[Any], project_name: str) -> str | None:
    row = conn.execute(load_sql("registry_exists.sql")).fetchone()
    if not row or not row[0]:
        return None
    event = conn.execute(load_sql("registry_last_event.sql"), {"project": project_name}).fetchone()
    return f"{event[0]} {event[1]}" if event else None


@dataclass(frozen=True)
class Storage:
    relation: str
    filenode: int


def table_storage(conn: psycopg.Connection[Any]) -> dict[int, Storage]:
    """Every table's storage file by oid (a rewrite keeps the oid and changes the file)."""
    rows = conn.execute(load_sql("table_storage.sql"), {"excluded": list(DEFAULT_EXCLUDED_SCHEMAS)})
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
            for row in cur.execute(load_sql("target_contents.sql"))
        ]
