"""The per-change rehearsal: every change deployed, verified, reverted and redeployed over seeded data.

For each change of the plan, in order, with the real sqitch commands (a reworked change is named by its
id, so each version runs its own scripts):
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

It keeps going. A finding (a verify that cannot fail, an inexact revert, lost rows, a lock risk) is
reported and the next change is rehearsed. A change that cannot be deployed is taken out of the plan
together with every change that requires it (sqitch deploys a plan in order and skips nothing, so the
rest is deployed from a reduced copy of the plan) and the report lists them as not rehearsed, with why.
A revert that fails leaves the change deployed, which is where the next change starts anyway.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from fleetdb.catalog import CatalogSnapshot, diff_catalogs, snapshot_catalog
from fleetdb.catalog.snapshot import DEFAULT_KINDS, WITH_DATABASES
from fleetdb.errors import FleetdbError, libpq_message
from fleetdb.processes import stop_requested, stopping
from fleetdb.project import Change, Project
from fleetdb.psql import run_psql
from fleetdb.rehearsal.data import changed_rows, fingerprint_tables, row_counts
from fleetdb.rehearsal.filler import Seeder, seed_existing_tables
from fleetdb.rehearsal.killed import choose_change, kill_deploy, kill_sqitch
from fleetdb.rehearsal.model import (
    ChangeRehearsal,
    KilledDeploy,
    NotRehearsed,
    RehearsalReport,
    Rewrite,
    WholePlan,
)
from fleetdb.rehearsal.registry import deployed_changes, table_storage
from fleetdb.rehearsal.sampler import LockSampler
from fleetdb.rehearsal.trial import locks_on_existing, trial_deploy
from fleetdb.sqitch import Sqitch, SqitchFailed
from fleetdb.target import Target

Progress = Callable[[str], None]


@dataclass
class RehearsalOptions:
    project: Project
    target: Target
    variables: Mapping[str, str] = field(default_factory=dict)  # --set values for sqitch and psql
    seeder: Seeder | None = seed_existing_tables
    kill: bool = True
    kill_change: str | None = None  # a change label; default: the last change that locks an existing table
    whole_plan: bool = True  # revert the whole plan at the end and deploy it again
    on_change: Callable[[ChangeRehearsal], None] | None = None
    progress: Progress = field(default=lambda _message: None)
    until: str | None = None  # the label of the last change to rehearse (default: the end of the plan)
    server: str = ""  # the server's own version string, for the report
    # The target's server is the rehearsal's alone (a throwaway server): its databases are compared too,
    # so a revert that forgets a database the plan created is caught. Off on a shared server, where
    # other work creates and drops databases meanwhile.
    own_server: bool = False

    @property
    def snapshot_kinds(self) -> tuple[str, ...]:
        return WITH_DATABASES if self.own_server else DEFAULT_KINDS


class Plan:
    """The plan as the rehearsal goes: the project's changes, less those taken out because a change they
    need could not be deployed; sqitch runs on a copy of the plan file without them."""

    def __init__(self, project: Project, target: Target, variables: Mapping[str, str], scratch: Path) -> None:
        self.original = project
        self.project = project
        self.target = target
        self.variables = dict(variables)
        self.scratch = scratch
        self.dropped: dict[str, str] = {}  # change id -> why it is not rehearsed

    @property
    def sqitch(self) -> Sqitch:
        return Sqitch(self.project, self.target, self.variables)

    def current(self, change: Change) -> Change:
        """``change`` of the original plan as it is in the reduced one (same label, maybe a new id)."""
        return next(c for c in self.project.changes if c.label == change.label)

    def previous(self, change: Change) -> Change | None:
        index = self.project.index(self.current(change))
        return self.project.changes[index - 1] if index else None

    def take_out(self, failed: Change, why: str, report: RehearsalReport) -> None:
        """Take ``failed`` (of the original plan) and what requires it out of the plan."""
        self.dropped[failed.id] = why
        for dependent in self.original.dependents(failed):
            if dependent.id not in self.dropped:
                reason = f"requires {failed.label}, which {why}"
                self.dropped[dependent.id] = reason
                report.not_rehearsed.append(NotRehearsed(dependent.label, reason))
        self.project = self.original.without(set(self.dropped), self.scratch)


def rehearse(options: RehearsalOptions, plan: Plan | None = None) -> RehearsalReport:
    """Rehearse the changes the target does not have yet (up to ``until``), then kill a deploy and
    revert and redeploy the whole plan (when it started from an empty registry). ``plan``: the plan as
    a caller already reduced it (a part of a parallel rehearsal); it is reduced further in place."""
    started = time.monotonic()
    project = options.project
    if not project.changes:
        raise FleetdbError(f"{project.plan_file} has no changes to rehearse")
    report = RehearsalReport(str(options.target), server=options.server)
    with (
        tempfile.TemporaryDirectory(prefix="fleetdb-plan-") as scratch,
        psycopg.connect(options.target.conninfo, autocommit=True) as conn,
    ):
        plan = plan or Plan(project, options.target, options.variables, Path(scratch))
        already = deployed_changes(conn, project)
        ids = [c.id for c in project.changes]
        if already != ids[: len(already)]:
            raise FleetdbError(
                f"the target's registry lists {len(already)} change(s) of {project.name} that are not the "
                f"first changes of {project.plan_file}: deploy or revert it to a change of this plan first"
            )
        report.skipped = [c.label for c in project.changes[: len(already)]]
        pending = project.changes[len(already) :]
        if options.kill_change and options.kill_change not in {c.label for c in pending}:
            raise FleetdbError(
                f"--kill-change {options.kill_change}: not a pending change of the plan {project.plan_file}"
            )
        end = project.index(project.change(options.until)) + 1 if options.until else len(project.changes)
        _seed(conn, options)
        start = snapshot_catalog(conn, options.snapshot_kinds)
        pending = tuple(plan.original.change(c.label) for c in project.changes[len(already) : end])
        rehearse_changes(conn, options, plan, pending, report)
        if end == len(project.changes):
            finish(conn, options, plan, report, start if not already else None)
    report.seconds = time.monotonic() - started
    return report


def rehearse_changes(
    conn: psycopg.Connection[Any],
    options: RehearsalOptions,
    plan: Plan,
    changes: tuple[Change, ...],
    report: RehearsalReport,
) -> None:
    """The per-change loop; keeps going past findings and past changes that cannot deploy."""
    total = len(plan.original.changes)
    for original in changes:
        stop_requested()
        if original.id in plan.dropped:
            continue
        change = plan.current(original)
        previous = plan.previous(original)
        record = ChangeRehearsal(original.label, previous.label if previous else None)
        if previous is not None and previous.tags:
            record.upgrades_from = f"@{previous.tags[-1]}"
        record.verify_file = _relative(change.verify_file, plan.project.root)
        report.changes.append(record)
        options.progress(f"{plan.original.index(original) + 1}/{total} {record.change}")
        started = time.monotonic()
        try:
            _rehearse_change(conn, options, plan.sqitch, change, previous, record)
        except SqitchFailed as error:
            record.error = str(error)
        except psycopg.Error as error:  # a step's own query failed: report it, rehearse the next change
            stop_requested()  # the servers were stopped under it: no finding
            record.error = f"{type(error).__name__}: {libpq_message(error)}"
        finally:
            record.rehearsal_seconds = time.monotonic() - started
            if options.on_change and not stopping():
                options.on_change(record)
        if record.error and not record.deployed:
            plan.take_out(original, "could not be deployed", report)
        elif record.error and record.reverted and not record.redeployed:
            plan.take_out(original, "could not be deployed again after its revert", report)


def finish(
    conn: psycopg.Connection[Any],
    options: RehearsalOptions,
    plan: Plan,
    report: RehearsalReport,
    start: CatalogSnapshot | None,
) -> None:
    """On a database with the whole (remaining) plan deployed: kill a deploy, then (given the catalog
    before the plan) revert and redeploy the whole plan."""
    if not report.changes:
        return
    expected = [c.id for c in plan.project.changes]
    if deployed_changes(conn, plan.project) != expected:
        report.notes.append(
            "no deploy was killed and the whole plan was not reverted: a failed step left the database "
            "short of the end of the plan"
        )
        return
    rehearsed = [c for c in report.changes if c.error is None]
    victim = choose_change(rehearsed, options.kill_change) if options.kill else None
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
        final = snapshot_catalog(conn, options.snapshot_kinds)
        report.killed = kill_deploy(conn, options.target, plan.sqitch, plan.project, victim, final)
        if report.killed.redeploy_completed:
            options.progress(f"killing sqitch while it deploys {victim.change}")
            report.killed_sqitch = kill_sqitch(conn, options.target, plan.sqitch, plan.project, victim, final)
    if options.whole_plan and start is not None and (report.killed is None or report.killed.ok):
        options.progress("reverting and redeploying the whole plan")
        report.whole_plan = _whole_plan(
            conn, plan.sqitch, start, snapshot_catalog(conn, options.snapshot_kinds)
        )


def _seed(conn: psycopg.Connection[Any], options: RehearsalOptions) -> dict[str, str]:
    if options.seeder is None:
        return {}
    return options.seeder(conn).not_seeded


def _rehearse_change(
    conn: psycopg.Connection[Any],
    options: RehearsalOptions,
    sqitch: Sqitch,
    change: Change,
    previous: Change | None,
    record: ChangeRehearsal,
) -> None:
    project = sqitch.project
    before = snapshot_catalog(conn, options.snapshot_kinds)
    data_before = fingerprint_tables(conn, before)
    rows = row_counts(data_before)
    record.rows_before, record.tables_before = sum(rows.values()), len(rows)
    record.empty_tables_before = sorted(table for table, count in rows.items() if not count)
    storage_before = table_storage(conn)

    trial = trial_deploy(project, options.target, change.deploy_file, sqitch.command_variables("deploy"))
    record.lock_seconds = trial.seconds
    record.locks_note = trial.note
    record.transactional = trial.transactional
    if trial.held is not None:
        existing = {oid: storage.relation for oid, storage in storage_before.items()}
        record.locks = locks_on_existing(trial.held, existing, rows)
    leftovers = diff_catalogs(before, snapshot_catalog(conn, options.snapshot_kinds))
    if leftovers:
        record.error = "the rolled-back lock trial left changes: " + leftovers[0].describe("after rollback")
        return

    started = time.monotonic()
    if trial.held is None and trial.transactional is False:
        with LockSampler(options.target.conninfo) as sampler:
            sqitch.deploy(to=change, verify=True)
        existing = {oid: storage.relation for oid, storage in storage_before.items()}
        record.locks = locks_on_existing(sampler.held, existing, rows)
        record.locks_note = (
            f"sampled every {sampler.interval * 1000:.0f} ms during the deploy (the "
            "script is not one transaction): a shorter lock can be missed"
        )
    else:
        sqitch.deploy(to=change, verify=True)
    record.seconds = time.monotonic() - started
    record.deployed = record.verified = True
    after = snapshot_catalog(conn, options.snapshot_kinds)
    record.created = [f"{d.kind} {d.key}" for d in diff_catalogs(before, after) if d.change == "extra"]
    storage_after = table_storage(conn)
    record.rewrites = [
        Rewrite(old.relation, rows.get(old.relation, 0))
        for oid, old in sorted(storage_before.items(), key=lambda item: item[1].relation)
        if oid in storage_after and storage_after[oid].filenode != old.filenode and old.filenode != 0
    ]
    lost = changed_rows(conn, data_before, after, "by the deploy")

    not_seeded = _seed(conn, options)
    record.not_seeded = {t: why for t, why in not_seeded.items() if f"relation {t}" in record.created}
    data_deployed = fingerprint_tables(conn, after)

    started = time.monotonic()
    sqitch.revert(to=previous)
    record.reverted = True
    record.sqitch_seconds = record.seconds + time.monotonic() - started
    reverted = snapshot_catalog(conn, options.snapshot_kinds)
    record.revert_diff = [d.describe("after revert") for d in diff_catalogs(before, reverted)]
    record.revert_exact = not record.revert_diff
    record.destructive_revert = changed_rows(conn, data_deployed, reverted, "by the revert")
    if record.revert_exact:  # otherwise the database still holds part of the change
        record.verify_can_fail = _verify_fails(sqitch, options.target, change)

    started = time.monotonic()
    sqitch.deploy(to=change, verify=True)
    record.redeployed = True
    record.sqitch_seconds += time.monotonic() - started
    redeployed = snapshot_catalog(conn, options.snapshot_kinds)
    record.redeploy_diff = [d.describe("after redeploy") for d in diff_catalogs(after, redeployed)]
    record.redeploy_exact = not record.redeploy_diff
    seen = {loss.obj for loss in lost}
    lost += [
        loss for loss in changed_rows(conn, data_before, redeployed, "after redeploy") if loss.obj not in seen
    ]
    record.data_diff = [loss.describe() for loss in lost]
    record.data_preserved = not lost
    _seed(conn, options)


def _verify_fails(sqitch: Sqitch, target: Target, change: Change) -> bool | None:
    """Whether the change's verify script fails on the database without the change, as it must."""
    if not change.verify_file.is_file():
        return None
    result = run_psql(sqitch.project, target, change.verify_file, sqitch.command_variables("verify"))
    return result.returncode != 0


def _whole_plan(
    conn: psycopg.Connection[Any], sqitch: Sqitch, start: CatalogSnapshot, final: CatalogSnapshot
) -> WholePlan:
    result = WholePlan()
    try:
        sqitch.revert()
        diff = diff_catalogs(start, snapshot_catalog(conn, start.objects))
        result.revert_exact = not diff
        result.diff += [d.describe("after reverting the whole plan") for d in diff]
        sqitch.deploy(verify=True)
        diff = diff_catalogs(final, snapshot_catalog(conn, final.objects))
        result.redeploy_exact = not diff
        result.diff += [d.describe("after redeploying the whole plan") for d in diff]
        sqitch.verify()
        result.verified = True
    except SqitchFailed as error:
        result.error = str(error)
    return result


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
