"""Helpers of the online rehearsal's own tests of a rollout: the repository's plan cut before a change and
tagged there, a scripts' text from git, one rehearsal on a clone of a seeded template."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from psycopg import sql
from rich.progress import Progress

from fleetdb.databases import Database
from fleetdb.lab import Lab
from fleetdb.project import Project
from fleetdb.rehearsal.online import OnlineOptions, rehearse_online
from fleetdb.rehearsal.online_model import Budget, OnlineReport, Step
from fleetdb.seed import Seeder, SeedSizes
from fleetdb.sqitch import Sqitch

REPO = Path(__file__).resolve().parents[2]


def script_at(commit: str, path: str) -> str:
    """A script of the repository as of ``commit``; skips the test without that history."""
    shown = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{commit}:{path}"], capture_output=True, text=True
    )
    if shown.returncode != 0:
        pytest.skip(f"{path} as of {commit} needs git history with that commit")
    return shown.stdout


def project_tagged_before(
    directory: Path, first: str, tag: str, changes: list[str], scripts: dict[str, str] | None = None
) -> Project:
    """The repository's plan up to the change before ``first``, tagged ``tag``, then ``changes``; the
    scripts of ``scripts`` (path → text, e.g. ``deploy/x.sql``) replaced."""
    shutil.copy(REPO / "sqitch.conf", directory / "sqitch.conf")
    for kind in ("deploy", "revert", "verify"):
        shutil.copytree(REPO / kind, directory / kind)
    for path, text in (scripts or {}).items():
        (directory / path).write_text(text)
    lines = (REPO / "sqitch.plan").read_text().splitlines()
    named = {line.split()[0]: line for line in lines if line and not line.startswith(("%", "#", "@"))}
    cut = next(i for i, line in enumerate(lines) if line.startswith(f"{first} "))
    tagged = f"@{tag} 2026-12-01T07:59:00Z fleetdb developers <dev@fleetdb.invalid> # before {first}"
    (directory / "sqitch.plan").write_text(
        "\n".join([*lines[:cut], tagged, *(named[c] for c in changes)]) + "\n"
    )
    return Project.load(directory)


def seeded_at_tag(
    lab: Lab, template: Database, project: Project, tag: str, fill: Path, params: dict[str, int], table: str
) -> Database:
    """A template: ``template`` (a database at @v1.0) deployed up to ``@tag``, seeded at scale 1, then
    ``fill`` run with ``params`` and triggers off (session_replication_role = replica: superuser only),
    ``table`` analyzed."""
    database = template.clone()
    Sqitch(project, database.target, lab.variables).deploy(next(c for c in project.changes if tag in c.tags))
    Seeder(database.conninfo(), SeedSizes.for_scale(1), workers=2).run(Progress(disable=True))
    with database.connect(autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute(fill.read_text(), params)  # type: ignore[arg-type]
        conn.execute("SET session_replication_role = origin")
        conn.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(*table.split("."))))
    database.mark_template()
    return database


def rehearse_clone(
    template: Database,
    project: Project,
    tag: str,
    budget: Budget,
    *,
    revert: bool,
    variables: dict[str, str] | None = None,
) -> OnlineReport:
    """The online rehearsal from ``@tag`` on a clone of ``template`` (4 sessions at 40 ops/s, 1 s windows)."""
    database = template.clone()
    try:
        return rehearse_online(
            OnlineOptions(
                project=project,
                target=database.target,
                from_tag=f"@{tag}",
                sessions=4,
                rate=40.0,
                window=1.0,
                budget=budget,
                revert=revert,
                variables=variables or {},
            )
        )
    finally:
        database.drop()


def step_of(report: OnlineReport, change: str, phase: str = "deploy") -> Step:
    return next(s for s in report.steps if s.change == change and s.phase == phase)


def assert_passes_deploy_revert_and_redeploy(report: OnlineReport) -> None:
    """Every step within budget, no application error in any window, the data checks all passed."""
    assert report.error is None, report.error
    assert [(s.phase, s.change, s.ok) for s in report.steps if not s.ok] == [], [
        s.as_dict() for s in report.steps if not s.ok
    ]
    assert all(not w.errors for w in report.windows)
    assert [(c.after, c.ok) for c in report.checks] == [
        ("deploy", True),
        ("revert", True),
        ("redeploy", True),
    ]
