"""``fleetdb bench-doc`` writes a page's figures from its runs' reports and nothing else: the read paths,
trigger costs and seed steps get their own tables, a page without a block is told where to put it,
--check fails on a page that shows other figures than the recorded runs' (the bench's and the online
rehearsal's), and a report that is not one of a known run is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fleetdb.bench.model import BenchRow, BenchRun
from fleetdb.cli import main
from fleetdb.docs_gen import online
from fleetdb.docs_gen.benchmarks import BENCH_PAGE, BENCH_RUN, blocks_of, fill_page, render_blocks
from fleetdb.errors import FleetdbError
from fleetdb.mutation.model import MutationRun, write_run_report
from fleetdb.report.bench import to_json

RUN = BenchRun(
    "2026-11-30T15:00:00+00:00", "a machine; load average 1.0", "PostgreSQL 15.18", "abc", ["bench"]
)
ROWS = [
    BenchRow("isolation: clone per test", 32.2, 3373.0, 32.2 / 3373.0, "≤ 50 ms", True),
    BenchRow(
        "seeding at scale 100: rows per second",
        5000.0,
        None,
        None,
        "≥ 200,000 rows/s",
        False,
        "rows/s",
        extra={"step rentals seconds": 30.0, "step journal seconds": 12.5},
    ),
    BenchRow(
        "odometer reading bulk insert: odometer_readings_outbox_trg",
        62.0,
        None,
        None,
        "measured",
        None,
        "µs/row",
    ),
    BenchRow(
        "read path customer_rentals: p95 execution", 0.5, None, None, "≤ 1 ms", True, extra={"p50_ms": 0.25}
    ),
    BenchRow(
        "read path vehicles_page: p95 execution", 1.5, None, None, "≤ 1 ms", False, extra={"p50_ms": 1.0}
    ),
]
PAGE = """# Benchmarks

