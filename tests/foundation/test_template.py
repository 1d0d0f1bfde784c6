"""The template holds the deployed plan, and a failing verify script fails the deploy, naming the change."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import psycopg
import pytest

from fleetdb import processes
from fleetdb.databases import Database
from fleetdb.lab import Lab
from fleetdb.project import Project
from fleetdb.sqitch import SqitchFailed
from fleetdb.target import Target


def test_template_registry_lists_every_change_of_the_plan(
    fleetdb_template: Database, fleetdb_project: Project
) -> None:
    planned = [change.id for change in fleetdb_project.changes]
    assert planned, "sqitch.plan lists no change"
    with fleetdb_template.connect() as conn:
        rows = conn.execute("SELECT change_id FROM sqitch.changes ORDER BY committed_at").fetchall()
    assert [row[0] for row in rows] == planned


def test_a_failing_verify_script_fails_the_deploy_and_names_the_change(
    fleetdb_lab: Lab, fleetdb_project: Project, tmp_path: Path
) -> None:
    copy = tmp_path / "broken"
    ignore = shutil.ignore_patterns(".venv", ".git", "reports", "python", "tests", "docs")
    shutil.copytree(fleetdb_project.root, copy, ignore=ignore)
    project = Project.load(copy)
    first = project.changes[0].name
    project.changes[0].verify_file.write_text("BEGIN;\nSELECT 1 / 0;\nROLLBACK;\n")
    lab = Lab(project, fleetdb_lab.server)
    database = lab.database("fleetdb_broken_verify").create()
    try:
        with pytest.raises(SqitchFailed) as failure:
            lab.sqitch(database).deploy(verify=True)
        assert failure.value.change == first
        assert f"change {first!r}" in str(failure.value)
        assert "division by zero" in str(failure.value)
        with database.connect() as conn:
            deployed = conn.execute("SELECT count(*) FROM sqitch.changes").fetchone()
        assert deployed == (0,), "sqitch must revert a change whose verify failed"
    finally:
        database.drop()


def test_released_template_stops_at_the_released_tag(released_db: Database, fleetdb_project: Project) -> None:
    planned = fleetdb_project.changes
    tagged = [
        change.name for change in planned[: 1 + next(i for i, c in enumerate(planned) if "v1.0" in c.tags)]
    ]
    with released_db.connect() as conn:
        rows = conn.execute("SELECT change FROM sqitch.changes ORDER BY committed_at, change").fetchall()
        tags = conn.execute("SELECT tag FROM sqitch.tags").fetchall()
    assert [row[0] for row in rows] == tagged
    assert ("@v1.0",) in tags


def test_dropping_a_database_of_a_server_a_stop_took_with_it_is_quiet(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A stop signal stops the throwaway servers before the stack unwinds: a ``finally`` that drops a
    clone then finds no server, and must not turn the clean stop into a traceback. Without a stop, the
    missing server is an error."""
    gone = Database(Target.parse(f"host={tmp_path} port=5999 user=postgres dbname=postgres"), "clone")
    with pytest.raises(psycopg.OperationalError):
        gone.drop()
    monkeypatch.setattr(processes, "_stop_signal", [signal.SIGTERM])  # as the handler notes it
    gone.drop()
