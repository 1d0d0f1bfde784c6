"""The checked-in reports ``docs/benchmarks.md`` is written from, one per kind of run, and the generated
blocks each one fills. ``fleetdb bench-doc --from REPORT`` records a run's report under the source that
reads it; the page, and ``--check``, cover every source. Another kind of run gets its figures on the page
by adding a source here: its checked-in report, its blocks and how to render and record them.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleetdb.bench.model import read_report
from fleetdb.docs_gen.benchmarks import BENCH_RUN, BLOCKS, fill_page, render_blocks
from fleetdb.docs_gen.mutation import (
    MUTATION_BLOCKS,
    MUTATION_RUNS,
    is_mutation_report,
    record_run,
    render_mutation_blocks,
)
from fleetdb.errors import FleetdbError


@dataclass(frozen=True)
class Source:
    name: str
    path: Path  # the checked-in report, relative to the project
    blocks: tuple[str, ...]
    reads: Callable[[Any], bool]  # whether a run's parsed report is of this kind
    record: Callable[[Path, Path, str | None], str]  # (report, checked-in path, name) -> what was recorded
    render: Callable[[Path], dict[str, str]]  # checked-in path -> block name -> Markdown


def _record_bench(report: Path, recorded: Path, _name: str | None) -> str:
    read_report(report)  # a clear error before anything is replaced
    recorded.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(report, recorded)
    return "the bench run"


def _render_bench(recorded: Path) -> dict[str, str]:
    return render_blocks(*read_report(recorded))


SOURCES: tuple[Source, ...] = (
    Source(
        "bench",
        BENCH_RUN,
        BLOCKS,
        lambda data: isinstance(data, dict) and "rows" in data,
        _record_bench,
        _render_bench,
    ),
    Source(
        "mutation", MUTATION_RUNS, MUTATION_BLOCKS, is_mutation_report, record_run, render_mutation_blocks
    ),
)


def source_of(report: Path) -> Source:
    try:
        data = json.loads(report.read_text())
    except FileNotFoundError:
        raise FleetdbError(f"no report {report}") from None
    except ValueError as error:
        raise FleetdbError(f"{report} is not JSON ({error})") from None
    for source in SOURCES:
        if source.reads(data):
            return source
    raise FleetdbError(
        f"{report} is no report bench-doc records: give reports/bench.json (make bench) or a report of "
        "fleetdb mutate (reports/mutants.json, harness-mutants.json, verify-mutants.json)"
    )


def render_page(root: Path, page: str, origin: str) -> str:
    """``page`` with the blocks of every source written from its checked-in report. A source whose report
    is not checked in is left out, unless the page has blocks of it (then they cannot be checked)."""
    present = set(re.findall(r"^<!-- generated: ([\w-]+) ", page, re.MULTILINE))
    for source in SOURCES:
        recorded = root / source.path
        if not recorded.exists():
            if present & set(source.blocks):
                raise FleetdbError(
                    f"{origin} has blocks of {source.path}, which is not checked in: record a run with "
                    "`fleetdb bench-doc --from REPORT`"
                )
            continue
        page = fill_page(page, source.render(recorded), origin, source.path)
    return page
