"""The online rehearsal: a release's pending changes deployed, reverted and deployed again with the real
sqitch while the application works, each one judged by what it cost the application.

1. The target holds the plan up to the released tag: deployed here into an empty database (and seeded
   at ``scale``), or already there (a restored copy of production, with its own data). VACUUM ANALYZE.
2. Logins for the workload are made (members of ``fleetdb_app`` and, once the schema has it,
   ``fleetdb_relay``); the catalog is snapshotted and every row of the released tables recorded by key
   (``rowcheck``).
3. The workload starts (``workload``: K sessions at a fixed offered rate through the persistence layer)
   and so does the blocking sampler (``blocking``). A baseline window.
4. Each pending change deployed with ``sqitch deploy --to <change>`` (again after a lock timeout or a
   deadlock, up to ``attempts`` times), its storage files and update counters read before and after.
   A window after; the relay of this release joins for it when it did not run on the release.
5. Quiet check: the workload paused, the recorded rows must be intact and every invariant's violation
   query empty. Then each change reverted, newest first (the relay that joined after the deploys
   leaves first); a window; quiet check, and the catalog must equal the one of step 2. Then each change
   deployed again; a window (the relay joins again); quiet check, and the catalog must equal the one
   after step 4.

The relay is the new release's code (``fleetdb_persistence``): as in production, it starts once the
whole release is deployed, not halfway. Halfway it may need what a later change adds (the outbox's
``aggregate_version``, then the index its claim uses), and a relay whose claim scans a big outbox
holds up the deploy's CREATE INDEX CONCURRENTLY and every session waiting for the relay.
6. The judge (``budget``) measures each step against its window and the budget.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo
from rich.progress import Progress

from fleetdb.catalog import CatalogSnapshot, diff_catalogs, snapshot_catalog
from fleetdb.errors import FleetdbError, register_secret
from fleetdb.project import Change, Project
from fleetdb.rehearsal.blocking import INTERVAL, BlockingSampler
from fleetdb.rehearsal.budget import judge
from fleetdb.rehearsal.model import Rewrite
from fleetdb.rehearsal.online_model import (
    Budget,
    DataCheck,
    Latency,
    OnlineReport,
    Step,
    Window,
    count_errors,
)
from fleetdb.rehearsal.registry import deployed_changes, table_storage
from fleetdb.rehearsal.rowcheck import RowCheck
from fleetdb.rehearsal.workload import Workload, read_world
from fleetdb.seed import check_seeded_data, seed_database, seeded_counts, seeded_scale
from fleetdb.seed.checks import data_invariants
from fleetdb.sqitch import Sqitch, SqitchFailed
from fleetdb.sql_files import load_sql
from fleetdb.target import Target
from fleetdb_persistence import APP_ROLE, RELAY_ROLE, PersistenceError

# SQLSTATEs after which a deploy is simply run again, as a DBA would: lock_timeout, deadlock.
TRANSIENT = ("55P03", "40P01")
_SQLSTATE = re.compile(r"ERROR:\s+([0-9A-Z]{5}):")
APP_LOGIN = "fleetdb_online_app"
RELAY_LOGIN = "fleetdb_online_relay"


@dataclass
class OnlineOptions:
    project: Project
    target: Target  # the database, as the DBA who deploys (a superuser on a throwaway server)
    from_tag: str  # the released tag: "@v1.0" or "v1.0"
    server: str = ""
    scale: int | None = 1  # seed at this scale when the plan is deployed here; None: do not seed
    sessions: int = 4
    rate: float = 40.0  # operations per second, all sessions together
    window: float = 30.0  # seconds of each window without a deploy
    budget: Budget = field(default_factory=Budget)
    attempts: int = 3  # deploys of one change after lock timeouts or deadlocks
    revert: bool = True  # False: deploy only (no revert, no redeploy)
    app_target: Target | None = None  # a login that is a member of fleetdb_app; default: one made here
    variables: Mapping[str, str] = field(default_factory=dict)
    progress: Callable[[str], None] = field(default=lambda _message: None)
    on_step: Callable[[Step], None] = field(default=lambda _step: None)
    # Waits out a window of the given seconds (the command shows a progress bar); default: sleep.
    wait: Callable[[str, float], None] = field(default=lambda _name, seconds: time.sleep(seconds))
    seed_progress: Progress | None = None
    sample_interval: float = INTERVAL


def tagged_change(project: Project, tag: str) -> Change:
    name = tag.lstrip("@")
    for change in project.changes:
        if name in change.tags:
            return change
    tags = ", ".join(f"@{t}" for c in project.changes for t in c.tags) or "none"
    raise FleetdbError(f"--from {tag}: no such tag in {project.plan_file} (its tags: {tags})")


class _Clock:
    def __init__(self) -> None:
        self.zero = time.monotonic()

    def __call__(self) -> float:
        return time.monotonic() - self.zero


def rehearse_online(options: OnlineOptions) -> OnlineReport:
    project = options.project
    report = OnlineReport(
        str(options.target),
        options.server,
        "@" + options.from_tag.lstrip("@"),
        options.scale,
        options.sessions,
        options.rate,
        options.budget,
        sample_interval=options.sample_interval,
    )
    tag = tagged_change(project, options.from_tag)
    released = project.changes[: project.index(tag) + 1]
    pending = list(project.changes[len(released) :])
    if not pending:
        raise FleetdbError(f"{project.plan_file} has no change after {report.from_tag}: nothing to rehearse")
    sqitch = Sqitch(project, options.target, {**options.variables, "VERBOSITY": "verbose"})
    with psycopg.connect(options.target.conninfo, autocommit=True) as conn:
        _prepare(conn, options, sqitch, tag, [c.id for c in released], report)
        logins = _Logins(conn, options)
        try:
            _rehearse(conn, options, sqitch, pending, logins, report)
        except BaseException:
            with contextlib.suppress(psycopg.Error):  # a server stopped by a signal: say why, not this
                logins.drop()
            raise
        logins.drop()
    return report


def _prepare(
    conn: psycopg.Connection[Any],
    options: OnlineOptions,
    sqitch: Sqitch,
    tag: Change,
    released: list[str],
    report: OnlineReport,
) -> None:
    deployed = deployed_changes(conn, options.project)
    if not deployed:
        options.progress(f"deploying {options.project.name} up to {report.from_tag}")
        started = time.monotonic()
        sqitch.deploy(tag, verify=True)
        report.cost[f"deploy up to {report.from_tag}"] = time.monotonic() - started
        if options.scale:
            started = time.monotonic()
            result = seed_database(
                options.target.conninfo, options.scale, workers=2, progress=options.seed_progress
            )
            report.seeded_rows = result.rows
            report.cost["seed"] = time.monotonic() - started
            return  # the seeder ends with VACUUM ANALYZE of every table it filled
        report.notes.append("not seeded (--no-seed): the released tables hold only the rows they had")
    elif deployed != released:
        raise FleetdbError(
            f"the target's registry lists {len(deployed)} change(s) of {options.project.name}, not the "
            f"{len(released)} up to {report.from_tag}: the online rehearsal starts from the release; "
            f"restore a copy at {report.from_tag} or point it at an empty database"
        )
    else:
        counts = seeded_counts(conn)
        report.scale = seeded_scale(counts)
        data = ", ".join(f"{value:,} {name}" for name, value in counts.items())
        if report.scale:
            what = f"the rows fleetdb seed writes at scale {report.scale} ({data})"
        else:
            what = f"its own data ({data})"
        options.progress(f"the target is at {report.from_tag} with {what}")
        report.notes.append(
            f"the target was at {report.from_tag} with {what}: rehearsed on it as it is, not seeded here"
        )
    options.progress("VACUUM ANALYZE")
    started = time.monotonic()
    conn.execute("VACUUM (ANALYZE)")
    report.cost["vacuum analyze"] = time.monotonic() - started


class _Logins:
    """The workload's logins, made for the rehearsal and dropped after it: one acting as the application,
    one as the relay (granted fleetdb_relay once the schema has it)."""

    def __init__(self, conn: psycopg.Connection[Any], options: OnlineOptions) -> None:
        self.conn = conn
        self.target = options.target
        self.made: list[str] = []
        if options.app_target is not None:
            self.app = options.app_target.conninfo
        else:
            self.app = self._make(APP_LOGIN, "fleetdb_app")
        self.relay = self._make(RELAY_LOGIN, None)

    def _make(self, name: str, member_of: str | None) -> str:
        password = secrets.token_urlsafe(18)
        register_secret(password)
        login = sql.Identifier(name)
        try:
            self.conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(login))
            self.conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN NOINHERIT PASSWORD {}").format(login, sql.Literal(password))
            )
            self.made.append(name)
            if member_of:
                self.conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(member_of), login))
        except psycopg.Error as error:
            raise FleetdbError(
                f"cannot make the workload's login {name}: SQLSTATE {error.sqlstate}: "
                f"{error.diag.message_primary}; connect as a role with CREATEROLE, or pass --app-target "
                "with a login that is a member of fleetdb_app"
            ) from None
        return make_conninfo(self.target.conninfo, user=name, password=password)

    def grant_relay(self) -> bool:
        """Make the relay login a member of fleetdb_relay, when the role exists."""
        row = self.conn.execute("SELECT to_regrole('fleetdb_relay') IS NOT NULL").fetchone()
        if not row or not row[0] or RELAY_LOGIN not in self.made:
            return False
        self.conn.execute(sql.SQL("GRANT fleetdb_relay TO {}").format(sql.Identifier(RELAY_LOGIN)))
        return True

    def revoke_relay(self) -> None:
        """Before the reverts: a member of fleetdb_relay keeps the revert from dropping the role."""
        row = self.conn.execute("SELECT to_regrole('fleetdb_relay') IS NOT NULL").fetchone()
        if row and row[0] and RELAY_LOGIN in self.made:
            self.conn.execute(sql.SQL("REVOKE fleetdb_relay FROM {}").format(sql.Identifier(RELAY_LOGIN)))

    def drop(self) -> None:
        for name in self.made:
            self.conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
        self.made.clear()


def _rehearse(
    conn: psycopg.Connection[Any],
    options: OnlineOptions,
    sqitch: Sqitch,
    pending: list[Change],
    logins: _Logins,
    report: OnlineReport,
) -> None:
    cost = report.cost
    clock = _Clock()
    corners = read_world(conn, options.sessions)
    started = time.monotonic()
    options.progress("recording the rows of the released tables")
    start_catalog = snapshot_catalog(conn)
    checker = psycopg.connect(options.target.conninfo, autocommit=True)
    rows = RowCheck(checker)
    recorded = rows.record(start_catalog)
    if report.scale and not report.seeded_rows:  # a seeded copy: its rows are the seed's
        report.seeded_rows = recorded
    cost["record rows"] = time.monotonic() - started
    options.progress(f"recorded {recorded:,} rows of {len(rows.recorded)} tables")

    workload = Workload(logins.app, corners, options.rate, clock, logins.relay)
    sampler = BlockingSampler(
        options.target.conninfo, clock, options.sample_interval, workload.running
    ).start()
    run = _Run(conn, options, sqitch, workload, logins, report, clock)
    try:
        workload.start()
        if run.relay_if_ready():  # the relay login's membership is part of the catalog from now on
            run.relay_from_start = True
            start_catalog = snapshot_catalog(conn)
        run.window("baseline")
        deployed = run.phase("deploy", pending)
        if len(deployed) == len(pending):
            run.relay_if_ready()
        run.window("after deploy")
        deployed_catalog = snapshot_catalog(conn)
        run.check("deploy", rows, None, None)
        if options.revert:
            run.relay_off()
            reverted = run.phase("revert", list(reversed(deployed)))
            run.window("after revert")
            run.check("revert", rows, start_catalog, "the catalog at the release")
            if len(reverted) == len(deployed) and report.error is None:
                if len(run.phase("redeploy", deployed)) == len(pending):
                    run.relay_if_ready()
                run.window("after redeploy")
                run.check("redeploy", rows, deployed_catalog, "the catalog after the first deploy")
        else:
            report.notes.append("deployed only (--no-revert): the revert and the redeploy were not rehearsed")
    except BaseException:
        # Stopped by a signal (its servers stopped with it) or failed: end the workload at once and let
        # the reason through, not what the sampler or the checker met on a server that went away.
        workload.stop(abort=True)
        sampler.stop(quiet=True)
        checker.close()
        raise
    workload.stop()
    sampler.stop()
    checker.close()
    _finish(options, report, workload, sampler, run)


def _finish(
    options: OnlineOptions, report: OnlineReport, workload: Workload, sampler: BlockingSampler, run: _Run
) -> None:
    """What the workload and the sampler saw, judged step by step (both stopped)."""
    cost = report.cost
    if workload.errors:
        report.error = f"the workload stopped: {workload.errors[0]!r}"
    report.operations = sorted(workload.operations, key=lambda op: op.started)
    report.windows = [
        Window(
            w.name,
            w.start,
            w.end,
            Latency.of(op for op in report.operations if w.start <= op.scheduled < w.end),
            count_errors(op for op in report.operations if w.start <= op.scheduled < w.end),
        )
        for w in run.windows
    ]
    scripts = {}
    for step in report.steps:
        change = options.project.change(step.change)
        scripts[(step.phase, step.change)] = (
            change.revert_file if step.phase == "revert" else change.deploy_file
        )
    kind_tables, app_modes = learnt_locks(workload.kind_locks, sampler.kind_tables, sampler.app_modes)
    judge(
        report.steps,
        report.windows,
        report.operations,
        sampler.waits,
        sampler.holds,
        app_modes,
        options.budget,
        scripts,
        sampler.interval,
        kind_tables,
        run.application_tables,
        run.offered,
    )
    report.operation_tables = {kind: sorted(tables) for kind, tables in kind_tables.items()}
    cost["windows"] = sum(w.end - w.start for w in report.windows)
    cost["steps"] = sum(step.seconds for step in report.steps)
    for step in report.steps:
        options.on_step(step)


def learnt_locks(
    reported: Mapping[str, Mapping[str, set[str]]],
    sampled_tables: Mapping[str, set[str]],
    sampled_modes: Mapping[str, set[str]],
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(kind of operation -> the tables it locked, table -> the modes the application took on it) over
    the whole run: what the operations read of their own locks, and what the sampler saw."""
    kind_tables = {kind: set(tables) for kind, tables in sampled_tables.items()}
    app_modes = {table: set(modes) for table, modes in sampled_modes.items()}
    for kind, tables in reported.items():
        kind_tables.setdefault(kind, set()).update(tables)
        for table, modes in tables.items():
            app_modes.setdefault(table, set()).update(modes)
    return kind_tables, app_modes


