"""The post-seed check: every data-level invariant of the catalog, run as a query over the seeded rows."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

_CHECKS = Path(__file__).with_name("sql") / "checks.sql"
_HEADER = re.compile(r"^-- check: (?P<id>[A-Z0-9-]+)\s*$", re.MULTILINE)
_SAMPLES = 3
# Invariants about how rows change or who may change them: not visible in data at rest. Their
# triggers and privileges were in force during the whole seed.
NOT_DATA_PROPERTIES = frozenset(
    {
        "FLEET-ODOMETER-APPEND-ONLY",
        "RENT-MONEY-APPEND-ONLY",
        "ACCT-IMMUTABLE",
        "ACCT-NO-LATE-LINES",
        "ROLE-APP-NO-BYPASS",
        "INTEG-OUTBOX-WRITTEN-BY-TRIGGERS",
    }
)


@dataclass(frozen=True)
class CheckResult:
    invariant: str
    violations: int
    samples: tuple[str, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return self.violations == 0


@cache
def data_checks(path: Path = _CHECKS) -> dict[str, str]:
    """Invariant id -> the query that lists its violations, in file order."""
    text = path.read_text()
    headers = list(_HEADER.finditer(text))
    checks: dict[str, str] = {}
    for header, following in zip(headers, [*headers[1:], None], strict=True):
        body = text[header.end() : following.start() if following else len(text)]
        checks[header["id"]] = body.strip().rstrip(";")
    return checks


def check_seeded_data(
    conn: psycopg.Connection[Any], only: list[str] | None = None, rollback: bool = True
) -> list[CheckResult]:
    """Run every check (or those named) and return violations per invariant; reads only. With
    ``rollback`` each check ends its transaction (long checks hold no snapshot between them); a caller
    inside its own transaction passes ``rollback=False``."""
    results = []
    for invariant, query in data_checks().items():
        if only is not None and invariant not in only:
            continue
        wrapped = sql.SQL("SELECT count(*), (array_agg(v.detail))[1:{}] FROM ({}) AS v(detail)").format(
            sql.Literal(_SAMPLES),
            sql.SQL(query),
        )
        started = time.perf_counter()
        row = conn.execute(wrapped).fetchone()
        if rollback:
            conn.rollback()
        count, samples = row if row else (0, None)
        results.append(
            CheckResult(invariant, int(count), tuple(samples or ()), time.perf_counter() - started)
        )
    return results
