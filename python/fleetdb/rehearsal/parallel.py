"""The rehearsal split over several throwaway servers, one contiguous part of the plan each.

Rehearsing one change costs three real sqitch runs, and the changes of one database follow each other, so
a long plan takes minutes on one server. Part j starts on its own server from the plan deployed up to its
first change (one ``sqitch deploy --to``), seeds it, and rehearses its changes exactly as the sequential
rehearsal does. Servers, not databases: roles are cluster-wide, and a change that creates roles must
create them on a cluster that does not have them yet. The killed deploy and the whole-plan revert run
afterwards on the server of the last part, which ends with the whole plan deployed.

When the deploy up to a part's first change fails at an earlier change, that change and the changes that
require it are taken out of that part's plan as well (the part that owns the change reports it), and the
deploy is tried again.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg

from fleetdb.catalog import snapshot_catalog
from fleetdb.databases import Database
from fleetdb.errors import FleetdbError
from fleetdb.project import Project
from fleetdb.rehearsal.model import RehearsalReport
from fleetdb.rehearsal.registry import deployed_changes
from fleetdb.rehearsal.runner import Plan, RehearsalOptions, finish, rehearse
from fleetdb.sqitch import SqitchFailed


def split(count: int, parts: int) -> list[range]:
    """``count`` changes in at most ``parts`` contiguous, nearly equal ranges."""
    parts = max(1, min(parts, count))
    bounds = [round(count * i / parts) for i in range(parts + 1)]
    return [range(bounds[i], bounds[i + 1]) for i in range(parts)]


def rehearse_in_parts(databases: list[Database], options: RehearsalOptions) -> RehearsalReport:
    """Rehearse the whole plan on empty ``databases`` (each on its own server), one part each."""
    started = time.monotonic()
    project = options.project
    if not project.changes:
        raise FleetdbError(f"{project.plan_file} has no changes to rehearse")
    parts = split(len(project.changes), len(databases))
    last = databases[len(parts) - 1]
    with psycopg.connect(last.target.conninfo, autocommit=True) as conn:
        empty = snapshot_catalog(conn, options.snapshot_kinds)

    with tempfile.TemporaryDirectory(prefix="fleetdb-parts-") as scratch:

        def run(index: int) -> tuple[RehearsalReport, Plan]:
            part, database = parts[index], databases[index]
            plan = Plan(project, database.target, options.variables, Path(scratch) / str(index))
            labels = [c.label for c in project.changes[part.start : part.stop]]
            if part.start > 0:
                _deploy_up_to(plan, project, part.start)
            remaining = [label for label in labels if any(c.label == label for c in plan.project.changes)]
            if not remaining:
                return RehearsalReport(str(database.target), server=options.server), plan
            part_options = dataclasses.replace(
                options,
                project=plan.project,
                target=database.target,
                until=remaining[-1],
                kill=False,
                whole_plan=False,
            )
            return rehearse(part_options, plan), plan

        with ThreadPoolExecutor(max_workers=len(parts)) as pool:
            results = list(pool.map(run, range(len(parts))))

        merged = RehearsalReport(f"{len(parts)} throwaway server(s)", server=options.server)
        seen: set[str] = set()
        for report, _ in results:
            merged.changes += report.changes
            for skipped in report.not_rehearsed:
                if skipped.change not in seen:
                    seen.add(skipped.change)
                    merged.not_rehearsed.append(skipped)
            merged.notes += report.notes
        last_plan = results[-1][1]
        final_options = dataclasses.replace(options, project=last_plan.project, target=last.target)
        with psycopg.connect(last.target.conninfo, autocommit=True) as conn:
            finish(conn, final_options, last_plan, merged, empty)
    merged.seconds = time.monotonic() - started
    return merged


def _deploy_up_to(plan: Plan, project: Project, start: int) -> None:
    """Deploy the plan up to the change before ``start``, taking out changes that cannot deploy."""
    scratch_report = RehearsalReport("")
    while True:
        before = [c for c in plan.project.changes if project.index(project.change(c.label)) < start]
        if not before:
            return
        try:
            plan.sqitch.deploy(to=before[-1], verify=True)
            return
        except SqitchFailed:
            with plan.target.connect() as conn:
                deployed = deployed_changes(conn, plan.project)
            if len(deployed) >= len(before):
                raise
            failed = before[len(deployed)]  # sqitch stops at the first change that fails
            plan.take_out(project.change(failed.label), "could not be deployed", scratch_report)
