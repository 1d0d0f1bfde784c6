"""What a rehearsal found, change by change: plain data the console, Markdown and JSON reports render."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Lock modes that block writers (SHARE and stronger); on a table that holds rows they stall the application.
WRITE_BLOCKING_MODES = ("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock")
# pg_locks' names, weakest first, to keep the strongest mode a change took on each table.
LOCK_STRENGTH = (
    "AccessShareLock",
    "RowShareLock",
    "RowExclusiveLock",
    "ShareUpdateExclusiveLock",
    *WRITE_BLOCKING_MODES,
)


@dataclass(frozen=True)
class LockTaken:
    """The strongest lock a change's deploy held on a table that existed before it."""

    relation: str
    mode: str
    rows: int

    @property
    def risk(self) -> bool:
        return self.mode in WRITE_BLOCKING_MODES and self.rows > 0

    def describe(self) -> str:
        return f"{self.mode} on {self.relation} ({self.rows} rows)"

    def as_dict(self) -> dict[str, Any]:
        return {"relation": self.relation, "mode": self.mode, "rows": self.rows, "risk": self.risk}


@dataclass(frozen=True)
class Rewrite:
    """A table that existed before the change and got a new storage file (every row was rewritten)."""

    relation: str
    rows: int

    @property
    def risk(self) -> bool:
        return self.rows > 0

    def describe(self) -> str:
        return f"{self.relation} rewritten ({self.rows} rows)"

    def as_dict(self) -> dict[str, Any]:
        return {"relation": self.relation, "rows": self.rows, "risk": self.risk}


@dataclass(frozen=True)
class DataLoss:
    """Rows or values a step destroyed: a dropped table, a dropped column, or rows gone or changed."""

    obj: str  # "table rental.rentals", "column rental.rentals.note"
    rows: int
    how: str  # "dropped", "rows deleted", "rows changed"

    def describe(self) -> str:
        return f"{self.obj} {self.how} ({self.rows} rows)"

    def as_dict(self) -> dict[str, Any]:
        return {"object": self.obj, "rows": self.rows, "how": self.how}


