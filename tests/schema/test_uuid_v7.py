"""shared.uuid_v7(), the default of every primary key: version 7, time-ordered, inlined into the plan
of each INSERT, and immune to the caller's search_path."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg


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
