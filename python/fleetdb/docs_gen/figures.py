"""Where the generated figures of ``docs/benchmarks.md`` come from: one source per kind of run (``make
bench``, the online rehearsal, …), each a report checked in under ``docs/bench/`` that renders its own
blocks of the page. ``fleetdb bench-doc`` records a new run's report (``--from``, recognised by its file
name) and writes every source's blocks; ``--check`` and ``tests/docs/test_figures.py`` fail when a block
differs from what its checked-in report renders.

A new kind of run adds a ``FigureSource`` to ``SOURCES``: the file name its command writes (and that is
checked in), the blocks it renders, and a function from the checked-in report to those blocks, which
raises ``FleetdbError`` with what to do when the file is not such a report. A source that keeps several
runs in its checked-in file (the mutation runs: one per kind and rerun) names the reports it takes and
how one is added to the record, instead of a copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fleetdb.bench.model import read_report
from fleetdb.docs_gen import mutation, online
from fleetdb.docs_gen.benchmarks import BENCH_RUN, BLOCKS, render_blocks
from fleetdb.errors import FleetdbError


@dataclass(frozen=True)
class FigureSource:
    name: str
    recorded: Path  # the checked-in report, relative to the project root
    command: str  # what writes a new one (as reports/<recorded.name>)
    blocks: tuple[str, ...]
    render: Callable[[Path], dict[str, str]]  # the report -> its blocks; FleetdbError when it is not one
    # The file names of the run reports it records, when they are not the checked-in one's, and how a run's
    # report is added to the checked-in record (report, record) -> what was recorded; None: a copy.
    reports: tuple[str, ...] = ()
    record: Callable[[Path, Path], str] | None = None


def _bench(path: Path) -> dict[str, str]:
    return render_blocks(*read_report(path))


SOURCES = (
    FigureSource("bench", BENCH_RUN, "make bench", BLOCKS, _bench),
    FigureSource("online", online.ONLINE_RUN, "make rehearse-online", online.BLOCKS, online.render_file),
    FigureSource(
        "mutation",
        mutation.MUTATION_RUNS,
        "fleetdb mutate [--harness | --verify-scripts]",
        mutation.MUTATION_BLOCKS,
        mutation.render_mutation_blocks,
        mutation.RUN_REPORTS,
        mutation.record_run,
    ),
)


def source_of(report: Path) -> FigureSource:
    """The source whose command writes a report of this file name."""
    for source in SOURCES:
        if report.name == source.recorded.name or report.name in source.reports:
            return source
    names = ", ".join(f"{'/'.join(s.reports or (s.recorded.name,))} ({s.command})" for s in SOURCES)
    raise FleetdbError(f"{report}: not a report the page is generated from; one of {names}")


def render_all(root: Path) -> tuple[dict[str, str], dict[str, Path]]:
    """(block -> its Markdown, block -> the checked-in report it comes from), every source's."""
    blocks: dict[str, str] = {}
    recorded: dict[str, Path] = {}
    for source in SOURCES:
        rendered = source.render(root / source.recorded)
        if set(rendered) != set(source.blocks):
            raise FleetdbError(
                f"{source.name}: rendered blocks {sorted(rendered)}, not {list(source.blocks)}"
            )
        blocks.update(rendered)
        recorded.update(dict.fromkeys(rendered, source.recorded))
    return blocks, recorded
