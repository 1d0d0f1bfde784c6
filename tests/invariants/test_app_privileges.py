"""The application role and the relay role hold exactly their privileges on every table that an
invariant lives on: each table privilege, and each column's (a column-level grant such as
UPDATE (amount_minor) does not show in ``has_table_privilege``). Tagged with every invariant whose
enforcing objects sit on the table, so that a grant widened by one privilege or one column is killed by
the invariants it would let the role bypass."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from fleetdb.invariants.catalog import load_catalog

APP = "fleetdb_app"
RELAY = "fleetdb_relay"
OUTBOXES = tuple(
    f"{module}.outbox_events" for module in ("iam", "fleet", "rental", "maintenance", "accounting")
)
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
    "maintenance.job_cost_totals": {"SELECT"},  # kept by the parts and labour triggers
    "maintenance.inbox_processed_messages": {"SELECT", "INSERT"},
    "accounting.journal_entries": {"SELECT"},
    "accounting.journal_lines": {"SELECT"},
    "accounting.account_day_totals": {"SELECT"},  # kept by the posting's trigger
    "accounting.inbox_processed_messages": {"SELECT", "INSERT"},
    "accounting.accounts": {"SELECT"},
    "iam.roles": {"SELECT"},
    "iam.permissions": {"SELECT"},
    "rental.locations": {"SELECT"},
    "shared.currencies": {"SELECT"},
    "shared.previous_owners": set(),
    # The triggers write events (SECURITY DEFINER); the relay role, not the application, marks them.
    **{outbox: {"SELECT"} for outbox in OUTBOXES},
}
# Column-level privileges on top of the table privileges (none today).
EXPECTED_COLUMNS: dict[str, set[str]] = {}
# The relay reads the outboxes and marks events published; it holds nothing else on any table.
RELAY_EXPECTED: dict[str, set[str]] = {table: set() for table in EXPECTED} | {o: {"SELECT"} for o in OUTBOXES}
RELAY_EXPECTED_COLUMNS: dict[str, set[str]] = {o: {"UPDATE (published_at)"} for o in OUTBOXES}
ROLES = {APP: (EXPECTED, EXPECTED_COLUMNS), RELAY: (RELAY_EXPECTED, RELAY_EXPECTED_COLUMNS)}


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
            role,
            table,
            privileges,
            marks=[pytest.mark.invariant(i) for i in _invariants_on(table)],
            id=f"{role}:{table}",
        )
        for role, (expected, _) in ROLES.items()
        for table, privileges in expected.items()
    ]


@pytest.mark.parametrize(("role", "table", "expected"), _cases())
def test_the_role_holds_exactly_its_privileges(
    db: psycopg.Connection[Any], role: str, table: str, expected: set[str]
) -> None:
    held = {
        privilege
        for privilege in TABLE_PRIVILEGES
        if db.execute("SELECT has_table_privilege(%s, %s, %s)", (role, table, privilege)).fetchone()
        == (True,)
    }
    assert held == expected, f"{role} on {table}: extra {held - expected}, missing {expected - held}"
    columns = db.execute(
        "SELECT a.attname, p.privilege FROM pg_attribute AS a CROSS JOIN unnest(%s::text[]) AS p(privilege)"
        " WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped"
        "   AND has_column_privilege(%s, a.attrelid, a.attnum, p.privilege)",
        (list(COLUMN_PRIVILEGES), table, role),
    ).fetchall()
    extra = {f"{privilege} ({column})" for column, privilege in columns if privilege not in expected}
    want = ROLES[role][1].get(table, set())
    assert extra == want, (
        f"{role} on {table}: column-level privileges beyond its table privileges: {sorted(extra)}"
    )


def test_every_table_an_invariant_lives_on_is_listed() -> None:
    tables = {
        obj.table
        for inv in load_catalog()
        for obj in inv.enforced_by
        if obj.kind != "function" and obj.table and "." in obj.table
    }
    assert tables - set(EXPECTED) == set()
