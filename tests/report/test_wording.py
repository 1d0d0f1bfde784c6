"""What the summaries say reads right: the rehearsal's time split when servers work side by side, the
scenario run without "825 deselected", the mutant column before any mutation run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fleetdb.invariants.catalog import load_catalog
from fleetdb.rehearsal.model import ChangeRehearsal, RehearsalReport
from fleetdb.report.invariants import mutants_cell, rows_for
from fleetdb.report.rehearsal import summary


def _report(run_seconds: float) -> RehearsalReport:
    changes = [
        ChangeRehearsal("a", None, sqitch_seconds=100, rehearsal_seconds=120),
        ChangeRehearsal("b", "a", sqitch_seconds=50, rehearsal_seconds=80),
    ]
    return RehearsalReport("db:pg:fleetdb", changes=changes, seconds=run_seconds)


def test_the_time_split_says_when_servers_worked_side_by_side() -> None:
    [line] = [line for line in summary(_report(130)) if line.startswith("time spent")]
    assert line == (
        "time spent on the changes: 200s, of which 150s in sqitch deploy, revert and redeploy, the rest in "
        "trials, snapshots, fingerprints and seeding (added up over the servers that worked side by side; "
        "the run took 130s)"
    )
    [serial] = [line for line in summary(_report(250)) if line.startswith("time spent")]
    assert serial.endswith("fingerprints and seeding")


def test_mutants_not_yet_run_say_so() -> None:
    row = next(iter(rows_for(load_catalog()).values()))
    assert mutants_cell(row) == "not run"
    row.mutants_killed, row.mutants_survived = 2, 1
    assert mutants_cell(row) == "2/3"


def test_the_scenario_run_reports_no_deselected_tests(tmp_path: Path) -> None:
    (tmp_path / "test_sample.py").write_text(
        "import pytest\n"
        "@pytest.mark.invariant('RENT-OVERLAP')\n"
        "def test_tagged():\n    pass\n"
        "def test_other():\n    pass\n"
        "@pytest.mark.invariant('RENT-OVERLAP')\n"
        "@pytest.mark.stress\n"
        "def test_stress_variant():\n    pass\n"
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "fleetdb.plugins.invariants",  # as fleetdb rehearse runs the scenarios
            "--invariant-scenarios",
            "test_sample.py",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout and "deselected" not in run.stdout and "skipped" not in run.stdout
