"""The shared core: every assertion has a failing case, the snapshot cache, and the failure's renderings."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from rich.console import Console

import fleetdb.contract
from fleetdb.contract import ContractFailure, catalog, has_table, hasnt_table, refresh
from tests.contract import (
    test_columns,
    test_constraints,
    test_existence,
    test_indexes,
    test_lists,
    test_privileges,
    test_results_exceptions_plans,
    test_triggers_functions,
)

NOT_ASSERTIONS = {"CatalogSource", "ContractFailure", "catalog", "refresh"}


def test_every_assertion_has_a_case_where_it_must_fail() -> None:
    modules = [
        test_columns,
        test_constraints,
        test_existence,
        test_indexes,
        test_lists,
        test_privileges,
        test_results_exceptions_plans,
        test_triggers_functions,
    ]
    failing = {fn.__name__ for module in modules for fn, _, _, fragments in module.CASES if fragments}
    assertions = set(fleetdb.contract.__all__) - NOT_ASSERTIONS
    assert assertions - failing == set(), "assertions without a failing case"


def test_a_connection_snapshot_is_reused_within_a_transaction(ct: psycopg.Connection[Any]) -> None:
    assert catalog(ct) is catalog(ct)


def test_refresh_sees_ddl_done_after_the_snapshot(ct: psycopg.Connection[Any]) -> None:
    with ct.transaction(force_rollback=True):
        ct.execute("CREATE TABLE ct.late (id int)")
        with pytest.raises(ContractFailure):
            has_table(ct, "ct.late")  # the cached snapshot predates the table
        refresh(ct)
        has_table(ct, "ct.late")
    refresh(ct)  # rolling back a savepoint does not change the transaction, so the cache cannot tell
    hasnt_table(ct, "ct.late")


def test_a_new_transaction_takes_a_new_snapshot(fleetdb_template: Any) -> None:
    database = fleetdb_template.clone()
    try:
        with database.connect(autocommit=True) as conn:
            hasnt_table(conn, "public.made_later")
            conn.execute("CREATE TABLE public.made_later (id int)")
            has_table(conn, "public.made_later")
            conn.execute("SELECT 1")  # the snapshot left search_path alone
            conn.execute("CREATE TABLE unqualified_is_public (id int)")
            has_table(conn, "public.unqualified_is_public")
    finally:
        database.drop()


def test_a_failure_renders_for_people_for_rich_and_for_tap() -> None:
    failure = ContractFailure("table s.t", "Table s.t should exist", [("have", ["a", "b"]), ("want", None)])
    assert str(failure) == "Table s.t should exist\nobject: table s.t\n  have: [a, b]\n  want: (none)"
    assert failure.diagnostics() == {
        "message": "Table s.t should exist",
        "object": "table s.t",
        "have": "[a, b]",
        "want": "(none)",
    }
    console = Console(width=80, record=True, color_system=None)
    console.print(failure)
    assert "have: [a, b]" in console.export_text()
    assert isinstance(failure, AssertionError)
