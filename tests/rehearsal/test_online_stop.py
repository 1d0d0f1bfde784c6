"""A rehearsal stopped by a signal ends its workload at once.

The signal handler stops the throwaway servers and raises on the main thread; the workload's sessions
were then left waiting for a connection of their pool, which kept reconnecting to the stopped server
until psycopg_pool's timeout (30 s) before they could end (seen on a real run stopped during a window).
Here the workload's login is made unable to connect and its sessions are cut off, as a stopped server
does, and the stop is noted as the handler notes it: ``stop()`` must return well before that timeout.
"""

from __future__ import annotations

import signal
import threading
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from fleetdb import processes
from fleetdb.databases import Database
from fleetdb.rehearsal.workload import Corner, Workload

POOL_TIMEOUT = 30.0  # psycopg_pool's default wait for a connection


def _corner() -> Corner:
    """Rows that do not exist: every operation fails with a domain error, which is all this needs."""
    return Corner(
        uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), "EUR", uuid.uuid4(), uuid.uuid4(),
        datetime(2031, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC), Decimal(0),
    )  # fmt: skip


def test_a_workload_whose_server_went_away_ends_at_once_when_a_signal_stops_the_rehearsal(
    fleetdb_template: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = fleetdb_template.clone()
    name = f"fleetdb_online_stop_{uuid.uuid4().hex[:8]}"
    login = sql.Identifier(name)
    with database.connect(autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN NOINHERIT IN ROLE fleetdb_app").format(login))
    workload = Workload(
        make_conninfo(database.conninfo(), user=name),
        [_corner(), _corner()],
        100.0,
        time.monotonic,
    )
    try:
        workload.start()
        deadline = time.monotonic() + 60
        while len(workload.operations) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workload.operations) >= 4, "the workload did not run"
        with database.connect(autocommit=True) as conn:  # the server goes away under the workload
            conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(login))
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                [name],
            )
        monkeypatch.setattr(processes, "_stop_signal", [signal.SIGTERM])  # as the handler notes it
        stopper = threading.Thread(target=workload.stop, daemon=True)
        stopper.start()
        stopper.join(POOL_TIMEOUT / 2)
        assert not stopper.is_alive(), "the workload kept reconnecting to a server that had stopped"
    finally:
        monkeypatch.setattr(processes, "_stop_signal", [])
        workload.stop()
        with database.connect(autocommit=True) as conn:
            conn.execute(sql.SQL("DROP ROLE {}").format(login))
        database.drop()
