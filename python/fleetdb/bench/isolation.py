"""Row 1: what test isolation costs per test — rollback, a clone of the template, a fresh sqitch deploy."""

from __future__ import annotations

from fleetdb.bench.core import median_ms
from fleetdb.bench.model import BenchRow
from fleetdb.databases import Database
from fleetdb.lab import Lab


def _rollback_cost(template: Database, repeats: int) -> float:
    database = template.clone()
    try:
        with database.connect() as conn:
            conn.execute("SELECT 1")

            def one_test() -> None:
                with conn.transaction(force_rollback=True):
                    conn.execute("SELECT 1")

            return median_ms(one_test, repeats, warmup=20)
    finally:
        database.drop()


def _clone_cost(template: Database, repeats: int) -> float:
    return median_ms(lambda: template.clone().drop(), repeats, warmup=2)


def _deploy_cost(template: Database, lab: Lab, repeats: int) -> float:
    def deploy_per_test() -> None:
        database = lab.database("fleetdb_bench_deploy").create()
        try:
            lab.sqitch(database).deploy(verify=True)
        finally:
            database.drop()

    return median_ms(deploy_per_test, repeats, warmup=0)


def isolation_rows(template: Database, lab: Lab, quick: bool = False) -> tuple[list[BenchRow], float]:
    """The three costs per test; returns the rows and the per-test deploy cost (the naive baseline)."""
    deploy = _deploy_cost(template, lab, 1 if quick else 3)
    rollback = _rollback_cost(template, 200 if quick else 2000)
    clone = _clone_cost(template, 5 if quick else 30)
    rows = [
        BenchRow(
            "isolation: transaction rollback per test",
            rollback,
            deploy,
            rollback / deploy,
            "≤ 1 ms",
            rollback <= 1.0,
            note="median of BEGIN; SELECT 1; ROLLBACK; baseline is a fresh sqitch deploy per test",
        ),
        BenchRow(
            "isolation: fresh database cloned from the template",
            clone,
            deploy,
            clone / deploy,
            "≤ 50 ms median",
            clone <= 50.0,
            note="CREATE DATABASE … TEMPLATE, then DROP DATABASE",
        ),
        BenchRow(
            "isolation: fresh sqitch deploy per test (naive baseline)",
            deploy,
            None,
            None,
            "baseline",
            None,
            note="CREATE DATABASE, sqitch deploy --verify of the whole plan, DROP DATABASE",
        ),
    ]
    return rows, deploy
