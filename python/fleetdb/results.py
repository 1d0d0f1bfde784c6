"""A pytest run's results as data, for the tool that started it (``fleetdb mutate`` reads which scenario
killed a mutant from here, never from pytest's console output).

``pytest --fleetdb-results FILE`` writes one JSON object when the session ends::

    {"exitstatus": 1, "interrupted": false,
     "results": [{"nodeid": "tests/x.py::test_y", "outcome": "failed", "when": "call",
                  "invariants": ["RENT-PAYMENT-ONCE"], "sqlstate": "23505",
                  "constraint": "payments_provider_reference_uq", "message": "UniqueViolation: …"}]}

One entry per test (its failing phase, else its call) and per collection error. ``sqlstate`` and
``constraint`` come from the PostgreSQL error that failed the test, when one did (also when it is the
cause of the raised exception). Results of xdist workers arrive at the controller, which writes the file.
The results as data; the pytest plugin that writes them is ``fleetdb.plugins.results``, loaded by
fleetdb's entry point plugin.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Outcome = Literal["passed", "failed", "skipped", "error"]


@dataclass(frozen=True)
class TestResult:
    nodeid: str
    outcome: Outcome
    when: str = "call"
    invariants: tuple[str, ...] = ()
    sqlstate: str | None = None
    constraint: str | None = None
    message: str = ""

    def describe(self) -> str:
        """One line for a report: the test and, when known, the SQLSTATE and constraint that failed it."""
        found = [f"SQLSTATE {self.sqlstate}"] if self.sqlstate else []
        found += [f"constraint {self.constraint}"] if self.constraint else []
        phase = "" if self.when == "call" else f" (in {self.when})"
        return f"{self.nodeid}{phase}" + (f" [{', '.join(found)}]" if found else "")


@dataclass
class RunResults:
    exitstatus: int
    interrupted: bool = False
    results: list[TestResult] = field(default_factory=list)

    @property
    def failures(self) -> list[TestResult]:
        return [r for r in self.results if r.outcome in ("failed", "error")]


def read_run_results(path: Path) -> RunResults | None:
    """The results a run wrote, or None when it wrote none (it crashed before the session ended)."""
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    results = [TestResult(**{**r, "invariants": tuple(r["invariants"])}) for r in data["results"]]
    return RunResults(int(data["exitstatus"]), bool(data["interrupted"]), results)
