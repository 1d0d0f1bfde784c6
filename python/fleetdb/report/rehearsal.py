"""The rehearsal report: one row per change, as a rich table, reports/rehearsal.md and .json."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fleetdb.rehearsal.model import ChangeRehearsal, RehearsalReport
from fleetdb.report import markdown as md
from fleetdb.report.console import name_column, show_table, text_column


def _mark(value: bool | None) -> str:
    return "-" if value is None else ("✓" if value else "✗")


def _destructive(change: ChangeRehearsal) -> str:
    return "; ".join(loss.describe() for loss in change.destructive_revert) or "no"


def _locks(change: ChangeRehearsal) -> str:
    if change.locks is None:
        return change.locks_note or "not measured"
    parts = [("⚠ " if lock.risk else "") + lock.describe() for lock in change.locks]
    parts += [("⚠ " if rw.risk else "") + rw.describe() for rw in change.rewrites]
    text = "; ".join(parts) or "none on existing tables"
    return f"{text} ({change.locks_note})" if change.locks_note else text


def problems(change: ChangeRehearsal) -> list[str]:
    """Everything that made the change fail, one line each."""
    lines = [change.error] if change.error else []
    if change.verify_can_fail is False:
        script = change.verify_file or f"the verify script of {change.change}"
        lines.append(f"{script} passes on the database without the change: it cannot fail")
    lines += change.revert_diff + change.redeploy_diff + change.data_diff
    return lines


def _short_destructive(change: ChangeRehearsal) -> str:
    losses = change.destructive_revert
    if not losses:
        return "no"
    return f"{len(losses)} object(s), {sum(loss.rows for loss in losses)} rows"


def _short_locks(change: ChangeRehearsal) -> str:
    if change.locks is None:
        return "not measured"
    if change.risks:
        return f"[yellow]⚠ {len(change.risks)} risk(s)[/]"
    return f"{len(change.locks)} lock(s), no risk" if change.locks else "none"


def render(report: RehearsalReport, console: Console) -> None:
    """The table keeps one short line per change; what stands behind each cell is listed below it."""
    if not report.changes:
        console.print("nothing to rehearse: every change of the plan is deployed on the target")
        for line in summary(report):
            console.print(line, highlight=False)
        return
    table = Table(
        name_column("change"),
        *(
            text_column(header, justify="center")
            for header in ("deploy", "verify", "revert exact", "redeploy exact", "data preserved")
        ),
        text_column("destructive revert"),
        text_column("locks and rewrites"),
        text_column("time", justify="right"),
        title=escape(f"Rollback rehearsal of {report.target}"),
    )
    for change in report.changes:
        table.add_row(
            escape(change.change),
            _mark(change.deployed),
            _mark(change.verified and change.verify_can_fail is not False),
            _mark(change.revert_exact),
            _mark(change.redeploy_exact),
            _mark(change.data_preserved),
            _short_destructive(change),
            _short_locks(change),
            f"{change.seconds:.2f}s",
            style=None if change.ok else "red",
        )
    show_table(console, table)
    for change in report.changes:
        for risk in change.risks:
            console.print(f"[yellow]⚠ {change.change}:[/] {risk}", highlight=False)
        if change.locks_note:
            console.print(f"[yellow]? {change.change}:[/] locks {change.locks_note}", highlight=False)
    for change in report.changes:
        for loss in change.destructive_revert:
            console.print(
                f"[dim]destructive revert of {change.change}:[/] {loss.describe()}", highlight=False
            )
    for change in report.changes:
        for line in problems(change):
            console.print(f"[red]✗ {change.change}:[/] {line}", highlight=False)
    for line in summary(report):
        console.print(line, highlight=False)


def _time_split(report: RehearsalReport, in_sqitch: float) -> str:
    """Where the changes' time went. With several servers side by side the times of the changes add up
    to more than the run took, and the line says so rather than compare the two."""
    spent = sum(c.rehearsal_seconds for c in report.changes)
    line = (
        f"time spent on the changes: {spent:.0f}s, of which {in_sqitch:.0f}s in sqitch deploy, revert "
        "and redeploy, the rest in trials, snapshots, fingerprints and seeding"
    )
    if spent > report.seconds > 0:
        line += f" (added up over the servers that worked side by side; the run took {report.seconds:.0f}s)"
    return line


def _upgrade(report: RehearsalReport, first: ChangeRehearsal) -> str:
    """What the release's upgrade met: the changes after a tag, each deployed (in plan order) over the
    database as the tagged release left it plus the seeded rows, starting with ``first``."""
    start = report.changes.index(first)
    later = [i for i, c in enumerate(report.changes) if i > start and c.upgrades_from]
    count = (later[0] if later else len(report.changes)) - start
    empty = first.empty_tables_before
    return (
        f"upgrade from {first.upgrades_from}: {first.change} and the {count - 1} change(s) after it were "
        f"deployed one by one onto the database at {first.upgrades_from} holding {first.rows_before} rows "
        f"in {first.tables_before} tables"
        + (f"; empty: {', '.join(empty)}" if empty else ", none of them empty")
    )


def summary(report: RehearsalReport) -> list[str]:
    lines: list[str] = []
    if report.skipped:
        lines.append(f"already deployed on the target, not rehearsed: {', '.join(report.skipped)}")
    failed = [c.change for c in report.changes if not c.ok]
    risky = [c for c in report.changes if c.risks]
    lines.append(
        f"{len(report.changes) - len(failed)} of {len(report.changes)} changes rehearsed cleanly"
        + (f"; failed: {', '.join(failed)}" if failed else "")
        + f"; {len(risky)} with lock or rewrite risks; {report.seconds:.0f}s"
    )
    in_sqitch = sum(c.sqitch_seconds for c in report.changes)
    if in_sqitch:
        lines.append(_time_split(report, in_sqitch))
    lines += [_upgrade(report, change) for change in report.changes if change.upgrades_from]
    destructive = [c for c in report.changes if c.destructive_revert]
    if destructive:
        lines.append(f"{len(destructive)} destructive revert(s), allowed and listed above")
    not_seeded = {t: why for c in report.changes for t, why in c.not_seeded.items()}
    for table, why in sorted(not_seeded.items()):
        lines.append(f"not seeded (its data was not rehearsed): {table}: {why}")
    for skipped in report.not_rehearsed:
        lines.append(f"not rehearsed: {skipped.change}: {skipped.reason}")
    lines += report.notes
    if report.killed is not None:
        k = report.killed
        verdict = "✓" if k.ok else "✗"
        lines.append(
            f"{verdict} killed deploy of {k.change} (waiting on {k.waited_on}, backend {k.terminated_pid}): "
            f"sqitch failed {_mark(k.sqitch_failed)}, registry at {k.previous or 'nothing'} "
            f"{_mark(k.at_previous_change)}, catalog unchanged {_mark(not k.catalog_diff)}, "
            f"objects of the change left: {len(k.objects_left)}, redeploy {_mark(k.redeploy_completed)} "
            f"exact {_mark(k.redeploy_exact)}"
        )
        if k.statement:
            lines.append(f"  terminated while running: {' '.join(k.statement.split())}")
        lines += [f"  {line}" for line in [*k.catalog_diff, *k.objects_left] + ([k.error] if k.error else [])]
    if report.killed_sqitch is not None:
        s = report.killed_sqitch
        lines.append(
            f"{'✓' if s.ok else '✗'} sqitch killed (SIGKILL, pid {s.sqitch_pid}) while deploying {s.change} "
            f"(waiting on {s.waited_on}): its psql outlived it {_mark(s.script_outlived_sqitch)}, change in "
            f"the registry {_mark(s.in_registry)}, in the catalog {_mark(s.in_catalog)}; recovered as the "
            f"runbook says {_mark(s.recovered)} exact {_mark(s.recovered_exact)}"
        )
        finding = s.finding()
        if finding:
            lines.append(f"  ⚠ {finding}")
        if s.recovery:
            lines.append(f"  recovery: {'; '.join(s.recovery)}")
        if s.error:
            lines.append(f"  {s.error}")
    if report.whole_plan is not None:
        w = report.whole_plan
        lines.append(
            f"{'✓' if w.ok else '✗'} whole plan: revert exact {_mark(w.revert_exact)}, "
            f"redeploy exact {_mark(w.redeploy_exact)}, sqitch verify {_mark(w.verified)}"
        )
        lines += [f"  {line}" for line in [*w.diff] + ([w.error] if w.error else [])]
    return lines


def to_json(report: RehearsalReport) -> str:
    return json.dumps(report.as_json_rows(), indent=2, ensure_ascii=False) + "\n"


def to_markdown(report: RehearsalReport) -> str:
    lines = [
        "# Rollback rehearsal report",
        "",
        f"Target: {md.code(report.target)}"
        + (f" ({report.server})" if report.server else "")
        + ". Each change was deployed with "
        "`sqitch deploy --to <change> --verify` over seeded data, reverted with "
        "`sqitch revert --to <previous> -y` (catalog compared with the snapshot before the deploy), and "
        "deployed again (catalog compared with the snapshot after the first deploy). "
        "⚠ marks a write-blocking lock (SHARE or stronger) on a table that holds rows, or a table rewrite.",
        "",
    ]
    header = ["change", "deploy", "verify", "revert exact", "redeploy exact", "data preserved"]
    header += ["destructive revert", "locks and rewrites", "time"]
    lines += md.table(
        header,
        [
            [
                md.code(change.change),
                _mark(change.deployed),
                _mark(change.verified and change.verify_can_fail is not False),
                _mark(change.revert_exact),
                _mark(change.redeploy_exact),
                _mark(change.data_preserved),
                " ".join(_destructive(change).split()),
                " ".join(_locks(change).split()),
                f"{change.seconds:.2f}s",
            ]
            for change in report.changes
        ],
    )
    failures = [(c.change, line) for c in report.changes for line in problems(c)]
    if failures:
        lines += ["", "## Failures", ""]
        lines += [f"- {md.code(change)}: {_item(line)}" for change, line in failures]
    lines += ["", "## Summary", ""]
    lines += [f"- {_item(line.strip())}" for line in summary(report)]
    return "\n".join(lines) + "\n"


def _item(line: str) -> str:
    """One line of text as a list item: its line breaks would end the item."""
    return md.text(" ".join(line.split()))


def write_report(report: RehearsalReport, directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    markdown, data = directory / "rehearsal.md", directory / "rehearsal.json"
    markdown.write_text(to_markdown(report))
    data.write_text(to_json(report))
    return markdown, data
