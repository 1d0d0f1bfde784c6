"""TAP version 13 with YAML diagnostics: the contract results in the format ``prove`` and every TAP
harness read. ``render_tap`` writes a stream; loaded as a pytest plugin (``-p fleetdb.report.tap
--tap FILE``) it writes one for the test run, with each failed assertion's have/want lines as YAML, and
prints a rich summary of the failures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from fleetdb.contract.core import ContractFailure

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_ .()-]*$")
_DIAGNOSTICS = "contract_diagnostics"


@dataclass(frozen=True)
class TapResult:
    description: str
    ok: bool
    diagnostics: Mapping[str, str] = field(default_factory=dict)
    skip: str | None = None


def _description(text: str) -> str:
    # A bare '#' would start a directive (SKIP/TODO); newlines would end the test line.
    return " ".join(text.split()).replace("\\", "\\\\").replace("#", "\\#")


def _yaml_scalar(value: str) -> list[str]:
    if "\n" in value:
        return ["|", *(f"  {line}" for line in value.splitlines())]  # TAP::Parser reads "|", not "|-"
    return [json.dumps(value, ensure_ascii=False)]  # a JSON string is a YAML double-quoted scalar


def _yaml(diagnostics: Mapping[str, str]) -> list[str]:
    lines = ["  ---"]
    for key, value in diagnostics.items():
        name = key if _PLAIN_KEY.match(key) else json.dumps(key)
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
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """Carry a failed assertion's labelled lines in ``user_properties``, which survive xdist and reach
    the JUnit XML too."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if call.excinfo is not None and isinstance(call.excinfo.value, ContractFailure):
        report.user_properties.append((_DIAGNOSTICS, json.dumps(call.excinfo.value.diagnostics())))


class TapWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.results: list[TapResult] = []
        self.failures: list[tuple[str, Mapping[str, str]]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or (report.when == "setup" and not report.passed):
            props = dict(report.user_properties)
            if report.skipped:
                reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else "skipped"
                self.results.append(TapResult(report.nodeid, True, skip=str(reason)))
                return
            diagnostics: dict[str, str] = {}
            if report.failed:
                if _DIAGNOSTICS in props:
                    diagnostics = json.loads(str(props[_DIAGNOSTICS]))
                else:
                    lines = report.longreprtext.strip().splitlines()
                    diagnostics = {"message": lines[-1][:500] if lines else "failed"}
                diagnostics["test"] = report.nodeid
                self.failures.append((report.nodeid, diagnostics))
            self.results.append(TapResult(report.nodeid, report.passed, diagnostics))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(render_tap(self.results))

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        from rich.console import Console
        from rich.table import Table

        console = Console(file=terminalreporter._tw._file, width=150)
        passed = sum(r.ok and r.skip is None for r in self.results)
        console.print(
            f"[bold]contracts:[/] {passed} passed, {len(self.failures)} failed, "
            f"{sum(r.skip is not None for r in self.results)} skipped; TAP written to {self.path}"
        )
        for nodeid, diagnostics in self.failures:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(justify="right", style="bold")
            grid.add_column(overflow="fold")
            for key, value in diagnostics.items():
                if key not in ("message", "test"):
                    grid.add_row(f"{key}:", value)
            console.print(
                f"[bold red]✗ {diagnostics.get('message', '')}[/]  [dim]{nodeid}[/]", highlight=False
            )
            console.print(grid)


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--tap", None)
    if path and not hasattr(config, "workerinput"):
        config.pluginmanager.register(TapWriter(Path(path)), "fleetdb-tap-writer")
