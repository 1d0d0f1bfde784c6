"""Console output keeps every name whole, at 80 columns on a terminal and in plain non-terminal output
(a CI log): no ellipsis, no colour codes outside a terminal, a table only where it fits."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from rich.console import Console

from fleetdb.bench.model import BenchRow
from fleetdb.invariants.catalog import load_catalog
from fleetdb.plans.model import PathResult
from fleetdb.rehearsal.model import ChangeRehearsal, RehearsalReport
from fleetdb.report import bench, invariants, plans, rehearsal
from fleetdb.report.console import make_console, step
from fleetdb.report.invariants import rows_for

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
CHANGES = [
    "conventions",
    "rental_no_maintenance_overlap_with_a_long_descriptive_name",
    "accounting_post_entry_idempotent_v2",
]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _consoles(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[Console, io.StringIO]]:
    """A terminal of 80 columns, and plain output to a file, both made by make_console."""
    monkeypatch.setenv("COLUMNS", "80")
    terminal = _Terminal()
    narrow = make_console(terminal)
    monkeypatch.delenv("COLUMNS")
    plain = io.StringIO()
    return {"80 columns": (narrow, terminal), "not a terminal": (make_console(plain), plain)}


def _invariant_names() -> list[str]:
    return [name for inv in load_catalog() for name in (inv.id, *(o.describe() for o in inv.enforced_by))]


def _render_invariants(console: Console) -> list[str]:
    invariants.render(list(rows_for(load_catalog()).values()), console)
    return _invariant_names()


def _render_rehearsal(console: Console) -> list[str]:
    report = RehearsalReport("db:pg://127.0.0.1:5432/fleetdb_rehearsal_of_a_long_name")
    report.changes = [ChangeRehearsal(name, None, deployed=True, verified=True) for name in CHANGES]
    rehearsal.render(report, console)
    return [*CHANGES, report.target]


def _render_plans(console: Console) -> list[str]:
    shape = "Nested Loop(Index Scan using rentals_vehicle_id_pickup_idx on rentals, Bitmap Heap Scan on x)"
    results = [
        PathResult("rental.board_of_a_branch_for_the_next_seven_days", ("rentals_pk",), shape=shape),
        PathResult("fleet.vehicles_with_odometer", (), shape="Index Scan using vehicles_pk on vehicles"),
    ]
    plans.render(results, [], console, {"scale": 20})
    return [r.name for r in results] + ["rentals_vehicle_id_pickup_idx"]


def _render_bench(console: Console) -> list[str]:
    rows = [BenchRow("contract assertions per second through fleetdb", 2.0, 1.0, 2.0, ">= 10x", True)]
    bench.render(rows, console, "PostgreSQL 15.14")
    return rows[0].name.split()  # a phrase, which may wrap between its words


@pytest.mark.parametrize(
    "render", [_render_invariants, _render_rehearsal, _render_plans, _render_bench], ids=lambda f: f.__name__
)
def test_names_stay_whole(monkeypatch: pytest.MonkeyPatch, render: Callable[[Console], list[str]]) -> None:
    for where, (console, stream) in _consoles(monkeypatch).items():
        names = render(console)
        output = _ANSI.sub("", stream.getvalue())
        assert "…" not in output, f"{where}: an ellipsis\n{output}"
        missing = [name for name in names if name not in output]
        assert missing == [], f"{where}: cut or folded:\n{output}"
        if where == "not a terminal":
            assert "\x1b[" not in output
        else:
            assert max(len(line) for line in output.splitlines()) <= 80 or all(
                len(line) <= 80 or any(name in line for name in names) for line in output.splitlines()
            )


def test_a_table_that_fits_is_a_table_and_one_that_does_not_is_a_list_of_blocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    consoles = _consoles(monkeypatch)
    narrow, terminal = consoles["80 columns"]
    _render_invariants(narrow)
    assert "┃" not in terminal.getvalue()  # no table at 80 columns: one block per invariant
    assert "\nRENT-OVERLAP\n    enforced by: constraint rentals_no_overlap_excl on rental.rentals\n" in (
        _ANSI.sub("", terminal.getvalue())
    )
    plain, stream = consoles["not a terminal"]
    _render_invariants(plain)
    assert "┃" in stream.getvalue()  # a log has room for the table


def test_a_step_says_what_runs_and_how_long_it_took_outside_a_terminal() -> None:
    stream = io.StringIO()
    console = make_console(stream)
    with step(console, "deploying the plan"):
        pass
    assert stream.getvalue().splitlines() == ["deploying the plan …", "✓ deploying the plan (0s)"]
