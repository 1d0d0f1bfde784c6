"""Figures come from one run's report: docs/benchmarks.md is the only page with measured figures
(earlier runs are in docs/benchmarks-log.md); its generated sections show exactly the figures of the runs
checked in under docs/bench/ (bench.json, online.json, mutation.json: the blocks `fleetdb bench-doc`
writes) and their prose shows none; each thing has one figure, a ratio agrees with its value and
baseline, the read-path table holds exactly the read paths of plans/sql/paths.sql, and the online table
holds every change after the release it rehearsed."""

from __future__ import annotations

import math
import re
from pathlib import Path

from fleetdb.bench.model import read_report
from fleetdb.docs_gen import online
from fleetdb.docs_gen.benchmarks import BENCH_RUN, BLOCKS, blocks_of, render_blocks
from fleetdb.docs_gen.figures import SOURCES, render_all
from fleetdb.plans import load_paths
from fleetdb.project import Project

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
BENCHMARKS = DOCS / "benchmarks.md"
# Pages allowed to carry figures: the current ones and the log of earlier ones.
FIGURE_PAGES = {BENCHMARKS, DOCS / "benchmarks-log.md"}
# The sections of benchmarks.md whose figures are the bench run's (the others name their own runs).
BENCH_SECTIONS = ("## Latest figures", "## Read paths and seeding", "## The online rehearsal")
_FIGURE = re.compile(r"\b\d[\d,.]*\s?(?:ms|µs|rows/s|assertions/s)\b")
# Numbers with those units that are settings, not measurements.
SETTINGS = {("db/runbook.md", "every 5 ms"), ("db/runbook.md", "every 10 ms")}
TIMES = "\N{MULTIPLICATION SIGN}"


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    following = re.search(r"^#{1,2} ", text[start + len(heading) :], re.MULTILINE)
    return text[start : start + len(heading) + following.start()] if following else text[start:]


def _table(text: str) -> list[list[str]]:
    """The rows of the first Markdown table in ``text``, cells stripped, header and rule dropped."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def _number(cell: str) -> float:
    match = re.match(r"[\d,.]+", cell)
    assert match, f"no number in {cell!r}"
    return float(match[0].replace(",", ""))


def blocks() -> dict[str, str]:
    return blocks_of(BENCHMARKS.read_text())


def figures() -> list[list[str]]:
    return _table(blocks()["figures"])


def read_path_rows() -> list[list[str]]:
    block = blocks()["read-paths"]
    return _table(block[block.index("| path |") :])


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


def test_the_page_shows_exactly_the_figures_of_the_checked_in_run() -> None:
    run, rows = read_report(ROOT / BENCH_RUN)
    shown = blocks()
    assert set(BLOCKS) <= set(shown), "a generated block is missing from docs/benchmarks.md"
    assert {name: shown[name] for name in BLOCKS} == render_blocks(run, rows), (
        "docs/benchmarks.md does not show the figures of docs/bench/bench.json: run `fleetdb bench-doc` "
        "(never edit a generated block by hand)"
    )


def test_every_generated_block_is_its_checked_in_reports() -> None:
    wanted, _ = render_all(ROOT)
    assert set(blocks()) == {name for source in SOURCES for name in source.blocks}
    stale = sorted(name for name in wanted if blocks()[name] != wanted[name])
    assert stale == [], f"stale generated blocks {stale} of docs/benchmarks.md: run `fleetdb bench-doc`"


def test_the_online_table_holds_the_plans_changes_after_the_release_it_rehearsed() -> None:
    """The rows are the plan's changes after the report's tag, in plan order: all of them, or the first
    ones when changes were added after the run (a new `make rehearse-online` covers them). Compared by
    name: a change reworked since the run is labelled ``name@tag`` now, ``name`` in the run's report."""
    report = online.read(ROOT / online.ONLINE_RUN)
    project = Project.load(ROOT)
    tagged = next(i for i, c in enumerate(project.changes) if report["from"].lstrip("@") in c.tags)
    named = [row[0].strip("`").split("@")[0] for row in _table(blocks()["online-steps"])]
    after = [c.name for c in project.changes[tagged + 1 :]]
    assert named and named == after[: len(named)], (
        "the checked-in online rehearsal is not of this plan: run `make rehearse-online`, then "
        "`fleetdb bench-doc --from reports/online.json`"
    )


def test_the_prose_of_the_bench_sections_carries_no_figure() -> None:
    text = re.sub(
        r"<!-- generated: .*?<!-- end generated: [\w-]+ -->", "", BENCHMARKS.read_text(), flags=re.DOTALL
    )
    found = [match[0] for heading in BENCH_SECTIONS for match in _FIGURE.finditer(_section(text, heading))]
    assert found == [], "a figure of the bench sections comes from the run's report, in a generated block"


def test_the_prose_of_the_mutation_section_carries_no_number() -> None:
    """Its figures are the recorded runs' (docs/bench/mutation.json), in generated blocks; a number in
    the prose beside them would be a second figure for the same thing."""
    text = re.sub(
        r"<!-- generated: .*?<!-- end generated: [\w-]+ -->", "", BENCHMARKS.read_text(), flags=re.DOTALL
    )
    prose = re.sub(r"`[^`]*`|\([^)]*\.md[^)]*\)", "", _section(text, "## Mutation testing"))
    assert re.findall(r"(?<![\w.])\d[\d,.]*(?![\w])", prose) == []


def test_each_thing_has_one_figure() -> None:
    names = [row[0] for row in figures()]
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_each_ratio_is_its_value_over_its_baseline() -> None:
    """``1.07x`` is value / baseline, ``96x faster`` baseline / value; value and baseline are shown to
    three significant digits, so within 1 %."""
    wrong = []
    for what, value, baseline, ratio, *_ in figures():
        shown = re.fullmatch(rf"([\d.,]+){TIMES}( faster)?", ratio)
        if "—" in (value, baseline) or not shown:
            continue
        measured = _number(value) / _number(baseline)
        if shown[2]:
            measured = 1 / measured
        if not math.isclose(_number(shown[1]), measured, rel_tol=0.01):
            wrong.append(f"{what}: {ratio} shown, {measured:.6g} measured")
    assert wrong == []


def test_the_read_path_table_holds_every_path_once() -> None:
    named = [row[0].strip("`") for row in read_path_rows()]
    paths = [path.name for path in load_paths()]
    assert sorted(named) == sorted(paths), (
        "the recorded run's read paths and plans/sql/paths.sql differ: run `make bench`, then "
        "`fleetdb bench-doc --from reports/bench.json`"
    )


def test_the_count_within_goal_is_the_tables() -> None:
    rows = read_path_rows()
    marks = [(row[0], _number(row[2]) <= 1.0, row[3]) for row in rows]
    assert [name for name, within, mark in marks if (mark == "✓") != within] == []
    match = re.search(r"(\d+) of (\d+) read paths have p95", blocks()["read-paths"])
    assert match
    assert (int(match[1]), int(match[2])) == (sum(within for _, within, _ in marks), len(rows))
