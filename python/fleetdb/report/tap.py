"""TAP version 13 with YAML diagnostics: the contract results in the format ``prove`` and every TAP
harness read. ``render_tap`` writes a stream; loaded as a pytest plugin (``-p fleetdb.report.tap
--tap FILE``) it writes one for the test run, with each failed assertion's have/want lines as YAML, and
prints a rich summary of the failures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text

from fleetdb.contract.core import AssertionOutcome, ContractFailure, record_assertions
from fleetdb.report.console import make_console

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Characters a double-quoted scalar spells as escapes both YAML and TAP::Parser::YAMLish::Reader decode.
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]')
# A line a literal block ("|") keeps exactly: TAP::Parser ends the block at an empty line (its reader
# strips the indent and gets nothing), takes leading tabs as indentation and reads no escapes in it.
_BLOCK_LINE = re.compile(r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*\S$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ASSERTIONS = "fleetdb_assertions"
_COVERED = "fleetdb_failure_is_an_assertion"


@dataclass(frozen=True)
class TapResult:
    description: str
    ok: bool
    diagnostics: Mapping[str, str] = field(default_factory=dict)
    skip: str | None = None


def _description(text: str) -> str:
    # A bare '#' would start a directive (SKIP/TODO); newlines would end the test line.
    text = _CONTROL.sub("\ufffd", " ".join(text.split()))
    return text.replace("\\", "\\\\").replace("#", "\\#")


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar on one line, whatever ``value`` holds."""
    return '"' + _SPECIAL.sub(lambda m: _ESCAPES.get(m[0]) or _escape(m[0]), value) + '"'


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _yaml_scalar(value: str) -> list[str]:
    lines = value.split("\n")
    if len(lines) > 1 and not lines[0][:1].isspace() and all(_BLOCK_LINE.match(line) for line in lines):
        return ["|", *(f"  {line}" for line in lines)]  # TAP::Parser reads "|", not "|-"
    return [_quoted(value)]


def _yaml(diagnostics: Mapping[str, str]) -> list[str]:
    lines = ["  ---"]
    for key, value in diagnostics.items():
        name = key if _PLAIN_KEY.match(key) else _quoted(key)
        first, *rest = _yaml_scalar(str(value))
        lines.append(f"  {name}: {first}")
        lines.extend(f"  {line}" for line in rest)
    lines.append("  ...")
    return lines


def render_tap(results: Iterable[TapResult]) -> str:
    results = list(results)
    lines = ["TAP version 13", f"1..{len(results)}"]
    for number, result in enumerate(results, start=1):
        status = "ok" if result.ok or result.skip is not None else "not ok"
        line = f"{status} {number} - {_description(result.description)}"
        if result.skip is not None:
            line += f" # SKIP {_description(result.skip)}"
        lines.append(line)
        if result.diagnostics and not result.ok:
            lines.extend(_yaml(result.diagnostics))
    return "\n".join(lines) + "\n"


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
