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
"""

from __future__ import annotations

import signal
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
from fleetdb.invariants.catalog import load_catalog
from fleetdb.lab import Lab
from fleetdb.project import Project, reports_dir
from fleetdb.races import Actors
from fleetdb.report.console import make_console
from fleetdb.report.invariants import InvariantRow, render, rows_for, write_report
from fleetdb.report.summary import INVARIANT_REPORTS, reports_line, write_summary

# --fleetdb-results FILE: the run's results as data for the tool that started it.
pytest_plugins = ["fleetdb.results"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("fleetdb")
    group.addoption("--fleetdb-project", help="the Sqitch project to deploy (default: the current directory)")
    group.addoption("--fleetdb-pg-bindir", help="PostgreSQL server binaries (default: pg_config --bindir)")
    group.addoption(
        "--invariant-report",
        action="store_true",
        help="write reports/invariants.{md,json} and summary.md, and fail when an invariant is unproven",
    )
    group.addoption(
        "--no-invariant-table",
        action="store_false",
        dest="invariant_table",
        help="with --invariant-report: print only the line naming the reports, not the table "
        "(make test prints the table once, after fleetdb mutate)",
    )
    group.addoption("--stress", action="store_true", help="also run tests marked stress")
    group.addoption("--invariant", action="append", default=[], help="run only the scenarios tagged ID")
    group.addoption(
        "--invariant-scenarios",
        action="store_true",
        help="run only the scenarios tagged with an invariant (what fleetdb rehearse runs)",
    )


def _stop_servers_and_interrupt(signum: int, _frame: FrameType | None) -> None:
    # KeyboardInterrupt, not SystemExit: pytest reports SystemExit inside a test as a failure and goes on.
    stop_all()
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config: pytest.Config) -> None:
    signal.signal(signal.SIGTERM, _stop_servers_and_interrupt)
    config.addinivalue_line("markers", "invariant(id): the scenario exercises the named catalog invariant")
    config.addinivalue_line("markers", "race: several real sessions race for one resource")
    config.addinivalue_line("markers", "stress: long stress variant, run only with --stress")
    if config.getoption("--invariant-report") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(InvariantReporter(config), "fleetdb-invariant-reporter")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    known = {inv.id for inv in load_catalog()}
    skip_stress = pytest.mark.skip(reason="stress variant: run with --stress")
    for item in items:
        for mark in item.iter_markers("invariant"):
            if not mark.args or mark.args[0] not in known:
                raise pytest.UsageError(f"{item.nodeid}: invariant {mark.args} is not in the catalog")
            item.user_properties.append(("invariant", mark.args[0]))
        if item.get_closest_marker("race"):
            item.user_properties.append(("race", "1"))
        if item.get_closest_marker("stress") and not config.getoption("--stress"):
            item.add_marker(skip_stress)
    wanted = set(config.getoption("--invariant"))
    if config.getoption("--invariant-scenarios"):
        wanted |= known
        if not config.getoption("--stress"):  # the stress variants would only be listed as skipped
            items[:] = [item for item in items if not item.get_closest_marker("stress")]
    _select_invariants(items, wanted)


def _select_invariants(items: list[pytest.Item], wanted: set[str]) -> None:
    """``--invariant ID``: keep only the scenarios tagged with one of the ids (``fleetdb mutate`` uses it).
    The other tests are not part of the run, so they are not reported as "deselected" either: the run
    of ``fleetdb rehearse`` ended in "63 passed, 825 deselected", which read as if 825 had been skipped."""
    if wanted:
        items[:] = [item for item in items if wanted & {m.args[0] for m in item.iter_markers("invariant")}]


class InvariantReporter:
    """Tallies invariant-tagged outcomes (also from xdist workers) and writes the report at the end."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.rows: dict[str, InvariantRow] = rows_for(load_catalog())
        self.interrupted = False

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if not (report.when == "call" or (report.when == "setup" and report.failed)):
            return
        props = {str(key): str(value) for key, value in report.user_properties}
        ids = [str(value) for key, value in report.user_properties if key == "invariant"]
        for inv_id in ids:
            row = self.rows[inv_id]
            if report.passed:
                row.scenarios_passed += 1
                row.races += int("race" in props)
                row.examples += int(props.get("examples", 0))
            elif report.failed:
                row.scenarios_failed += 1
                row.failures.append(report.nodeid)

    @pytest.hookimpl(trylast=True)  # after the JUnit XML is written: the summary reads it
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        # An interrupted run proves nothing about the scenarios it did not reach: the report of the
        # last complete run stays as it was.
        self.interrupted = exitstatus == pytest.ExitCode.INTERRUPTED
        if self.interrupted:
            return
        write_report(list(self.rows.values()), reports_dir())
        write_summary(list(self.rows.values()), reports_dir())
        if exitstatus == 0 and not all(row.ok for row in self.rows.values()):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.interrupted:
            terminalreporter.write_line(
                f"interrupted: {reports_dir() / 'invariants.md'} is left as the last complete run wrote it"
            )
            return
        console = make_console(terminalreporter._tw._file)
        rows = list(self.rows.values())
        if rows and self.config.getoption("invariant_table"):
            render(rows, console)
        junit = ["junit.xml"] if (reports_dir() / "junit.xml").exists() and self.config.option.xmlpath else []
        console.print(reports_line(reports_dir(), [*INVARIANT_REPORTS, *junit]), soft_wrap=True, markup=False)


def _worker_suffix(config: pytest.Config) -> str:
    workerinput = getattr(config, "workerinput", None)
    return str(workerinput["workerid"]) if workerinput else "main"


@pytest.fixture(scope="session")
def fleetdb_lab(pytestconfig: pytest.Config) -> Iterator[Lab]:
    """The server every fixture uses: the lab a parent process handed over, else a private throwaway
    server for this session (per xdist worker), stopped at the end."""
    handed_over = handed_over_lab()
    if handed_over is not None:
        yield handed_over
        return
    project = Project.load(pytestconfig.getoption("--fleetdb-project") or _default_project(pytestconfig))
    with Lab.throwaway(project, bindir=pytestconfig.getoption("--fleetdb-pg-bindir")) as lab:
        yield lab


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
