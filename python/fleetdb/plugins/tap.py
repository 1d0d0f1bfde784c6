"""The TAP stream of a contract run, as a pytest plugin (``-p fleetdb.plugins.tap --tap FILE``, what
``fleetdb contracts`` runs): one TAP line per assertion a test ran (as pgTAP prints one per test
function call), each failed assertion's have/want lines as YAML, and a rich summary of the failures."""

from __future__ import annotations

import json
from collections.abc import Generator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text

from fleetdb.contract.core import AssertionOutcome, ContractFailure, record_assertions
from fleetdb.report.console import make_console
from fleetdb.report.tap import TapResult, render_tap

_ASSERTIONS = "fleetdb_assertions"
_COVERED = "fleetdb_failure_is_an_assertion"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("fleetdb").addoption(
        "--tap", metavar="FILE", help="write a TAP version 13 stream of the run"
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, None]:
    with record_assertions() as outcomes:
        yield
    item.stash[_OUTCOMES] = outcomes


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """Carry the test's assertions in ``user_properties``, which survive xdist; the writer takes them
    off again, so the JUnit XML keeps one entry per test."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if call.when != "call":
        return
    outcomes = item.stash.get(_OUTCOMES, [])
    if outcomes:
        rows = [[o.description, o.ok, dict(o.diagnostics)] for o in outcomes]
        report.user_properties.append((_ASSERTIONS, json.dumps(rows)))
    failure = call.excinfo.value if call.excinfo is not None else None
    if isinstance(failure, ContractFailure) and any(not o.ok for o in outcomes):
        report.user_properties.append((_COVERED, "1"))  # the failing assertions are the TAP lines
    elif isinstance(failure, ContractFailure):
        report.user_properties.append((_COVERED, json.dumps(failure.diagnostics())))


_OUTCOMES = pytest.StashKey[list[AssertionOutcome]]()


class TapWriter:
    """One TAP line per assertion a test ran (as pgTAP prints one per test function call), or one for
    the test itself when it ran none; one more when a test failed other than by an assertion."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.results: list[TapResult] = []
        self.failures: list[tuple[str, Mapping[str, str]]] = []

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        assertions = _take(report, _ASSERTIONS)
        covered = _take(report, _COVERED)
        if not (report.when == "call" or (report.when == "setup" and not report.passed)):
            return
        if report.skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else "skipped"
            self.results.append(TapResult(report.nodeid, True, skip=str(reason)))
            return
        for description, ok, lines in json.loads(assertions or "[]"):
            if not ok and report.passed:  # the test caught the failure: one it expected
                self._add(report.nodeid, TapResult(f"{description} (fails, as the test expects)", True))
            else:
                self._add(report.nodeid, TapResult(description, ok, lines))
        if assertions and (report.passed or covered == "1"):
            return
        diagnostics: dict[str, str] = {}
        if report.failed:
            diagnostics = json.loads(covered) if covered else {"message": _crash_message(report)}
        self._add(report.nodeid, TapResult(report.nodeid, report.passed, diagnostics))

    def _add(self, nodeid: str, result: TapResult) -> None:
        if not result.ok:
            result = replace(result, diagnostics={**result.diagnostics, "test": nodeid})
            self.failures.append((nodeid, result.diagnostics))
        self.results.append(result)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(render_tap(self.results), encoding="utf-8")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """Each failed assertion with its labelled lines, then the counts and where the TAP is."""
        console = make_console(terminalreporter._tw._file)
        for nodeid, diagnostics in self.failures:
            console.print(
                Text.assemble((f"✗ {diagnostics.get('message', '')}", "bold red"), "  ", (nodeid, "dim")),
                soft_wrap=True,
            )
            for key, value in diagnostics.items():
                if key in ("message", "test"):
                    continue
                first, *rest = str(value).split("\n")
                console.print(Text.assemble((f"    {key}: ", "bold"), first), soft_wrap=True)
                for line in rest:
                    console.print(Text(" " * (6 + len(key)) + line), soft_wrap=True)
        passed = sum(r.ok and r.skip is None for r in self.results)
        skipped = sum(r.skip is not None for r in self.results)
        console.print(
            f"TAP: {len(self.results)} assertions, {passed} passed, {len(self.failures)} failed, "
            f"{skipped} skipped, written to {self.path}",
            soft_wrap=True,
            markup=False,
        )


def _crash_message(report: pytest.TestReport) -> str:
    """What the failed test raised (``AssertionError: …`` with its message), else the report's last line."""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return str(crash.message)
    lines = report.longreprtext.strip().splitlines()
    return lines[-1] if lines else "failed"


def _take(report: pytest.TestReport, key: str) -> str | None:
    """The property ``key`` of the report, removed from it."""
    for item in list(report.user_properties):
        if item[0] == key:
            report.user_properties.remove(item)
            return str(item[1])
    return None


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--tap", None)
    if path and not hasattr(config, "workerinput"):
        config.pluginmanager.register(TapWriter(Path(path)), "fleetdb-tap-writer")
