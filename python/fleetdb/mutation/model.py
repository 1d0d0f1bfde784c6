"""Mutants and their results as plain data; ``reports/mutants.json`` is a list of results."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

# killed: a scenario failed; survived: every scenario passed; equivalent: survived and listed in the
# reviewed equivalents file; not applied: the mutated DDL was rejected (a generator bug, never a kill).
Outcome = Literal["killed", "survived", "equivalent", "not applied"]


@dataclass(frozen=True)
class Mutant:
    """One change to the deployed schema. ``statements`` run in a clone, in order, with nothing else
    changed; an empty tuple means the mutant could not be built (``mutation`` says why)."""

    invariant: str  # the invariant it is counted under
    target: str  # the enforcing object, e.g. "function rental.rentals_publish()"
    operator: str  # e.g. "remove", "flip relational operator", "drop conjunct"
    mutation: str  # one line: what was done, where
    statements: tuple[str, ...]
    before: str = ""  # the site's text before and after, for the report
    after: str = ""
    also: tuple[str, ...] = ()  # other invariants the object enforces: their scenarios run too

    @property
    def invariants(self) -> tuple[str, ...]:
        return (self.invariant, *self.also)

    @property
    def id(self) -> str:
        """Stable while the deployed definition and the operator are: names the mutant in the
        equivalents file and the CI sample."""
        digest = hashlib.sha1("\n".join((self.target, self.operator, *self.statements)).encode()).hexdigest()
        return f"{self.target.split(' ', 1)[-1]}/{self.operator}/{digest[:8]}"

    @property
    def label(self) -> str:
        return f"{self.invariant}: {self.mutation}"


@dataclass(frozen=True)
class MutantResult:
    invariant: str
    target: str
    mutation: str
    outcome: Outcome
    detail: str  # the scenario that killed it, why it survived, or why it is equivalent
    seconds: float
    operator: str = "remove"
    id: str = ""
    before: str = ""
    after: str = ""
    also: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.invariant}: {self.mutation}"

    @classmethod
    def of(cls, mutant: Mutant, outcome: Outcome, detail: str, seconds: float) -> MutantResult:
        return cls(
            mutant.invariant,
            mutant.target,
            mutant.mutation,
            outcome,
            detail,
            round(seconds, 2),
            mutant.operator,
            mutant.id,
            mutant.before,
            mutant.after,
            list(mutant.also),
        )


MUTANTS_FILE = "mutants.json"


def write_results(results: list[MutantResult], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MUTANTS_FILE
    path.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return path


def read_results(directory: Path) -> list[MutantResult]:
    return read_results_file(directory / MUTANTS_FILE)


def read_results_file(path: Path) -> list[MutantResult]:
    if not path.exists():
        return []
    return [MutantResult(**entry) for entry in json.loads(path.read_text())]
