"""reports/summary.md, the CI job summary: built from the directory's reports, cells escaped, every
file named."""

from __future__ import annotations

from pathlib import Path

from fleetdb.invariants.catalog import load_catalog
from fleetdb.report.invariants import rows_for
from fleetdb.report.summary import read_junit, write_summary
from tests.report._support import square, tables

JUNIT = """<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest"
errors="1" failures="2" skipped="3" tests="20" time="61.5" timestamp="2025-01-02T03:04:05.678+00:00"
hostname="ci"><testcase classname="tests.x" name="test_hole" time="1.0"><skipped type="pytest.xfail"
message="the released scripts have the hole" /></testcase></testsuite></testsuites>"""


def test_the_summary_names_the_failures_and_the_files(tmp_path: Path) -> None:
    (tmp_path / "junit.xml").write_text(JUNIT)
    rows = rows_for(load_catalog())
    for row in rows.values():
        row.scenarios_passed, row.mutants_killed = 2, 1
    broken = rows["RENT-STATUS-TRANSITION"]
    broken.scenarios_failed = 1
    broken.failures.append("tests/x.py::test_y[reserved|active] | <b>not bold</b>")
    path = write_summary(list(rows.values()), tmp_path)
    text = path.read_text()
    assert path.name == "summary.md"
    first = text.splitlines()[0]
    assert first.startswith("## ❌ fleetdb: ")
    assert f"{len(rows) - 1} of {len(rows)} invariants proven" in first
    assert "tests: 14 passed, 3 failed, 2 skipped, 1 xfailed in 62s" in first  # as pytest counts them
    assert f"mutants: {len(rows)} of {len(rows)} killed" in first
    assert "- ❌ `RENT-STATUS-TRANSITION` failing" in text
    assert "tests/x.py::test_y[reserved|active] | &lt;b>not bold&lt;/b>" in text
    [table] = tables(text)
    square(table)
    assert len(table) == len(rows) + 1
    assert "Tests of the run started 2025-01-02 03:04:05." in text
    assert f"`{tmp_path / 'junit.xml'}`" in text and f"`{tmp_path / 'mutants.json'}`" not in text


def test_a_run_without_junit_or_mutants_says_so(tmp_path: Path) -> None:
    rows = rows_for(load_catalog())
    for row in rows.values():
        row.scenarios_passed = 1
    text = write_summary(list(rows.values()), tmp_path).read_text()
    assert (
        text.splitlines()[0]
        == f"## ✅ fleetdb: {len(rows)} of {len(rows)} invariants proven; mutants: not run"
    )
    assert read_junit(tmp_path / "junit.xml") is None
    (tmp_path / "junit.xml").write_text("<not xml")
    assert read_junit(tmp_path / "junit.xml") is None
