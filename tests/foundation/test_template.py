"""The template holds the deployed plan, and a failing verify script fails the deploy, naming the change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fleetdb.databases import Database
from fleetdb.project import project_dir
from fleetdb.sqitch import Sqitch, SqitchFailed, read_plan


def test_template_registry_lists_every_change_of_the_plan(fleetdb_template: Database) -> None:
    planned = [change.name for change in read_plan(project_dir())]
    assert planned, "sqitch.plan lists no change"
    with fleetdb_template.connect() as conn:
        rows = conn.execute("SELECT change FROM sqitch.changes ORDER BY committed_at, change").fetchall()
    assert [row[0] for row in rows] == planned


def test_a_failing_verify_script_fails_the_deploy_and_names_the_change(
    fleetdb_template: Database, tmp_path: Path
) -> None:
    project = tmp_path / "broken"
    shutil.copytree(project_dir(), project, ignore=shutil.ignore_patterns(".venv", ".git", "reports"))
    first = read_plan(project)[0].name
    (project / "verify" / f"{first}.sql").write_text("BEGIN;\nSELECT 1 / 0;\nROLLBACK;\n")
    database = Database(fleetdb_template.instance, "fleetdb_broken_verify").create()
    try:
        with pytest.raises(SqitchFailed) as failure:
            Sqitch(project, database.sqitch_target).deploy(verify=True)
        assert failure.value.change == first
        assert f"change {first!r}" in str(failure.value)
        assert "division by zero" in str(failure.value)
        with database.connect() as conn:
            deployed = conn.execute("SELECT count(*) FROM sqitch.changes").fetchone()
        assert deployed == (0,), "sqitch must revert a change whose verify failed"
    finally:
        database.drop()


def test_released_template_stops_at_the_released_tag(released_db: Database) -> None:
    planned = read_plan(project_dir())
    tagged = [
        change.name for change in planned[: 1 + next(i for i, c in enumerate(planned) if "v1.0" in c.tags)]
    ]
    with released_db.connect() as conn:
        rows = conn.execute("SELECT change FROM sqitch.changes ORDER BY committed_at, change").fetchall()
        tags = conn.execute("SELECT tag FROM sqitch.tags").fetchall()
    assert [row[0] for row in rows] == tagged
    assert ("@v1.0",) in tags
