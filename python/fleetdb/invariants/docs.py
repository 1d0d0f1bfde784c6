"""``docs/db/invariants.md``, generated from ``catalog.toml``: what the database guarantees and how."""

from __future__ import annotations

from pathlib import Path

from fleetdb.invariants.model import Invariant
from fleetdb.report import markdown as md

DOC_PATH = Path("docs/db/invariants.md")
_MODULE_ORDER = ["iam", "fleet", "rental", "maintenance", "accounting", "integration"]


def render_invariants_doc(catalog: list[Invariant]) -> str:
    modules = sorted({inv.module for inv in catalog}, key=lambda m: [*_MODULE_ORDER, m].index(m))
    lines = [
        "# Invariants",
        "",
        "<!-- Generated from python/fleetdb/invariants/catalog.toml by `fleetdb invariants-doc`;"
        " do not edit. -->",
        "",
        "What the database guarantees, and the objects that enforce each rule. Every invariant has",
        'scenarios in `tests/` tagged `@pytest.mark.invariant("ID")`; `fleetdb mutate` removes each',
        "enforcing object in turn and checks that a tagged scenario fails. The test report",
        "(`reports/invariants.md`) shows the results of the last run.",
        "",
        f"{len(catalog)} invariants in {len(modules)} modules.",
        "",
        "## How they are proven",
        "",
        "- Scenarios (`tests/invariants/`): each valid case passes, each violating case",
        "  fails with the expected SQLSTATE and the enforcing object's name.",
        "- Races (`@pytest.mark.race`): several sessions take the same resource, ordered by the server's",
        "  lock state; exactly one wins, the losers get the expected SQLSTATE, and an independent query",
        "  finds no violation. Every race runs at READ COMMITTED, REPEATABLE READ and SERIALIZABLE; at the",
        "  two snapshot levels a loser may instead get 40001 (the winner committed after its snapshot),",
        "  never commit. `fleetdb stress` (or `pytest --stress`) runs each race at each level with 8",
        "  sessions x 500 attempts and reports attempts, wins, losses by SQLSTATE and violations (0 or it",
        "  fails).",
        "- Generated cases: hypothesis state machines (bookings, odometer readings, postings) against a",
        "  Python model, at each isolation level (a fifth of the examples at the snapshot levels); more",
        "  examples, and all of them at every level, under `--stress`.",
        "- Mutation proof: `fleetdb mutate` (`make mutate`, also run by `make test`) drops each",
        "  constraint, index or trigger, replaces each function by a no-op and grants each forbidden",
        "  privilege, one at a time in a clone of the deployed template, and reruns the invariant's",
        "  scenarios; a mutant no scenario kills fails the run (`reports/mutants.json`).",
    ]
    for module in modules:
        lines += ["", f"## {module}", ""]
        lines += md.table(
            ["id", "statement", "enforced by"],
            [
                [md.code(inv.id), inv.statement, md.lines(obj.describe() for obj in inv.enforced_by) or "—"]
                for inv in catalog
                if inv.module == module
            ],
        )
    return "\n".join(lines) + "\n"
