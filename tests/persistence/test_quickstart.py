"""The persistence quick start runs as written: the DBA's setup.sql through psql as the superuser, then
quickstart.py as a program with the application's login, on a freshly deployed database; and the
docs show only code that is in it. ``Store.open`` fails at once with the real cause."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fleetdb.databases import Database
from fleetdb_persistence import Store
from fleetdb_persistence.errors import NotFound
from fleetdb_persistence.unit_of_work import ConnectionFailed, UnsafeConnection
from tests.persistence.factories import login_conninfo
from tests.support.quickstart import EXAMPLE, PASSWORD, check_quickstart_output, run_quickstart, run_setup

REPO = Path(__file__).resolve().parents[2]


def _setup_as_the_dba(
    database: Database, conninfo: str | None = None, password: str | None = PASSWORD
) -> subprocess.CompletedProcess[str]:
    return run_setup(conninfo or database.conninfo(), password)


def test_the_quick_start_runs_as_written(fresh_db: Database) -> None:
    for _ in range(2):  # the DBA's part is safe to run again
        setup = _setup_as_the_dba(fresh_db)
        assert setup.returncode == 0, setup.stderr
    conninfo = login_conninfo(fresh_db, "fleetdb_api") + f" password={PASSWORD}"
    check_quickstart_output(run_quickstart(conninfo))
    with fresh_db.connect() as conn:
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM rental.rentals), (SELECT count(*) FROM fleet.odometer_readings),"
            " (SELECT count(*) FROM accounting.journal_entries)"
        ).fetchone()
    assert counts == (1, 1, 1)


def test_setup_refuses_with_the_reason_before_changing_anything(fresh_db: Database) -> None:
    """A DBA without CREATEROLE (the runbook's set-up B) or a run without the password stops before
    the first statement, saying why and what to do, instead of halfway on a bare permission error."""
    with fresh_db.connect(autocommit=True) as conn:
        conn.execute(
            "DO $$ BEGIN CREATE ROLE fleetdb_quickstart_plain LOGIN;"
            " EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    plain = _setup_as_the_dba(fresh_db, login_conninfo(fresh_db, "fleetdb_quickstart_plain"))
    assert plain.returncode != 0
    assert "role fleetdb_quickstart_plain cannot create the login fleetdb_api" in plain.stderr
    assert "[SQLSTATE 42501]" in plain.stderr and "CREATEROLE" in plain.stderr
    nameless = _setup_as_the_dba(fresh_db, password=None)
    assert nameless.returncode != 0
    assert "no password for the login fleetdb_api [SQLSTATE 22023]" in nameless.stderr
    assert "-v api_password=" in nameless.stderr
    with fresh_db.connect() as conn:
        loaded = conn.execute("SELECT count(*) FROM rental.locations").fetchone()
    assert loaded == (0,)


def test_the_docs_show_only_code_of_the_quick_start() -> None:
    """A snippet of docs/db/persistence.md that is not in quickstart.py could name what it never
    defined (the old one raised NameError)."""
    page = (REPO / "docs" / "db" / "persistence.md").read_text()
    source = (EXAMPLE / "quickstart.py").read_text()
    blocks = re.findall(r"```python\n(.*?)```", page, flags=re.S)
    assert blocks, "the page shows the quick start"
    for block in blocks:
        for line in block.splitlines():
            if line.strip() and not line.strip().startswith("…"):
                assert line in source, f"not in examples/persistence/quickstart.py: {line!r}"


def test_the_quick_start_with_the_wrong_login_says_why_in_one_line(fresh_db: Database) -> None:
    run = run_quickstart(fresh_db.conninfo())  # the superuser
    assert run.returncode == 1
    assert run.stderr.startswith("quickstart.py: unsafe connection: login ")
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1


def test_an_unsafe_login_fails_at_once_with_the_reason(fresh_db: Database) -> None:
    with pytest.raises(UnsafeConnection, match="superuser"):
        Store.open(fresh_db.conninfo())


def test_a_login_the_server_refuses_fails_at_once_with_libpq_s_words(fresh_db: Database) -> None:
    with fresh_db.connect(autocommit=True) as conn:
        conn.execute(
            "DO $$ BEGIN CREATE ROLE fleetdb_nologin_test NOLOGIN;"
            " EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    with pytest.raises(ConnectionFailed) as refused:
        Store.open(login_conninfo(fresh_db, "fleetdb_nologin_test"))
    assert 'role "fleetdb_nologin_test" is not permitted to log in' in str(refused.value)
    assert "pg_hba.conf" in str(refused.value) and "\n" not in str(refused.value)
    assert isinstance(refused.value.__cause__, psycopg.OperationalError)


def test_an_unreachable_server_keeps_libpq_s_second_line_apart(fresh_db: Database) -> None:
    closed: Any = "host=127.0.0.1 port=1 dbname=fleetdb user=nobody connect_timeout=5"
    with pytest.raises(ConnectionFailed) as unreachable:
        Store.open(closed)
    message = str(unreachable.value)
    assert "Connection refused; Is the server running on that host" in message and "\n" not in message


def test_codes_are_looked_up_and_a_missing_one_says_who_loads_it(uow: Any) -> None:
    assert uow.rental.location("MUC01").name == "Munich Airport"
    assert uow.accounting.account("1200-EUR").currency == "EUR"
    for lookup, code in ((uow.rental.location, "NOWHERE"), (uow.accounting.account, "9999-XXX")):
        with pytest.raises(NotFound, match=f"{code}.*reference data the DBA loads as the owner"):
            lookup(code)
