"""``--fleetdb-results FILE``: the run's results as data for the tool that started it (the format and
its reader are ``fleetdb.results``). Loaded by the fixtures plugin, so every fleetdb run offers it."""

from __future__ import annotations

import json
import os
from collections.abc import Generator, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fleetdb.results import Outcome, TestResult


def _database_errors(error: BaseException | None) -> Iterator[psycopg.Error]:
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, psycopg.Error):
            yield error
        error = error.__cause__ or error.__context__


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("fleetdb").addoption(
        "--fleetdb-results",
        metavar="FILE",
        help="write each test's outcome, invariants and the SQLSTATE/constraint that failed it as JSON "
        "(what fleetdb mutate reads)",
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """What failed the test, from the exception itself (its first line; the SQLSTATE and constraint of
    the PostgreSQL error in it or behind it), as user properties: they travel with the report from an
    xdist worker to the controller."""
    report = yield
    if report.failed and call.excinfo is not None:
        report.user_properties.append(("message", call.excinfo.exconly().strip().split("\n")[0][:300]))
        for error in _database_errors(call.excinfo.value):
            if error.sqlstate:
                report.user_properties.append(("sqlstate", error.sqlstate))
                if error.diag.constraint_name:
                    report.user_properties.append(("constraint", error.diag.constraint_name))
                break
    return report


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--fleetdb-results", None)
    if path and not hasattr(config, "workerinput"):
        config.pluginmanager.register(ResultsWriter(Path(path)), "fleetdb-results-writer")


class ResultsWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.results: dict[str, TestResult] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call" and not report.failed and not (report.when == "setup" and report.skipped):
            return
        if report.nodeid in self.results and self.results[report.nodeid].outcome in ("failed", "error"):
            return  # the first failing phase is the one that says why
        props: dict[str, Any] = {}
        invariants: list[str] = []
        for key, value in report.user_properties:
            if key == "invariant":
                invariants.append(str(value))
            elif key in ("sqlstate", "constraint", "message"):
                props[key] = str(value)
        outcome: Outcome = report.outcome
        if report.failed and report.when != "call":
            outcome = "error"
        self.results[report.nodeid] = TestResult(
            report.nodeid, outcome, report.when, tuple(invariants), **props
        )

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            message = (report.longreprtext.strip().splitlines() or [""])[-1][:300]
            self.results[report.nodeid] = TestResult(report.nodeid, "error", "collect", message=message)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        data = {
            "exitstatus": int(exitstatus),
            "interrupted": exitstatus == pytest.ExitCode.INTERRUPTED,
            "results": [asdict(result) for result in self.results.values()],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(json.dumps(data, indent=1) + "\n")
        os.replace(partial, self.path)  # a reader never sees half a file
