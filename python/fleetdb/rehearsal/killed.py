"""A deploy killed in the middle of a change, two ways, and what the database holds afterwards.

Both hold an ACCESS EXCLUSIVE lock on a table the change's script locks (known from the lock trial),
start the real ``sqitch deploy --to <change>``, and wait until the server reports the script's session
blocked by that lock (``pg_blocking_pids``).

1. The script's session is killed (``pg_terminate_backend``), then the lock released. Sqitch must fail,
   the registry list exactly the changes up to the previous one, the catalog equal the snapshot taken
   before, none of the change's objects exist, and a new ``sqitch deploy`` complete with the catalog the
   plan produced before.
2. Sqitch itself is killed (SIGKILL), then the lock released. Its psql is not killed with it: it goes on,
   and commits the change that sqitch will never record. The registry and the catalog are compared (the
   change's objects present, the registry without it: they disagree, a finding), then the database is
   recovered exactly as docs/db/runbook.md says ("When the registry and the database disagree"): the
   change's verify script by hand, ``sqitch deploy --log-only --to <change>`` when it passes (its revert
   script by hand when its objects are there but it fails), ``sqitch verify``, ``sqitch deploy``. The
   registry must then list the whole plan and the catalog equal the one the plan produced before.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from fleetdb.catalog import CatalogSnapshot, diff_catalogs, snapshot_catalog
from fleetdb.project import Change, Project
from fleetdb.psql import run_psql
from fleetdb.rehearsal.model import LOCK_STRENGTH, ChangeRehearsal, KilledDeploy, KilledSqitch
from fleetdb.rehearsal.registry import deployed_changes, last_event
from fleetdb.sqitch import Sqitch, SqitchFailed
from fleetdb.sql_files import load_sql
from fleetdb.target import Target

BLOCK_TIMEOUT = 60.0
# How long the orphaned psql may take to finish the script once the lock is released.
ORPHAN_TIMEOUT = 300.0


def choose_change(changes: list[ChangeRehearsal], wanted: str | None) -> ChangeRehearsal | None:
    """The named change, else the last one whose deploy is one transaction and locks a table that
    existed before it. A deploy that is not one transaction (CREATE INDEX CONCURRENTLY) commits as it
    goes: killed midway it leaves what it had done, by design; that its deploy starts over cleanly is
    what its own rehearsal shows (revert and redeploy)."""
    if wanted is not None:
        return next((c for c in changes if c.change == wanted), None)
    lockers = [c for c in changes if c.locks and c.transactional]
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
    before = snapshot_catalog(conn, final.objects)
    strongest = max(target.locks, key=lambda lock: _rank(lock.mode))
    result.waited_on = strongest.relation
    outcome: dict[str, BaseException | None] = {}

    deploy = threading.Thread(target=_deploy, args=(sqitch, change, outcome), daemon=True)
    holder = database.connect()
    try:
        schema, _, name = strongest.relation.partition(".")
        holder.execute(sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(sql.Identifier(schema, name)))
        deploy.start()
        blocked = _wait_for_blocked(conn, holder.info.backend_pid, deploy.is_alive)
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
    after = snapshot_catalog(conn, final.objects)
    result.catalog_diff = [d.describe("after the killed deploy") for d in diff_catalogs(before, after)]
    result.objects_left = [obj for obj in target.created if _present(after, obj)]

    try:
        sqitch.deploy(verify=True)
        sqitch.verify()
        result.redeploy_completed = True
    except SqitchFailed as error:
        result.error = f"the deploy after the kill failed: {error}"
        return result
    redeployed = snapshot_catalog(conn, final.objects)
    result.redeploy_exact = not diff_catalogs(final, redeployed)
    return result


def kill_sqitch(
    conn: psycopg.Connection[Any],
    database: Target,
    sqitch: Sqitch,
    project: Project,
    target: ChangeRehearsal,
    final: CatalogSnapshot,
) -> KilledSqitch:
    """Run the scenario on a database where the whole plan is deployed; leaves it fully deployed."""
    result = KilledSqitch(target.change, target.previous)
    if not target.locks:
        result.error = f"change {target.change} takes no lock on a table that existed before it"
        return result
    change = project.change(target.change)
    sqitch.revert(to=project.change(target.previous) if target.previous else None)
    strongest = max(target.locks, key=lambda lock: _rank(lock.mode))
    result.waited_on = strongest.relation
    holder = database.connect()
    process: subprocess.Popen[str] | None = None
    try:
        schema, _, name = strongest.relation.partition(".")
        holder.execute(sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(sql.Identifier(schema, name)))
        process = sqitch.start_deploy(change)
        running = process
        blocked = _wait_for_blocked(conn, holder.info.backend_pid, lambda: running.poll() is None)
        if blocked is None:
            result.error = f"the deploy of {target.change} never waited on {strongest.relation}"
        else:
            result.sqitch_pid, result.script_pid = process.pid, blocked[0]
            process.kill()
            process.wait()
            result.script_outlived_sqitch = _session_alive(conn, result.script_pid)
    finally:
        holder.rollback()
        holder.close()
        if process is not None:
            _wait_for_orphan(conn, process, result)
    by_id = {c.id: c.label for c in project.changes}
    deployed = deployed_changes(conn, project)
    result.registry_changes = [by_id.get(change_id, change_id) for change_id in deployed]
    result.in_registry = change.id in deployed
    after = snapshot_catalog(conn, final.objects)
    result.in_catalog = any(_present(after, obj) for obj in target.created)
    _recover_as_the_runbook_says(database, sqitch, change, result)
    result.recovered = result.error is None and deployed_changes(conn, project) == [
        c.id for c in project.changes
    ]
    result.recovered_exact = result.recovered and not diff_catalogs(
        final, snapshot_catalog(conn, final.objects)
    )
    return result


def _recover_as_the_runbook_says(
    database: Target, sqitch: Sqitch, change: Change, result: KilledSqitch
) -> None:
    project = sqitch.project
    verify, revert = (_relative(path, project.root) for path in (change.verify_file, change.revert_file))
    try:
        if not result.in_registry:
            result.verify_passed = _run_script(sqitch, database, change.verify_file, "verify")
            result.recovery.append(f"psql -f {verify}: {'passed' if result.verify_passed else 'failed'}")
            if result.verify_passed:
                sqitch.deploy(to=change, verify=False, log_only=True)
                result.recovery.append(f"sqitch deploy --log-only --to {change.label}")
            elif result.in_catalog:
                if not _run_script(sqitch, database, change.revert_file, "revert"):
                    result.error = f"{revert}, run by hand, failed"
                    return
                result.recovery.append(f"psql -f {revert}")
        sqitch.verify()
        result.recovery.append("sqitch verify")
        sqitch.deploy(verify=True)
        result.recovery.append("sqitch deploy --verify")
    except SqitchFailed as error:
        result.error = f"the recovery failed: {error}"


def _run_script(sqitch: Sqitch, database: Target, script: Path, command: str) -> bool:
    """A script run by hand as the runbook says: psql, as sqitch would run it for ``command``."""
    return run_psql(sqitch.project, database, script, sqitch.command_variables(command)).returncode == 0


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _session_alive(conn: psycopg.Connection[Any], pid: int) -> bool:
    return any(int(row[0]) == pid for row in conn.execute(load_sql(__package__, "sessions_of_database")))


def _wait_for_orphan(
    conn: psycopg.Connection[Any], process: subprocess.Popen[str], result: KilledSqitch
) -> None:
    """Until the psql that sqitch left behind has finished: it holds sqitch's output pipe open."""
    try:
        process.communicate(timeout=ORPHAN_TIMEOUT)
    except subprocess.TimeoutExpired:
        if result.script_pid is not None:
            conn.execute("SELECT pg_terminate_backend(%s)", [result.script_pid])
        process.communicate()
        result.error = result.error or f"the psql left by sqitch did not finish in {ORPHAN_TIMEOUT:.0f}s"


def _deploy(sqitch: Sqitch, change: Change, outcome: dict[str, BaseException | None]) -> None:
    try:
        sqitch.deploy(to=change, verify=True)
        outcome["error"] = None
    except BaseException as error:  # reported by the caller, never lost in the thread
        outcome["error"] = error


def _wait_for_blocked(
    conn: psycopg.Connection[Any], holder: int, deploy_alive: Callable[[], bool]
) -> tuple[int, str] | None:
    """The pid and statement of the session the server reports as waiting for ``holder``'s lock."""
    deadline = time.monotonic() + BLOCK_TIMEOUT
    while deploy_alive() and time.monotonic() < deadline:
        rows = conn.execute(load_sql(__package__, "blocked_by"), {"holder": holder}).fetchall()
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
