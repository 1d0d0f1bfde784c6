"""Runs SQL scripts with psql exactly as sqitch does: the project's client, from the project directory,
``--no-psqlrc``, ``ON_ERROR_STOP``, the registry variable and the variables sqitch would set for the
command (so ``:"owner"`` and ``\\gexec`` behave as in ``sqitch deploy``); the password in the environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from fleetdb import processes
from fleetdb.errors import ToolMissing
from fleetdb.project import Project
from fleetdb.target import Target


def psql_executable(client: str = "psql") -> str:
    found = shutil.which(client)
    if found is None:
        raise ToolMissing(client, "postgresql-client-15")
    return found


def run_psql(
    project: Project,
    target: Target,
    script: Path,
    variables: Mapping[str, str] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (a file, so ``\\ir`` resolves beside it) as sqitch would; tuples-only, unaligned."""
    command = [psql_executable(project.client), "--dbname", target.psql_conninfo]
    for name, value in sorted((variables or {}).items()):
        command += ["--set", f"{name}={value}"]
    command += ["--quiet", "--no-psqlrc", "--no-align", "--tuples-only", "--set", "ON_ERROR_STOP=1"]
    command += ["--set", f"registry={project.registry}", "--file", str(script)]
    env = {**os.environ, **target.env()}
    return processes.run(command, capture_output=True, cwd=project.root, env=env, timeout=timeout)


@contextmanager
def script_beside(original: Path, text: str) -> Iterator[Path]:
    """``text`` in a file next to ``original`` (so its ``\\ir`` includes resolve as the original's do),
    deleted afterwards; in a temporary directory where the project is read-only."""
    try:
        handle, name = tempfile.mkstemp(prefix=".fleetdb-", suffix=original.suffix, dir=original.parent)
    except OSError:
        handle, name = tempfile.mkstemp(prefix="fleetdb-", suffix=original.suffix)
    path = Path(name)
    try:
        with os.fdopen(handle, "w") as file:
            file.write(text)
        yield path
    finally:
        path.unlink(missing_ok=True)
