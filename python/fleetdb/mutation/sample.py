"""The fixed sample of semantic mutants that ``make test`` (CI) runs: within each invariant and operator,
the mutants sorted by id, every third one starting with the first. At least a third of every group, the
same selection on every run of the same schema, and every operator of every invariant represented."""

from __future__ import annotations

from itertools import groupby

from fleetdb.mutation.model import Mutant

SAMPLE_EVERY = 3


def ci_sample(mutants: list[Mutant]) -> list[Mutant]:
    def group(mutant: Mutant) -> tuple[str, str]:
        return (mutant.invariant, mutant.operator)

    chosen: set[str] = set()
    for _, members in groupby(sorted(mutants, key=lambda m: (*group(m), m.id)), key=group):
        chosen.update(m.id for m in list(members)[::SAMPLE_EVERY])
    return [m for m in mutants if m.id in chosen]