class _Run:
    """The state of one rehearsal while it runs: the steps, windows and checks it has done."""

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        options: OnlineOptions,
        sqitch: Sqitch,
        workload: Workload,
        logins: _Logins,
        report: OnlineReport,
        clock: _Clock,
    ) -> None:
        self.conn = conn
        self.options = options
        self.sqitch = sqitch
        self.workload = workload
        self.logins = logins
        self.report = report
        self.clock = clock
        self.windows: list[Window] = []
        self.relay_from_start = False  # the relay of this release ran on the release itself
        self.application_tables: set[str] = set()  # the tables the application's roles may use
        self.offered: dict[str, set[str]] = {}  # phase -> the kinds of operation the workload ran then
        self.note_application_tables()

    def note_application_tables(self) -> None:
        """Add the tables the application's roles may use now (called at the start and after each
        phase: a phase adds tables and privileges, a revert takes them away)."""
        rows = self.conn.execute(
            load_sql(__package__, "application_tables"), {"roles": [APP_ROLE, RELAY_ROLE]}
        )
        self.application_tables |= {str(relation) for (relation,) in rows}

    def load(self) -> None:
        self.report.loads.append((self.clock(), round(os.getloadavg()[0], 2)))

    def window(self, name: str) -> None:
        self.load()
        start = self.clock()
        self.options.wait(name, self.options.window)
        self.windows.append(Window(name, start, self.clock(), Latency(0, None, None, None), []))

    def relay_if_ready(self) -> bool:
        """Let the relay of this release run when the schema has what it needs (it claims a batch of
        each module and rolls back to find out); True when it runs."""
        if self.workload.relay_enabled:
            return True
        if not self.logins.grant_relay():
            return False
        try:
            self.workload.set_relay(True)
        # The persistence library has its own error root: a relay refused by the schema (42501 on a
        # module it cannot read yet) arrives as its NotPermitted.
        except (psycopg.Error, PersistenceError, FleetdbError) as error:
            self.logins.revoke_relay()
            self.report.notes.append(f"the relay did not start: {' '.join(str(error).split())[:300]}")
            return False
        self.report.notes.append(f"the relay of this release ran from {self.clock():.0f}s")
        return True

    def relay_off(self) -> None:
        """Before the reverts: the relay that joined after the deploys leaves (a member of fleetdb_relay
        would keep the revert from dropping the role)."""
        if self.workload.relay_enabled and not self.relay_from_start:
            self.workload.set_relay(False)
            self.logins.revoke_relay()

    def phase(self, phase: str, changes: list[Change]) -> list[Change]:
        """Deploy (or revert) each change in turn; returns those done. A change that cannot be done
        ends the phase: the next ones depend on it."""
        done: list[Change] = []
        project = self.options.project
        # The relay joins and leaves between phases, never during one.
        self.offered.setdefault(phase, set()).update(self.workload.offered())
        for change in changes:
            step = Step(phase, change.label)
            self.load()
            self.options.progress(f"{phase} {change.label} …")
            before = self._tables()
            step.start = self.clock()
            self._run_sqitch(step, change, project)
            step.end = self.clock()
            after = self._tables()
            step.rewrites = [
                Rewrite(name, int(rows))
                for name, (filenode, rows, _) in sorted(before.items())
                if name in after and after[name][0] != filenode and filenode
            ]
            step.updated = _updated(before, after)
            step.created = sorted(set(after) - set(before))
            self.report.steps.append(step)
            failed = f", failed: {step.error.splitlines()[0]}" if step.error else ""
            self.options.progress(f"  {phase} {change.label}: {step.seconds:.1f}s{failed}")
            if step.error:
                self.report.error = f"{phase} of {change.label} failed: {step.error.splitlines()[0]}"
                break
            done.append(change)
        return done

    def _run_sqitch(self, step: Step, change: Change, project: Project) -> None:
        for attempt in range(1, self.options.attempts + 1):
            step.attempts = attempt
            try:
                if step.phase == "revert":
                    index = project.index(change)
                    self.sqitch.revert(to=project.changes[index - 1])
                else:
                    self.sqitch.deploy(change, verify=True)
                return
            except SqitchFailed as failed:
                state = _SQLSTATE.search(failed.output)
                reason = " ".join(str(failed).split())[:400]
                if state is None or state[1] not in TRANSIENT or attempt == self.options.attempts:
                    step.error = str(failed)
                    return
                step.failed_attempts.append(f"attempt {attempt}: SQLSTATE {state[1]}: {reason}")
                time.sleep(1.0)

    def _tables(self) -> dict[str, tuple[int, float, int]]:
        """Each table: (storage file, estimated rows, rows updated so far)."""
        storage = {s.relation: s.filenode for s in table_storage(self.conn).values()}
        counters = {
            str(relation): (float(rows), int(updated))
            for relation, rows, updated in self.conn.execute(load_sql(__package__, "table_updates"))
        }
        return {name: (filenode, *counters.get(name, (0.0, 0))) for name, filenode in storage.items()}

    def check(self, after: str, rows: RowCheck, catalog: CatalogSnapshot | None, what: str | None) -> None:
        """The quiet check after a phase, the workload paused."""
        self.note_application_tables()
        started = time.monotonic()
        self.options.progress(f"checking the data after the {after}")
        self.workload.pause()
        try:
            check = DataCheck(after, tables_checked=len(rows.recorded))
            check.rows_checked = sum(r.rows for r in rows.recorded)
            now = snapshot_catalog(self.conn)
            published = {
                f"{m}.outbox_events": {f"({i})" for i in ids} for m, ids in self.workload.published.items()
            }
            owned = {str(corner.vehicle_id) for corner in self.workload.corners}
            check.lost = rows.compare(now, published, owned)
            check.unchanged = list(rows.unchanged)
            check.violations, check.not_checked = _invariants(self.options.target)
            if catalog is not None:
                check.catalog_diff = [d.describe(f"against {what}") for d in diff_catalogs(catalog, now)]
            check.seconds = time.monotonic() - started
            self.report.checks.append(check)
            self.report.cost[f"check after {after}"] = check.seconds
        finally:
            self.workload.resume()


