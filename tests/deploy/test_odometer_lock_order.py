"""fleet_odometer_finite_times deployed and reverted beside the application's odometer writes.

The online rehearsal (``fleetdb rehearse --under-load``) saw a reading fail with 40P01 while the revert
ran: the revert held ACCESS EXCLUSIVE on the corrections and waited for the readings, while a reading's
INSERT held the readings and its odometer check waited to read the corrections. Here the same lock
order is stepped by the server's lock state: the application holds a lock on one table, the script
waits for it, then the application goes on to the other table. With the scripts as they were before
the fix (``PRE_FIX_COMMIT``), one side fails with 40P01; with the checkout's, both go through.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fleetdb.databases import Database
from fleetdb.races import Actors
from tests.support.world import World

REPO = Path(__file__).resolve().parents[2]
CHANGE = "fleet_odometer_finite_times"
PRE_FIX_COMMIT = "d67928021f0571a4bc45efbf3d3d08a99a7b4666"
# What the application holds when the script arrives: deploy meets a unit of work that read the
# vehicle's last correction and is about to record a reading; revert meets one that read the vehicle's
# readings (or is inside its INSERT, past the lock on the readings).
FIRST_READ = {
    "deploy": "SELECT max(effective_at) FROM fleet.odometer_corrections WHERE vehicle_id = %s",
    "revert": "SELECT max(read_at) FROM fleet.odometer_readings WHERE vehicle_id = %s",
}
FINITE = ("odometer_readings_read_at_finite_ck", "odometer_corrections_effective_at_finite_ck")
# Back-dated (before the vehicle's reading of 100 km at 2030-06-01 12:00): its check compares it with
# both neighbours and reads the corrections. (An append later than the latest reading and not lower is
# accepted after one probe of the readings and never reads the corrections.)
READING = (
    "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
    " VALUES (%s, 50, '2030-05-31 12:00+00', 'manual')"
)


def _script(kind: str, version: str) -> str:
    if version == "checkout":
        return (REPO / kind / f"{CHANGE}.sql").read_text()
    try:
        shown = subprocess.run(
            ["git", "-C", str(REPO), "show", f"{PRE_FIX_COMMIT}:{kind}/{CHANGE}.sql"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"the pre-fix scripts need git history with commit {PRE_FIX_COMMIT}: {error}")
    return shown.stdout


@pytest.fixture
def group(fresh_db: Database) -> Iterator[Actors]:
    """Session 0 is the application, session 1 runs the script."""
    actors = Actors(fresh_db, 2)
    yield actors
    actors.close()


def _beside_a_reading(group: Actors, kind: str, script: str) -> tuple[str, str]:
    """The SQLSTATEs the application's reading and the script ended with ("" when it went through)."""
    world = World(group.observer)
    vehicle = world.vehicle()
    world.reading(vehicle, 100)
    app = group[0]
    app.execute("BEGIN")
    app.execute(FIRST_READ[kind], (vehicle,))
    running = group.submit(1, script)  # several statements, no parameters: one simple query
    group.wait_until_blocked(1)
    app_state = ""
    try:
        app.execute(READING, (vehicle,))
        app.execute("COMMIT")
    except psycopg.Error as error:
        app_state = str(error.sqlstate)
        app.execute("ROLLBACK")
    failed = running.exception(timeout=60)
    return app_state, str(failed.sqlstate) if isinstance(failed, psycopg.Error) else ""


def _constraints(group: Actors) -> list[Any]:
    return group.observer.execute(
        "SELECT conname, convalidated FROM pg_constraint WHERE conname = ANY(%s) ORDER BY 1", (list(FINITE),)
    ).fetchall()


@pytest.mark.parametrize("kind", ["deploy", "revert"])
def test_the_script_and_a_reading_both_go_through(group: Actors, kind: str) -> None:
    assert _beside_a_reading(group, kind, _script(kind, "checkout")) == ("", "")
    want = [] if kind == "revert" else [(name, True) for name in sorted(FINITE)]
    assert _constraints(group) == want


@pytest.mark.parametrize("kind", ["deploy", "revert"])
def test_before_the_fix_the_script_and_a_reading_deadlock(group: Actors, kind: str) -> None:
    assert "40P01" in _beside_a_reading(group, kind, _script(kind, "pre-fix"))
