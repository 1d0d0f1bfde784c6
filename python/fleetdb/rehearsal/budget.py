"""The judge of an online rehearsal: what each step cost the application, and whether it was within
the budget.

For a step (one change deployed, reverted or deployed again), the operations that overlap its window
are its operations. Their errors are errors the deploy caused: the workload makes only valid requests
and meets no error in its windows without a deploy (if it does, the window reports them and the
rehearsal fails). An operation waited on the deploy when the sampler saw its session blocked by a
session that is not the workload's; the length of the wait is taken from the sampled span, widened to
the samples around it (the one before the first that saw it, the first that no longer did: one
interval each side when the sampler keeps time, more on a loaded machine) and cut to the operation's
own start and end, so it is never longer than the operation took. The longest such wait is the step's
lock wait. A sparse workload can miss a lock by chance, so the step is also charged with the longest
time it held a lock that conflicts with a mode the application takes on that table (sampled from
``pg_locks``: from halfway between the samples around its first sighting to halfway between those
around its last): what an application statement arriving just after the lock was taken would have
waited. The budget's "blocked" limit applies to the larger of the two.

A session that enters a step more than the blocked budget behind its schedule (held up by an
earlier step) is catching up on that step's wait: its operations until it has caught up are left out
of the step's latency (``carried_in``), or one long lock would fail the next step on p99 too.

The step's p50 and p99 are compared with the window before its phase: the baseline for deploys, the
window after the deploys for reverts, the window after the reverts for the redeploys. On a shared
machine the p99 of a short step is mostly noise, so it goes over budget only when all of these hold:

- the step had at least ``Budget.min_p99_operations`` operations (else "too few samples": the
  verdict rests on the lock waits and the errors, which are measured, not estimated);
- it is above ``Budget.p99_floor`` and more than ``max_p99_ratio`` times the reference window's p99;
- it is above the windows' own spread: every window without a deploy (before and after the step)
  cut into consecutive runs of as many operations as the step had (the whole window when it holds
  fewer), and the highest p99 of those runs: what the same machine gave at that sample size with no
  deploy running. On a loaded machine the p99 of one window moves several-fold to the next.

Every table a step locked (sampled from ``pg_locks``, or named by a locking statement of its script)
that no kind of operation offered during the step's phase touches is listed in ``Step.untouched``: the
rehearsal cannot measure what such a lock costs, and says so rather than pass it. Which tables each
kind of operation touches, and the modes the application takes on each table, are learnt over the
whole run (each operation reads its own locks before it commits; the sampler adds what it sees), not
from the few operations that overlapped one short step: a lock conflicts with what the application
does whether or not one of its operations happened to arrive while it was held.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from fleetdb.rehearsal.online_model import (
    Budget,
    Cause,
    Hold,
    Latency,
    Operation,
    Step,
    Wait,
    Window,
    count_errors,
)
from fleetdb.rehearsal.statements import HINTS, conflicts, culprit, hint_for, locked_tables

REFERENCE = {"deploy": "baseline", "revert": "after deploy", "redeploy": "after revert"}


def operation_waits(
    operations: Iterable[Operation], waits: list[Wait], interval: float
) -> list[tuple[Operation, float, list[Wait]]]:
    """Each operation that waited on a lock outside the workload, with how long and on what."""
    by_pid: dict[int, list[Wait]] = {}
    for wait in waits:
        by_pid.setdefault(wait.pid, []).append(wait)
    found = []
    for op in operations:
        mine = [
            w
            for w in by_pid.get(op.pid, [])
            if w.bounds(interval)[0] < op.ended and w.bounds(interval)[1] > op.started
        ]
        if not mine:
            continue
        first = max(op.started, min(w.bounds(interval)[0] for w in mine))
        last = min(op.ended, max(w.bounds(interval)[1] for w in mine))
        found.append((op, max(0.0, last - first), mine))
    return found


def carried_in(operations: Iterable[Operation], start: float, behind: float) -> set[Operation]:
    """The operations of sessions that entered the step (at ``start``) more than ``behind`` seconds
    behind their schedule, until each has caught up: an operation due before the step that was still
    running or waiting at its start, and each next one due before the one before it ended. Their
    lateness is an earlier step's wait, which that step's own operations already count (and which is
    over the blocked budget there); a session on time, or less late, keeps every operation."""
    by_session: dict[int, list[Operation]] = {}
    for op in operations:
        by_session.setdefault(op.session, []).append(op)
    found: set[Operation] = set()
    for ops in by_session.values():
        ops.sort(key=lambda op: op.scheduled)
        open_at_start = [op.scheduled for op in ops if op.scheduled < start < op.ended]
        if not open_at_start or start - min(open_at_start) <= behind:
            continue
        previous: Operation | None = None
        for op in ops:
            if op.scheduled >= start and (previous is None or previous.ended <= op.scheduled):
                break  # caught up: due after the one before it had ended
            found.add(op)
            previous = op
    return found


def conflicting_holds(
    holds: list[Hold], app_modes: dict[str, set[str]], start: float, end: float
) -> list[tuple[Hold, str]]:
    """The locks held during [start, end] that conflict with a mode the application takes on the table,
    each with that mode."""
    found = []
    for hold in holds:
        if hold.first > end or hold.last < start:
            continue
        blocked = sorted(mode for mode in app_modes.get(hold.relation, ()) if conflicts(mode, hold.mode))
        if blocked:
            found.append((hold, blocked[-1]))
    return found


def judge(
    steps: list[Step],
    windows: list[Window],
    operations: list[Operation],
    waits: list[Wait],
    holds: list[Hold],
    app_modes: dict[str, set[str]],
    budget: Budget,
    scripts: dict[tuple[str, str], Path],
    interval: float,
    kind_tables: Mapping[str, set[str]] | None = None,
    application_tables: set[str] | None = None,
    offered: Mapping[str, set[str]] | None = None,
) -> None:
    """Fill every step's measures and its verdict. ``scripts``: (phase, change) -> the script it ran;
    ``kind_tables``: kind of operation -> the tables it locked during the run (None: coverage not
    judged); ``application_tables``: the tables the application's roles may use (None: every table);
    ``offered``: phase -> the kinds of operation the workload ran during it (besides those that did run
    in the phase's span)."""
    latency_of = {window.name: window.latency for window in windows}
    quiet = [[op for op in operations if w.start <= op.scheduled < w.end] for w in windows]
    phases: dict[str, tuple[float, float]] = {}
    for step in steps:
        start, end = phases.get(step.phase, (step.start, step.end))
        phases[step.phase] = (min(start, step.start), max(end, step.end))
    for step in steps:
        ops = [op for op in operations if op.overlaps(step.start, step.end)]
        carried = carried_in(ops, step.start, budget.max_blocked)
        step.latency = Latency.of(op for op in ops if op not in carried)
        step.reference = REFERENCE[step.phase]
        step.reference_latency = latency_of.get(step.reference, Latency(0, None, None, None))
        step.reference_spread = noise_p99(quiet, step.latency.operations)
        step.errors = count_errors(ops)
        waited = operation_waits(ops, waits, interval)
        step.blocked_operations = len(waited)
        step.lock_wait_max = max((seconds for _, seconds, _ in waited), default=0.0)
        step.waits = sorted(
            {w for _, _, mine in waited for w in mine}, key=lambda w: (w.first, w.pid, w.blocker)
        )
        held = conflicting_holds(holds, app_modes, step.start, step.end)
        step.holds = [hold for hold, _ in held]
        step.lock_held_max = max((h.seconds(interval) for h, _ in held), default=0.0)
        script = scripts.get((step.phase, step.change))
        if kind_tables is not None:
            start, end = phases[step.phase]
            kinds = {op.kind for op in operations if op.overlaps(start, end)}
            kinds |= (offered or {}).get(step.phase, set())
            step.locked, step.untouched = coverage(
                step, kinds, holds, kind_tables, script, application_tables
            )
        _verdict(step, budget, waited, held, interval, script)


def noise_p99(windows: Sequence[Sequence[Operation]], size: int) -> float | None:
    """The highest p99 of the windows' operations (each in the order they were due) cut into
    consecutive runs of ``size`` operations (a window with fewer is one run); None without any."""
    found: list[float] = []
    for window in windows:
        ordered = sorted(window, key=lambda op: op.scheduled)
        length = min(size, len(ordered))
        if length <= 0:
            continue
        runs = [ordered[start : start + length] for start in range(0, len(ordered) - length + 1, length)]
        found += [Latency.of(run).p99 or 0.0 for run in runs]
    return max(found, default=None)


def coverage(
    step: Step,
    kinds: Iterable[str],
    holds: Iterable[Hold],
    kind_tables: Mapping[str, set[str]],
    script: Path | None,
    application_tables: set[str] | None = None,
) -> tuple[list[str], list[str]]:
    """(tables the step locked, those of them that none of ``kinds`` touches). The kinds are those the
    workload ran during the step's phase, and the tables of each kind are learnt over the whole run: a
    step of a few hundred milliseconds sees only a few operations, and the lock held max charges a lock
    that conflicts with the application's on a table it touches whether or not an operation arrived
    during the step. A table the step made itself is left out (nobody else can see it before the step
    commits), and so is one the application's roles have no privilege on (a deploy helper's
    bookkeeping: the application cannot wait on it)."""
    locked = {hold.relation for hold in holds if hold.first <= step.end and hold.last >= step.start}
    if script is not None and script.is_file():
        locked |= locked_tables(script.read_text())
    locked -= set(step.created)
    touched = {table for kind in kinds for table in kind_tables.get(kind, ())}
    usable = locked if application_tables is None else locked & application_tables
    return sorted(locked), sorted(usable - touched)


def _verdict(
    step: Step,
    budget: Budget,
    waited: list[tuple[Operation, float, list[Wait]]],
    held: list[tuple[Hold, str]],
    interval: float,
    script: Path | None,
) -> None:
    over: list[str] = []
    errors = sum(error.count for error in step.errors)
    if errors > budget.max_errors:
        over.append(
            f"{errors} application error(s) during the {step.phase} (budget {budget.max_errors}): "
            + "; ".join(error.describe() for error in step.errors[:3])
        )
    if step.lock_wait_max > budget.max_blocked:
        op = max(waited, key=lambda item: item[1])[0]
        over.append(
            f"an application statement ({op.kind}) waited {step.lock_wait_max * 1000:.0f} ms on the "
            f"{step.phase}'s lock (budget {budget.max_blocked * 1000:.0f} ms); "
            f"{step.blocked_operations} operation(s) waited"
        )
    if step.lock_held_max > budget.max_blocked >= step.lock_wait_max:
        hold, mode = max(held, key=lambda item: item[0].seconds(interval))
        over.append(
            f"the {step.phase} held {hold.mode} on {hold.relation} for about "
            f"{step.lock_held_max * 1000:.0f} ms (budget {budget.max_blocked * 1000:.0f} ms): the "
            f"application's {mode} on it waits that long (this rehearsal's sparser load waited "
            f"{step.lock_wait_max * 1000:.0f} ms at most)"
        )
    step.p99_verdict = _p99_verdict(step, budget)
    if step.p99_verdict == "over budget":
        assert step.reference_latency.p99 is not None and step.latency.p99 is not None
        spread = step.reference_spread
        over.append(
            f"p99 {step.latency.p99 * 1000:.1f} ms during the {step.phase} ({step.latency.operations} "
            f"operations) is {step.p99_ratio:.1f}x the {step.reference} window's "
            f"{step.reference_latency.p99 * 1000:.1f} ms (budget {budget.max_p99_ratio:g}x above "
            f"{budget.p99_floor * 1000:.0f} ms)"
            + (f" and above the windows' own spread ({spread * 1000:.1f} ms)" if spread is not None else "")
        )
    step.over_budget = over
    if over:
        step.causes = _causes(step, waited, held, script)


def _p99_verdict(step: Step, budget: Budget) -> str:
    ratio, p99 = step.p99_ratio, step.latency.p99
    if budget.max_p99_ratio is None or ratio is None or p99 is None:
        return "not judged"
    if step.latency.operations < budget.min_p99_operations:
        return f"too few samples ({step.latency.operations} < {budget.min_p99_operations})"
    if step.reference_latency.operations < budget.min_p99_operations:
        return f"too few samples in the {step.reference} window"
    if ratio <= budget.max_p99_ratio or p99 <= budget.p99_floor:
        return "within budget"
    if step.reference_spread is not None and p99 <= step.reference_spread:
        return "within the windows' own spread"
    return "over budget"


def _causes(
    step: Step,
    waited: list[tuple[Operation, float, list[Wait]]],
    held: list[tuple[Hold, str]],
    script: Path | None,
) -> list[Cause]:
    """The statement and lock behind the longest waits and holds, one cause per table."""
    text = script.read_text() if script is not None and script.is_file() else ""
    rewritten = {rewrite.relation for rewrite in step.rewrites}
    causes: dict[str, Cause] = {}
    for _, _, mine in sorted(waited, key=lambda item: -item[1]):
        for wait in mine:
            if wait.obj in causes:
                continue
            statement = culprit(text, wait.obj, wait.requested) if text else None
            queued = wait.held.startswith("queued")
            lock = wait.held if queued else f"{wait.held or 'a lock'} held"
            causes[wait.obj] = Cause(
                statement=statement.text if statement else wait.statement,
                running=wait.statement,
                lock=f"{lock} on {wait.obj}; the application asked for {wait.requested or 'a lock'}",
                hint=hint_for(statement, wait.obj in rewritten, queued),
            )
    for hold, mode in sorted(held, key=lambda item: item[0].first - item[0].last):
        if hold.relation in causes:
            continue
        statement = culprit(text, hold.relation, mode) if text else None
        causes[hold.relation] = Cause(
            statement=statement.text if statement else hold.statement,
            running=hold.statement,
            lock=f"{hold.mode} held on {hold.relation}; the application takes {mode} on it",
            hint=hint_for(statement, hold.relation in rewritten, False),
        )
    if not causes and (step.rewrites or step.updated):
        tables = [r.relation for r in step.rewrites] + sorted(step.updated)
        causes["io"] = Cause(
            statement="",
            running="",
            lock=f"no lock wait; the {step.phase} rewrote or updated {', '.join(tables)}",
            hint=HINTS["rewrite"] if step.rewrites else HINTS["write"],
        )
    if any(error.sqlstate == "40P01" for error in step.errors):  # the lock order, whatever the statement
        for cause in causes.values():
            cause.hint = f"{HINTS['deadlock']}; {cause.hint}"
    # One cause per statement: a LOCK of nine tables is one statement to change, not nine.
    merged: dict[tuple[str, str], Cause] = {}
    for table, cause in causes.items():
        first = merged.setdefault((cause.statement, cause.hint), cause)
        if first is not cause:
            first.also.append(table)
    return list(merged.values())
