"""Every verify script fails for each object and property it claims to check (issue 13): the claims of
its ``shared.assert_*`` calls and of its DO blocks, each broken in turn in a deployed database."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fleetdb.catalog import snapshot_catalog
from fleetdb.databases import Database
from fleetdb.mutation.plan import SNAPSHOT_KINDS
from fleetdb.mutation.verify_scripts import check_claims, verify_claims

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def deployed(fleetdb_template: Database) -> Any:
    database = fleetdb_template.clone()
    conn = database.connect()
    yield conn
    conn.close()
    database.drop()


def test_every_verify_script_fails_for_each_property_it_claims(deployed: psycopg.Connection[Any]) -> None:
    """Per-column claims for the first column of each table only (``fleetdb mutate --verify-scripts``,
    run by ``make mutate``, checks every column)."""
    snapshot = snapshot_catalog(deployed, kinds=SNAPSHOT_KINDS)
    claims = verify_claims(REPO, snapshot, every_column=False)
    checks = Counter(claim.check.split("(")[0].split(" on ")[0] for claim in claims)
    assert {"assert_table", "assert_constraints", "assert_grants", "DO block"} <= set(checks), checks
    results = check_claims(deployed, REPO, claims)
    problems = [
        f"{r.change}: {r.check}: {r.property}: {r.verdict} ({r.detail})"
        for r in results
        if r.verdict != "detected"
    ]
    assert problems == []


_RELEASED_EXCLUSION_CHECK = (
    "AND pg_get_constraintdef(c.oid) LIKE 'EXCLUDE USING gist (vehicle_id WITH =, period WITH &&) "
    "WHERE %reserved%active%') THEN"
)


def test_a_verify_script_that_misses_a_property_is_reported(
    deployed: psycopg.Connection[Any], tmp_path: Path
) -> None:
    """The released rental_rentals verify compared the exclusion with LIKE: negating the predicate's
    ANY passed it. The checker names that claim; the current script detects it."""
    project = tmp_path / "project"
    for directory in ("deploy", "revert", "verify"):
        shutil.copytree(REPO / directory, project / directory)
    for name in ("sqitch.plan", "sqitch.conf"):
        shutil.copy(REPO / name, project / name)
    current = (REPO / "verify" / "rental_rentals.sql").read_text()
    start = current.index("AND pg_get_constraintdef(c.oid) =")
    end = current.index("THEN", start) + len("THEN")
    (project / "verify" / "rental_rentals.sql").write_text(
        current[:start] + _RELEASED_EXCLUSION_CHECK + current[end:]
    )
    snapshot = snapshot_catalog(deployed, kinds=SNAPSHOT_KINDS)
    claims = [c for c in verify_claims(project, snapshot) if c.check == "DO block on rentals_no_overlap_excl"]
    missed = {r.property for r in check_claims(deployed, project, claims) if r.verdict == "missed"}
    assert any("<> ANY" in claim for claim in missed), missed
    current_claims = [
        c for c in verify_claims(REPO, snapshot) if c.check == "DO block on rentals_no_overlap_excl"
    ]
    assert all(r.verdict == "detected" for r in check_claims(deployed, REPO, current_claims))


def test_a_column_grant_beyond_the_listed_privileges_fails_assert_grants(
    deployed: psycopg.Connection[Any],
) -> None:
    """The released assert_grants compared table privileges only; the reworked one sees columns."""
    with deployed.transaction(force_rollback=True):
        deployed.execute("GRANT UPDATE (event_type) ON rental.outbox_events TO fleetdb_relay")
        with (
            pytest.raises(psycopg.errors.RaiseException, match=r"extra UPDATE\(event_type\)"),
            deployed.transaction(),
        ):
            listed = "SELECT,UPDATE(published_at)"
            deployed.execute(
                "SELECT shared.assert_grants('rental.outbox_events', 'fleetdb_relay', %s)", (listed,)
            )


def test_the_released_assert_grants_misses_a_column_grant(released_db: Database) -> None:
    """The hole the rework closes, shown on a database at @v1.0: the same grant passes there."""
    with released_db.connect() as conn, conn.transaction(force_rollback=True):
        conn.execute("GRANT UPDATE (event_type) ON rental.outbox_events TO fleetdb_app")
        conn.execute("SELECT shared.assert_grants('rental.outbox_events', 'fleetdb_app', 'SELECT,INSERT')")
