"""The seeding section: the floor script removes every rule and keeps what writes the rows a seed counts,
and the two seeds it compares are measured in rows per second and in the server's CPU per row."""

from __future__ import annotations

import os

from fleetdb.bench.seed_floor import _reaped_cpu_seconds, seed_floor_rows
from fleetdb.databases import Database
from fleetdb.sql_files import load_sql

SCHEMAS = ["iam", "rental", "fleet", "maintenance", "accounting", "shared"]
# The triggers the floor keeps: they write rows the seed counts (events, totals) or stamp updated_at.
KEPT = r"(outbox|outbox_update|totals|touch_updated_at)_trg$|^refunds_within_payment_trg$"


def test_the_floor_removes_every_rule_and_keeps_the_row_writers(fleetdb_template: Database) -> None:
    database = fleetdb_template.clone()
    try:
        with database.connect() as conn:
            kinds = "SELECT contype, count(*) FROM pg_constraint AS c JOIN pg_namespace AS n ON n.oid = c.connamespace WHERE n.nspname = ANY(%s) AND c.conrelid <> 0 GROUP BY contype"  # noqa: E501
            triggers = "SELECT t.tgname FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = ANY(%s) AND NOT t.tgisinternal"  # noqa: E501
            before = dict(conn.execute(kinds, [SCHEMAS]).fetchall())
            conn.execute(load_sql("fleetdb.bench", "without_seed_rules"))
            after = dict(conn.execute(kinds, [SCHEMAS]).fetchall())
            left = [row[0] for row in conn.execute(triggers, [SCHEMAS]).fetchall()]
            kept = conn.execute(
                f"SELECT count(*) FROM ({triggers}) AS t WHERE t.tgname ~ %s", [SCHEMAS, KEPT]
            ).fetchone()
    finally:
        database.drop()
    assert all(before.get(kind, 0) > 0 for kind in "fcux"), before  # the schema has each kind to remove
    # Only the primary keys are left (and, from PostgreSQL 18, the NOT NULL constraints the catalog lists:
    # the floor keeps NOT NULL on every major, as a column's property on the older ones).
    assert {kind: n for kind, n in after.items() if kind != "n"} == {"p": before["p"]}
    assert left and kept == (len(left),), left  # the event and totals writers stay, nothing else


def test_the_two_seeds_are_measured_side_by_side(fleetdb_template: Database) -> None:
    rate, ceiling = seed_floor_rows(fleetdb_template, scale=1, workers=1)
    ruled_rows, floor_rows = rate.extra["ruled_rows"], rate.extra["floor_rows"]
    # The same company either way; only the rules' own bookkeeping (the vehicles' guard rows) differs.
    assert 0 < ruled_rows - floor_rows < 0.01 * ruled_rows
    assert rate.ratio == rate.value / (rate.baseline or 0)
    ruled_cpu, floor_cpu = rate.extra["ruled_cpu_us_per_row"], rate.extra["floor_cpu_us_per_row"]
    assert ruled_cpu > floor_cpu > 0  # the rules cost server CPU, and the floor is not free
    assert ceiling.value == (os.cpu_count() or 1) * 1e6 / floor_cpu
    assert ceiling.met is None and rate.met is None  # measured, no goal of their own


def test_the_reaped_cpu_of_a_process_is_read_from_proc() -> None:
    mine = _reaped_cpu_seconds(os.getpid())
    assert mine is not None and mine >= 0
    assert _reaped_cpu_seconds(2**22 + 1) is None  # no such process: no figure rather than a wrong one
