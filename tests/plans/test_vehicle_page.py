"""A page of a branch's vehicles (read path vehicles_page_with_odometer) is read in id order from
vehicles_home_location_id_idx on (home_location_id, id): only the page's entries, no sort of the whole
branch (fleet_vehicles_branch_page_idx)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
from psycopg import sql

from fleetdb.plans import load_paths
from tests.support.world import World

PAGE = {path.name: path for path in load_paths()}["vehicles_page_with_odometer"]


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def test_a_page_reads_only_its_vehicles_in_id_order(db: psycopg.Connection[Any]) -> None:
    world = World(db)
    branch, elsewhere = world.location(), world.location()
    # A small branch among many vehicles, interleaved in id order: a walk of the primary key that filters
    # by branch would read about twenty others for each of the branch's, so no planner prefers it.
    for n in range(630):
        world.vehicle(home_location_id=branch if n % 21 == 0 else elsewhere)
    db.execute("ANALYZE fleet.vehicles")
    # Whatever the estimates of a small table: with no sequential scan and no sort to choose, only an
    # index in (home_location_id, id) order gives the page without either.
    db.execute("SET LOCAL enable_seqscan = off")
    db.execute("SET LOCAL enable_sort = off")
    params = {"home_location_id": branch, "after_id": None, "limit": 20}
    explain = sql.SQL("EXPLAIN (ANALYZE, FORMAT JSON) {}").format(sql.SQL(PAGE.sql))
    row = db.execute(explain, params).fetchone()
    assert row is not None
    nodes = list(_nodes(row[0][0]["Plan"]))
    assert [n["Node Type"] for n in nodes if n["Node Type"] == "Sort"] == []
    scans = [n for n in nodes if n.get("Relation Name") == "vehicles"]
    read = sum(int(n.get("Actual Rows", 0)) + int(n.get("Rows Removed by Filter", 0)) for n in scans)
    assert read <= 20, f"the page read {read} vehicles for 20: {[n['Node Type'] for n in scans]}"
    page = db.execute(sql.SQL(PAGE.sql), params).fetchall()
    ids = [r[0] for r in page]
    assert len(ids) == 20 and ids == sorted(ids, key=str)
