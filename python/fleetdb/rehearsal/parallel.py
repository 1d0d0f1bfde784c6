"""The rehearsal split over several throwaway servers, one contiguous part of the plan each.

Rehearsing one change costs three real sqitch runs, and the changes of one database follow each other, so
a long plan takes minutes on one server. Part j starts on its own server from the plan deployed up to its
first change (one ``sqitch deploy --to``), seeds it, and rehearses its changes exactly as the sequential
rehearsal does. Servers, not databases: roles are cluster-wide, and the ``roles`` change must create them
on a cluster that does not have them yet. The killed deploy and the whole-plan revert run afterwards on
the server of the last part, which ends with the whole plan deployed.
"""

from __future__ import annotations

import dataclasses
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg

from fleetdb.catalog import snapshot_catalog
from fleetdb.databases import Database
from fleetdb.errors import FleetdbError
from fleetdb.rehearsal.model import ChangeRehearsal, RehearsalReport
from fleetdb.rehearsal.runner import RehearsalOptions, finish, rehearse
from fleetdb.sqitch import Sqitch, SqitchFailed, read_plan


def split(count: int, parts: int) -> list[range]:
    """``count`` changes in at most ``parts`` contiguous, nearly equal ranges."""
    parts = max(1, min(parts, count))
    bounds = [round(count * i / parts) for i in range(parts + 1)]
    return [range(bounds[i], bounds[i + 1]) for i in range(parts)]


def rehearse_in_parts(databases: list[Database], options: RehearsalOptions) -> RehearsalReport:
    """Rehearse the whole plan on empty ``databases`` (each on its own server), one part each."""
    started = time.monotonic()
    plan = [change.name for change in read_plan(options.project)]
    if not plan:
        raise FleetdbError(f"{options.project / 'sqitch.plan'} has no changes to rehearse")
    parts = split(len(plan), len(databases))
    last = databases[len(parts) - 1]
    with psycopg.connect(last.conninfo(), autocommit=True) as conn:
        empty = snapshot_catalog(conn)

    def run(index: int) -> RehearsalReport:
        part, database = parts[index], databases[index]
        part_options = dataclasses.replace(
            options,
            target=database.sqitch_target,
            conninfo=database.conninfo(),
            until=plan[part[-1]],
            kill=False,
            whole_plan=False,
        )
        if part.start > 0:
            try:
                Sqitch(options.project, database.sqitch_target).deploy(to=plan[part.start - 1], verify=True)
            except SqitchFailed as error:
                report = RehearsalReport(database.sqitch_target)
                failed = ChangeRehearsal(plan[part.start], plan[part.start - 1])
                failed.error = f"could not deploy the plan up to {plan[part.start - 1]}: {error}"
                report.changes.append(failed)
                return report
        return rehearse(part_options)

    with ThreadPoolExecutor(max_workers=len(parts)) as pool:
        reports = list(pool.map(run, range(len(parts))))

    merged = RehearsalReport(f"{len(parts)} throwaway PostgreSQL 15 server(s)")
    for report in reports:
        merged.changes += report.changes
    complete = [c.change for c in merged.changes] == plan
    if complete:
        final_options = dataclasses.replace(options, target=last.sqitch_target, conninfo=last.conninfo())
        with psycopg.connect(last.conninfo(), autocommit=True) as conn:
            finish(conn, final_options, Sqitch(options.project, last.sqitch_target), plan, merged, empty)
    merged.seconds = time.monotonic() - started
    return merged
