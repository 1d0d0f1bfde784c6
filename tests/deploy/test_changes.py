"""Every change's verify script notices when the change is missing: walking the plan backwards, each
revert script runs and the change's verify must then fail; walking forwards again, each deploy script
runs and its verify must pass. The scripts run as plain SQL on one connection (what psql does for
sqitch, minus a process per script), so the walk takes seconds; a script that is not one transaction
(CREATE INDEX CONCURRENTLY cannot run in one) goes through psql, statement by statement, as under
sqitch. `fleetdb rehearse` runs the real sqitch deploy / revert / deploy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from fleetdb.databases import Database
from fleetdb.lab import Lab
from fleetdb.project import Project
from fleetdb.psql import run_psql

_BEGIN = re.compile(r"^\s*BEGIN\s*;", re.IGNORECASE | re.MULTILINE)


def _run(conn: psycopg.Connection[Any], database: Database, project: Project, script: Path) -> str | None:
    """Run ``script``; return its error, if any (the session is left outside a transaction)."""
    text = script.read_text()
    if not _BEGIN.search(text):
        result = run_psql(project, database.target, script)
        return (result.stderr.strip() or "psql failed") if result.returncode else None
    try:
        conn.execute(text.encode())
    except psycopg.Error as error:
        conn.execute("ROLLBACK")
        return str(error)
    return None


def test_verify_of_each_change_fails_once_reverted_and_passes_once_redeployed(
    fresh_db: Database, fleetdb_project: Project
) -> None:
    changes = fleetdb_project.changes
    problems: list[str] = []
    with fresh_db.connect(autocommit=True) as conn:
        for change in reversed(changes):
            failed = _run(conn, fresh_db, fleetdb_project, change.revert_file)
            assert failed is None, f"{change.revert_file} failed: {failed}"
            if _run(conn, fresh_db, fleetdb_project, change.verify_file) is None:
                problems.append(f"{change.verify_file} passed although {change.label} was reverted")
        for change in changes:
            failed = _run(conn, fresh_db, fleetdb_project, change.deploy_file)
            assert failed is None, f"{change.deploy_file} failed: {failed}"
            failed = _run(conn, fresh_db, fleetdb_project, change.verify_file)
            if failed is not None:
                problems.append(f"{change.verify_file} failed right after deploy: {failed}")
    assert problems == []


@pytest.mark.parametrize("directory", ["deploy", "revert", "verify"])
def test_every_change_has_its_three_scripts_with_matching_headers(
    directory: str, fleetdb_project: Project
) -> None:
    verb = {"deploy": "Deploy", "revert": "Revert", "verify": "Verify"}[directory]
    for change in fleetdb_project.changes:
        text = getattr(change, f"{directory}_file").read_text()
        assert text.startswith(f"-- {verb} fleetdb:{change.name} "), f"{directory}/{change.name}.sql header"
        if directory == "deploy":
            requires = [
                line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("-- requires:")
            ]
            declared = [r for r in requires if not r.startswith("(")]
            assert declared == list(change.requires), f"deploy/{change.name}.sql declares {declared}"


def test_sqitch_verify_of_the_whole_plan_passes_at_head_and_at_the_release(
    fresh_db: Database, released_db: Database, fleetdb_lab: Lab
) -> None:
    """``sqitch verify`` runs every change's verify script against the database as it is now: a script of
    a released change must accept what later changes did to its objects (a column added, a privilege
    taken back), and still pass on a database at the release."""
    for database in (fresh_db, released_db):
        # A clone does not copy the database's own ACL, which the roles change granted (and verifies).
        with database.connect(autocommit=True) as conn:
            conn.execute(
                sql.SQL("GRANT CREATE ON DATABASE {} TO fleetdb_owner").format(sql.Identifier(database.name))
            )
    released = next(c for c in fleetdb_lab.project.changes if "v1.0" in c.tags)
    assert "Verify successful" in fleetdb_lab.sqitch(fresh_db).verify()
    assert "Verify successful" in fleetdb_lab.sqitch(released_db).verify(to=released)


@pytest.mark.parametrize("module", ["iam", "fleet", "rental", "maintenance", "accounting"])
def test_the_released_outbox_verify_scripts_reject_v1_1(
    fresh_db: Database, released_project: Path, module: str
) -> None:
    """Why those verify scripts were edited (docs/db/changelog.md): as released, each fails at head."""
    project = Project.load(released_project)
    result = run_psql(project, fresh_db.target, released_project / "verify" / f"{module}_outbox.sql")
    assert result.returncode != 0, f"the released verify/{module}_outbox.sql passes at head"
    assert "aggregate_version" in result.stderr or "fleetdb_app" in result.stderr, result.stderr
