"""The per-change rehearsal: every change deployed, verified, reverted and redeployed over seeded data.

For each change of the plan, in order, with the real sqitch commands:
1. snapshot the catalog and fingerprint every table (rows and checksum);
2. run the deploy script in a rolled-back transaction to see its locks (``trial``);
3. ``sqitch deploy --to <change> --verify``; snapshot; which tables were rewritten; did every row survive;
4. seed the new tables, then ``sqitch revert --to <previous> -y``: the catalog must equal step 1 exactly,
   and every row or column the revert destroyed is listed;
5. the change's verify script, run against the database without the change, must fail;
6. ``sqitch deploy --to <change>`` again: the catalog must equal step 3 exactly, the older rows intact;
7. seed again, ready for the next change.
Then (``finish``) one change's deploy is killed twice, its script's session and then sqitch itself
(``killed``), and the whole plan is reverted and deployed again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from fleetdb.catalog import CatalogSnapshot, diff_catalogs, snapshot_catalog
from fleetdb.errors import FleetdbError
from fleetdb.rehearsal.data import changed_rows, fingerprint_tables, row_counts
from fleetdb.rehearsal.filler import Seeder, seed_existing_tables
from fleetdb.rehearsal.killed import choose_change, kill_deploy, kill_sqitch
from fleetdb.rehearsal.model import ChangeRehearsal, KilledDeploy, RehearsalReport, Rewrite, WholePlan
from fleetdb.rehearsal.psql import run_psql
from fleetdb.rehearsal.registry import deployed_changes, plan_project, table_storage
from fleetdb.rehearsal.sampler import LockSampler
from fleetdb.rehearsal.trial import locks_on_existing, trial_deploy
from fleetdb.sqitch import Sqitch, SqitchFailed, read_plan

Progress = Callable[[str], None]


@dataclass
class RehearsalOptions:
    project: Path
    target: str  # sqitch target URI
    conninfo: str  # the same database, for psycopg and psql
    seeder: Seeder | None = seed_existing_tables
    kill: bool = True
    kill_change: str | None = None  # default: the last change that locks an existing table
    whole_plan: bool = True  # revert the whole plan at the end and deploy it again
    on_change: Callable[[ChangeRehearsal], None] | None = None
    progress: Progress = field(default=lambda _message: None)
    until: str | None = None  # the last change to rehearse (default: the end of the plan)


def rehearse(options: RehearsalOptions) -> RehearsalReport:
    """Rehearse the changes the target does not have yet (up to ``until``), then kill a deploy and
    revert and redeploy the whole plan (when it started from an empty registry)."""
    started = time.monotonic()
    plan = [change.name for change in read_plan(options.project)]
    if not plan:
        raise FleetdbError(f"{options.project / 'sqitch.plan'} has no changes to rehearse")
    sqitch = Sqitch(options.project, options.target)
    report = RehearsalReport(options.target)
    with psycopg.connect(options.conninfo, autocommit=True) as conn:
        already = deployed_changes(conn, plan_project(options.project))
        if already != plan[: len(already)]:
            raise FleetdbError(
                f"the target's registry lists {already[-3:]} … which is not a prefix of sqitch.plan: "
                "deploy or revert it to a change of this plan first"
            )
        report.skipped = already
        if options.kill_change and options.kill_change not in plan[len(already) :]:
            raise FleetdbError(
                f"--kill-change {options.kill_change}: not a pending change of the plan "
                f"{options.project / 'sqitch.plan'}"
            )
        end = plan.index(options.until) + 1 if options.until else len(plan)
        _seed(conn, options)
        start = snapshot_catalog(conn)
        rehearse_changes(conn, options, sqitch, plan, range(len(already), end), report)
        if end == len(plan):
            finish(conn, options, sqitch, plan, report, start if not already else None)
    report.seconds = time.monotonic() - started
    return report


def rehearse_changes(
    conn: psycopg.Connection[Any],
    options: RehearsalOptions,
    sqitch: Sqitch,
    plan: list[str],
    indexes: range,
    report: RehearsalReport,
) -> None:
    """The per-change loop; stops at the first change that fails to deploy or revert."""
    for index in indexes:
        change = ChangeRehearsal(plan[index], plan[index - 1] if index else None)
        report.changes.append(change)
        options.progress(f"{index + 1}/{len(plan)} {change.change}")
        started = time.monotonic()
        try:
            _rehearse_change(conn, options, sqitch, change)
        except SqitchFailed as error:
            change.error = str(error)
        finally:
            change.rehearsal_seconds = time.monotonic() - started
            if options.on_change:
                options.on_change(change)
        if change.error:
            break  # the database is not where the next change expects it


def finish(
    conn: psycopg.Connection[Any],
    options: RehearsalOptions,
    sqitch: Sqitch,
    plan: list[str],
    report: RehearsalReport,
    start: CatalogSnapshot | None,
) -> None:
    """On a database with the whole plan deployed and every change rehearsed cleanly: kill a deploy,
    then (given the catalog before the plan) revert and redeploy the whole plan."""
    if not (report.ok and report.changes):
        return
    victim = choose_change(report.changes, options.kill_change) if options.kill else None
    if options.kill and victim is None:
        if options.kill_change:
            report.killed = KilledDeploy(options.kill_change, None, error="this change was not rehearsed")
        else:
            report.notes.append(
                "no deploy was killed: no rehearsed change locks a table that existed before it, so no "
                "deploy could be made to wait (name one with --kill-change to see why)"
            )
    if victim is not None:
        options.progress(f"killing the deploy of {victim.change}")
        final = snapshot_catalog(conn)
        project_name = plan_project(options.project)
        report.killed = kill_deploy(conn, options.conninfo, sqitch, project_name, plan, victim, final)
        if report.killed.redeploy_completed:
            options.progress(f"killing sqitch while it deploys {victim.change}")
            report.killed_sqitch = kill_sqitch(
                conn, options.conninfo, sqitch, project_name, plan, victim, final
            )
    if report.ok and options.whole_plan and start is not None:
        options.progress("reverting and redeploying the whole plan")
        report.whole_plan = _whole_plan(conn, sqitch, start, snapshot_catalog(conn))


def _seed(conn: psycopg.Connection[Any], options: RehearsalOptions) -> dict[str, str]:
    if options.seeder is None:
        return {}
    return options.seeder(conn).not_seeded


def _rehearse_change(
    conn: psycopg.Connection[Any], options: RehearsalOptions, sqitch: Sqitch, change: ChangeRehearsal
) -> None:
    project = options.project
    before = snapshot_catalog(conn)
    data_before = fingerprint_tables(conn, before)
    rows = row_counts(data_before)
    storage_before = table_storage(conn)

    trial = trial_deploy(project, options.conninfo, project / "deploy" / f"{change.change}.sql")
    change.lock_seconds = trial.seconds
    change.locks_note = trial.note
    change.transactional = trial.transactional
    if trial.held is not None:
        existing = {oid: storage.relation for oid, storage in storage_before.items()}
        change.locks = locks_on_existing(trial.held, existing, rows)
    leftovers = diff_catalogs(before, snapshot_catalog(conn))
    if leftovers:
        change.error = "the rolled-back lock trial left changes: " + leftovers[0].describe("after rollback")
        return

    started = time.monotonic()
    if trial.held is None and trial.transactional is False:
        with LockSampler(options.conninfo) as sampler:
            sqitch.deploy(to=change.change, verify=True)
        existing = {oid: storage.relation for oid, storage in storage_before.items()}
        change.locks = locks_on_existing(sampler.held, existing, rows)
        change.locks_note = (
            f"sampled every {sampler.interval * 1000:.0f} ms during the deploy (the "
            "script is not one transaction): a shorter lock can be missed"
        )
    else:
        sqitch.deploy(to=change.change, verify=True)
    change.seconds = time.monotonic() - started
    change.deployed = change.verified = True
    after = snapshot_catalog(conn)
    change.created = [f"{d.kind} {d.key}" for d in diff_catalogs(before, after) if d.change == "extra"]
    storage_after = table_storage(conn)
    change.rewrites = [
        Rewrite(old.relation, rows.get(old.relation, 0))
        for oid, old in sorted(storage_before.items(), key=lambda item: item[1].relation)
        if oid in storage_after and storage_after[oid].filenode != old.filenode and old.filenode != 0
    ]
    lost = changed_rows(conn, data_before, after, "by the deploy")

    not_seeded = _seed(conn, options)
    change.not_seeded = {t: why for t, why in not_seeded.items() if f"relation {t}" in change.created}
    data_deployed = fingerprint_tables(conn, after)

    started = time.monotonic()
    if change.previous:
        sqitch.revert(to=change.previous)
    else:
        sqitch.revert()
    change.sqitch_seconds = change.seconds + time.monotonic() - started
    reverted = snapshot_catalog(conn)
    change.revert_diff = [d.describe("after revert") for d in diff_catalogs(before, reverted)]
    change.revert_exact = not change.revert_diff
    change.destructive_revert = changed_rows(conn, data_deployed, reverted, "by the revert")
    if change.revert_exact:  # otherwise the database still holds part of the change
        change.verify_can_fail = _verify_fails(project, options.conninfo, change.change)

    started = time.monotonic()
    sqitch.deploy(to=change.change, verify=True)
    change.sqitch_seconds += time.monotonic() - started
    redeployed = snapshot_catalog(conn)
    change.redeploy_diff = [d.describe("after redeploy") for d in diff_catalogs(after, redeployed)]
    change.redeploy_exact = not change.redeploy_diff
    seen = {loss.obj for loss in lost}
    lost += [
        loss for loss in changed_rows(conn, data_before, redeployed, "after redeploy") if loss.obj not in seen
    ]
    change.data_diff = [loss.describe() for loss in lost]
    change.data_preserved = not lost
    _seed(conn, options)


def _verify_fails(project: Path, conninfo: str, change: str) -> bool | None:
    """Whether the change's verify script fails on the database without the change, as it must."""
    script = project / "verify" / f"{change}.sql"
    if not script.is_file():
        return None
    return run_psql(conninfo, script.read_text(), cwd=project).returncode != 0


def _whole_plan(
    conn: psycopg.Connection[Any], sqitch: Sqitch, start: CatalogSnapshot, final: CatalogSnapshot
) -> WholePlan:
    result = WholePlan()
    try:
        sqitch.revert()
        diff = diff_catalogs(start, snapshot_catalog(conn))
        result.revert_exact = not diff
        result.diff += [d.describe("after reverting the whole plan") for d in diff]
        sqitch.deploy(verify=True)
        diff = diff_catalogs(final, snapshot_catalog(conn))
        result.redeploy_exact = not diff
        result.diff += [d.describe("after redeploying the whole plan") for d in diff]
        sqitch.verify()
        result.verified = True
    except SqitchFailed as error:
        result.error = str(error)
    return result
