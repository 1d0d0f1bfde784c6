"""The multi-table locks of v1.1's deploys beside the application (issue 18). As tagged, each rules
change added its checks with one ``CALL shared.add_checks_not_valid`` for all its tables, e.g.
``maintenance.jobs``, ``job_parts`` and ``job_labour``: one transaction that takes ACCESS EXCLUSIVE on
jobs, then on the line tables. An application INSERT of a part locks ``job_parts`` when it starts and
``maintenance.jobs`` only in its foreign-key check at the end of the statement: the reverse order. An
INSERT that is inside its statement when the deploy takes jobs deadlocks with it. The online rehearsal
at scale 100 met the same cycle twice (a booking beside ``rental_text_rules``, a reading beside
``fleet_text_rules``); the scripts now add the checks one table per transaction.

Under load this is a window of milliseconds per deploy, so here it is stepped by the server's lock
state: a row trigger of the test holds the INSERT inside its statement on an advisory lock (standing for
a slow, many-line INSERT), the deploy's CALL takes jobs and waits for ``job_parts``, then the INSERT goes
on. The CALL as v1.1 was tagged ends in 40P01; the checks added one table per transaction, as the
scripts now do, both go through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fleetdb.databases import Database
from fleetdb.races import Actors
from tests.support.world import World

REPO = Path(__file__).resolve().parents[2]
HOLD = 41_818  # the advisory lock that keeps the INSERT inside its statement
PAUSE = """
CREATE FUNCTION pg_temp_pause() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_advisory_xact_lock_shared(41818); RETURN NEW; END $$;
CREATE TRIGGER job_parts_pause_trg BEFORE INSERT ON maintenance.job_parts
    FOR EACH ROW EXECUTE FUNCTION pg_temp_pause();
"""
PART = (
    "INSERT INTO maintenance.job_parts (job_id, currency, part_number, quantity, unit_cost_minor)"
    " VALUES (%s, 'EUR', 'P-9', 1, 100)"
)
CHECKS = {  # maintenance_text_rules' checks, table by table (deploy/maintenance_text_rules.sql)
    "maintenance.jobs": [
        ("jobs_vendor_length_ck", "char_length(vendor) <= 200"),
        ("jobs_notes_length_ck", "char_length(notes) <= 4000"),
    ],
    "maintenance.job_parts": [
        ("job_parts_part_number_length_ck", "char_length(part_number) <= 64"),
        ("job_parts_description_length_ck", "char_length(description) <= 500"),
    ],
    "maintenance.job_labour": [("job_labour_technician_length_ck", "char_length(technician) <= 200")],
}


def _call(tables: list[str]) -> str:
    rows = ", ".join(f"['{table}', '{name}', '{rule}']" for table in tables for name, rule in CHECKS[table])
    return f"CALL shared.add_checks_not_valid(ARRAY[{rows}])"


@pytest.fixture
def group(fresh_db: Database) -> Iterator[Actors]:
    """Session 0 is the application, session 1 the deploy; the observer holds the INSERT."""
    actors = Actors(fresh_db, 2)
    actors.observer.execute(PAUSE)
    yield actors
    actors.close()


def _held_insert(group: Actors) -> Future[Any]:
    world = World(group.observer)
    job = world.job(world.vehicle(), "[2030-01-01 08:00+00, 2030-01-01 10:00+00)")
    group.observer.execute("SELECT pg_advisory_lock(%s)", (HOLD,))
    inserting = group.submit(0, PART, (job,))
    group.wait_until_blocked(0)  # inside its INSERT: job_parts locked, the jobs row not yet checked
    return inserting


def _sqlstate(future: Future[Any]) -> str:
    error = future.exception(timeout=60)
    return str(error.sqlstate) if isinstance(error, psycopg.Error) else ""


def test_the_checks_of_three_tables_in_one_transaction_as_tagged_deadlock_with_a_part_being_inserted(
    group: Actors,
) -> None:
    inserting = _held_insert(group)
    deploying = group.submit(1, _call(list(CHECKS)))
    group.wait_until_blocked(1)  # holds ACCESS EXCLUSIVE on jobs, waits for job_parts
    group.observer.execute("SELECT pg_advisory_unlock(%s)", (HOLD,))
    assert "40P01" in {_sqlstate(inserting), _sqlstate(deploying)}


def test_the_same_checks_one_table_per_transaction_as_the_scripts_now_add_them_both_go_through(
    group: Actors,
) -> None:
    inserting = _held_insert(group)
    assert _sqlstate(group.submit(1, _call(["maintenance.jobs"]))) == ""  # jobs alone: committed
    deploying = group.submit(1, _call(["maintenance.job_parts"]))
    group.wait_until_blocked(1)  # waits for the INSERT, holding nothing else
    group.observer.execute("SELECT pg_advisory_unlock(%s)", (HOLD,))
    assert (_sqlstate(inserting), _sqlstate(deploying)) == ("", "")
    assert _sqlstate(group.submit(1, _call(["maintenance.job_labour"]))) == ""


def test_every_deploy_script_adds_checks_one_table_per_transaction() -> None:
    """The scripts have no BEGIN/COMMIT around the CALLs: each CALL is its own transaction, so one
    table per CALL means no transaction holds two tables."""
    calls = {
        script.name: re.findall(
            r"^CALL shared\.add_checks_not_valid\(ARRAY\[(.*?)\]\);", script.read_text(), re.S | re.M
        )
        for script in sorted((REPO / "deploy").glob("*.sql"))
    }
    several = {
        name: sorted(set(re.findall(r"\[\s*'([a-z_]+\.[a-z_]+)'", call)))
        for name, found in calls.items()
        for call in found
        if len(set(re.findall(r"\[\s*'([a-z_]+\.[a-z_]+)'", call))) > 1
    }
    assert sum(map(len, calls.values())) > 9
    assert several == {}, f"a CALL of add_checks_not_valid that holds several tables: {several}"
    for name, found in calls.items():
        if found:
            assert not re.search(r"^\s*BEGIN\s*;", (REPO / "deploy" / name).read_text(), re.M), name