@dataclass
class ChangeRehearsal:
    """One change of the plan: deployed, verified, reverted and redeployed over seeded data."""

    change: str
    previous: str | None
    deployed: bool = False
    verified: bool = False
    # Run against the database without the change, the verify script must fail; None when not checked.
    verify_can_fail: bool | None = None
    revert_exact: bool = False
    redeploy_exact: bool = False
    data_preserved: bool = False
    destructive_revert: list[DataLoss] = field(default_factory=list)
    locks: list[LockTaken] | None = None  # None: not measured (see locks_note)
    locks_note: str | None = None
    transactional: bool = True  # False: the deploy script is not one transaction (CREATE INDEX CONCURRENTLY)
    rewrites: list[Rewrite] = field(default_factory=list)
    seconds: float = 0.0  # wall time of the real `sqitch deploy --to <change>` over seeded data
    lock_seconds: float | None = None  # how long the deploy script ran, holding its locks, in the trial
    sqitch_seconds: float = 0.0  # the three sqitch commands (deploy, revert, redeploy) together
    rehearsal_seconds: float = 0.0  # every step of this change's rehearsal
    revert_diff: list[str] = field(default_factory=list)
    redeploy_diff: list[str] = field(default_factory=list)
    data_diff: list[str] = field(default_factory=list)
    not_seeded: dict[str, str] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)  # objects the change adds, "kind key"
    verify_file: str | None = None  # the change's verify script, relative to the project
    reverted: bool = False  # the revert ran (and succeeded)
    redeployed: bool = False  # the deploy after the revert ran (and succeeded)
    error: str | None = None
    # The data the deploy met: rows in the tables that existed before it, and which of them were empty.
    rows_before: int = 0
    tables_before: int = 0
    empty_tables_before: list[str] = field(default_factory=list)
    upgrades_from: str | None = None  # "@v1.0" when the change before it carries that tag (a release)

    @property
    def ok(self) -> bool:
        return (
            self.error is None
            and self.deployed
            and self.verified
            and self.verify_can_fail is not False
            and self.revert_exact
            and self.redeploy_exact
            and self.data_preserved
        )

    @property
    def risks(self) -> list[str]:
        found = [lock.describe() for lock in self.locks or [] if lock.risk]
        return found + [rewrite.describe() for rewrite in self.rewrites if rewrite.risk]

    @property
    def findings(self) -> list[str]:
        """What the rehearsal found about this change, in words that do not depend on the data (row
        counts, timings): what a fixture plan's expected report lists."""
        found: list[str] = []
        if not self.deployed:
            found.append("deploy failed")
        elif self.error and not self.reverted:
            found.append("revert failed")
        elif self.error and not self.redeployed:
            found.append("redeploy failed")
        elif self.error:
            found.append("error")
        if self.verify_can_fail is False:
            found.append("verify cannot fail")
        found += [f"revert not exact: {line}" for line in self.revert_diff]
        found += [f"redeploy not exact: {line}" for line in self.redeploy_diff]
        found += [f"data lost: {loss}" for loss in self.data_diff]
        found += [f"destructive revert: {loss.obj}" for loss in self.destructive_revert]
        found += [f"lock risk: {lock.mode} on {lock.relation}" for lock in self.locks or [] if lock.risk]
        found += [f"rewrite: {rewrite.relation}" for rewrite in self.rewrites if rewrite.risk]
        found += [f"not seeded: {table}" for table in sorted(self.not_seeded)]
        return found

    def as_dict(self) -> dict[str, Any]:
        diff: dict[str, list[str]] = {}
        for name, lines in (
            ("revert", self.revert_diff),
            ("redeploy", self.redeploy_diff),
            ("data", self.data_diff),
        ):
            if lines:
                diff[name] = lines
        return {
            "change": self.change,
            "ok": self.ok,
            "deployed": self.deployed,
            "verified": self.verified and self.verify_can_fail is not False,
            "verify_can_fail": self.verify_can_fail,
            "revert_exact": self.revert_exact,
            "redeploy_exact": self.redeploy_exact,
            "data_preserved": self.data_preserved,
            "destructive_revert": [loss.as_dict() for loss in self.destructive_revert],
            "locks": None if self.locks is None else [lock.as_dict() for lock in self.locks],
            "locks_note": self.locks_note,
            "rewrites": [rewrite.as_dict() for rewrite in self.rewrites],
            "risks": self.risks,
            "seconds": round(self.seconds, 3),
            "lock_seconds": None if self.lock_seconds is None else round(self.lock_seconds, 3),
            "sqitch_seconds": round(self.sqitch_seconds, 3),
            "rehearsal_seconds": round(self.rehearsal_seconds, 3),
            "not_seeded": self.not_seeded,
            "rows_before": self.rows_before,
            "tables_before": self.tables_before,
            "empty_tables_before": self.empty_tables_before,
            "upgrades_from": self.upgrades_from,
            "findings": self.findings,
            "error": self.error,
            "diff": diff or None,
        }


@dataclass
class KilledDeploy:
    """A deploy terminated while its script ran, and what the database looked like afterwards."""

    change: str
    previous: str | None
    waited_on: str | None = None  # the table whose lock made the script wait
    terminated_pid: int | None = None
    statement: str | None = None  # what the terminated session was running
    sqitch_failed: bool = False
    at_previous_change: bool = False
    registry_changes: list[str] = field(default_factory=list)
    last_event: str | None = None
    catalog_diff: list[str] = field(default_factory=list)
    objects_left: list[str] = field(default_factory=list)
    redeploy_completed: bool = False
    redeploy_exact: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return (
            self.error is None
            and self.sqitch_failed
            and self.at_previous_change
            and not self.catalog_diff
            and not self.objects_left
            and self.redeploy_completed
            and self.redeploy_exact
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "ok": self.ok,
            "previous": self.previous,
            "waited_on": self.waited_on,
            "terminated_pid": self.terminated_pid,
            "statement": self.statement,
            "sqitch_failed": self.sqitch_failed,
            "at_previous_change": self.at_previous_change,
            "registry_changes": self.registry_changes,
            "last_event": self.last_event,
            "catalog_diff": self.catalog_diff,
            "objects_left": self.objects_left,
            "redeploy_completed": self.redeploy_completed,
            "redeploy_exact": self.redeploy_exact,
            "error": self.error,
        }


