"""The online rehearsal report: a table per phase (one row per change), what went over budget and why,
the data checks; as a rich console summary, reports/online.md (with the latency chart, online.svg) and
reports/online.json."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fleetdb.rehearsal.online_model import Latency, OnlineReport, Step
from fleetdb.report import markdown as md
from fleetdb.report.console import name_column, show_table, text_column
from fleetdb.report.latency_chart import latency_svg

PHASES = ("deploy", "revert", "redeploy")
HEADER = (
    "#",
    "change",
    "sqitch",
    "lock wait max",
    "lock held max",
    "errors",
    "p50",
    "p99",
    "p99 vs window before",
    "rewritten / updated",
    "verdict",
)


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f} ms" if value >= 0.1 else f"{value * 1000:.1f} ms"


def _ratio(step: Step) -> str:
    ratio = step.p99_ratio
    if ratio is None:
        return "-"
    if step.p99_verdict.startswith("too few"):
        return f"{ratio:.1f}x (too few ops)"
    if step.p99_verdict == "within the windows' own spread":
        return f"{ratio:.1f}x (within spread)"
    return f"{ratio:.1f}x"


def _rows_touched(step: Step) -> str:
    parts = [f"{r.relation} rewritten ({r.rows:,} rows)" for r in step.rewrites]
    parts += [f"{table}: {rows:,} rows updated" for table, rows in sorted(step.updated.items())]
    return "; ".join(parts) or "-"


def _verdict(step: Step) -> str:
    if step.error:
        return "failed"
    return "over budget" if step.over_budget else "ok"


def _errors(step: Step) -> str:
    count = sum(error.count for error in step.errors)
    if not count:
        return "0"
    return f"{count} ({', '.join(sorted({error.sqlstate for error in step.errors}))})"


def _cells(number: int, step: Step) -> list[str]:
    retries = f" ({step.attempts} attempts)" if step.attempts > 1 else ""
    return [
        str(number),
        step.change,
        f"{step.seconds:.1f}s{retries}",
        _ms(step.lock_wait_max),
        _ms(step.lock_held_max),
        _errors(step),
        _ms(step.latency.p50),
        _ms(step.latency.p99),
        _ratio(step),
        _rows_touched(step),
        _verdict(step),
    ]


def _latency(latency: Latency) -> str:
    return (
        f"p50 {_ms(latency.p50)}, p99 {_ms(latency.p99)}, max {_ms(latency.max)} ({latency.operations} ops)"
    )


# -- console --------------------------------------------------------------------------------------------
def render(report: OnlineReport, console: Console) -> None:
    numbered = list(enumerate(report.steps, 1))
    for phase in PHASES:
        steps = [(n, s) for n, s in numbered if s.phase == phase]
        if not steps:
            continue
        table = Table(
            text_column("#", justify="right"),
            name_column("change"),
            *(text_column(h, justify="right") for h in HEADER[2:9]),
            text_column(HEADER[9]),
            text_column(HEADER[10]),
            title=escape(f"{phase} under load ({_reference(steps[0][1])})"),
        )
        for number, step in steps:
            table.add_row(*(escape(cell) for cell in _cells(number, step)), style=None if step.ok else "red")
        show_table(console, table)
    for line in details(report):
        console.print(line, highlight=False, soft_wrap=True, markup=False)
    for line in summary(report):
        console.print(line, highlight=False, soft_wrap=True, markup=False)


def _reference(step: Step) -> str:
    return f"compared with the {step.reference} window: {_latency(step.reference_latency)}"


def details(report: OnlineReport) -> list[str]:
    """Every step over budget with its causes, then every failed data check."""
    lines: list[str] = []
    for number, step in enumerate(report.steps, 1):
        if step.ok:
            continue
        lines.append(f"✗ {number}. {step.phase} {step.change}:")
        if step.error:
            lines.append(f"    sqitch failed: {' '.join(step.error.split())}")
        lines += [f"    over budget: {line}" for line in step.over_budget]
        for cause in step.causes:
            if cause.statement:
                lines.append(f"    statement: {cause.statement}")
            if cause.running and cause.running != cause.statement:
                lines.append(f"    it was running: {cause.running}")
            lines.append(
                f"    lock: {cause.lock}" + (f" (also on {', '.join(cause.also)})" if cause.also else "")
            )
            lines.append(f"    hint: {cause.hint}")
        lines += [f"    earlier attempt: {line}" for line in step.failed_attempts]
    for number, step in enumerate(report.steps, 1):
        if step.untouched:
            lines.append(
                f"⚠ {number}. {step.phase} {step.change} locked {', '.join(step.untouched)}, which no "
                "application operation of its phase touches: what that lock costs the application was not "
                "measured (add work on it to the workload)"
            )
    for check in report.checks:
        if check.ok:
            continue
        lines.append(f"✗ data after the {check.after}:")
        lines += [f"    rows: {line}" for line in check.lost]
        lines += [f"    invariant: {line}" for line in check.violations]
        lines += [f"    catalog: {line}" for line in check.catalog_diff]
    for window in report.windows:
        for error in window.errors:
            lines.append(f"✗ {window.name} window (no deploy running): {error.describe()}")
    return lines


def summary(report: OnlineReport) -> list[str]:
    steps = report.steps
    over = [s for s in steps if not s.ok]
    lines = [
        f"{'✓' if report.ok else '✗'} online rehearsal from {report.from_tag}: "
        f"{len(report.pending)} change(s), {len(steps)} sqitch step(s) under load, {len(over)} over budget; "
        f"{len(report.operations):,} application operations, "
        f"{sum(1 for op in report.operations if op.outcome != 'ok')} failed",
        f"budget: errors ≤ {report.budget.max_errors}, blocked ≤ {report.budget.max_blocked * 1000:.0f} ms, "
        + (
            f"p99 ≤ {report.budget.max_p99_ratio:g}x the window before (or ≤ "
            f"{report.budget.p99_floor * 1000:.0f} ms, or within the windows' own spread; judged from "
            f"{report.budget.min_p99_operations} operations)"
            if report.budget.max_p99_ratio is not None
            else "p99 not judged"
        ),
    ]
    few = [s for s in steps if s.p99_verdict.startswith("too few")]
    if few:
        lines.append(
            f"p99 not judged for {len(few)} of {len(steps)} step(s): too few operations while they ran "
            "(their verdict rests on the lock waits and the errors)"
        )
    gaps = [s for s in steps if s.untouched]
    if gaps:
        tables = sorted({t for s in gaps for t in s.untouched})
        lines.append(
            f"⚠ {len(gaps)} step(s) locked tables no application operation of their phase touches "
            f"({', '.join(tables)}): not measured"
        )
    elif steps:
        lines.append("✓ every table a step locked is touched by the application during its phase")
    for window in report.windows:
        lines.append(f"{window.name} window: {_latency(window.latency)}")
    for check in report.checks:
        parts = [
            f"{check.rows_checked:,} rows of {check.tables_checked} tables intact {_tick(not check.lost)}",
            f"invariants {_tick(not check.violations)}",
        ]
        if check.after != "deploy":
            parts.append(f"catalog {_tick(not check.catalog_diff)}")
        line = f"{_tick(check.ok)} data after the {check.after}: {', '.join(parts)}"
        if check.unchanged:
            line += f" ({len(check.unchanged)} tables not written since recorded: not compared row by row)"
        if check.not_checked:
            line += f" (not checked here: {', '.join(check.not_checked)})"
        lines.append(line)
    if report.error:
        lines.append(f"✗ {report.error}")
    lines += report.notes
    if report.cost:
        total = sum(report.cost.values())
        spent = ", ".join(f"{name} {seconds:.0f}s" for name, seconds in report.cost.items())
        lines.append(f"time: {spent} ({total:.0f}s in all)")
    return lines


def _tick(ok: bool) -> str:
    return "✓" if ok else "✗"


# -- files ----------------------------------------------------------------------------------------------
def to_json(report: OnlineReport) -> str:
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


def to_markdown(report: OnlineReport, chart: str) -> str:
    scale = (
        f"seeded at scale {report.scale} ({report.seeded_rows:,} rows)" if report.scale else "its own data"
    )
    lines = [
        "# Online rehearsal report",
        "",
        f"Target {md.code(report.target)}" + (f" ({report.server})" if report.server else "") + f", at "
        f"{md.code(report.from_tag)} with {scale}. {report.sessions} application sessions offered "
        f"{report.rate:g} operations per second through the persistence layer while each pending change was "
        "deployed with `sqitch deploy --to <change> --verify`, then reverted newest first with "
        "`sqitch revert --to <previous> -y`, then deployed again. Budget per step: at most "
        f"{report.budget.max_errors} application error(s), no application statement blocked longer than "
        f"{report.budget.max_blocked * 1000:.0f} ms, "
        + (
            f"p99 at most {report.budget.max_p99_ratio:g}x the window before the phase (a p99 under "
            f"{report.budget.p99_floor * 1000:.0f} ms, the p99 of fewer than "
            f"{report.budget.min_p99_operations} operations, and a p99 within the spread of the windows "
            "without a deploy at the step's number of operations are not over budget)."
            if report.budget.max_p99_ratio is not None
            else "p99 not judged."
        ),
        "",
        f"**{'Passed' if report.ok else 'Failed'}.** " + md.text(summary(report)[0].lstrip("✓✗ ")),
        "",
        f"![Application latency over the rehearsal, the sqitch steps shaded]({chart})",
        "",
        "Lock wait max: the longest an application operation waited on the step's locks (sampled "
        f"blocking every {report.sample_interval * 1000:.0f} ms, timed by the operation). Lock held max: the "
        "longest the step held a lock that conflicts with one the application takes on that table, what a "
        "statement arriving just after it was taken would wait.",
        "",
        "## Windows without a deploy",
        "",
    ]
    lines += md.table(
        ["window", "seconds", "operations", "p50", "p99", "max", "errors"],
        [
            [
                w.name,
                f"{w.end - w.start:.0f}",
                str(w.latency.operations),
                _ms(w.latency.p50),
                _ms(w.latency.p99),
                _ms(w.latency.max),
                "; ".join(e.describe() for e in w.errors) or "0",
            ]
            for w in report.windows
        ],
        "lrrrrrl",
    )
    numbered = list(enumerate(report.steps, 1))
    for phase in PHASES:
        steps = [(n, s) for n, s in numbered if s.phase == phase]
        if not steps:
            continue
        lines += ["", f"## {phase.capitalize()} under load", "", md.text(_reference(steps[0][1])), ""]
        lines += md.table(
            list(HEADER),
            [[md.code(c) if i == 1 else c for i, c in enumerate(_cells(n, s))] for n, s in steps],
            "rlrrrrrrrll",
        )
    over = [line for line in details(report)]
    if over:
        lines += ["", "## Over budget, and what to do", ""]
        lines += [
            f"- {md.text(line.strip())}" if not line.startswith("    ") else f"  - {_detail(line)}"
            for line in over
        ]
    lines += ["", "## Data checks (workload paused)", ""]
    lines += md.table(
        ["after", "rows of the released tables", "intact", "invariants", "catalog", "seconds"],
        [
            [
                c.after,
                f"{c.rows_checked:,} in {c.tables_checked} tables",
                "; ".join(c.lost) or "✓",
                "; ".join(c.violations) or "✓",
                "-" if c.after == "deploy" else "; ".join(c.catalog_diff) or "✓",
                f"{c.seconds:.0f}",
            ]
            for c in report.checks
        ],
        "lllllr",
    )
    lines += ["", "## Summary", ""]
    lines += [f"- {md.text(' '.join(line.split()))}" for line in summary(report)[1:]]
    return "\n".join(lines) + "\n"


def _detail(line: str) -> str:
    label, _, rest = line.strip().partition(": ")
    if label in ("statement", "it was running"):
        return f"{md.text(label)}: {md.code(rest)}"
    return md.text(line.strip())


def write_report(report: OnlineReport, directory: Path) -> tuple[Path, Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    markdown, data, chart = directory / "online.md", directory / "online.json", directory / "online.svg"
    chart.write_text(latency_svg(report))
    markdown.write_text(to_markdown(report, chart.name))
    data.write_text(to_json(report))
    return markdown, data, chart
