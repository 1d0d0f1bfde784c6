"""Mutants and their results as plain data. A run's report (``reports/mutants.json``, and the harness's
and the verify scripts' reports) is ``{"run": {...}, "mutants": [...]}``: the results with the run that
produced them (older reports are a bare list of results)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from fleetdb.bench.model import BenchRun
from fleetdb.errors import FleetdbError

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


@dataclass(frozen=True)
class MutationRun:
    """What one ``fleetdb mutate`` run ran on and how long it took, at the head of its report: a page
    generated from a recorded report says which run each figure comes from."""

    run: BenchRun  # finished, the machine (load at the end), the server, the commit, the arguments
    started: str  # UTC, ISO 8601
    seconds: float  # wall time
    jobs: int
    load: str  # the 1-minute load average while it ran

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MutationRun:
        return cls(**{**data, "run": BenchRun(**data["run"])})


def write_run_report(path: Path, entries: list[dict[str, Any]], run: MutationRun | None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data: Any = entries if run is None else {"run": run.as_dict(), "mutants": entries}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return path


def read_run_report(path: Path) -> tuple[MutationRun | None, list[dict[str, Any]]]:
    """The run (None for an older report without one) and the entries of a mutation report."""
    try:
        data = json.loads(path.read_text())
        if isinstance(data, list):
            return None, data
        return MutationRun.from_dict(data["run"]), list(data["mutants"])
    except FileNotFoundError:
        raise FleetdbError(f"no mutation report {path}: run `fleetdb mutate` first") from None
    except (ValueError, KeyError, TypeError) as error:
        raise FleetdbError(
            f"{path} is not a report of `fleetdb mutate` ({type(error).__name__}: {error})"
        ) from None


MUTANTS_FILE = "mutants.json"


def write_results(results: list[MutantResult], directory: Path, run: MutationRun | None = None) -> Path:
    return write_run_report(directory / MUTANTS_FILE, [asdict(r) for r in results], run)


def read_results(directory: Path) -> list[MutantResult]:
    """The results of the last run written to ``directory``; [] when none was."""
    path = directory / MUTANTS_FILE
    return read_results_file(path) if path.exists() else []


def read_results_file(path: Path) -> list[MutantResult]:
    """The results of a report of ``fleetdb mutate``; a clear error when the file is missing or is
    not one (``--survivors-of`` must never run nothing because of a mistyped path)."""
    entries = read_run_report(path)[1]
    try:
        return [MutantResult(**entry) for entry in entries]
    except TypeError as error:
        raise FleetdbError(
            f"{path} is not a report of `fleetdb mutate`: an entry is not a mutant's result ({error});"
            " pass reports/mutants.json of an earlier run"
        ) from None
