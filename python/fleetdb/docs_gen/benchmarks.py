"""The figures of ``docs/benchmarks.md``, rendered from one run's report (``docs/bench/bench.json``, a
checked-in copy of the ``reports/bench.json`` of one ``make bench``): the page's generated blocks hold
every figure of that run and nothing else, so a page cannot show two runs' figures or a figure no run
took. ``fleetdb bench-doc`` writes them; ``tests/docs/test_figures.py`` fails when they differ.

A block sits between ``<!-- generated: NAME … -->`` and ``<!-- end generated: NAME -->``; the text
around the blocks (what each figure means, what limits it) is written by hand and carries no figure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path

from fleetdb.bench.model import READ_PATH_ROW, SEEDING_ROW, TRIGGER_ROW, BenchRow, BenchRun
from fleetdb.errors import FleetdbError
from fleetdb.report import markdown as md

BENCH_PAGE = Path("docs/benchmarks.md")
BENCH_RUN = Path("docs/bench/bench.json")
COMMAND = "fleetdb bench-doc"
BLOCKS = ("run", "figures", "read-paths")
TIMES = "\N{MULTIPLICATION SIGN}"


def _begin(name: str, recorded: Path = BENCH_RUN) -> str:
    return f"<!-- generated: {name} ({COMMAND}, from {recorded}; do not edit) -->"


def _end(name: str) -> str:
    return f"<!-- end generated: {name} -->"


def number(value: float) -> str:
    """Three significant digits below 1,000 (never an exponent), whole thousands-separated numbers above."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if value == 0:
        return "0"
    text = f"{value:.{max(0, 2 - math.floor(math.log10(abs(value))))}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _ratio(row: BenchRow) -> str:
    if row.ratio is None:
        return "—"
    # "≥ 20x faster": the ratio is baseline / value (docs: "ratio is value / baseline unless ...").
    return f"{number(row.ratio)}{TIMES}" + (" faster" if row.goal.rstrip().endswith("faster") else "")


def _met(row: BenchRow) -> str:
    return "—" if row.met is None else ("yes" if row.met else md.bold("no"))


def _name(name: str) -> str:
    """A database object's name as code; a description as text."""
    return md.text(name) if " " in name else md.code(name)


def _is_figure(row: BenchRow) -> bool:
    return not row.name.startswith((READ_PATH_ROW, TRIGGER_ROW))


def render_blocks(run: BenchRun, rows: list[BenchRow]) -> dict[str, str]:
    """name -> the Markdown of each generated block."""
    sections = {
        "run": (
            f"The run: `fleetdb {' '.join(run.arguments)}`, finished {run.finished}, at commit "
            f"`{run.commit[:12]}`{' (with uncommitted changes)' if run.commit.endswith('-dirty') else ''}; "
            f"{md.text(run.machine)}."
        )
    }
    sections["figures"] = "\n".join(
        md.table(
            ["figure", "value", "baseline", "ratio", "goal", "met", "how"],
            [
                [
                    md.text(row.name),
                    f"{number(row.value)} {row.unit}",
                    f"{number(row.baseline)} {row.unit}" if row.baseline is not None else "—",
                    _ratio(row),
                    md.text(row.goal),
                    _met(row),
                    md.text(row.note),
                ]
                for row in rows
                if _is_figure(row)
            ],
        )
    )
    paths = [row for row in rows if row.name.startswith(READ_PATH_ROW)]
    triggers = [row for row in rows if row.name.startswith(TRIGGER_ROW)]
    seeding = [row for row in rows if row.name.startswith(SEEDING_ROW)]
    lines: list[str] = []
    if seeding:
        steps = {
            key.removeprefix("step ").removesuffix(" seconds"): value
            for key, value in seeding[0].extra.items()
            if key.startswith("step ")
        }
        lines += [
            "Time per seed step, summed over the connections:",
            "",
            *md.table(
                ["step", "s"],
                [
                    [md.text(step), number(seconds)]
                    for step, seconds in sorted(steps.items(), key=lambda s: -s[1])
                ],
            ),
            "",
        ]
    if triggers:
        lines += [
            "What one odometer reading of a bulk insert costs, per trigger and foreign key:",
            "",
            *md.table(
                ["per reading", "µs"],
                [[_name(row.name.removeprefix(TRIGGER_ROW)), number(row.value)] for row in triggers],
            ),
            "",
        ]
    if paths:
        within = sum(1 for row in paths if row.met)
        lines += [
            f"{within} of {len(paths)} read paths have p95 ≤ 1 ms:",
            "",
            *md.table(
                ["path", "p50 ms", "p95 ms", "p95 ≤ 1 ms"],
                [
                    [
                        md.code(row.name.removeprefix(READ_PATH_ROW).split(":", 1)[0]),
                        f"{row.extra['p50_ms']:.3f}",
                        f"{row.value:.3f}",
                        "✓" if row.met else "✗",
                    ]
                    for row in paths
                ],
            ),
        ]
    sections["read-paths"] = "\n".join(lines).rstrip()
    return sections


def fill_page(
    page: str,
    blocks: dict[str, str],
    origin: str = str(BENCH_PAGE),
    recorded: Mapping[str, Path] | None = None,
) -> str:
    """``page`` with each generated block replaced; a block the page lacks is a clear error.
    ``recorded``: block -> the checked-in report it comes from, named in its first line (default
    ``docs/bench/bench.json``)."""
    for name, body in blocks.items():
        begin = _begin(name, (recorded or {}).get(name, BENCH_RUN))
        pattern = re.compile(
            rf"^<!-- generated: {re.escape(name)} .*?-->\n.*?^{re.escape(_end(name))}$",
            re.MULTILINE | re.DOTALL,
        )
        if not pattern.search(page):
            raise FleetdbError(
                f"{origin} has no generated block {name!r}: put the lines {begin} and {_end(name)} "
                "where its figures belong"
            )
        replacement = f"{begin}\n{body}\n{_end(name)}"
        page = pattern.sub(lambda _match: replacement, page, count=1)  # noqa: B023 (used at once)
    return page


def blocks_of(page: str) -> dict[str, str]:
    """name -> body of every generated block of ``page`` (what the test compares)."""
    found = re.finditer(
        r"^<!-- generated: (?P<name>[\w-]+) .*?-->\n(?P<body>.*?)\n^<!-- end generated: (?P=name) -->$",
        page,
        re.MULTILINE | re.DOTALL,
    )
    return {match["name"]: match["body"] for match in found}