def _invariants(target: Target) -> tuple[list[str], list[str]]:
    """Every invariant's violation query (invariants/sql/violations.sql); a query about objects the
    schema does not have at this point of the plan (a later change adds them) is listed as not checked."""
    violations: list[str] = []
    not_checked: list[str] = []
    with psycopg.connect(target.conninfo) as reader:
        for invariant in data_invariants():
            try:
                results = check_seeded_data(reader, only=[invariant])
            except (
                psycopg.errors.UndefinedColumn,
                psycopg.errors.UndefinedTable,
                psycopg.errors.UndefinedFunction,
            ):
                reader.rollback()
                not_checked.append(invariant)
                continue
            violations += [
                f"{r.invariant}: {r.violations} violation(s), e.g. {'; '.join(r.samples)}"
                for r in results
                if not r.ok
            ]
    return violations, not_checked


def _updated(
    before: dict[str, tuple[int, float, int]], after: dict[str, tuple[int, float, int]]
) -> dict[str, int]:
    """Tables whose rows were updated by many more rows than an application step could (a backfill);
    the counters include the workload's own updates, a handful per operation."""
    found = {}
    for name, (_, _, updated) in after.items():
        delta = updated - before.get(name, (0, 0.0, 0))[2]
        if delta > 1000:
            found[name] = delta
    return found
