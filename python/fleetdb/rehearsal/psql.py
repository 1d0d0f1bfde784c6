"""Runs SQL scripts with psql, the way sqitch does (ON_ERROR_STOP, no ~/.psqlrc), from the project root."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from fleetdb.errors import ToolMissing


def psql_executable() -> str:
    found = shutil.which("psql")
    if found is None:
        raise ToolMissing("psql", "postgresql-client-15")
    return found


def run_psql(conninfo: str, script: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Feed ``script`` to psql on stdin; tuples-only, unaligned output so results are easy to find."""
    # sqitch's pg engine also sets :registry for the scripts; a script may use it.
    command = [psql_executable(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-v", "registry=sqitch"]
    command += ["-d", conninfo, "-f", "-"]
    return subprocess.run(command, input=script, capture_output=True, text=True, cwd=cwd, timeout=timeout)
