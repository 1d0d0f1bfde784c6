"""Every Markdown table fleetdb writes keeps its columns whatever its cells hold, read back by an
independent parser."""

from __future__ import annotations

import pytest

from fleetdb.bench.model import BenchRow
from fleetdb.invariants.catalog import load_catalog
from fleetdb.invariants.docs import render_invariants_doc
from fleetdb.report import markdown as md
from fleetdb.report.bench import to_markdown as bench_markdown
from fleetdb.report.invariants import rows_for
from fleetdb.report.invariants import to_markdown as invariants_markdown
from tests.report._support import square, tables

HOSTILE = [
    "a|b",
    "a\\|b",
    "ends with a backslash\\",
    "\\\\|",
    "`tick` and ``two``",
    "line one\nline two",
    "<script>alert(1)</script>",
    "x <= y -> z",
    "*not emphasis*? _maybe_ __x__ amount_minor",
    "&amp; is not an ampersand, &#124; not a pipe",
    "| leading and trailing |",
    "",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_reads_back_as_written(value: str) -> None:
    [table] = tables("\n".join(md.table(["text", "code", "after"], [[value, md.code(value), "end"]])))
    assert table[1][0] == value.strip()
    assert table[1][1] == " ".join(value.splitlines())
    assert table[1][2] == "end"


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="a row of 1 cells in a table of 2 columns"):
        md.table(["a", "b"], [["only one"]])


def test_the_invariants_page_keeps_its_columns() -> None:
    catalog = load_catalog()
    found = tables(render_invariants_doc(catalog))
    for table in found:
        square(table)
    assert {row[1] for table in found for row in table[1:]} == {inv.statement for inv in catalog}


def test_the_invariant_report_keeps_its_columns() -> None:
    catalog = load_catalog()
    [table] = tables(invariants_markdown(list(rows_for(catalog).values())))
    square(table)
    assert [row[2] for row in table[1:]] == [inv.statement for inv in catalog]
    assert {row[7] for row in table[1:]} == {"not run"}


def test_the_bench_report_keeps_its_columns() -> None:
    rows = [BenchRow("a|b figure", 2.0, 1.0, 2.0, "<= 1.5x | faster", False, note="x|y")]
    [table] = tables(bench_markdown(rows, "PostgreSQL 15.14"))
    square(table)
    assert table[1] == ["a|b figure", "2 ms", "1", "2", "<= 1.5x | faster", "no", "x|y"]
