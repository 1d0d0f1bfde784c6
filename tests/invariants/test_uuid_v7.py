"""Every id is an RFC 9562 version 7 UUID whose first 48 bits are the Unix milliseconds at which it was
made (shared.uuid_v7(), the default of every id column): checked against the server's clock on both
sides, bit by bit (version, variant), and for the random part."""

from __future__ import annotations

from typing import Any
from uuid import RFC_4122, UUID

import psycopg
import pytest

from tests.schema.world import World

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
