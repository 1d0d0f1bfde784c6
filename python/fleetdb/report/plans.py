"""The plan review report: a console table, ``reports/plans.md`` and ``reports/plans.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fleetdb.plans.model import IndexProblem, PathResult, Thresholds
from fleetdb.report import markdown as md
from fleetdb.report.console import name_column, show_table, text_column


def render(
    results: list[PathResult], index_problems: list[IndexProblem], console: Console, context: dict[str, Any]
) -> None:
    table = Table(
        name_column("path"),
        text_column(""),
        text_column("plan shape"),
        text_column("index used"),
        text_column("rows", justify="right"),
        text_column("buffers", justify="right"),
        text_column("ms", justify="right"),
        title=f"read paths at scale {context.get('scale', '?')}",
    )
    for result in results:
        mark = "[green]✓[/]" if result.ok else "[red]✗[/]"
        table.add_row(
            result.name,
            mark,
            escape(result.shape),
            ", ".join(result.indexes_used) or "-",
            f"{result.rows:,}",
            f"{result.buffers:,}",
            f"{result.execution_ms:.3f}",
        )
    show_table(console, table)
    for result in results:
        for problem in result.problems:
            console.print(f"[red]✗ {result.name}[/]: {problem}", highlight=False, soft_wrap=True)
    for index_problem in index_problems:
        console.print(f"[red]✗ index catalog[/]: {index_problem.describe()}", highlight=False, soft_wrap=True)
    failed = sum(not r.ok for r in results)
    verdict = "[green]all paths pass[/]" if not failed else f"[red]{failed} of {len(results)} paths fail[/]"
    fk = (
        "[green]every foreign key indexed, no duplicate or prefix index[/]"
        if not index_problems
        else (f"[red]{len(index_problems)} index catalog problem(s)[/]")
    )
    console.print(f"{verdict}; {fk}")


def markdown(results: list[PathResult], index_problems: list[IndexProblem], context: dict[str, Any]) -> str:
    thresholds: Thresholds = context["thresholds"]
    lines = [
        "# Plan review",
        "",
        f"Scale {context.get('scale', '?')} ({context.get('database', '')}). Rules: no sequential scan "
        f"of a table with ≥ {thresholds.seq_scan_rows:,} rows; every expected index used (on tables of "
        "that size); estimates "
        f"within {thresholds.estimate_factor:g}x of actual rows (from {thresholds.estimate_floor} rows on).",
        "",
    ]
    lines += md.table(
        ["", "path", "index used", "rows", "buffers", "ms", "plan shape"],
        [
            [
                "✓" if r.ok else "✗",
                md.code(r.name),
                ", ".join(r.indexes_used) or "-",
                f"{r.rows:,}",
                f"{r.buffers:,}",
                f"{r.execution_ms:.3f}",
                md.code(r.shape),
            ]
            for r in results
        ],
        align="lllrrr",
    )
    problems = [(r.name, p) for r in results for p in r.problems]
    lines += ["", "## Problems", ""]
    lines += [f"- {md.code(name)}: {md.text(problem)}" for name, problem in problems] or ["None."]
    lines += ["", "## Index catalog (foreign-key indexes, duplicate and prefix indexes)", ""]
    lines += [f"- {md.text(p.describe())}" for p in index_problems] or [
        "Every foreign key has a supporting index; no index duplicates another or is a prefix of another."
    ]
    notes = [(r.name, n) for r in results for n in r.notes]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {md.code(name)}: {md.text(note)}" for name, note in notes]
    return "\n".join(lines) + "\n"


def write_report(
    results: list[PathResult], index_problems: list[IndexProblem], directory: Path, context: dict[str, Any]
) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    md = directory / "plans.md"
    md.write_text(markdown(results, index_problems, context))
    thresholds: Thresholds = context["thresholds"]
    document = {
        "scale": context.get("scale"),
        "database": context.get("database"),
        "thresholds": thresholds.__dict__,
        "seed": context.get("seed"),
        "ok": all(r.ok for r in results) and not index_problems,
        "paths": [r.as_dict() for r in results],
        "index_problems": [p.__dict__ for p in index_problems],
    }
    js = directory / "plans.json"
    js.write_text(json.dumps(document, indent=2, default=str))
    return md, js
