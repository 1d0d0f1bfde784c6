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
        "- Mutation proof: `fleetdb mutate` takes each enforcing object away (removal mutants) and",
        "  weakens it at one site of its parsed SQL (semantic mutants), one mutant at a time in a clone of",
        "  the deployed template, and reruns the invariant's scenarios; see below.",
        "- Verify scripts: `tests/mutation/test_verify_scripts.py` breaks, one at a time, every object and",
        "  property each verify script claims to check, and requires the script to fail.",
        "- The harness itself: `fleetdb mutate --harness` blinds the contract library, the catalog diff and",
        "  the rehearsal's judges one site at a time and requires their own tests to fail; see below.",
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
    return "\n".join([*lines, "", *MUTATION_SECTION]) + "\n"


MUTATION_SECTION = [
    "## Reading the mutation report",
    "",
    "A mutant is one small change to the deployed schema, made in a clone of the template with nothing",
    "else changed; the scenarios tagged with the enforcing object's invariants then run against it. A",
    "scenario that fails kills the mutant. A mutant that survives is a change of behaviour no scenario",
    "notices: the rule is weaker than its tests say.",
    "",
    "- Removal mutants (operator `remove`): each constraint, index or trigger of `catalog.toml` dropped,",
    "  each function replaced by a no-op, each forbidden privilege granted.",
    "- Semantic mutants (`fleetdb.mutation.semantic`): the definitions are read from the deployed",
    "  catalog (`pg_get_functiondef`, `pg_get_constraintdef`, `pg_get_triggerdef`, `pg_get_indexdef`),",
    "  parsed with PostgreSQL's own parser (pglast, SQL and PL/pgSQL), changed by one operator at one",
    "  site and deparsed: a relational operator flipped to its near miss (`<`/`<=`, `=`/`<>`,",
    "  `&&`/`@>`), one conjunct or disjunct of a CHECK, WHERE, WHEN or IF condition dropped, a NOT",
    "  dropped, one element of an IN list or ARRAY removed, IN negated, a row lock weakened one step or",
    "  removed, an integer constant moved by one, `lower`/`upper` of a range swapped, two same-typed",
    "  values of a trigger function's INSERT swapped, an event or an `UPDATE OF` column removed from a",
    "  trigger, DEFERRABLE INITIALLY DEFERRED flipped, a column pair removed from a composite foreign",
    "  key or a column from a composite key, an exclusion operator flipped, `lower()` dropped from an",
    "  index expression, `SET search_path` reset, and the application role's grant on a table widened",
    "  by one privilege or one column. A trigger's function counts as enforcing with its trigger.",
    "",
    "`reports/mutants.json` holds one entry per mutant: `invariant` (it is counted under; `also` lists",
    "the other invariants whose scenarios ran), `target` (the object), `operator`, `before` and `after`",
    "(the site), `outcome` and `detail` (the scenario that killed it, or why it is not killed). The",
    "invariant report (`reports/invariants.md`) shows per invariant `killed/not equivalent` mutants and",
    "a table of mutants by operator: killed, equivalent, survived. The kill rate is over the",
    "non-equivalent mutants.",
    "",
    "Outcomes:",
    "",
    "- `killed`: a tagged scenario failed (named in `detail`).",
    "- `equivalent`: the mutant survived and is listed in `python/fleetdb/mutation/equivalents.toml`",
    "  with the reason it cannot change behaviour (reviewed like code; never skipped: it runs, and if a",
    "  scenario ever kills it the entry is stale and the run fails).",
    "- `survived`: no scenario failed. A survivor listed in `python/fleetdb/mutation/survivors.toml`",
    "  (with the scenario that is missing) is a known debt: it is reported as survived, never as",
    "  killed, and does not fail the run; any other survivor fails it. A listed survivor that gets",
    "  killed fails the run until its entry is removed, so the list only shrinks.",
    "- `not applied`: the mutated DDL was rejected; a generator defect, and it fails the run.",
    "",
    "What to do with a survivor: write the scenario a careful tester would have written (both sides",
    "of a bound, every status, every UPDATE path into the rule's scope, the exact content of an event),",
    "tag it with the invariant, and rerun `fleetdb mutate --survivors-of reports/mutants.json`. Only if",
    "the mutant cannot change behaviour, list it in `equivalents.toml` with the reason.",
    "",
    "Where the mutants run: `make mutate` runs all of them. `fleetdb mutate --sample` runs every",
    "removal mutant and a fixed sample of the semantic ones: within each invariant and operator, the",
    "mutants sorted by id and every third taken, starting with the first (`fleetdb.mutation.sample`).",
    "That is at least a third of every group, the same selection on every run of the same schema, and",
    "every operator of every invariant represented. A mutant's id is its object, operator and a hash of",
    "its statements: it changes only when the definition does. The sample does not run the listed",
    "mutants (reviewed equivalents, known survivors): it reports them as listed, and `make mutate`,",
    "which runs them all, is where a stale entry shows. `make test` (CI) runs every removal mutant and",
    "no semantic one: the sample is over 300 mutants, about ten minutes on two cores, far beyond the",
    "half minute `make test` can spend on it; `make mutate` runs every mutant, and a CI job that can",
    "afford ten minutes runs `fleetdb mutate --sample` (docs/benchmarks.md has the measured cost).",
    "Mutants run two at a time (`--jobs`), each in its own clone, each running only the test files",
    "that hold scenarios of its invariants, in pytest processes forked from one that imported pytest",
    "once; the rate, in mutants per minute, is printed at the end of the run.",
    "",
    "Harness meta-mutants (`fleetdb mutate --harness`, `fleetdb.mutation.harness`): the modules that",
    "judge (the contract library, the catalog diff, the rehearsal's data judge) are changed one site at",
    "a time at the Python AST level (one property of a literal list dropped, one `append` of a finding",
    "removed, a comparison flipped, one operand of `and`/`or` dropped), and each module's own tests run",
    "against a copy of the package with the one file changed. Outcomes as above, with the reviewed list",
    "`python/fleetdb/mutation/harness_equivalents.toml` (a mutant that cannot change what the harness",
    "reports, with the reason): an unlisted survivor, a listed mutant that is killed and a listed id no",
    "meta-mutant has any more all fail the run. A meta-mutant's id is its module, the top-level",
    "definition holding the site, the operator and a hash of that definition as mutated: an edit",
    "elsewhere in the module keeps it (`tests/mutation/test_harness.py` fails when a listed id is no",
    "longer generated). Each run writes `reports/harness-mutants.json`; after adding tests, rerun only",
    "what was not killed: `fleetdb mutate --harness --survivors-of reports/harness-mutants.json`.",
    "`make mutate` runs them all.",
]
