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

from fleetdb.databases import Database
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
