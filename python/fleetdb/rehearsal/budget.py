"""The judge of an online rehearsal: what each step cost the application, and whether it was within
the budget.

For a step (one change deployed, reverted or deployed again), the operations that overlap its window
are its operations. Their errors are errors the deploy caused: the workload makes only valid requests
and meets no error in its windows without a deploy (if it does, the window reports them and the
rehearsal fails). An operation waited on the deploy when the sampler saw its session blocked by a
session that is not the workload's; the length of the wait is taken from the sampled span, widened by
one sampling interval on each side and cut to the operation's own start and end, so it is never longer
than the operation took. The longest such wait is the step's lock wait. The step's p50 and p99 are
compared with the window before its phase: the baseline for deploys, the window after the deploys for
reverts, the window after the reverts for the redeploys.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from fleetdb.rehearsal.online_model import (
    Budget,
    Cause,
    Latency,
    Operation,
    Step,
    Wait,
    Window,
    count_errors,
)
from fleetdb.rehearsal.statements import HINTS, culprit, hint_for

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
            if w.first - interval < op.ended and w.last + interval > op.started
        ]
        if not mine:
            continue
        first = max(op.started, min(w.first for w in mine) - interval)
        last = min(op.ended, max(w.last for w in mine) + interval)
        found.append((op, max(0.0, last - first), mine))
    return found


def judge(
    steps: list[Step],
    windows: list[Window],
    operations: list[Operation],
    waits: list[Wait],
    budget: Budget,
    scripts: dict[tuple[str, str], Path],
    interval: float,
) -> None:
    """Fill every step's measures and its verdict. ``scripts``: (phase, change) -> the script it ran."""
    latency_of = {window.name: window.latency for window in windows}
    for step in steps:
        ops = [op for op in operations if op.overlaps(step.start, step.end)]
        step.latency = Latency.of(ops)
        step.reference = REFERENCE[step.phase]
        step.reference_latency = latency_of.get(step.reference, Latency(0, None, None, None))
        step.errors = count_errors(ops)
        waited = operation_waits(ops, waits, interval)
        step.blocked_operations = len(waited)
        step.lock_wait_max = max((seconds for _, seconds, _ in waited), default=0.0)
        step.waits = sorted(
            {w for _, _, mine in waited for w in mine}, key=lambda w: (w.first, w.pid, w.blocker)
        )
        _verdict(step, budget, waited, scripts.get((step.phase, step.change)))


def _verdict(
    step: Step, budget: Budget, waited: list[tuple[Operation, float, list[Wait]]], script: Path | None
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
    ratio = step.p99_ratio
    if budget.max_p99_ratio is not None and ratio is not None and ratio > budget.max_p99_ratio:
        assert step.latency.p99 is not None and step.reference_latency.p99 is not None
        over.append(
            f"p99 {step.latency.p99 * 1000:.1f} ms during the {step.phase} is {ratio:.1f}x the "
            f"{step.reference} window's {step.reference_latency.p99 * 1000:.1f} ms (budget "
            f"{budget.max_p99_ratio:g}x)"
        )
    step.over_budget = over
    if over:
        step.causes = _causes(step, waited, script)


def _causes(
    step: Step, waited: list[tuple[Operation, float, list[Wait]]], script: Path | None
) -> list[Cause]:
    """The statement and lock behind the longest waits, one cause per object waited on."""
    text = script.read_text() if script is not None and script.is_file() else ""
    rewritten = {rewrite.relation for rewrite in step.rewrites}
    causes: dict[str, Cause] = {}
    for _, _, mine in sorted(waited, key=lambda item: -item[1]):
        for wait in mine:
            if wait.obj in causes:
                continue
            statement = culprit(text, wait.obj, wait.requested) if text else None
            queued = wait.held.startswith("queued")
            held = wait.held if queued else f"{wait.held or 'a lock'} held"
            causes[wait.obj] = Cause(
                statement=statement.text if statement else wait.statement,
                running=wait.statement,
                lock=f"{held} on {wait.obj}; the application asked for {wait.requested or 'a lock'}",
                hint=hint_for(statement, wait.obj in rewritten, queued),
            )
    if not causes and (step.rewrites or step.updated):
        tables = [r.relation for r in step.rewrites] + sorted(step.updated)
        causes["io"] = Cause(
            statement="",
            running="",
            lock=f"no lock wait; the {step.phase} rewrote or updated {', '.join(tables)}",
            hint=HINTS["rewrite"] if step.rewrites else HINTS["write"],
        )
    return list(causes.values())
