"""The application role holds exactly its privileges on every table that an invariant lives on: each
table privilege, and each column's (a column-level grant such as UPDATE (amount_minor) does not show in
``has_table_privilege``). Tagged with every invariant whose enforcing objects sit on the table, so that a
grant widened by one privilege or one column is killed by the invariants it would let the role bypass."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from fleetdb.invariants.catalog import load_catalog

APP = "fleetdb_app"
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
COLUMN_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "REFERENCES")

# What the application needs, written down independently of the deploy scripts' GRANTs.
EXPECTED: dict[str, set[str]] = {
    "iam.users": {"SELECT", "INSERT", "UPDATE"},
    "iam.external_identities": {"SELECT", "INSERT", "DELETE"},
    "iam.staff_profiles": {"SELECT", "INSERT", "UPDATE"},
    "iam.inbox_processed_messages": {"SELECT", "INSERT"},
    "fleet.vehicles": {"SELECT", "INSERT", "UPDATE"},
    "fleet.vehicle_guards": set(),  # written only by the SECURITY DEFINER checks
    "fleet.odometer_readings": {"SELECT", "INSERT"},
    "fleet.odometer_corrections": {"SELECT", "INSERT"},
    "fleet.inbox_processed_messages": {"SELECT", "INSERT"},
    "rental.customers": {"SELECT", "INSERT", "UPDATE"},
    "rental.rentals": {"SELECT", "INSERT", "UPDATE"},
    "rental.charges": {"SELECT", "INSERT"},
    "rental.payments": {"SELECT", "INSERT"},
    "rental.refunds": {"SELECT", "INSERT"},
    "rental.refund_totals": {"SELECT"},  # kept by the refund check
    "rental.inbox_processed_messages": {"SELECT", "INSERT"},
    "maintenance.jobs": {"SELECT", "INSERT", "UPDATE"},
    "maintenance.job_parts": {"SELECT", "INSERT", "UPDATE", "DELETE"},
    "maintenance.job_labour": {"SELECT", "INSERT", "UPDATE", "DELETE"},
    "maintenance.inbox_processed_messages": {"SELECT", "INSERT"},
    "accounting.journal_entries": {"SELECT"},
    "accounting.journal_lines": {"SELECT"},
    "accounting.inbox_processed_messages": {"SELECT", "INSERT"},
    "accounting.accounts": {"SELECT"},
    "iam.roles": {"SELECT"},
    "iam.permissions": {"SELECT"},
    "rental.locations": {"SELECT"},
    "shared.currencies": {"SELECT"},
    "shared.previous_owners": set(),
    # The triggers write events (SECURITY DEFINER); the relay role, not the application, marks them.
    **{
        f"{module}.outbox_events": {"SELECT"}
        for module in ("iam", "fleet", "rental", "maintenance", "accounting")
    },
}
# Column-level privileges on top of the table privileges (none today).
EXPECTED_COLUMNS: dict[str, set[str]] = {}


def _invariants_on(table: str) -> list[str]:
    return [
        inv.id
        for inv in load_catalog()
        if any(
            obj.table in (table, table.split(".")[-1]) for obj in inv.enforced_by if obj.kind != "function"
        )
    ]


def _cases() -> list[Any]:
    return [
        pytest.param(
            table, privileges, marks=[pytest.mark.invariant(i) for i in _invariants_on(table)], id=table
        )
        for table, privileges in EXPECTED.items()
    ]


@pytest.mark.parametrize(("table", "expected"), _cases())
def test_the_application_role_holds_exactly_its_privileges(
    db: psycopg.Connection[Any], table: str, expected: set[str]
) -> None:
    held = {
        privilege
        for privilege in TABLE_PRIVILEGES
        if db.execute("SELECT has_table_privilege(%s, %s, %s)", (APP, table, privilege)).fetchone() == (True,)
    }
    assert held == expected, f"{APP} on {table}: extra {held - expected}, missing {expected - held}"
    columns = db.execute(
        "SELECT a.attname, p.privilege FROM pg_attribute AS a CROSS JOIN unnest(%s::text[]) AS p(privilege)"
        " WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped"
        "   AND has_column_privilege(%s, a.attrelid, a.attnum, p.privilege)",
        (list(COLUMN_PRIVILEGES), table, APP),
    ).fetchall()
    extra = {f"{privilege} ({column})" for column, privilege in columns if privilege not in expected}
    want = EXPECTED_COLUMNS.get(table, set())
    assert extra == want, (
        f"{APP} on {table}: column-level privileges beyond its table privileges: {sorted(extra)}"
    )


def test_every_table_an_invariant_lives_on_is_listed() -> None:
    tables = {
        obj.table
        for inv in load_catalog()
        for obj in inv.enforced_by
        if obj.kind != "function" and obj.table and "." in obj.table
    }
    assert tables - set(EXPECTED) == set()
