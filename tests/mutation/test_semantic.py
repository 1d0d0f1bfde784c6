"""The semantic generator over the deployed schema: enough mutants, every operator of issue 13, every
mutant valid DDL that changes the object, every expression of every enforcing function found."""

from __future__ import annotations

from collections import Counter
from typing import Any

import psycopg
import pytest

from fleetdb.catalog import snapshot_catalog
from fleetdb.invariants.catalog import load_catalog
from fleetdb.mutation import semantic
from fleetdb.mutation import sql_operators as ops
from fleetdb.mutation.model import Mutant
from fleetdb.mutation.plan import SNAPSHOT_KINDS
from fleetdb.mutation.plpgsql import identity, splice
from fleetdb.mutation.sample import ci_sample

OPERATORS_OF_ISSUE_13 = {
    ops.FLIP,
    ops.DROP_CONJUNCT,
    ops.DROP_DISJUNCT,
    ops.DROP_ELEMENT,
    ops.WEAKEN_LOCK,
    ops.CONSTANT,
    ops.SWAP_INSERT_COLUMNS,
    semantic.DROP_TRIGGER_EVENT,
    semantic.DROP_UPDATE_OF_COLUMN,
    semantic.FLIP_DEFERRABLE,
    semantic.NARROW_FOREIGN_KEY,
    semantic.WIDEN_GRANT_PRIVILEGE,
    semantic.WIDEN_GRANT_COLUMN,
    semantic.DROP_SEARCH_PATH,
}


@pytest.fixture(scope="module")
def mutants(db_snapshot: Any) -> list[Mutant]:
    return semantic.semantic_mutants(load_catalog(), db_snapshot)


@pytest.fixture(scope="module")
def db_snapshot(_rollback_connection: psycopg.Connection[Any]) -> Any:
    return snapshot_catalog(_rollback_connection, kinds=SNAPSHOT_KINDS)


def test_at_least_300_mutants_of_every_operator(mutants: list[Mutant]) -> None:
    operators = Counter(m.operator for m in mutants)
    assert len(mutants) >= 300, operators
    # Since v1.1 the event triggers insert with INSERT ... SELECT (no VALUES row to swap in) and the
    # enforcing functions serialise by writing guard rows, not by row locks (no locking clause to weaken):
    # those two operators are shown on their own in test_operators.py.
    expected = OPERATORS_OF_ISSUE_13 - {ops.SWAP_INSERT_COLUMNS, ops.WEAKEN_LOCK}
    assert set(operators) >= expected, expected - set(operators)


def test_every_mutant_is_valid_ddl_and_distinct(db: psycopg.Connection[Any], mutants: list[Mutant]) -> None:
    failures = []
    for mutant in mutants:
        try:
            with db.transaction(force_rollback=True):
                for statement in mutant.statements:
                    db.execute(statement.encode())
        except psycopg.Error as error:
            failures.append(f"{mutant.mutation}: {error.sqlstate} {error}".splitlines()[0])
    assert failures == []
    assert len({m.statements for m in mutants}) == len({m.id for m in mutants}) == len(mutants)


def test_every_enforcing_function_round_trips_through_the_parser(
    db: psycopg.Connection[Any], db_snapshot: Any
) -> None:
    """Each expression of each function found in its body and deparsed unchanged: the body with every
    site rewritten by the deparser compiles, so a mutant differs from the original by its edit only."""
    functions = {m.target.split(" ", 1)[1] for m in semantic.semantic_mutants(load_catalog(), db_snapshot)}
    functions = {f for f in functions if db_snapshot.get("function", f) is not None}
    assert len(functions) >= 10
    for key in sorted(functions):
        props = db_snapshot.get("function", key)
        body = str(props["body"])
        segments = semantic.function_segments(props)
        for segment in reversed(segments):  # from the end, so earlier offsets stay valid
            body = splice(body, segment, identity(segment))
        definition = str(props["definition"]).replace(str(props["body"]), body, 1)
        with db.transaction(force_rollback=True):
            db.execute(definition.encode())


def test_the_ci_sample_is_a_fixed_third_of_every_invariant_and_operator(mutants: list[Mutant]) -> None:
    sample = ci_sample(mutants)
    assert sample == ci_sample(list(reversed(mutants)))[::-1]
    assert len(sample) * 3 >= len(mutants)
    groups = Counter((m.invariant, m.operator) for m in mutants)
    sampled = Counter((m.invariant, m.operator) for m in sample)
    assert all(sampled[group] * 3 >= count for group, count in groups.items())
