"""Row 6: what a rehearsal adds around the sqitch commands it runs, measured in the same run."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping

from fleetdb import sqitch
from fleetdb.bench.model import BenchRow
from fleetdb.lab import Lab
from fleetdb.project import Project
from fleetdb.rehearsal import RehearsalOptions, rehearse

REHEARSAL_DB = "fleetdb_bench_rehearsal"


def rehearsal_row(
    project: Project,
    bindir: str | os.PathLike[str] | None = None,
    variables: Mapping[str, str] | None = None,
) -> BenchRow:
    """One server, no scenarios: the per-change rehearsal's wall time (the server's start included, as
    ``fleetdb rehearse --jobs 1 --skip-scenarios`` spends it) against the sum of its sqitch runs."""
    sqitch.command_seconds.clear()
    started = time.perf_counter()
    with Lab.throwaway(project, bindir=bindir, variables=variables) as lab:
        database = lab.database(REHEARSAL_DB).create()
        options = RehearsalOptions(
            project, database.target, lab.variables, server=lab.server_version(), own_server=True
        )
        report = rehearse(options)
    wall = time.perf_counter() - started
    bare = sum(sqitch.command_seconds)
    ratio = wall / bare
    return BenchRow(
        "rehearsal: fleetdb rehearse vs the sqitch commands it runs",
        wall,
        bare,
        ratio,
        "<= 1.25x",
        ratio <= 1.25 and report.ok,
        unit="s",
        note=f"{len(sqitch.command_seconds)} sqitch runs, one server, no scenarios; "
        f"{'every change rehearsed' if report.ok else 'a change failed'}",
    )
