"""One figure per thing: docs/benchmarks.md is the only page with measured figures (earlier runs are in
docs/benchmarks-log.md), its figures table names each thing once, a ratio agrees with its value and
baseline, the count of read paths within goal is the count the read-path table shows, and that table
holds exactly the read paths of plans/sql/paths.sql."""

from __future__ import annotations

import re
from pathlib import Path

from fleetdb.plans import load_paths

DOCS = Path(__file__).resolve().parents[2] / "docs"
BENCHMARKS = DOCS / "benchmarks.md"
# Pages allowed to carry figures: the current ones and the log of earlier ones.
FIGURE_PAGES = {BENCHMARKS, DOCS / "benchmarks-log.md"}
_FIGURE = re.compile(r"\b\d[\d,.]*\s?(?:ms|µs|rows/s|assertions/s)\b")
# Numbers with those units that are settings, not measurements.
SETTINGS = {("db/runbook.md", "every 5 ms"), ("db/runbook.md", "every 10 ms")}
TIMES = "\N{MULTIPLICATION SIGN}"


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    following = re.search(r"^#{1,3} ", text[start + len(heading) :], re.MULTILINE)
    return text[start : start + len(heading) + following.start()] if following else text[start:]


def _table(text: str) -> list[list[str]]:
    """The rows of the first Markdown table in ``text``, cells stripped, header and rule dropped."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def _number(cell: str) -> float:
    match = re.match(r"[\d,.]+", cell)
    assert match, f"no number in {cell!r}"
    return float(match[0].replace(",", ""))


def _path_name(cell: str) -> str:
    """The path a row of the read-path table is about: its first backticked name (a note may follow)."""
    match = re.match(r"`([^`]+)`", cell)
    assert match, f"no path name in {cell!r}"
    return match[1]


def figures() -> list[list[str]]:
    return _table(_section(BENCHMARKS.read_text(), "## Latest figures"))


def read_path_rows() -> list[list[str]]:
    return _table(_section(BENCHMARKS.read_text(), "### Read paths at scale"))


def test_only_the_benchmark_pages_carry_figures() -> None:
    found = [
        f"{page.relative_to(DOCS)}:{number}: {match[0]}"
        for page in sorted(DOCS.rglob("*.md"))
        if page not in FIGURE_PAGES
        for number, line in enumerate(page.read_text().splitlines(), start=1)
        for match in _FIGURE.finditer(line)
        if not any(page.relative_to(DOCS).as_posix() == where and text in line for where, text in SETTINGS)
    ]
    assert found == [], "measured figures belong in docs/benchmarks.md (link to them there):\n" + "\n".join(
        found
    )


def test_each_thing_has_one_figure() -> None:
    rows = figures()
    for column in (0, 1):  # the row number and what is measured
        names = [row[column] for row in rows]
        assert sorted({n for n in names if names.count(n) > 1}) == []


def test_each_ratio_is_its_value_over_its_baseline() -> None:
    """``1.07x`` is value / baseline, ``96x faster`` baseline / value, a plain ``0.0095`` value / baseline;
    each to within one unit of its last digit."""
    wrong = []
    for number, _what, value, baseline, ratio, *_ in figures():
        shown = re.fullmatch(rf"([\d.]+)({TIMES}|{TIMES} faster)?", ratio)
        if "—" in (value, baseline) or not shown:
            continue
        measured = _number(value) / _number(baseline)
        if shown[2] and shown[2].endswith("faster"):
            measured = 1 / measured
        digits = len(shown[1].partition(".")[2])
        if abs(float(shown[1]) - measured) > 10**-digits:
            wrong.append(f"row {number}: {ratio} shown, {measured:.6f} measured")
    assert wrong == []


def test_the_read_path_table_holds_every_path_once() -> None:
    named = [_path_name(row[0]) for row in read_path_rows()]
    paths = [path.name for path in load_paths()]
    assert sorted(named) == sorted(paths), (
        "docs/benchmarks.md's read-path table and plans/sql/paths.sql differ: run `make bench` and "
        "record the new paths' figures"
    )


def test_the_count_within_goal_is_the_tables() -> None:
    rows = read_path_rows()
    marks = [(row[0], _number(row[2]) <= 1.0, row[3]) for row in rows]
    assert [name for name, within, mark in marks if (mark == "✓") != within] == []
    (summary,) = [row for row in figures() if row[1].startswith("read paths at scale")]
    match = re.match(r"(\d+) of (\d+)", summary[2])
    assert match, summary
    assert (int(match[1]), int(match[2])) == (sum(within for _, within, _ in marks), len(rows))
