"""Which mutants a run has, and what its verdict is: the gate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, Protocol

from fleetdb.catalog.snapshot import CatalogSnapshot
from fleetdb.invariants.model import Invariant
from fleetdb.mutation.model import Mutant
from fleetdb.mutation.removal import removal_mutants
from fleetdb.mutation.sample import ci_sample
from fleetdb.mutation.semantic import semantic_mutants

Kind = Literal["removal", "semantic", "all"]
# What the generators read from the deployed catalog.
SNAPSHOT_KINDS = ("relation", "column", "constraint", "index", "trigger", "function")


def plan_mutants(
    catalog: list[Invariant],
    snapshot: CatalogSnapshot,
    kind: Kind = "all",
    sample: bool = False,
    operators: Iterable[str] = (),
) -> list[Mutant]:
    """Removal mutants, then semantic ones (all, or the CI sample), optionally of some operators only."""
    mutants: list[Mutant] = []
    if kind in ("removal", "all"):
        mutants += removal_mutants(catalog, snapshot)
    if kind in ("semantic", "all"):
        semantic = semantic_mutants(catalog, snapshot)
        mutants += ci_sample(semantic) if sample else semantic
    wanted = set(operators)
    return [m for m in mutants if not wanted or m.operator in wanted]


class Verdict(Protocol):
    """What the gate reads of a result: a schema mutant's (MutantResult) or a harness meta-mutant's."""

    @property
    def id(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def detail(self) -> str: ...
    @property
    def label(self) -> str: ...


def gate(
    results: Sequence[Verdict],
    equivalents: Mapping[str, str],
    known_survivors: Mapping[str, str],
    generated: Iterable[str] | None = None,
    lists: str = "equivalents.toml or survivors.toml",
) -> list[str]:
    """Why the run fails, one line each: a survivor not on record, a mutant that could not be applied, a
    listed equivalent or known survivor that was killed (the entry is stale); with ``generated`` (the ids
    of a full run), an entry of either list that no mutant has."""
    problems = [
        f"{r.outcome}: {r.label} ({r.detail})"
        for r in results
        if r.outcome == "not applied" or (r.outcome == "survived" and r.id not in known_survivors)
    ]
    problems += [
        f"listed but killed: {r.id}: {r.detail}"
        for r in results
        if r.outcome == "killed" and (r.id in equivalents or r.id in known_survivors)
    ]
    if generated is not None:
        ids = set(generated)
        stale = (set(equivalents) | set(known_survivors)) - ids
        problems += [f"{lists} names no generated mutant: {i}" for i in sorted(stale)]
    return problems
