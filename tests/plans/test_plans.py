"""The plan review on seeded data: every named path meets the plan rules at the test scale, and each
rule fails when it must (a sequential scan, an unused or missing index, a bad estimate)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fleetdb.cli import main
from fleetdb.errors import FleetdbError
from fleetdb.plans import ReadPath, Thresholds, load_paths, load_samples, review_paths
from fleetdb.plans.model import PathResult
from fleetdb.plans.review import judge, sample_params, walk
from tests.support.seeded import TEST_SEQ_SCAN_ROWS, SeededDatabase

THRESHOLDS = Thresholds(seq_scan_rows=TEST_SEQ_SCAN_ROWS)
PATHS = {path.name: path for path in load_paths()}


def test_every_path_has_an_expectation_and_samples() -> None:
    samples = load_samples()
    for path in PATHS.values():
        assert path.expect, f"{path.name} names no expected index"
        assert path.why, f"{path.name} does not say what it is for"
        assert path.sample_name in samples, f"{path.name} has no parameter sample in samples.sql"


def test_every_sample_serves_a_path_and_none_is_written_twice() -> None:
    samples = load_samples()
    assert set(samples) == {path.sample_name for path in PATHS.values()}, "a sample no path takes"
    by_text: dict[str, str] = {}
    for name, statement in samples.items():
        text = " ".join(statement.split())
        assert text not in by_text, f"samples {by_text.get(text)} and {name} are one query: share one"
        by_text[text] = name


def test_paths_that_take_the_same_parameters_share_one_sample() -> None:
    pages = {name for name, path in PATHS.items() if path.sample_name == "rental_pages"}
    assert pages == {"rentals_by_id", "payments_of_rentals", "charges_of_rentals", "refunds_of_rentals"}


def test_a_path_naming_a_sample_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    paths = tmp_path / "paths.sql"
    paths.write_text("-- name: probe\n-- expect: vehicles_pk\n-- sample: no_such_sample\nSELECT 1;\n")
    with pytest.raises(FleetdbError, match="probe names sample no_such_sample"):
        load_paths(paths)


def test_a_shared_sample_gives_each_of_its_paths_the_parameters(seeded: SeededDatabase) -> None:
    with seeded.database.connect() as conn:
        for name in ("rentals_by_id", "refunds_of_rentals"):
            (params,) = sample_params(conn, PATHS[name])
            assert len(params["rental_ids"]) == 20


def test_the_issue_s_paths_are_all_there() -> None:
    wanted = {
        "vehicles_available_at_location", "vehicle_current_odometer", "vehicle_readings_in_range",
        "customer_rentals", "rentals_overlapping_period_at_location", "vehicle_open_jobs",
        "account_balance_as_of", "lines_of_entries", "outbox_unpublished_rental", "inbox_lookup",
        "user_by_identity", "staff_by_role_and_location",
    }  # fmt: skip
    assert wanted <= set(PATHS)


@pytest.fixture(scope="module")
def reviewed(seeded: SeededDatabase) -> dict[str, PathResult]:
    with seeded.database.connect() as conn:
        return {result.name: result for result in review_paths(conn, THRESHOLDS)}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=pytest.mark.xfail(strict=True, reason=f"the schema lacks the index it needs: {path.needs}"),
        )
        if path.needs
        else name
        for name, path in PATHS.items()
    ],
)
def test_path_meets_the_plan_rules(name: str, reviewed: dict[str, PathResult]) -> None:
    result = reviewed[name]
    assert result.problems == [], f"{name}: {result.problems}\nplan: {result.shape}"


def test_a_path_that_needs_a_missing_index_says_which(reviewed: dict[str, PathResult]) -> None:
    for name, path in PATHS.items():
        if path.needs and path.needed_index:
            assert (
                any(f"{path.needed_index} does not exist" in p for p in reviewed[name].problems)
                or reviewed[name].ok
            )


def _review(conn: psycopg.Connection[Any], sql: str, expect: tuple[str, ...] = ()) -> PathResult:
    (result,) = review_paths(conn, THRESHOLDS, (ReadPath("probe", sql, expect),))
    return result


def test_a_sequential_scan_of_a_large_table_is_caught(seeded: SeededDatabase) -> None:
    with seeded.database.connect() as conn:
        result = _review(conn, "SELECT id FROM fleet.odometer_readings WHERE source = 'nonexistent'")
    assert any("sequential scan of fleet.odometer_readings" in p for p in result.problems), result.problems


def test_an_expected_index_the_plan_does_not_use_is_caught(seeded: SeededDatabase) -> None:
    with seeded.database.connect() as conn:
        result = _review(
            conn,
            "SELECT id FROM fleet.odometer_readings "
            "WHERE vehicle_id = (SELECT id FROM fleet.vehicles LIMIT 1)",
            ("odometer_readings_recorded_by_idx",),
        )
    assert any("odometer_readings_recorded_by_idx is not used" in p for p in result.problems), result.problems


def test_an_expected_index_that_does_not_exist_is_caught(seeded: SeededDatabase) -> None:
    with seeded.database.connect() as conn:
        result = _review(conn, "SELECT 1", ("no_such_idx",))
    assert result.problems == ["expected index no_such_idx does not exist"]


def test_a_bad_row_estimate_is_caught(seeded: SeededDatabase) -> None:
    # An expression the planner cannot see through: it guesses 0.5 % of the rows, all of them match.
    with seeded.database.connect() as conn:
        result = _review(conn, "SELECT id FROM fleet.odometer_readings WHERE length(md5(id::text)) = 32")
    assert any("estimated" in p and "actual" in p for p in result.problems), result.problems


# The rules on hand-written plans, without a database.
def _node(kind: str, rows: int = 1, actual: int = 1, **extra: Any) -> dict[str, Any]:
    return {"Node Type": kind, "Plan Rows": rows, "Actual Rows": actual, "Actual Loops": 1, **extra}


def _judge(
    root: dict[str, Any], expect: tuple[str, ...] = (), sizes: dict[str, float] | None = None
) -> PathResult:
    result = PathResult("probe", expect)
    index_tables = {"a_idx": {"s.big"}, "small_idx": {"s.small"}}
    judge(result, root, sizes or {"s.big": 50_000, "s.small": 10}, index_tables, Thresholds())
    return result


def test_a_seq_scan_of_a_small_table_is_allowed_and_its_index_not_required() -> None:
    result = _judge(_node("Seq Scan", Schema="s", **{"Relation Name": "small"}), ("small_idx",))
    assert result.problems == [] and result.notes


def test_an_index_name_of_several_schemas_is_judged_on_the_table_the_plan_reads() -> None:
    # Each module's outbox has an index of the same name: a small fleet outbox is read by a sequential
    # scan, rightly, while the rental outbox of the same index name is big.
    result = PathResult("probe", ("same_idx",))
    index_tables = {"same_idx": {"s.small", "s.big"}}
    sizes = {"s.big": 50_000, "s.small": 10}
    judge(
        result, _node("Seq Scan", Schema="s", **{"Relation Name": "small"}), sizes, index_tables, Thresholds()
    )
    assert result.problems == [] and result.notes
    result = PathResult("probe", ("same_idx",))
    judge(
        result, _node("Seq Scan", Schema="s", **{"Relation Name": "big"}), sizes, index_tables, Thresholds()
    )
    assert any("expected index same_idx is not used" in p for p in result.problems)


def test_a_seq_scan_of_a_big_table_fails() -> None:
    result = _judge(_node("Seq Scan", Schema="s", **{"Relation Name": "big"}))
    assert result.problems and "s.big" in result.problems[0]


def test_an_unbounded_index_scan_reading_many_rows_fails_but_not_under_a_limit() -> None:
    whole = _node("Index Scan", rows=50_000, actual=50_000, **{"Index Name": "a_idx", "Schema": "s"})
    assert any("unbounded scan of index a_idx" in p for p in _judge(whole, ("a_idx",)).problems)
    page = _node(
        "Limit",
        rows=50,
        actual=50,
        Plans=[_node("Index Scan", rows=50_000, actual=50, **{"Index Name": "a_idx"})],
    )
    assert _judge(page, ("a_idx",)).problems == []


def test_estimates_below_a_limit_or_inside_an_anti_join_are_not_judged() -> None:
    early = _node(
        "Index Scan", rows=5_000, actual=1, **{"Index Name": "a_idx", "Parent Relationship": "Inner"}
    )
    outer = _node(
        "Index Scan", rows=100, actual=100, **{"Index Name": "a_idx", "Parent Relationship": "Outer"}
    )
    anti = _node("Nested Loop", rows=100, actual=100, **{"Join Type": "Anti", "Plans": [outer, early]})
    root = _node(
        "Limit",
        rows=1,
        actual=1,
        Plans=[_node("Index Scan", rows=9_000, actual=1, **{"Index Name": "a_idx"})],
    )
    assert _judge(anti, ("a_idx",)).problems == []
    assert _judge(root, ("a_idx",)).problems == []
    assert [v.counts_complete for v in walk(anti)] == [True, True, False]
    hashed = _node("Hash Join", rows=100, actual=100, **{"Join Type": "Anti", "Plans": [outer, early]})
    assert [v.counts_complete for v in walk(hashed)] == [True, True, True]


def test_a_cte_counts_only_when_its_readers_read_it_whole() -> None:
    """A recursive walk below a Limit stops when the Limit does: its guessed count is not held to the
    estimate rule; the same CTE read whole by a Sort is."""
    walk_cte = _node(
        "Recursive Union",
        rows=101,
        actual=3,
        **{"Parent Relationship": "InitPlan", "Subplan Name": "CTE onward", "Plans": [_node("Result")]},
    )

    def root(reader: str) -> dict[str, Any]:
        scan = _node("CTE Scan", rows=101, actual=3, **{"CTE Name": "onward"})
        return _node(
            "Sort", rows=3, actual=3, Plans=[walk_cte, _node(reader, rows=3, actual=3, Plans=[scan])]
        )

    assert [v.counts_complete for v in walk(root("Limit"))][:2] == [True, False]
    assert _judge(root("Limit")).problems == []
    assert [v.counts_complete for v in walk(root("Sort"))][:2] == [True, True]
    assert any("Recursive Union: estimated 101 rows" in p for p in _judge(root("Sort")).problems)


def test_a_complete_count_far_from_its_estimate_fails() -> None:
    result = _judge(_node("Index Scan", rows=10, actual=5_000, **{"Index Name": "a_idx"}), ("a_idx",))
    assert len(result.problems) == 1 and "estimated 10 rows, actual 5,000" in result.problems[0]


def test_alternative_indexes_satisfy_an_expectation() -> None:
    result = _judge(_node("Index Scan", **{"Index Name": "a_idx"}), ("other_idx|a_idx",))
    assert result.problems == []


def test_fleetdb_plans_on_a_target_writes_both_reports(
    seeded: SeededDatabase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FLEETDB_REPORTS", str(tmp_path))
    status = main(
        ["plans", "--target", seeded.database.conninfo(), "--seq-scan-rows", str(TEST_SEQ_SCAN_ROWS)]
    )
    document = json.loads((tmp_path / "plans.json").read_text())
    markdown = (tmp_path / "plans.md").read_text()
    names = {path["name"] for path in document["paths"]}
    assert names == set(PATHS)
    assert status == (0 if document["ok"] else 1)
    assert "| ✓ | `vehicle_current_odometer` | odometer_readings_vehicle_id_read_at_idx" in markdown
    out = capsys.readouterr().out
    assert "plans.md" in out and "paths" in out


@pytest.mark.invariant("ACCT-DAY-TOTALS")
def test_the_balance_from_day_totals_is_the_sum_of_the_lines(seeded: SeededDatabase) -> None:
    """account_balance_as_of reads accounting.account_day_totals; what it computes is still the sum of the
    account's journal lines up to the day, for every sampled account and day of the seeded data."""
    path = PATHS["account_balance_as_of"]
    lines = path.sql.replace("accounting.account_day_totals", "accounting.journal_lines")
    assert lines != path.sql
    with seeded.database.connect() as conn:
        samples = sample_params(conn, path, 40)
        compared = [
            (params, conn.execute(path.sql, params).fetchall(), conn.execute(lines, params).fetchall())
            for params in samples
        ]
    assert len(compared) == 40
    assert [c for c in compared if c[1] != c[2]] == []
    assert any(c[1] != [(0,)] for c in compared)