@dataclass
class KilledSqitch:
    """``sqitch deploy`` itself killed with SIGKILL while its psql ran the change's script: the psql
    goes on alone and may commit the change, which sqitch then never records. What the registry and
    the catalog said afterwards, and whether the runbook's recovery brought them back into agreement."""

    change: str
    previous: str | None
    waited_on: str | None = None
    sqitch_pid: int | None = None
    script_pid: int | None = None  # the backend of the psql session that ran the script
    script_outlived_sqitch: bool = False  # that session was still there once sqitch was dead
    registry_changes: list[str] = field(default_factory=list)
    in_registry: bool = False  # the registry lists the change
    in_catalog: bool = False  # the catalog holds what the change's deploy creates
    verify_passed: bool | None = None  # its verify script, run by hand as the runbook says
    recovery: list[str] = field(default_factory=list)  # the commands run to bring them back together
    recovered: bool = False  # registry = whole plan and sqitch verify passed
    recovered_exact: bool = False  # the catalog equals the one the plan produced before
    error: str | None = None

    @property
    def disagreement(self) -> bool:
        """The change is in the database but not in the registry (or the reverse)."""
        return self.in_registry != self.in_catalog

    @property
    def ok(self) -> bool:
        """The scenario ran, and whatever it left, the runbook's recovery made registry and catalog agree."""
        return self.error is None and self.recovered and self.recovered_exact

    def finding(self) -> str | None:
        """What a DBA must know when it happens in production (None: the registry told the truth)."""
        if not self.disagreement:
            return None
        if self.in_catalog:
            return (
                f"registry and catalog disagree: {self.change} is in the database but the registry does "
                "not list it (sqitch was killed while its psql ran the script; the orphaned psql committed "
                "it). sqitch status calls it pending, sqitch verify passes, the next deploy fails on objects "
                "that already exist. Recover: wait until no psql of the deploy runs, run "
                f"verify/{self.change}.sql with psql; if it passes, sqitch deploy --log-only --to "
                f"{self.change}, then sqitch verify and sqitch deploy; if it fails, revert by hand with "
                f"revert/{self.change}.sql (docs/db/runbook.md, 'When the registry and the database "
                "disagree')"
            )
        return f"registry and catalog disagree: the registry lists {self.change} but its objects are missing"

    def as_dict(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "ok": self.ok,
            "previous": self.previous,
            "waited_on": self.waited_on,
            "sqitch_pid": self.sqitch_pid,
            "script_pid": self.script_pid,
            "script_outlived_sqitch": self.script_outlived_sqitch,
            "registry_changes": self.registry_changes,
            "in_registry": self.in_registry,
            "in_catalog": self.in_catalog,
            "disagreement": self.disagreement,
            "finding": self.finding(),
            "verify_passed": self.verify_passed,
            "recovery": self.recovery,
            "recovered": self.recovered,
            "recovered_exact": self.recovered_exact,
            "error": self.error,
        }


@dataclass
class WholePlan:
    """The whole plan reverted at the end (catalog back to the start) and deployed again."""

    revert_exact: bool = False
    redeploy_exact: bool = False
    verified: bool = False
    diff: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.revert_exact and self.redeploy_exact and self.verified


@dataclass(frozen=True)
class NotRehearsed:
    """A change the rehearsal could not reach, and why (a change it requires could not be deployed)."""

    change: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"change": self.change, "reason": self.reason}


@dataclass
class RehearsalReport:
    target: str
    changes: list[ChangeRehearsal] = field(default_factory=list)
    server: str = ""  # the server's own version, e.g. "PostgreSQL 15.14 (Debian 15.14-0+deb12u1)"
    not_rehearsed: list[NotRehearsed] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already deployed on the target, not rehearsed
    notes: list[str] = field(default_factory=list)  # steps that could not run, and why
    killed: KilledDeploy | None = None
    killed_sqitch: KilledSqitch | None = None
    whole_plan: WholePlan | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            all(change.ok for change in self.changes)
            and not self.not_rehearsed
            and (self.killed is None or self.killed.ok)
            and (self.killed_sqitch is None or self.killed_sqitch.ok)
            and (self.whole_plan is None or self.whole_plan.ok)
        )

    def as_json_rows(self) -> list[dict[str, Any]]:
        rows = []
        for change in self.changes:
            row = change.as_dict()
            if self.killed is not None and self.killed.change == change.change:
                row["killed_deploy"] = self.killed.as_dict()
            if self.killed_sqitch is not None and self.killed_sqitch.change == change.change:
                row["killed_sqitch"] = self.killed_sqitch.as_dict()
            rows.append(row)
        rows += [{**skipped.as_dict(), "ok": False, "rehearsed": False} for skipped in self.not_rehearsed]
        return rows
