"""A deploy killed in the middle of a change, and the proof that nothing of it stayed behind.

The rehearsal holds an ACCESS EXCLUSIVE lock on a table the change's script locks (known from the lock
trial), starts the real ``sqitch deploy --to <change>``, waits until the server reports the script's
session blocked by that lock (``pg_blocking_pids``), terminates the session with ``pg_terminate_backend``
and releases the lock. Then: sqitch failed, the registry lists exactly the changes up to the previous one,
the catalog equals the snapshot taken before, none of the change's objects exist, and a new
``sqitch deploy`` completes with the catalog the plan produced before.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import psycopg
from psycopg import sql

from fleetdb.catalog import CatalogSnapshot, diff_catalogs, snapshot_catalog
from fleetdb.project import Change, Project
from fleetdb.rehearsal.data import load_sql
from fleetdb.rehearsal.model import LOCK_STRENGTH, ChangeRehearsal, KilledDeploy
from fleetdb.rehearsal.registry import deployed_changes, last_event
from fleetdb.sqitch import Sqitch, SqitchFailed
from fleetdb.target import Target

BLOCK_TIMEOUT = 60.0


def choose_change(changes: list[ChangeRehearsal], wanted: str | None) -> ChangeRehearsal | None:
    """The named change, else the last one whose deploy locks a table that existed before it."""
    if wanted is not None:
        return next((c for c in changes if c.change == wanted), None)
    lockers = [c for c in changes if c.locks]
    return lockers[-1] if lockers else None


def kill_deploy(
    conn: psycopg.Connection[Any],
    database: Target,
    sqitch: Sqitch,
    project: Project,
    target: ChangeRehearsal,
    final: CatalogSnapshot,
) -> KilledDeploy:
    """Run the scenario on a database where the whole plan is deployed; leaves it fully deployed."""
    result = KilledDeploy(target.change, target.previous)
    change = project.change(target.change)
    previous = project.change(target.previous) if target.previous else None
    if not target.locks:
        result.error = (
            f"change {target.change} takes no lock on a table that existed before it, so its deploy cannot "
            "be made to wait: choose another change with --kill-change"
        )
        return result
    sqitch.revert(to=previous)
    before = snapshot_catalog(conn)
    strongest = max(target.locks, key=lambda lock: _rank(lock.mode))
    result.waited_on = strongest.relation
    outcome: dict[str, BaseException | None] = {}

    deploy = threading.Thread(target=_deploy, args=(sqitch, change, outcome), daemon=True)
    holder = database.connect()
    try:
        schema, _, name = strongest.relation.partition(".")
        holder.execute(sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(sql.Identifier(schema, name)))
        deploy.start()
        blocked = _wait_for_blocked(conn, holder.info.backend_pid, deploy)
        if blocked is None:
            result.error = f"the deploy of {target.change} never waited on {strongest.relation}"
        else:
            result.terminated_pid, result.statement = blocked
            conn.execute("SELECT pg_terminate_backend(%s)", [result.terminated_pid])
    finally:
        holder.rollback()
        holder.close()
    if deploy.ident is not None:  # started
        deploy.join(timeout=300)
    result.sqitch_failed = isinstance(outcome.get("error"), SqitchFailed)

    expected = project.changes[: project.index(change)]
    by_id = {c.id: c.label for c in project.changes}
    deployed = deployed_changes(conn, project)
    result.registry_changes = [by_id.get(change_id, change_id) for change_id in deployed]
    result.at_previous_change = deployed == [c.id for c in expected]
    result.last_event = last_event(conn, project)
    after = snapshot_catalog(conn)
    result.catalog_diff = [d.describe("after the killed deploy") for d in diff_catalogs(before, after)]
    result.objects_left = [obj for obj in target.created if _present(after, obj)]

    try:
        sqitch.deploy(verify=True)
        sqitch.verify()
        result.redeploy_completed = True
    except SqitchFailed as error:
        result.error = f"the deploy after the kill failed: {error}"
        return result
    redeployed = snapshot_catalog(conn)
    result.redeploy_exact = not diff_catalogs(final, redeployed)
    return result


def _deploy(sqitch: Sqitch, change: Change, outcome: dict[str, BaseException | None]) -> None:
    try:
        sqitch.deploy(to=change, verify=True)
        outcome["error"] = None
    except BaseException as error:  # reported by the caller, never lost in the thread
        outcome["error"] = error


def _wait_for_blocked(
    conn: psycopg.Connection[Any], holder: int, deploy: threading.Thread
) -> tuple[int, str] | None:
    """The pid and statement of the session the server reports as waiting for ``holder``'s lock."""
    deadline = time.monotonic() + BLOCK_TIMEOUT
    while deploy.is_alive() and time.monotonic() < deadline:
        rows = conn.execute(load_sql("blocked_by.sql"), {"holder": holder}).fetchall()
        if rows:
            pid, _application, statement = ([r for r in rows if r[1] == "psql"] or rows)[0]
            return int(pid), " ".join(str(statement).split())
        time.sleep(0.02)
    return None


def _rank(mode: str) -> int:
    return LOCK_STRENGTH.index(mode) if mode in LOCK_STRENGTH else -1


def _present(snapshot: CatalogSnapshot, obj: str) -> bool:
    for kind in sorted(snapshot.objects, key=len, reverse=True):
        if obj.startswith(kind + " "):
            return snapshot.get(kind, obj[len(kind) + 1 :]) is not None
    return False
