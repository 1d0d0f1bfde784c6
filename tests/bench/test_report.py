"""The bench report has the keys CI tools read, and the figures are medians and ratios, not single times."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fleetdb.bench.core import interleaved_medians, percentile
from fleetdb.bench.model import BenchRow, BenchRun, read_report
from fleetdb.errors import FleetdbError
from fleetdb.report.bench import machine_note, to_markdown, write_report


def _run(server: str) -> BenchRun:
    return BenchRun("2026-11-30T15:00:00+00:00", machine_note(server), server, "abc123", ["bench"])


def test_json_rows_carry_the_documented_keys(tmp_path: Path) -> None:
    rows = [BenchRow("a figure", 2.0, 1.0, 2.0, "<= 1.5x", False, note="why")]
    _, js = write_report(rows, tmp_path, _run("PostgreSQL 18.3"))
    data = json.loads(js.read_text())
    assert {"finished", "machine", "server", "commit", "arguments"} <= set(data["run"])
    [row] = data["rows"]
    assert {"name", "value", "baseline", "ratio", "goal", "met"} <= set(row)
    assert row["met"] is False and row["ratio"] == 2.0
    assert "| a figure | 2 ms | 1 | 2 | <= 1.5x | **no** | why |" in to_markdown(rows, "PostgreSQL 18.3")


def test_the_machine_line_names_the_server_measured(tmp_path: Path) -> None:
    rows = [BenchRow("a figure", 2.0, 1.0, 2.0, "<= 1.5x", False)]
    md, _ = write_report(rows, tmp_path, _run("PostgreSQL 18.3"))
    machine = next(line for line in md.read_text().splitlines() if line.startswith("Machine: "))
    assert "PostgreSQL 18.3, a throwaway instance" in machine
    assert "PostgreSQL 15" not in machine


def test_a_report_reads_back_as_written_with_its_run(tmp_path: Path) -> None:
    rows = [BenchRow("read path p: p95 execution", 0.5, None, None, "≤ 1 ms", True, extra={"p50_ms": 0.25})]
    _, js = write_report(rows, tmp_path, _run("PostgreSQL 15.18"))
    assert read_report(js) == (_run("PostgreSQL 15.18"), rows)


def test_a_file_that_is_not_a_report_is_a_clear_error(tmp_path: Path) -> None:
    old = tmp_path / "bench.json"
    old.write_text("[]")  # the format before the run was recorded with the rows
    with pytest.raises(FleetdbError, match="is not a report of `fleetdb bench`"):
        read_report(old)
    with pytest.raises(FleetdbError, match="run `make bench` first"):
        read_report(tmp_path / "missing.json")


def test_interleaved_medians_alternate_the_two_actions() -> None:
    calls: list[str] = []
    interleaved_medians(lambda r: calls.append(f"a{r}"), lambda r: calls.append(f"b{r}"), 3)
    assert calls == ["a0", "b0", "a1", "b1", "a2", "b2"]


def test_percentile_picks_from_the_sorted_samples() -> None:
    samples = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert percentile(samples, 0.5) == 3.0
    assert percentile(samples, 0.95) == 5.0
    assert percentile(samples, 0.0) == 1.0
