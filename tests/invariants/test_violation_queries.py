"""One invariant, one violation query: every invariant of the catalog has its query in
``invariants/sql/violations.sql`` or says in ``not_in_data`` why rows at rest cannot show it, and no
second copy of a query hides in the races' SQL."""

from __future__ import annotations

from pathlib import Path

import fleetdb.invariants
from fleetdb.invariants.catalog import load_catalog
from fleetdb.invariants.contention import RACES
from fleetdb.invariants.violations import violation_queries


def test_every_invariant_has_one_violation_query_or_says_why_not() -> None:
    queries = violation_queries()
    catalog = {invariant.id: invariant for invariant in load_catalog()}
    unknown = sorted(set(queries) - set(catalog))
    neither = sorted(i for i, inv in catalog.items() if i not in queries and not inv.not_in_data)
    both = sorted(i for i, inv in catalog.items() if i in queries and inv.not_in_data)
    assert (unknown, neither, both) == ([], [], []), (
        f"queries for invariants the catalog does not know: {unknown}; "
        f"invariants with neither a query nor not_in_data: {neither}; with both: {both}"
    )


def test_every_race_checks_invariants_that_have_a_query() -> None:
    queries = violation_queries()
    missing = {
        race.name: [i for i in (race.invariant, *race.also_checks) if i not in queries] for race in RACES
    }
    assert {name: ids for name, ids in missing.items() if ids} == {}


def test_the_races_write_no_violation_query_of_their_own() -> None:
    sql = Path(fleetdb.invariants.__file__).with_name("sql")
    assert sorted(path.name for path in sql.rglob("*.violations.sql")) == []
