"""Each mutation operator makes the edit it names, at every site it applies to, and nothing else."""

from __future__ import annotations

from typing import Any

from pglast import parse_sql

from fleetdb.mutation import sql_operators as ops
from fleetdb.mutation.plpgsql import identity, plpgsql_segments, splice


def _mutants(statement: str, **kwargs: Any) -> dict[str, list[str]]:
    root = parse_sql(statement)[0].stmt
    found: dict[str, list[str]] = {}
    for edit in ops.edits(root, **kwargs):
        found.setdefault(edit.operator, []).append(ops.apply(root, edit))
    assert ops.deparse(root) == ops.deparse(parse_sql(statement)[0].stmt), "apply() must restore the tree"
    return found


def test_relational_operators_flip_to_their_near_miss() -> None:
    found = _mutants("SELECT 1 WHERE a < b AND c >= d AND e = f AND g && h")
    assert found[ops.FLIP] == [
        "SELECT 1 WHERE a <= b AND c >= d AND e = f AND g && h",
        "SELECT 1 WHERE a < b AND c > d AND e = f AND g && h",
        "SELECT 1 WHERE a < b AND c >= d AND e <> f AND g && h",
        "SELECT 1 WHERE a < b AND c >= d AND e = f AND g @> h",
    ]


def test_each_conjunct_and_disjunct_is_dropped_once() -> None:
    found = _mutants("SELECT 1 WHERE a AND (b OR c)")
    assert found[ops.DROP_CONJUNCT] == ["SELECT 1 WHERE b OR c", "SELECT 1 WHERE a"]
    assert found[ops.DROP_DISJUNCT] == ["SELECT 1 WHERE a AND c", "SELECT 1 WHERE a AND b"]


def test_list_elements_are_removed_one_at_a_time_and_in_is_negated() -> None:
    found = _mutants("SELECT 1 WHERE s IN ('a', 'b') AND t = ANY (ARRAY['x', 'y'])")
    assert found[ops.DROP_ELEMENT] == [
        "SELECT 1 WHERE s IN ('b') AND t = ANY(ARRAY['x', 'y'])",
        "SELECT 1 WHERE s IN ('a') AND t = ANY(ARRAY['x', 'y'])",
        "SELECT 1 WHERE s IN ('a', 'b') AND t = ANY(ARRAY['y'])",
        "SELECT 1 WHERE s IN ('a', 'b') AND t = ANY(ARRAY['x'])",
    ]
    assert found[ops.NEGATE_IN] == ["SELECT 1 WHERE s NOT IN ('a', 'b') AND t = ANY(ARRAY['x', 'y'])"]


def test_locks_weaken_one_step_and_to_none() -> None:
    assert _mutants("SELECT 1 FROM t FOR UPDATE")[ops.WEAKEN_LOCK] == [
        "SELECT 1 FROM t FOR SHARE",
        "SELECT 1 FROM t",
    ]
    assert _mutants("SELECT 1 FROM t FOR NO KEY UPDATE")[ops.WEAKEN_LOCK] == [
        "SELECT 1 FROM t FOR KEY SHARE",
        "SELECT 1 FROM t",
    ]


def test_constants_move_by_one_but_a_limit_only_down() -> None:
    found = _mutants("SELECT 1 FROM t WHERE n > 2 LIMIT 1")
    assert found[ops.CONSTANT] == [
        "SELECT 0 FROM t WHERE n > 2 LIMIT 1",
        "SELECT 2 FROM t WHERE n > 2 LIMIT 1",
        "SELECT 1 FROM t WHERE n > 1 LIMIT 1",
        "SELECT 1 FROM t WHERE n > 3 LIMIT 1",
        "SELECT 1 FROM t WHERE n > 2 LIMIT 0",
    ]


def test_range_bounds_swap_and_same_typed_insert_values_swap() -> None:
    assert _mutants("SELECT lower(p)")[ops.SWAP_BOUND] == ["SELECT upper(p)"]
    types = {"s.t": {"a": "text", "b": "text", "c": "uuid"}}
    found = _mutants("INSERT INTO s.t (a, b, c) VALUES ('x', 'y', z)", insert_column_types=types)
    assert found[ops.SWAP_INSERT_COLUMNS] == ["INSERT INTO s.t (a, b, c) VALUES ('y', 'x', z)"]


_FUNCTION = """CREATE OR REPLACE FUNCTION s.f()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    row_found s.t%ROWTYPE;
    n int;
BEGIN
    SELECT * INTO STRICT row_found FROM s.t WHERE id = NEW.id FOR UPDATE;
    PERFORM FROM s.u WHERE id = NEW.u_id FOR NO KEY UPDATE;
    n := NEW.x + 1;
    IF n > 2 THEN
        RAISE EXCEPTION 'too big: %', n + 1;
    END IF;
    RETURN NEW;
END
$function$"""


def test_plpgsql_statements_are_found_and_rebuilt_with_into_and_perform() -> None:
    body = _FUNCTION.split("$function$")[1]
    segments = plpgsql_segments(_FUNCTION, body)
    # The RAISE's argument only shapes a message: not a site. RETURN NEW names a record: no expression.
    assert [s.kind for s in segments] == ["statement", "statement", "assignment", "expression"]
    assert [identity(s) for s in segments] == [
        "SELECT * INTO STRICT row_found FROM s.t WHERE id = new.id FOR UPDATE",
        "PERFORM FROM s.u WHERE id = new.u_id FOR NO KEY UPDATE",
        "n := new.x + 1",
        "n > 2",
    ]
    first = segments[0]
    root = first.tree()
    weakened = [ops.apply(root, e) for e in ops.edits(root) if e.operator == ops.WEAKEN_LOCK]
    rebuilt = splice(body, first, first.rebuild(weakened[0]))
    assert "SELECT * INTO STRICT row_found FROM s.t WHERE id = new.id FOR SHARE;" in rebuilt
    assert rebuilt.count("PERFORM FROM s.u") == 1
