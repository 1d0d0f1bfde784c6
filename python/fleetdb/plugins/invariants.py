"""The invariant machinery as a pytest plugin that a project turns on (fleetdb's own pyproject.toml:
``-p fleetdb.plugins.invariants``; ``fleetdb rehearse`` and ``fleetdb mutate`` pass it to the runs they
start):

- marks, declared here once: ``invariant(ID)`` (validated against the invariant catalog), ``race``,
  ``stress`` (skipped unless ``--stress``);
- selection: ``--invariant ID`` and ``--invariant-scenarios`` keep only the tagged scenarios;
- collection: ``--invariant-map FILE`` writes which test files hold each invariant's scenarios (JSON), so
  that ``fleetdb mutate`` runs only those files per mutant;
- the report: ``--invariant-report`` tallies the tagged outcomes (xdist workers included) and writes
  reports/invariants.{md,json} and summary.md, failing the run when an invariant is unproven.

The catalog is the ``invariant_catalog`` ini value (a path from the rootdir), else fleetdb's own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fleetdb.invariants.catalog import CATALOG_PATH, load_catalog
from fleetdb.invariants.model import Invariant
from fleetdb.project import reports_dir
from fleetdb.report.console import make_console
from fleetdb.report.invariants import InvariantRow, render, rows_for, write_report
from fleetdb.report.summary import INVARIANT_REPORTS, reports_line, write_summary

MARKERS = (
    "invariant(id): the scenario exercises the named invariant of the catalog",
    "race: several real sessions race for one resource",
    "stress: long stress variant, run only with --stress",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("invariant_catalog", "the invariant catalog (TOML), relative to the rootdir")
    group = parser.getgroup("fleetdb-invariants", "fleetdb invariants")
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
    group.addoption(
        "--invariant-map",
        metavar="FILE",
        help="write which test files hold the scenarios of each invariant (JSON; fleetdb mutate reads it)",
    )


def catalog_of(config: pytest.Config) -> list[Invariant]:
    configured = config.getini("invariant_catalog")
    return load_catalog(config.rootpath / configured if configured else CATALOG_PATH)


def pytest_configure(config: pytest.Config) -> None:
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    if config.getoption("--invariant-report") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(InvariantReporter(config), "fleetdb-invariant-reporter")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    known = {inv.id for inv in catalog_of(config)}
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
    target = config.getoption("--invariant-map")
    if target:
        _write_map(config, items, Path(target))
    wanted = set(config.getoption("--invariant"))
    if config.getoption("--invariant-scenarios"):
        wanted |= known
        if not config.getoption("--stress"):  # the stress variants would only be listed as skipped
            items[:] = [item for item in items if not item.get_closest_marker("stress")]
    _select_invariants(items, wanted)


def _write_map(config: pytest.Config, items: list[pytest.Item], target: Path) -> None:
    files: dict[str, set[str]] = {}
    for item in items:
        path = str(Path(str(item.path)).relative_to(config.rootpath))
        for mark in item.iter_markers("invariant"):
            files.setdefault(str(mark.args[0]), set()).add(path)
    target.write_text(json.dumps({inv: sorted(paths) for inv, paths in files.items()}, indent=2))


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
        self.rows: dict[str, InvariantRow] = rows_for(catalog_of(config))
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
