"""pytest fixtures for any project that tests a Sqitch-deployed PostgreSQL schema with fleetdb.

A test asks for what it needs by name:
- ``db``: a connection to a deployed database inside a transaction that is rolled back after the test;
- ``fresh_db``: a database cloned from the deployed template, for tests that commit;
- ``actors``: ``actors(n)`` gives n independent sessions on one fresh database, for races
  (``actors(n, IsolationLevel.REPEATABLE_READ)``: every transaction of the n sessions at that level).
The fixtures come from a ``Lab`` (``fleetdb_lab``): one private throwaway server and one
``sqitch deploy --verify`` per test session (per xdist worker), for the project in the current directory
or ``--fleetdb-project DIR``, with the server binaries of ``--fleetdb-pg-bindir`` (else pg_config).

A tool that runs pytest against a server and template it prepared (``fleetdb mutate`` runs the scenarios
against a mutated template; ``fleetdb contracts`` and ``fleetdb rehearse`` against the plan they deployed)
hands the child its lab as one serialised value through ``fleetdb.handoff``; the plugin then starts and
deploys nothing.

Options and fixtures only: the invariant marks and report are ``fleetdb.plugins.invariants``, which a
project turns on. ``--fleetdb-results FILE`` (the run's results as data for the tool that started it,
``fleetdb.plugins.results``) comes with this plugin.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import psycopg
import pytest
from psycopg import IsolationLevel

from fleetdb.databases import Database
from fleetdb.handoff import handed_over_lab
from fleetdb.instance import stop_all
from fleetdb.lab import Lab
from fleetdb.project import Project
from fleetdb.races import Actors

# --fleetdb-results FILE: the run's results as data for the tool that started it.
pytest_plugins = ["fleetdb.plugins.results"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("fleetdb")
    group.addoption("--fleetdb-project", help="the Sqitch project to deploy (default: the current directory)")
    group.addoption("--fleetdb-pg-bindir", help="PostgreSQL server binaries (default: pg_config --bindir)")


def _stop_servers_and_interrupt(signum: int, _frame: FrameType | None) -> None:
    # KeyboardInterrupt, not SystemExit: pytest reports SystemExit inside a test as a failure and goes on.
    stop_all()
    raise KeyboardInterrupt(f"signal {signum}")


def _worker_suffix(config: pytest.Config) -> str:
    workerinput = getattr(config, "workerinput", None)
    return str(workerinput["workerid"]) if workerinput else "main"


@pytest.fixture(scope="session")
def fleetdb_lab(pytestconfig: pytest.Config) -> Iterator[Lab]:
    """The server every fixture uses: the lab a parent process handed over, else a private throwaway
    server for this session (per xdist worker), stopped at the end. While this session owns a server,
    SIGTERM stops it and interrupts the run (the server would die with the process anyway; this way its
    files go too and pytest reports the run as interrupted); a run that never asks for a database keeps
    pytest's own signal handling."""
    handed_over = handed_over_lab()
    if handed_over is not None:
        yield handed_over
        return
    project = Project.load(pytestconfig.getoption("--fleetdb-project") or _default_project(pytestconfig))
    with Lab.throwaway(project, bindir=pytestconfig.getoption("--fleetdb-pg-bindir")) as lab:
        in_main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _stop_servers_and_interrupt) if in_main_thread else None
        try:
            yield lab
        finally:
            if in_main_thread:
                signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _default_project(config: pytest.Config) -> str:
    """The current directory when it is a Sqitch project (as for sqitch), else pytest's rootdir."""
    cwd = Path.cwd()
    return str(cwd if (cwd / "sqitch.plan").is_file() or (cwd / "sqitch.conf").is_file() else config.rootpath)


@pytest.fixture(scope="session")
def fleetdb_project(fleetdb_lab: Lab) -> Project:
    """The Sqitch project the lab deploys, as sqitch reads it (changes, tags, reworks, script paths)."""
    return fleetdb_lab.project


@pytest.fixture(scope="session")
def fleetdb_template(fleetdb_lab: Lab, pytestconfig: pytest.Config) -> Database:
    """The plan deployed once with ``sqitch deploy --verify``; every test database is cloned from it."""
    if fleetdb_lab.template:
        return fleetdb_lab.database(fleetdb_lab.template)
    return fleetdb_lab.deploy_template(f"fleetdb_tmpl_{_worker_suffix(pytestconfig)}")


@pytest.fixture(scope="session")
def _rollback_connection(fleetdb_template: Database) -> Iterator[psycopg.Connection[Any]]:
    database = fleetdb_template.clone()
    conn = database.connect()
    yield conn
    conn.close()
    database.drop()


@pytest.fixture
def db(_rollback_connection: psycopg.Connection[Any]) -> Iterator[psycopg.Connection[Any]]:
    """A connection in a transaction rolled back after the test: nothing a test writes survives."""
    conn = _rollback_connection
    if conn.broken:
        raise RuntimeError("the shared rollback connection was broken by an earlier test")
    with conn.transaction(force_rollback=True):
        yield conn


@pytest.fixture
def fresh_db(fleetdb_template: Database) -> Iterator[Database]:
    """A database of its own, cloned from the deployed template and dropped after the test."""
    database = fleetdb_template.clone()
    yield database
    database.drop()


@pytest.fixture
def actors(fleetdb_template: Database) -> Iterator[Callable[..., Actors]]:
    """``actors(n, isolation=None)``: n independent autocommit sessions on one fresh database, plus an
    observer; with ``isolation`` every transaction of the n sessions runs at that level."""
    created: list[tuple[Actors, Database]] = []

    def make(n: int, isolation: IsolationLevel | None = None) -> Actors:
        database = fleetdb_template.clone()
        group = Actors(database, n, isolation)
        created.append((group, database))
        return group

    yield make
    for group, database in created:
        group.close()
        database.drop()
