"""Helpers of the rollout tests: a change that switches online, then a later change that backfills."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fleetdb.databases import Database
from fleetdb.lab import Lab
from fleetdb.project import Project
from fleetdb.races import Actors
from fleetdb.sqitch import Sqitch


def copy_project(root: Path, directory: Path, keep: list[str] | None = None) -> Path:
    """The project in ``directory``; with ``keep``, a plan of only the changes before ``keep[0]`` and
    then ``keep`` (in that order), so a test deploys the two changes without everything between them."""
    shutil.copy(root / "sqitch.conf", directory / "sqitch.conf")
    for kind in ("deploy", "revert", "verify"):
        shutil.copytree(root / kind, directory / kind)
    lines = (root / "sqitch.plan").read_text().splitlines()
    if keep:
        named = {line.split()[0]: line for line in lines if line and not line.startswith(("%", "#", "@"))}
        first = next(i for i, line in enumerate(lines) if line.startswith(f"{keep[0]} "))
        kept = [*lines[:first], *(named[name] for name in keep)]
        unrework_dropped(directory, lines[first:], kept)
        lines = kept
    (directory / "sqitch.plan").write_text("\n".join(lines) + "\n")
    return directory


def unrework_dropped(directory: Path, dropped: list[str], kept: list[str]) -> None:
    """Plan lines of ``dropped`` not in ``kept`` that rework a change (``name [name@tag]``): the instance
    before each is then the plan's last, and sqitch runs the last instance's scripts from ``name.sql``,
    so those become the ``name@tag.sql`` ones."""
    for line in dropped:
        if line and not line.startswith(("%", "#", "@")) and line not in kept:
            _unrework(directory, line)


def _unrework(directory: Path, line: str) -> None:
    name = line.split()[0]
    requires = line.split("[", 1)[1].split("]", 1)[0].split() if "[" in line.split("#", 1)[0] else []
    for tag in (dep.split("@", 1)[1] for dep in requires if dep.startswith(f"{name}@")):
        for kind in ("deploy", "revert", "verify"):
            shutil.copy(directory / kind / f"{name}@{tag}.sql", directory / kind / f"{name}.sql")


def waited_on(group: Actors, pid: int, deploy: subprocess.Popen[str]) -> bool:
    """True once some backend waits on ``pid``; False if the deploy finished first."""
    while deploy.poll() is None:
        row = group.observer.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))", (pid,)
        ).fetchone()
        if row and row[0]:
            return True
        group.observer.execute("SELECT pg_sleep(0.005)")
    return False


def commit_or_error(
    session: psycopg.Connection[Any], statement: str, params: Sequence[Any]
) -> psycopg.Error | None:
    """Run ``statement`` in ``session``'s open transaction and commit; on an error, roll back and return
    it (what an old snapshot gets when it writes after a switch)."""
    try:
        session.execute(statement, params)
        session.execute("COMMIT")
    except psycopg.Error as error:
        session.execute("ROLLBACK")
        return error
    return None


# The fixtures of a rollout test module, which names what it rolls out in ROLLOUT: the switch first, then
# the changes deployed after it (the backfill last), and binds FIXTURES to the four names.


@pytest.fixture(scope="module")
def short_project(
    request: pytest.FixtureRequest, fleetdb_lab: Lab, tmp_path_factory: pytest.TempPathFactory
) -> Project:
    """The plan up to the switch, then the module's ROLLOUT in order."""
    keep = list(request.module.ROLLOUT)
    directory = tmp_path_factory.mktemp(f"rollout_{keep[0]}")
    return Project.load(copy_project(fleetdb_lab.project.root, directory, keep))


@pytest.fixture
def sqitch(fleetdb_lab: Lab, short_project: Project, database: Database) -> Sqitch:
    return Sqitch(short_project, database.target, fleetdb_lab.variables)


@pytest.fixture(scope="module")
def before_switch(
    request: pytest.FixtureRequest, fleetdb_lab: Lab, short_project: Project, released_template: Database
) -> Iterator[Database]:
    """The plan deployed up to the change before the switch (ROLLOUT's first)."""
    switch = short_project.change(request.module.ROLLOUT[0])
    previous = short_project.changes[short_project.index(switch) - 1]
    database = released_template.clone()
    Sqitch(short_project, database.target, fleetdb_lab.variables).deploy(previous)
    database.mark_template()
    yield database
    database.drop()


@pytest.fixture
def database(before_switch: Database) -> Iterator[Database]:
    clone = before_switch.clone()
    yield clone
    clone.drop()


FIXTURES = (short_project, sqitch, before_switch, database)
