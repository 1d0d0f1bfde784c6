"""Row 6: what `fleetdb rehearse` adds around the sqitch commands it runs, measured in the same run."""

from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path

from fleetdb import sqitch
from fleetdb.bench.core import BenchRow


def rehearsal_row(project: Path, extra: tuple[str, ...] = ()) -> BenchRow:
    """One server, no scenarios: the per-change rehearsal's wall time against the sum of its sqitch runs."""
    from fleetdb.cli import main  # here, not at the top: the cli imports this module through `bench`

    sqitch.command_seconds.clear()
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        status = main(["rehearse", "--project", str(project), "--skip-scenarios", "--jobs", "1", *extra])
    wall = time.perf_counter() - started
    bare = sum(sqitch.command_seconds)
    ratio = wall / bare
    return BenchRow(
        "rehearsal: fleetdb rehearse vs the sqitch commands it runs",
        wall,
        bare,
        ratio,
        "<= 1.25x",
        ratio <= 1.25 and status == 0,
        unit="s",
        note=f"{len(sqitch.command_seconds)} sqitch runs, one server (--jobs 1), no scenarios; exit {status}",
    )
