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
from fleetdb.project import project_dir
from fleetdb.rehearsal.psql import run_psql
from fleetdb.sqitch import Sqitch, read_plan

_BEGIN = re.compile(r"^\s*BEGIN\s*;", re.IGNORECASE | re.MULTILINE)


def _run(conn: psycopg.Connection[Any], conninfo: str, project: Path, kind: str, change: str) -> str | None:
    """Run ``<kind>/<change>.sql``; return its error, if any (the session is left outside a transaction)."""
    script = (project / kind / f"{change}.sql").read_text()
    if not _BEGIN.search(script):
        result = run_psql(conninfo, script, cwd=project)
        return (result.stderr.strip() or "psql failed") if result.returncode else None
    try:
        conn.execute(script.encode())
    except psycopg.Error as error:
        conn.execute("ROLLBACK")
        return str(error)
    return None


def _script_names(project: Path) -> list[str]:
    """Each change's script name: a change reworked later in the plan keeps its scripts as
    ``<name>@<the first tag after it>.sql`` (what ``sqitch rework`` left behind)."""
    changes = read_plan(project)
    names = []
    for index, change in enumerate(changes):
        later = [c.name for c in changes[index + 1 :]]
        if change.name not in later:
            names.append(change.name)
            continue
        tag = next(t for c in changes[index:] for t in c.tags)
        names.append(f"{change.name}@{tag.lstrip('@')}")
    return names


def test_verify_of_each_change_fails_once_reverted_and_passes_once_redeployed(fresh_db: Database) -> None:
    project = project_dir()
    names = _script_names(project)
    problems: list[str] = []
    with fresh_db.connect(autocommit=True) as conn:
        for name in reversed(names):
            failed = _run(conn, fresh_db.conninfo(), project, "revert", name)
            assert failed is None, f"revert/{name}.sql failed: {failed}"
            if _run(conn, fresh_db.conninfo(), project, "verify", name) is None:
                problems.append(f"verify/{name}.sql passed although {name} was reverted")
        for name in names:
            failed = _run(conn, fresh_db.conninfo(), project, "deploy", name)
            assert failed is None, f"deploy/{name}.sql failed: {failed}"
            failed = _run(conn, fresh_db.conninfo(), project, "verify", name)
            if failed is not None:
                problems.append(f"verify/{name}.sql failed right after deploy: {failed}")
    assert problems == []


@pytest.mark.parametrize("directory", ["deploy", "revert", "verify"])
def test_every_change_has_its_three_scripts_with_matching_headers(directory: str) -> None:
    project = project_dir()
    verb = {"deploy": "Deploy", "revert": "Revert", "verify": "Verify"}[directory]
    for change, script in zip(read_plan(project), _script_names(project), strict=True):
        text = (project / directory / f"{script}.sql").read_text()
        assert text.startswith(f"-- {verb} fleetdb:{change.name} "), f"{directory}/{script}.sql header"
        if directory == "deploy":
            requires = [
                line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("-- requires:")
            ]
            declared = [r for r in requires if not r.startswith("(")]
            assert declared == list(change.requires), f"deploy/{script}.sql declares {declared}"


def test_sqitch_verify_of_the_whole_plan_passes_at_head_and_at_the_release(
    fresh_db: Database, released_db: Database
) -> None:
    """``sqitch verify`` runs every change's verify script against the database as it is now: a script of
    a released change must accept what later changes did to its objects (a column added, a privilege
    taken back), and still pass on a database at the release."""
    project = project_dir()
    for database in (fresh_db, released_db):
        # A clone does not copy the database's own ACL, which the roles change granted (and verifies).
        with database.connect(autocommit=True) as conn:
            conn.execute(
                sql.SQL("GRANT CREATE ON DATABASE {} TO fleetdb_owner").format(sql.Identifier(database.name))
            )
    assert "Verify successful" in Sqitch(project, fresh_db.sqitch_target).verify()
    assert "Verify successful" in Sqitch(project, released_db.sqitch_target).verify(to="@v1.0")


@pytest.mark.parametrize("module", ["iam", "fleet", "rental", "maintenance", "accounting"])
def test_the_released_outbox_verify_scripts_reject_v1_1(
    fresh_db: Database, released_project: Path, module: str
) -> None:
    """Why those verify scripts were edited (docs/db/changelog.md): as released, each fails at head."""
    script = (released_project / "verify" / f"{module}_outbox.sql").read_text()
    result = run_psql(fresh_db.conninfo(), script, cwd=released_project)
    assert result.returncode != 0, f"the released verify/{module}_outbox.sql passes at head"
    assert "aggregate_version" in result.stderr or "fleetdb_app" in result.stderr, result.stderr
