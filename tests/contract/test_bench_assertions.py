"""The contract benchmark's assertion set: at least 200 catalog assertions, all passing through fleetdb
(the benchmark itself checks that pgTAP passes them too, and times both)."""

from __future__ import annotations

from typing import Any

import psycopg

from fleetdb.bench.contracts import build_assertions
from fleetdb.contract import catalog


def test_the_benchmark_runs_hundreds_of_passing_assertions(db: psycopg.Connection[Any]) -> None:
    snap = catalog(db)
    assertions = build_assertions(snap)
    assert len(assertions) >= 200
    for function, args, _ in assertions:
        function(snap, *args)
    assert {function.__name__ for function, _, _ in assertions} >= {"has_table", "col_type_is", "col_is_fk"}
