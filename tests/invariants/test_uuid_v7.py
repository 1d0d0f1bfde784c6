"""Every id is an RFC 9562 version 7 UUID whose first 48 bits are the Unix milliseconds at which it was
made (shared.uuid_v7(), the default of every id column): checked against the server's clock on both
sides, bit by bit (version, variant), and for the random part; time-ordered, inlined into the plan of
each INSERT, and immune to the caller's search_path."""

from __future__ import annotations

from typing import Any
from uuid import RFC_4122, UUID

import psycopg
import pytest

from tests.support.world import World

NOW_MS = "SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint"


def _milliseconds(db: psycopg.Connection[Any]) -> int:
    row = db.execute(NOW_MS).fetchone()
    assert row is not None
    return int(row[0])


def _assert_v7_made_between(made: UUID, before: int, after: int) -> None:
    assert made.version == 7, f"{made}: version {made.version}"
    assert made.variant == RFC_4122, f"{made}: variant {made.variant}"
    stamp = int.from_bytes(made.bytes[:6], "big")
    assert before <= stamp <= after, f"{made}: {stamp} ms, made between {before} and {after} ms"


@pytest.mark.invariant("SHARED-UUID-V7")
def test_an_id_carries_the_millisecond_it_was_made(db: psycopg.Connection[Any]) -> None:
    for _ in range(3):
        before = _milliseconds(db)
        row = db.execute("SELECT shared.uuid_v7()").fetchone()
        after = _milliseconds(db)
        assert row is not None
        _assert_v7_made_between(row[0], before, after)


@pytest.mark.invariant("SHARED-UUID-V7")
def test_a_row_gets_a_version_7_id_of_its_insert(db: psycopg.Connection[Any], world: World) -> None:
    before = _milliseconds(db)
    vehicle = world.vehicle()
    after = _milliseconds(db)
    _assert_v7_made_between(vehicle, before, after)


@pytest.mark.invariant("SHARED-UUID-V7")
def test_ids_of_one_millisecond_differ_in_their_random_bits(db: psycopg.Connection[Any]) -> None:
    rows = db.execute("SELECT shared.uuid_v7() FROM generate_series(1, 1000)").fetchall()
    ids = [row[0] for row in rows]
    assert len(set(ids)) == len(ids)
    # 74 random bits after the version and the variant: no two of a thousand ids agree on their last 8 bytes.
    assert len({made.bytes[8:] for made in ids}) == len(ids)


def test_ids_are_version_7_and_ordered_by_time(db: psycopg.Connection[Any]) -> None:
    rows = db.execute("SELECT shared.uuid_v7() FROM generate_series(1, 50)").fetchall()
    ids = [UUID(str(row[0])) for row in rows]
    assert {u.version for u in ids} == {7}
    assert {u.variant for u in ids} == {"specified in RFC 4122"}
    # The first 48 bits are Unix milliseconds: never decreasing within one statement.
    stamps = [u.int >> 80 for u in ids]
    assert stamps == sorted(stamps)


def test_it_is_inlined_into_the_callers_plan(db: psycopg.Connection[Any]) -> None:
    plan = db.execute("EXPLAIN (VERBOSE, FORMAT JSON) SELECT shared.uuid_v7()").fetchone()
    assert plan is not None
    output = plan[0][0]["Plan"]["Output"][0]
    assert "gen_random_uuid()" in output and "uuid_v7" not in output


def test_a_hostile_search_path_cannot_replace_what_it_calls(db: psycopg.Connection[Any]) -> None:
    db.execute("CREATE SCHEMA evil")
    db.execute(
        "CREATE FUNCTION evil.gen_random_uuid() RETURNS uuid LANGUAGE sql"
        " AS $$ SELECT '00000000-0000-4000-8000-000000000000'::uuid $$"
    )
    db.execute("CREATE FUNCTION evil.encode(bytea, text) RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$")
    db.execute("SET LOCAL search_path = evil, pg_catalog")
    first, second = (
        UUID(str(r[0])) for r in db.execute("SELECT shared.uuid_v7() FROM generate_series(1, 2)")
    )
    assert first != second and first.version == 7
