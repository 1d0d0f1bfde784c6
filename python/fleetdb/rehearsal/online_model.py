"""What an online rehearsal measured: plain data that the judge, the console, Markdown, JSON and the
latency chart read. Times are seconds on one monotonic clock, counted from the start of the rehearsal."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fleetdb.rehearsal.model import Rewrite

OK = "ok"
DOMAIN_ERROR = "domain error"  # the persistence layer mapped it to a domain error (BookingConflict, …)
ERROR = "error"  # any other failure: a SQLSTATE the layer does not map, or a lost connection


@dataclass(frozen=True)
class Operation:
    """One application operation of the workload: a unit of work through the persistence layer."""

    kind: str  # "book", "reading", "refund", … (workload.OPERATIONS)
    session: int
    pid: int  # the backend that ran it (the blocking sampler names sessions by pid)
    scheduled: float  # when the offered rate asked for it
    started: float
    ended: float
    outcome: str = OK
    sqlstate: str | None = None
    constraint: str | None = None
    error: str | None = None  # the error's first line

    @property
    def latency(self) -> float:
        """What the application saw: from when it wanted to run the operation to its end (a session
        that was held up starts late, and that lateness counts)."""
        return self.ended - self.scheduled

    def overlaps(self, start: float, end: float) -> bool:
        return self.started < end and self.ended > start


@dataclass(frozen=True)
class Wait:
    """A workload session seen waiting on a lock that another session (the deploy) held or queued for,
    from the first to the last sample that saw it."""

    pid: int
    blocker: int
    blocker_application: str
    obj: str  # the relation waited on ("fleet.odometer_readings"), else the lock type ("transactionid")
    requested: str  # the mode the application statement asked for
    held: str  # the modes the blocker held on it, or "queued for <mode>" when it waited ahead
    statement: str  # what the blocker was running
    first: float
    last: float
    # The samples around it: the one before the first that saw it and the first that no longer did
    # (None: not known, one interval is assumed). Samples of a loaded machine are not evenly spaced.
    before: float | None = None
    after: float | None = None

    def bounds(self, interval: float) -> tuple[float, float]:
        """The earliest start and the latest end the samples allow."""
        return (
            self.first - interval if self.before is None else self.before,
            self.last + interval if self.after is None else self.after,
        )


@dataclass(frozen=True)
class Hold:
    """A table lock a session outside the workload (the deploy) held, from the first to the last sample
    that saw it."""

    def seconds(self, interval: float) -> float:
        """How long it was held: from halfway between the sample before and the first that saw it to
        halfway between the last and the next (last - first + interval when evenly sampled)."""
        start, end = self.bounds(interval)
        return (self.last + end) / 2 - (self.first + start) / 2

    pid: int
    application: str
    relation: str
    mode: str
    statement: str  # what the session was running when the lock was first seen
    first: float
    last: float
    # The samples around it: the one before the first that saw it and the first that no longer did
    # (None: not known, one interval is assumed). Samples of a loaded machine are not evenly spaced.
    before: float | None = None
    after: float | None = None

    def bounds(self, interval: float) -> tuple[float, float]:
        """The earliest start and the latest end the samples allow."""
        return (
            self.first - interval if self.before is None else self.before,
            self.last + interval if self.after is None else self.after,
        )


@dataclass(frozen=True)
class Budget:
    """What a change may cost the application while it deploys."""

    max_blocked: float = 0.200  # seconds an application statement may wait on the deploy's locks
    max_p99_ratio: float | None = 3.0  # p99 during the deploy over p99 of the window before; None: not judged
    max_errors: int = 0  # application errors the deploy may cause
    # A p99 under this is never over budget, whatever its ratio: on a busy machine a few dozen
    # operations' p99 moves by tens of milliseconds with no deploy at all.
    p99_floor: float = 0.100
    # The p99 of fewer operations than this is not judged ("too few samples"): the nearest-rank p99 of
    # n operations is their slowest one below n = 100, one unlucky operation.
    min_p99_operations: int = 100

    def as_dict(self) -> dict[str, Any]:
        return {
            "max_blocked_ms": round(self.max_blocked * 1000),
            "max_p99_ratio": self.max_p99_ratio,
            "p99_floor_ms": round(self.p99_floor * 1000),
            "min_p99_operations": self.min_p99_operations,
            "max_errors": self.max_errors,
        }


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Latency:
    """Latency of the operations of one window or one step."""

    operations: int
    p50: float | None
    p99: float | None
    max: float | None

    @classmethod
    def of(cls, operations: Iterable[Operation]) -> Latency:
        values = [op.latency for op in operations]
        return cls(len(values), percentile(values, 0.50), percentile(values, 0.99), max(values, default=None))

    def as_dict(self) -> dict[str, Any]:
        def ms(value: float | None) -> float | None:
            return None if value is None else round(value * 1000, 1)

        return {
            "operations": self.operations,
            "p50_ms": ms(self.p50),
            "p99_ms": ms(self.p99),
            "max_ms": ms(self.max),
        }


@dataclass(frozen=True)
class ErrorCount:
    """Application errors of one kind: an operation failing with one SQLSTATE (and constraint)."""

    sqlstate: str
    constraint: str | None
    operations: tuple[str, ...]  # the kinds of operation that failed so
    count: int
    example: str

    def describe(self) -> str:
        where = f", constraint {self.constraint}" if self.constraint else ""
        kinds = ", ".join(self.operations)
        return f"{self.count}x SQLSTATE {self.sqlstate}{where} ({kinds}): {self.example}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "sqlstate": self.sqlstate,
            "constraint": self.constraint,
            "operations": list(self.operations),
            "count": self.count,
            "example": self.example,
        }


def count_errors(operations: Iterable[Operation]) -> list[ErrorCount]:
    groups: dict[tuple[str, str | None], list[Operation]] = {}
    for op in operations:
        if op.outcome != OK:
            groups.setdefault((op.sqlstate or "-----", op.constraint), []).append(op)
    return [
        ErrorCount(state, constraint, tuple(sorted({op.kind for op in ops})), len(ops), ops[0].error or "")
        for (state, constraint), ops in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0][0]))
    ]


@dataclass(frozen=True)
class Window:
    """A stretch of steady load without a deploy: the baseline, or the window after a phase."""

    name: str  # "baseline", "after deploy", "after revert", "after redeploy"
    start: float
    end: float
    latency: Latency
    errors: list[ErrorCount]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "seconds": round(self.end - self.start, 3),
            **self.latency.as_dict(),
            "errors": [error.as_dict() for error in self.errors],
        }


@dataclass
class Cause:
    """Why a step went over budget: the statement and lock behind the longest wait, and what to do."""

    statement: str  # the statement of the change that took the lock (else what the deploy was running)
    running: str  # what the deploy's session was running while the application waited
    lock: str  # "AccessExclusiveLock held on fleet.odometer_readings; the application asked for …"
    hint: str
    also: list[str] = field(default_factory=list)  # other tables the same statement locked

    def as_dict(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "running": self.running,
            "lock": self.lock,
            "also": self.also,
            "hint": self.hint,
        }


@dataclass
class Step:
    """One sqitch command under load: a change deployed, reverted or deployed again."""

    phase: str  # "deploy", "revert", "redeploy"
    change: str
    start: float = 0.0
    end: float = 0.0
    attempts: int = 1
    error: str | None = None  # sqitch failed on every attempt
    failed_attempts: list[str] = field(default_factory=list)  # why earlier attempts failed
    rewrites: list[Rewrite] = field(default_factory=list)
    updated: dict[str, int] = field(default_factory=dict)  # table -> rows updated beyond the workload's rate
    reference: str = "baseline"  # the window whose latency this step is compared with
    # Filled by the judge:
    latency: Latency = field(default_factory=lambda: Latency(0, None, None, None))
    reference_latency: Latency = field(default_factory=lambda: Latency(0, None, None, None))
    lock_wait_max: float = 0.0  # the longest an application operation waited on the step's locks
    # The longest the step held a lock that conflicts with a lock the application takes on that table:
    # what a statement arriving just after it was taken would wait, whether or not one arrived.
    lock_held_max: float = 0.0
    blocked_operations: int = 0
    # How the p99 was judged: "over budget", "within budget", "too few samples (n < 100)", "within the
    # windows' own spread", "not judged" (no budget, or no reference).
    p99_verdict: str = "not judged"
    # The highest p99 of the windows without a deploy, cut into runs of as many operations as the step
    # had: what the machine does with no deploy at that sample size (budget.noise_p99).
    reference_spread: float | None = None
    created: list[str] = field(default_factory=list)  # tables the step made (nobody can wait on them)
    locked: list[str] = field(default_factory=list)  # tables the step locked, sampled or named by its script
    # Tables the step locked that no operation of its phase touches: the rehearsal cannot say
    # what the lock costs the application there.
    untouched: list[str] = field(default_factory=list)
    waits: list[Wait] = field(default_factory=list)
    holds: list[Hold] = field(default_factory=list)  # conflicting locks the step held
    errors: list[ErrorCount] = field(default_factory=list)
    over_budget: list[str] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return self.end - self.start

    @property
    def p99_ratio(self) -> float | None:
        if self.latency.p99 is None or not self.reference_latency.p99:
            return None
        return self.latency.p99 / self.reference_latency.p99

    @property
    def ok(self) -> bool:
        return self.error is None and not self.over_budget

    def as_dict(self) -> dict[str, Any]:
        ratio = self.p99_ratio
        return {
            "phase": self.phase,
            "change": self.change,
            "ok": self.ok,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "seconds": round(self.seconds, 3),
            "attempts": self.attempts,
            "failed_attempts": self.failed_attempts,
            "error": self.error,
            "lock_wait_max_ms": round(self.lock_wait_max * 1000, 1),
            "lock_held_max_ms": round(self.lock_held_max * 1000, 1),
            "holds": [
                {
                    "pid": h.pid,
                    "application": h.application,
                    "relation": h.relation,
                    "mode": h.mode,
                    "statement": h.statement,
                    "first": round(h.first, 3),
                    "last": round(h.last, 3),
                }
                for h in self.holds[:20]
            ],
            "blocked_operations": self.blocked_operations,
            "errors": [error.as_dict() for error in self.errors],
            "latency": self.latency.as_dict(),
            "reference": self.reference,
            "reference_latency": self.reference_latency.as_dict(),
            "p99_ratio": None if ratio is None else round(ratio, 2),
            "p99_verdict": self.p99_verdict,
            "windows_spread_p99_ms": (
                None if self.reference_spread is None else round(self.reference_spread * 1000, 1)
            ),
            "locked": self.locked,
            "untouched": self.untouched,
            "rewrites": [rewrite.as_dict() for rewrite in self.rewrites],
            "rows_updated": self.updated,
            "over_budget": self.over_budget,
            "causes": [cause.as_dict() for cause in self.causes],
            "waits": [
                {
                    "pid": w.pid,
                    "blocker": w.blocker,
                    "blocker_application": w.blocker_application,
                    "object": w.obj,
                    "requested": w.requested,
                    "held": w.held,
                    "statement": w.statement,
                    "first": round(w.first, 3),
                    "last": round(w.last, 3),
                }
                for w in self.waits[:20]
            ],
        }


@dataclass
class DataCheck:
    """After a phase: the rows the released tables held before the rehearsal, and the invariants."""

    after: str  # "deploy", "revert", "redeploy"
    rows_checked: int = 0
    tables_checked: int = 0
    lost: list[str] = field(default_factory=list)  # "table t: 3 rows missing, 2 rows changed"
    violations: list[str] = field(default_factory=list)  # "INVARIANT-ID: 2 violation(s), e.g. …"
    catalog_diff: list[str] = field(default_factory=list)  # against the catalog this phase must give
    not_checked: list[str] = field(default_factory=list)  # invariants about objects not deployed here
    # Recorded tables not compared row by row: no update, delete or rewrite since they were recorded.
    unchanged: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.lost and not self.violations and not self.catalog_diff

    def as_dict(self) -> dict[str, Any]:
        return {
            "after": self.after,
            "ok": self.ok,
            "tables_checked": self.tables_checked,
            "rows_checked": self.rows_checked,
            "lost": self.lost,
            "violations": self.violations,
            "catalog_diff": self.catalog_diff,
            "not_checked": self.not_checked,
            "unchanged_tables": self.unchanged,
            "seconds": round(self.seconds, 2),
        }


@dataclass(frozen=True)
class RunInfo:
    """Which run the figures of a report come from: a page generated from it names the run."""

    started: str  # UTC, ISO 8601
    finished: str
    machine: str  # cores, memory, system, server, and the load average at the end
    commit: str  # the commit rehearsed ("-dirty" with uncommitted changes)
    arguments: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "started": self.started,
            "finished": self.finished,
            "machine": self.machine,
            "commit": self.commit,
            "arguments": self.arguments,
        }


@dataclass
class OnlineReport:
    target: str
    server: str
    from_tag: str
    # The seed's scale: seeded here, or read from the row counts of a target that holds a seed's rows
    # (seed.detect); None: the target's own data.
    scale: int | None
    sessions: int
    rate: float  # operations per second offered
    budget: Budget
    seeded_rows: int = 0
    operations: list[Operation] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    checks: list[DataCheck] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None  # the rehearsal could not go on
    cost: dict[str, float] = field(default_factory=dict)  # seconds per part of the rehearsal
    sample_interval: float = 0.0
    run: RunInfo | None = None
    operation_tables: dict[str, list[str]] = field(default_factory=dict)  # kind -> the tables it locked
    # The machine's 1-minute load average, sampled at the start of each window and step: (seconds, load).
    loads: list[tuple[float, float]] = field(default_factory=list)

    @property
    def pending(self) -> list[str]:
        return [step.change for step in self.steps if step.phase == "deploy"]

    @property
    def ok(self) -> bool:
        return (
            self.error is None
            and all(step.ok for step in self.steps)
            and all(check.ok for check in self.checks)
            and not any(window.errors for window in self.windows)
        )

    def operation_kinds(self) -> Counter[str]:
        return Counter(op.kind for op in self.operations)

    def as_dict(self) -> dict[str, Any]:
        load = [value for _, value in self.loads]
        return {
            "ok": self.ok,
            "run": None if self.run is None else self.run.as_dict(),
            "load_average": {
                "min": min(load, default=None),
                "max": max(load, default=None),
                "samples": [[round(at, 1), value] for at, value in self.loads],
            },
            "target": self.target,
            "server": self.server,
            "from": self.from_tag,
            "scale": self.scale,
            "seeded_rows": self.seeded_rows,
            "sessions": self.sessions,
            "rate_per_second": self.rate,
            "budget": self.budget.as_dict(),
            "sample_interval_ms": round(self.sample_interval * 1000, 1),
            "operations": len(self.operations),
            "operations_by_kind": dict(sorted(self.operation_kinds().items())),
            "operation_tables": dict(sorted(self.operation_tables.items())),
            "windows": [window.as_dict() for window in self.windows],
            "steps": [step.as_dict() for step in self.steps],
            "checks": [check.as_dict() for check in self.checks],
            "notes": self.notes,
            "error": self.error,
            "cost_seconds": {name: round(seconds, 1) for name, seconds in self.cost.items()},
        }
