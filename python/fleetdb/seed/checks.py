"""The post-seed check: every invariant of the catalog that rows at rest can show, run as its violation
query (``fleetdb.invariants.violations``) over the seeded rows."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import psycopg

from fleetdb.invariants.catalog import load_catalog
from fleetdb.invariants.violations import count_violations, violation_queries

_SAMPLES = 3


@dataclass(frozen=True)
class CheckResult:
    invariant: str
    violations: int
    samples: tuple[str, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return self.violations == 0


def data_invariants() -> list[str]:
    """The invariants the check reads, in the order of the violation queries."""
    in_data = {invariant.id for invariant in load_catalog() if not invariant.not_in_data}
    return [invariant for invariant in violation_queries() if invariant in in_data]


def check_seeded_data(
    conn: psycopg.Connection[Any], only: list[str] | None = None, rollback: bool = True
) -> list[CheckResult]:
    """Run every check (or those named) and return violations per invariant; reads only. With
    ``rollback`` each check ends its transaction (long checks hold no snapshot between them); a caller
    inside its own transaction passes ``rollback=False``."""
    results = []
    for invariant in data_invariants():
        if only is not None and invariant not in only:
            continue
        started = time.perf_counter()
        count, samples = count_violations(conn, invariant, _SAMPLES)
        if rollback:
            conn.rollback()
        results.append(CheckResult(invariant, count, samples, time.perf_counter() - started))
    return results
