"""The locks a change takes: its deploy script run in one transaction that is rolled back at the end.

Locks are held until the end of the transaction, so reading ``pg_locks`` just before the script's COMMIT
shows every lock the change took and would hold while it commits. The script runs exactly as sqitch runs
it (psql, ON_ERROR_STOP) except that its COMMIT is replaced by that query and a ROLLBACK: transactional DDL
makes the rollback exact, and the rehearsal compares the catalog with its snapshot right after to prove it.
This needs no second database, so it works on a DBA's target as well as on a throwaway server.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleetdb.project import Project
from fleetdb.psql import run_psql, script_beside
from fleetdb.rehearsal.model import LOCK_STRENGTH, LockTaken
from fleetdb.sql_files import load_sql
from fleetdb.target import Target

_BEGIN = re.compile(r"^\s*BEGIN\s*;\s*(--.*)?$", re.IGNORECASE | re.MULTILINE)
_COMMIT = re.compile(r"^\s*COMMIT\s*;\s*(--.*)?$", re.IGNORECASE | re.MULTILINE)
_MARKER = "fleetdb-held-locks "


@dataclass(frozen=True)
class HeldLock:
    oid: int
    relation: str
    mode: str
    filenode: int


@dataclass(frozen=True)
class Trial:
    held: list[HeldLock] | None  # None: not measured, see note
    seconds: float | None
    note: str | None = None
    transactional: bool = True  # False: the script is not one BEGIN … COMMIT (locks are sampled instead)


def trial_script(script_text: str) -> str | None:
    """The deploy script with its one COMMIT replaced by the lock query and a ROLLBACK; None when the
    script does not run as one transaction (no BEGIN, or several COMMITs)."""
    commits = list(_COMMIT.finditer(script_text))
    begins = list(_BEGIN.finditer(script_text))
    if len(commits) != 1 or len(begins) != 1 or begins[0].start() > commits[0].start():
        return None
    commit = commits[0]
    return script_text[: commit.start()] + load_sql(__package__, "held_locks") + script_text[commit.end() :]


def trial_deploy(project: Project, target: Target, script: Path, variables: Mapping[str, str]) -> Trial:
    """The deploy script (this version of it: a reworked change has several) run with its COMMIT
    replaced by the lock query and a ROLLBACK, as sqitch would run it (psql, its variables)."""
    text = trial_script(script.read_text())
    if text is None:
        return Trial(None, None, "not measured: the script is not one BEGIN … COMMIT transaction", False)
    started = time.monotonic()
    with script_beside(script, text) as trial:
        result = run_psql(project, target, trial, variables)
    seconds = time.monotonic() - started
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith(_MARKER)), None)
    if result.returncode != 0 or line is None:
        tail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return Trial(None, seconds, f"not measured: the trial run failed: {tail}")
    rows: list[dict[str, Any]] = json.loads(line[len(_MARKER) :])
    held = [HeldLock(int(r["oid"]), str(r["relation"]), str(r["mode"]), int(r["filenode"])) for r in rows]
    return Trial(held, seconds)


def locks_on_existing(
    held: list[HeldLock], existing: dict[int, str], rows: dict[str, int]
) -> list[LockTaken]:
    """The strongest lock per table that existed before the change (``existing``: oid -> name)."""
    strongest: dict[str, str] = {}
    for lock in held:
        name = existing.get(lock.oid)
        if name is None:
            continue
        current = strongest.get(name)
        if current is None or _strength(lock.mode) > _strength(current):
            strongest[name] = lock.mode
    return [LockTaken(name, mode, rows.get(name, 0)) for name, mode in sorted(strongest.items())]


def _strength(mode: str) -> int:
    return LOCK_STRENGTH.index(mode) if mode in LOCK_STRENGTH else -1
