"""The TAP stream is TAP version 13 that ``prove`` accepts, with the failures' have/want as YAML."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fleetdb.contract import ContractFailure
from fleetdb.report.tap import TapResult, render_tap

FAILURE = ContractFailure(
    "table s.t",
    "Table s.t should have the # right columns",
    [("missing", ["a"]), ("extra", ["b"]), ("have", 'say "hi"\nand: bye'), ("want", "x: y")],
)
pytestmark = pytest.mark.skipif(shutil.which("prove") is None, reason="prove (perl) is not installed")


def _prove(tmp_path: Path, stream: str) -> subprocess.CompletedProcess[str]:
    tap = tmp_path / "contracts.tap"
    tap.write_text(stream)
    # prove runs "cat contracts.tap" as the test program and parses what it prints.
    return subprocess.run(
        ["prove", "--verbose", "--exec", "cat", str(tap)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )


def test_the_stream_is_tap_13_with_yaml_diagnostics() -> None:
    stream = render_tap(
        [
            TapResult("has a table", True),
            TapResult("columns", False, FAILURE.diagnostics()),
            TapResult("not here", True, skip="no pgtap"),
        ]
    )
    assert stream.splitlines()[:4] == ["TAP version 13", "1..3", "ok 1 - has a table", "not ok 2 - columns"]
    assert '  have: |\n    say "hi"\n    and: bye\n' in stream
    assert '  want: "x: y"\n' in stream
    assert '  message: "Table s.t should have the # right columns"' in stream
    assert stream.endswith("ok 3 - not here # SKIP no pgtap\n")


def test_prove_accepts_a_passing_stream(tmp_path: Path) -> None:
    result = _prove(tmp_path, render_tap([TapResult("one", True), TapResult("two # with hash", True)]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Result: PASS" in result.stdout


def test_prove_reports_the_failure_and_finds_no_parse_error(tmp_path: Path) -> None:
    stream = render_tap([TapResult("one", True), TapResult("columns", False, FAILURE.diagnostics())])
    result = _prove(tmp_path, stream)
    assert result.returncode != 0
    assert "Failed 1/2 subtests" in result.stdout, result.stdout
    assert "Parse errors" not in result.stdout + result.stderr
    assert "Result: FAIL" in result.stdout


def test_pytest_writes_tap_that_prove_reads(tmp_path: Path) -> None:
    (tmp_path / "test_sample.py").write_text(
        "from fleetdb.catalog import CatalogSnapshot\n"
        "from fleetdb.contract import has_table\n"
        "SNAP = CatalogSnapshot({'relation': {'s.t': {'relkind': 'table'}}})\n"
        "def test_present():\n    has_table(SNAP, 's.t')\n"
        "def test_missing():\n    has_table(SNAP, 's.u')\n"
        "def test_plain():\n    assert 1 == 2\n"
        "import pytest\n"
        "@pytest.mark.skip(reason='not today')\n"
        "def test_skipped():\n    pass\n"
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:fleetdb",  # the fixtures plugin is not needed here, and is slow to import
            "-p",
            "fleetdb.report.tap",
            "--tap",
            "out.tap",
            "-q",
            "-p",
            "no:cacheprovider",
            "test_sample.py",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "contracts: 1 passed, 2 failed, 1 skipped" in run.stdout
    stream = (tmp_path / "out.tap").read_text()
    assert "not ok 2 - test_sample.py::test_missing" in stream
    assert "  have: \"no table s.u; s has ['s.t']\"" in stream
    result = _prove(tmp_path, stream)
    assert "ok 4 - test_sample.py::test_skipped # SKIP Skipped: not today" in stream
    assert "Failed 2/4 subtests" in result.stdout and "Parse errors" not in result.stdout
