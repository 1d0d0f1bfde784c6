"""``reports/summary.md``: the one file a CI job publishes as its summary (GitHub's
``$GITHUB_STEP_SUMMARY``, a merge-request note, a chat message).

It is composed from the other reports in the directory, so whichever command ran last (the pytest run of
``make test``, then ``fleetdb mutate``) leaves a summary of everything the directory holds: the tests of
``junit.xml``, the invariants of ``invariants.json`` with the mutant figures merged into them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fleetdb.report import markdown as md
from fleetdb.report.invariants import InvariantRow, mutants_cell

SUMMARY_FILE = "summary.md"


@dataclass(frozen=True)
class TestTotals:
    tests: int
    failures: int
    errors: int
    skipped: int  # JUnit counts an expected failure (xfail) as skipped: ``xfailed`` of them are
    seconds: float
    timestamp: str
    xfailed: int = 0

    @property
    def passed(self) -> int:
        return self.tests - self.failures - self.errors - self.skipped

    def describe(self) -> str:
        parts = [f"{self.passed} passed", f"{self.failures + self.errors} failed"]
        parts.append(f"{self.skipped - self.xfailed} skipped")
        if self.xfailed:
            parts.append(f"{self.xfailed} xfailed")
        return f"{', '.join(parts)} in {self.seconds:.0f}s"


def read_junit(path: Path) -> TestTotals | None:
    """The totals of a JUnit XML file as pytest writes it (one ``testsuite``); None if there is none."""
    if not path.is_file():
        return None
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError:
        return None
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    if not suites:
        return None

    def total(name: str) -> int:
        return sum(int(suite.get(name, "0")) for suite in suites)

    return TestTotals(
        tests=total("tests"),
        failures=total("failures"),
        errors=total("errors"),
        skipped=total("skipped"),
        seconds=sum(float(suite.get("time", "0")) for suite in suites),
        timestamp=str(suites[0].get("timestamp", "")).split(".")[0].replace("T", " "),
        xfailed=sum(len(suite.findall("testcase/skipped[@type='pytest.xfail']")) for suite in suites),
    )


def to_markdown(rows: list[InvariantRow], tests: TestTotals | None, directory: Path) -> str:
    proven = sum(row.ok for row in rows)
    mutants = sum(row.mutants_killed + row.mutants_survived for row in rows)
    killed = sum(row.mutants_killed for row in rows)
    ok = proven == len(rows) and (tests is None or tests.failures + tests.errors == 0)
    headline = [f"{proven} of {len(rows)} invariants proven"]
    if tests is not None:
        headline.append(f"tests: {tests.describe()}")
    headline.append(f"mutants: {killed} of {mutants} killed" if mutants else "mutants: not run")
    out = [f"## {'✅' if ok else '❌'} fleetdb: {md.text('; '.join(headline))}", ""]
    failing = [row for row in rows if not row.ok]
    for row in failing:
        out.append(f"- ❌ {md.code(row.id)} {md.text(row.verdict)}")
        out += [f"  - {md.text(' '.join(failure.split()))}" for failure in row.failures]
    if failing:
        out.append("")
    out += [
        "<details><summary>Every invariant</summary>",
        "",
        *md.table(
            ["", "invariant", "scenarios", "races", "examples", "mutants killed", "verdict"],
            [
                [
                    "✅" if row.ok else "❌",
                    md.code(row.id),
                    f"{row.scenarios_passed}/{row.scenarios_passed + row.scenarios_failed}",
                    str(row.races),
                    str(row.examples),
                    mutants_cell(row),
                    row.verdict,
                ]
                for row in rows
            ],
            align="llrrrr",
        ),
        "",
        "</details>",
        "",
    ]
    present = [md.code(str(directory / name)) for name in REPORT_FILES[1:] if (directory / name).exists()]
    if tests is not None and tests.timestamp:
        out.append(f"Tests of the run started {md.text(tests.timestamp)}.")
    out.append(f"Reports: {', '.join(present)}.")
    return "\n".join(out) + "\n"


REPORT_FILES = ("summary.md", "junit.xml", "invariants.md", "invariants.json", "mutants.json")
INVARIANT_REPORTS = ("summary.md", "invariants.md", "invariants.json")


def reports_line(directory: Path, names: Iterable[str]) -> str:
    """The last line a command prints: the report files it wrote (or read into its summary)."""
    return "reports: " + ", ".join(str(directory / name) for name in names)


def write_summary(rows: list[InvariantRow], directory: Path) -> Path:
    path = directory / SUMMARY_FILE
    path.write_text(to_markdown(rows, read_junit(directory / "junit.xml"), directory))
    return path
