"""The benchmark report: a rich table, reports/bench.json and reports/bench.md."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
from pathlib import Path

from rich.console import Console
from rich.table import Table

from fleetdb.bench.model import BenchRow, BenchRun
from fleetdb.report import markdown as md
from fleetdb.report.console import show_table, text_column


def machine_note(server: str) -> str:
    """The machine and the server the figures were measured on (``server``: its own version string),
    with the load average: the machines are shared."""
    cores = len(os.sched_getaffinity(0))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    with open("/proc/meminfo") as meminfo:
        total_kb = int(meminfo.readline().split()[1])
    return (
        f"{platform.node()}: {cores} cores, {total_kb / 1024 / 1024:.0f} GiB, {platform.platform()}, "
        f"Python {platform.python_version()}; {server}, a throwaway instance with fsync off; "
        f"load average {load} (1, 5, 15 min) at the end of the run"
    )


def current_commit(project: Path) -> str:
    """The commit the figures were measured at (``-dirty`` with uncommitted changes), else ``unknown``."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=project,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("-dirty" if dirty else "")


def load_summary(samples: list[float]) -> str:
    """The 1-minute load average sampled while a long run went on: its range and median."""
    if not samples:
        return "not sampled"
    ordered = sorted(samples)
    median = statistics.median(ordered)
    return (
        f"1-minute load average {ordered[0]:.1f} to {ordered[-1]:.1f}, median {median:.1f} "
        f"({len(ordered)} samples during the run)"
    )


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def render(rows: list[BenchRow], console: Console, server: str) -> None:
    table = Table(
        text_column("figure"),
        text_column("value", justify="right"),
        text_column("baseline", justify="right"),
        text_column("ratio", justify="right"),
        text_column("goal"),
        text_column("met"),
        title="fleetdb bench",
    )
    for row in rows:
        met = "—" if row.met is None else ("[green]yes[/]" if row.met else "[red]no[/]")
        table.add_row(
            row.name, f"{_fmt(row.value)} {row.unit}", _fmt(row.baseline), _fmt(row.ratio), row.goal, met
        )
    show_table(console, table)
    console.print(machine_note(server), style="dim", markup=False)


def to_markdown(rows: list[BenchRow], server: str, machine: str | None = None) -> str:
    lines = [
        "# fleetdb bench",
        "",
        f"Machine: {md.text(machine or machine_note(server))}",
        "",
    ]
    lines += md.table(
        ["figure", "value", "baseline", "ratio", "goal", "met", "how"],
        [
            [
                row.name,
                f"{_fmt(row.value)} {row.unit}",
                _fmt(row.baseline),
                _fmt(row.ratio),
                row.goal,
                "—" if row.met is None else ("yes" if row.met else md.bold("no")),
                row.note,
            ]
            for row in rows
        ],
    )
    return "\n".join(lines) + "\n"


def to_json(rows: list[BenchRow], run: BenchRun) -> str:
    """``{"run": {...}, "rows": [...]}``: the figures with the run that took them."""
    data = {"run": run.as_dict(), "rows": [row.as_dict() for row in rows]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_report(rows: list[BenchRow], directory: Path, run: BenchRun) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    md, js = directory / "bench.md", directory / "bench.json"
    md.write_text(to_markdown(rows, run.server, run.machine))
    js.write_text(to_json(rows, run))
    return md, js
