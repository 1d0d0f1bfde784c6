"""Helpers of the rollout tests: a change that switches online, then a later change that backfills."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from fleetdb.races import Actors


def copy_project(root: Path, directory: Path, keep: list[str] | None = None) -> Path:
    """The project in ``directory``; with ``keep``, a plan of only the changes before ``keep[0]`` and
    then ``keep`` (in that order), so a test deploys the two changes without everything between them."""
    shutil.copy(root / "sqitch.conf", directory / "sqitch.conf")
    for kind in ("deploy", "revert", "verify"):
        shutil.copytree(root / kind, directory / kind)
    lines = (root / "sqitch.plan").read_text().splitlines()
    if keep:
        named = {line.split()[0]: line for line in lines if line and not line.startswith(("%", "#", "@"))}
        first = next(i for i, line in enumerate(lines) if line.startswith(f"{keep[0]} "))
        lines = [*lines[:first], *(named[name] for name in keep)]
    (directory / "sqitch.plan").write_text("\n".join(lines) + "\n")
    return directory


def waited_on(group: Actors, pid: int, deploy: subprocess.Popen[str]) -> bool:
    """True once some backend waits on ``pid``; False if the deploy finished first."""
    while deploy.poll() is None:
        row = group.observer.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))", (pid,)
        ).fetchone()
        if row and row[0]:
            return True
        group.observer.execute("SELECT pg_sleep(0.005)")
    return False
