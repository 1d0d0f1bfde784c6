"""The invariant test report: one row per invariant, as a rich table, Markdown and JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fleetdb.invariants.model import Invariant
from fleetdb.mutation.model import MutantResult
from fleetdb.report import markdown as md
from fleetdb.report.console import name_column, show_table, text_column


@dataclass
class InvariantRow:
    id: str
    statement: str
    enforced_by: list[str]
    scenarios_passed: int = 0
    scenarios_failed: int = 0
    races: int = 0
    examples: int = 0
    mutants_killed: int = 0
    mutants_survived: int = 0
    mutants_equivalent: int = 0
    # operator -> [killed, equivalent, survived]
    mutant_operators: dict[str, list[int]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.scenarios_passed > 0 and self.scenarios_failed == 0 and self.mutants_survived == 0

    @property
    def verdict(self) -> str:
        if self.scenarios_passed + self.scenarios_failed == 0:
            return "no scenario"
        if self.scenarios_failed:
            return "failing"
        if self.mutants_survived:
            return "mutant survived"
        return "ok"


def rows_for(catalog: list[Invariant]) -> dict[str, InvariantRow]:
    return {
        inv.id: InvariantRow(inv.id, inv.statement, [obj.describe() for obj in inv.enforced_by])
        for inv in catalog
    }


def read_rows(catalog: list[Invariant], directory: Path) -> dict[str, InvariantRow]:
    """The rows of the last written ``invariants.json`` (scenario counts of the last pytest run), in
    catalog order; invariants the file does not know start empty."""
    rows = rows_for(catalog)
    path = directory / "invariants.json"
    if path.exists():
        for entry in json.loads(path.read_text()):
            row = rows.get(entry["id"])
            if row is None:
                continue
            for key in ("scenarios_passed", "scenarios_failed", "races", "examples"):
                setattr(row, key, int(entry.get(key, 0)))
            row.failures.extend(entry.get("failures", []))
    return rows


def merge_mutants(rows: dict[str, InvariantRow], results: list[MutantResult]) -> None:
    """Fill the mutant columns from a ``fleetdb mutate`` run; a mutant not applied counts as survived."""
    for row in rows.values():
        row.mutants_killed = row.mutants_survived = row.mutants_equivalent = 0
        row.mutant_operators = {}
        row.failures[:] = [f for f in row.failures if not f.startswith("mutant ")]
    for result in results:
        target = rows.get(result.invariant)
        if target is None:
            continue
        tally = target.mutant_operators.setdefault(result.operator, [0, 0, 0])
        if result.outcome == "killed":
            target.mutants_killed += 1
            tally[0] += 1
        elif result.outcome == "equivalent":
            target.mutants_equivalent += 1
            tally[1] += 1
        else:
            target.mutants_survived += 1
            tally[2] += 1
            target.failures.append(f"mutant {result.outcome}: {result.mutation} ({result.detail})")


def to_json(rows: list[InvariantRow]) -> str:
    keys = [
        "id",
        "statement",
        "enforced_by",
        "scenarios_passed",
        "scenarios_failed",
        "races",
        "examples",
        "mutants_killed",
        "mutants_survived",
        "mutants_equivalent",
        "mutant_operators",
    ]
    # "failures" is extra: it lets ``fleetdb mutate`` rewrite the report without losing them.
    keys.append("failures")
    return json.dumps([{k: asdict(row)[k] for k in keys} for row in rows], indent=2) + "\n"


def mutants_cell(row: InvariantRow) -> str:
    tried = row.mutants_killed + row.mutants_survived
    return f"{row.mutants_killed}/{tried}" if tried else "not run"


def to_markdown(rows: list[InvariantRow]) -> str:
    failing = [row for row in rows if not row.ok]
    out = [
        "# Invariant test report",
        "",
        f"{len(rows) - len(failing)} of {len(rows)} invariants proven"
        + (f"; **{len(failing)} not proven**" if failing else ""),
        "",
    ]
    header = ["", "invariant", "statement", "enforced by", "scenarios", "races", "examples", "mutants killed"]
    out += md.table(
        header,
        [
            [
                "✅" if row.ok else "❌",
                md.code(row.id),
                row.statement,
                md.lines(row.enforced_by),
                f"{row.scenarios_passed} passed, {row.scenarios_failed} failed",
                str(row.races),
                str(row.examples),
                _mutant_counts(row),
            ]
            for row in rows
        ],
    )
    for row in failing:
        out += ["", f"## {md.text(row.id)}: {row.verdict}", *[f"- {md.text(f)}" for f in row.failures]]
    if any(row.mutant_operators for row in rows):
        out += ["", "## Mutants by operator", ""]
        out += md.table(
            ["invariant", "operator", "killed", "equivalent", "survived"],
            [
                [md.code(row.id), operator, str(killed), str(equivalent), str(survived)]
                for row in rows
                for operator, (killed, equivalent, survived) in sorted(row.mutant_operators.items())
            ],
        )
    return "\n".join(out) + "\n"


def _mutant_counts(row: InvariantRow) -> str:
    """killed/non-equivalent, and the equivalents apart: the kill rate is over non-equivalent mutants."""
    counted = mutants_cell(row)
    return counted + (f" (+{row.mutants_equivalent} equivalent)" if row.mutants_equivalent else "")


def render(rows: list[InvariantRow], console: Console) -> None:
    table = Table(
        name_column("invariant"),
        name_column("enforced by"),
        text_column("scenarios", justify="right"),
        text_column("races", justify="right"),
        text_column("examples", justify="right"),
        text_column("mutants", justify="right"),
        text_column("verdict"),
        title="Invariant test report",
    )
    for row in rows:
        style = None if row.ok else "bold red"
        table.add_row(
            escape(row.id),
            escape("\n".join(row.enforced_by)),
            f"{row.scenarios_passed}/{row.scenarios_passed + row.scenarios_failed}",
            str(row.races),
            str(row.examples),
            _mutant_counts(row),
            row.verdict,
            style=style,
        )
    show_table(console, table)


def write_report(rows: list[InvariantRow], directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    md, js = directory / "invariants.md", directory / "invariants.json"
    md.write_text(to_markdown(rows))
    js.write_text(to_json(rows))
    return md, js