<!-- generated: run (x) -->
<!-- end generated: run -->
text by hand
<!-- generated: figures (x) -->
<!-- end generated: figures -->
<!-- generated: read-paths (x) -->
<!-- end generated: read-paths -->
## The online rehearsal
<!-- generated: online-run (x) -->
<!-- end generated: online-run -->
<!-- generated: online-steps (x) -->
<!-- end generated: online-steps -->
<!-- generated: online-findings (x) -->
<!-- end generated: online-findings -->
<!-- generated: mutation-runs (x) -->
<!-- end generated: mutation-runs -->
<!-- generated: mutation-operators (x) -->
<!-- end generated: mutation-operators -->
<!-- generated: mutation-harness (x) -->
<!-- end generated: mutation-harness -->
"""
ONLINE = Path(__file__).resolve().parents[2] / online.ONLINE_RUN


def test_each_kind_of_row_goes_to_its_table() -> None:
    blocks = blocks_of(fill_page(PAGE, render_blocks(RUN, ROWS)))
    assert "| isolation: clone per test | 32.2 ms | 3,373 ms |" in blocks["figures"]
    assert "seeding at scale 100" in blocks["figures"] and "customer_rentals" not in blocks["figures"]
    assert "1 of 2 read paths have p95 ≤ 1 ms" in blocks["read-paths"]
    assert "| `vehicles_page` | 1.000 | 1.500 | ✗ |" in blocks["read-paths"]
    assert "| `odometer_readings_outbox_trg` | 62 |" in blocks["read-paths"]
    assert blocks["read-paths"].index("rentals") < blocks["read-paths"].index("journal")  # longest first
    assert "finished 2026-11-30T15:00:00+00:00" in blocks["run"]


def test_a_page_without_a_block_is_told_where_to_put_it() -> None:
    with pytest.raises(FleetdbError, match=r"no generated block 'figures'.*<!-- end generated: figures -->"):
        fill_page(PAGE.replace("<!-- generated: figures (x) -->\n", ""), render_blocks(RUN, ROWS))


def _mutation_report(
    path: Path, arguments: list[str], mutants: list[dict[str, object]], started: str = "14:00"
) -> Path:
    run = MutationRun(
        BenchRun(
            "2026-11-30T15:00:00+00:00", "a machine; load average 1.0", "PostgreSQL 15", "abc", arguments
        ),
        f"2026-11-30T{started}:00+00:00",
        3600.0,
        1,
        "1-minute load average 1.0 to 2.0, median 1.5 (3 samples during the run)",
    )
    return write_run_report(path, [dict(m) for m in mutants], run)


def _mutant(id_: str, operator: str, outcome: str) -> dict[str, object]:
    return {"id": id_, "invariant": "X", "operator": operator, "outcome": outcome, "seconds": 2.0}


def _project(tmp_path: Path) -> Path:
    """A project with the page and every kind of report recorded through --from."""
    project = tmp_path / "project"
    (project / BENCH_PAGE).parent.mkdir(parents=True)
    (project / "sqitch.plan").write_text("%syntax-version=1.0.0\n%project=p\n\n")
    (project / BENCH_PAGE).write_text(PAGE)
    report = tmp_path / "bench.json"
    report.write_text(to_json(ROWS, RUN))
    semantic = _mutation_report(
        tmp_path / "mutants.json",
        ["mutate", "--kind", "semantic"],
        [
            _mutant("a", "flip", "killed"),
            _mutant("b", "flip", "survived"),
            _mutant("c", "drop", "equivalent"),
        ],
    )
    recorded = ["--from", str(report), "--from", str(ONLINE), "--from", str(semantic)]
    assert main(["bench-doc", "--project", str(project), *recorded]) == 0
    assert (project / BENCH_RUN).read_text() == report.read_text()
    assert (project / online.ONLINE_RUN).read_text() == ONLINE.read_text()
    assert main(["bench-doc", "--project", str(project), "--check"]) == 0
    return project


def test_check_fails_on_a_figure_edited_by_hand(tmp_path: Path) -> None:
    project = _project(tmp_path)
    page = (project / BENCH_PAGE).read_text()
    (project / BENCH_PAGE).write_text(page.replace("| 32.2 ms |", "| 30.0 ms |"))
    assert main(["bench-doc", "--project", str(project), "--check"]) == 1


def test_check_fails_on_an_online_figure_edited_by_hand(tmp_path: Path) -> None:
    project = _project(tmp_path)
    page = (project / BENCH_PAGE).read_text()
    steps = blocks_of(page)["online-steps"]
    row = steps.splitlines()[2]  # the first change's row
    cells = row.split(" | ")
    edited = " | ".join([cells[0], "9,999 s", *cells[2:]])
    assert edited != row
    (project / BENCH_PAGE).write_text(page.replace(row, edited))
    assert main(["bench-doc", "--project", str(project), "--check"]) == 1
    assert main(["bench-doc", "--project", str(project)]) == 0  # written again from the report
    assert main(["bench-doc", "--project", str(project), "--check"]) == 0


def test_the_page_is_written_again_from_the_recorded_report_itself(tmp_path: Path) -> None:
    project = _project(tmp_path)
    page = (project / BENCH_PAGE).read_text()
    (project / BENCH_PAGE).write_text(page.replace("| 32.2 ms |", "| 30.0 ms |"))
    assert main(["bench-doc", "--project", str(project), "--from", str(project / BENCH_RUN)]) == 0
    assert main(["bench-doc", "--project", str(project), "--check"]) == 0


def test_the_online_blocks_name_the_run_and_every_change(tmp_path: Path) -> None:
    report = online.read(ONLINE)
    blocks = online.render(report)
    assert report["run"]["commit"][:12] in blocks["online-run"]
    assert "Load average (1 min) during the run" in blocks["online-run"]
    deployed = [s["change"] for s in report["steps"] if s["phase"] == "deploy"]
    assert [line.split(" | ")[0].strip("| `") for line in blocks["online-steps"].splitlines()[2:]] == deployed


def test_a_report_of_another_kind_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    capsys.readouterr()
    other = tmp_path / "other.json"
    other.write_text("{}")
    assert main(["bench-doc", "--project", str(project), "--from", str(other)]) == 2
    assert "not a report the page is generated from" in " ".join(capsys.readouterr().err.split())
    not_online = tmp_path / "online.json"
    not_online.write_text('{"ok": true}')
    assert main(["bench-doc", "--project", str(project), "--from", str(not_online)]) == 2
    assert "not a report of `fleetdb rehearse --under-load`" in " ".join(capsys.readouterr().err.split())
    assert (project / online.ONLINE_RUN).read_text() == ONLINE.read_text()  # nothing replaced


def test_a_survivors_rerun_gives_a_mutant_its_last_verdict_and_check_sees_a_hand_edit(tmp_path: Path) -> None:
    project = _project(tmp_path)
    full = tmp_path / "mutants.json"  # the semantic run _project recorded
    rerun = _mutation_report(
        tmp_path / "rerun" / "mutants.json",
        ["mutate", "--kind", "semantic", "--survivors-of", str(full)],
        [_mutant("b", "flip", "killed")],
        started="15:10",
    )
    for report in (rerun, full):  # recorded again, a run replaces itself, in the order the runs started
        assert main(["bench-doc", "--project", str(project), "--from", str(report)]) == 0
    page = (project / BENCH_PAGE).read_text()
    blocks = blocks_of(page)
    assert [line.split("|")[1].strip() for line in blocks["mutation-runs"].splitlines()[2:4]] == [
        "semantic",
        "semantic survivors rerun",
    ]
    assert "| flip | 2 | 2 | 0 | 0 |" in blocks["mutation-operators"]  # b by its last verdict
    assert "2 of 2 non-equivalent mutants killed (100.0 %)" in blocks["mutation-operators"]
    assert blocks["mutation-harness"] == "No harness run is recorded."
    assert main(["bench-doc", "--project", str(project), "--check"]) == 0
    (project / BENCH_PAGE).write_text(page.replace("| flip | 2 | 2 |", "| flip | 2 | 1 |"))
    assert main(["bench-doc", "--project", str(project), "--check"]) == 1


def test_a_harness_run_is_counted_by_module(tmp_path: Path) -> None:
    project = _project(tmp_path)
    meta: list[dict[str, object]] = [
        {"id": "m:f/op/1", "module": "contract/x.py", "operator": "flip comparison", "outcome": "killed"},
        {"id": "m:f/op/2", "module": "contract/x.py", "operator": "drop operand", "outcome": "equivalent"},
        {"id": "m:f/op/3", "module": "contract/x.py", "operator": "drop operand", "outcome": "not run"},
    ]
    report = _mutation_report(tmp_path / "harness-mutants.json", ["mutate", "--harness"], meta)
    assert main(["bench-doc", "--project", str(project), "--from", str(report)]) == 0
    block = blocks_of((project / BENCH_PAGE).read_text())["mutation-harness"]
    assert "| contract/x.py | 3 | 1 | 1 | 0 | 1 |" in block  # a campaign may list mutants it did not run
    assert "1 of 1 non-equivalent mutants killed (100.0 %) (1 not run)" in block


def test_a_mutation_report_without_its_run_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    capsys.readouterr()
    bare = tmp_path / "old" / "mutants.json"
    bare.parent.mkdir()
    bare.write_text(json.dumps([_mutant("a", "flip", "killed")]))  # an older report: no run
    assert main(["bench-doc", "--project", str(project), "--from", str(bare)]) == 2
    assert "has no run metadata" in " ".join(capsys.readouterr().err.split())
    (project / "docs/bench/mutation.json").unlink()
    assert main(["bench-doc", "--project", str(project), "--check"]) == 2
    assert "record a mutation run" in " ".join(capsys.readouterr().err.split())
