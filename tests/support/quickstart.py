"""The persistence quick start as its readers run it: the DBA's examples/persistence/setup.sql through
psql, then examples/persistence/quickstart.py as a program with the application's login. Shared by the
persistence tests (as the superuser) and the least-privilege deploy (as the runbook's CREATEROLE DBA)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "persistence"
PASSWORD = "quick-start-secret"


def run_setup(conninfo: str, password: str | None = PASSWORD) -> subprocess.CompletedProcess[str]:
    """``psql -X -v ON_ERROR_STOP=1 -v api_password=… -f examples/persistence/setup.sql CONNINFO``."""
    psql = shutil.which("psql")
    assert psql is not None, "psql is installed with postgresql-15 (make bootstrap)"
    command = [psql, "-X", "-v", "ON_ERROR_STOP=1"]
    command += ["-v", f"api_password={password}"] if password is not None else []
    command += ["-f", str(EXAMPLE / "setup.sql"), conninfo]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def run_quickstart(conninfo: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLE / "quickstart.py"), conninfo],
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_quickstart_output(run: subprocess.CompletedProcess[str]) -> None:
    """The five lines the quick start prints when everything it shows worked."""
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    rental = re.fullmatch(r"booked rental (\S+): vehicle \w{17} at Munich Airport, reserved", lines[0])
    assert rental is not None, lines
    assert lines[1].startswith("refused: booking conflict: ")
    assert "(SQLSTATE 23P01, constraint rentals_no_overlap_excl, table rental.rentals)" in lines[1]
    assert lines[2] == f"it overlaps rental {rental[1]}"
    assert lines[3] == "odometer 12045.3 km at pick-up; rental active"
    assert re.fullmatch(r"posted entry \S+, 2 lines; again: created=False", lines[4]), lines[4]
