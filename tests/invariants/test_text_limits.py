"""Every text column has a documented length limit. The limits table of docs/db/conventions.md ("Text
limits") is the expectation: for each of its rows a value of exactly the limit is written (accepted) and
one of a character more (refused by the object the table names); a text column of the schema that the
table does not list fails, and so does a listed column the schema does not have."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from psycopg import sql

from tests.support.world import World, period, violates

MODULES = ("iam", "fleet", "rental", "maintenance", "accounting")
APPEND_ONLY = {
    "fleet.odometer_readings",
    "fleet.odometer_corrections",
    "rental.charges",
    "rental.payments",
    "rental.refunds",
    "accounting.journal_entries",
    "accounting.journal_lines",
}
_ROW = re.compile(r"^\| `(?P<column>[^`]+)` \| (?P<limit>\d+) \| (?P<enforced>[^|]+) \|")


@dataclass(frozen=True)
class Limit:
    table: str
    column: str
    limit: int
    enforced_by: str | None  # the constraint or trigger that refuses limit + 1; None: the type (22001)

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column}"

    @property
    def invariant(self) -> str:
        schema, table = self.table.split(".")
        if table in ("outbox_events", "inbox_processed_messages"):
            return "INTEG-TEXT-BOUNDED"
        return {
            "iam": "IAM-TEXT-BOUNDED",
            "fleet": "FLEET-TEXT-BOUNDED",
            "rental": "RENT-TEXT-BOUNDED",
            "maintenance": "MAINT-TEXT-BOUNDED",
            "accounting": "ACCT-TEXT-BOUNDED",
            "shared": "SHARED-TEXT-BOUNDED",
        }[schema]


def documented_limits() -> list[Limit]:
    text = (Path(__file__).resolve().parents[2] / "docs" / "db" / "conventions.md").read_text()
    section = text.split("\n## Text limits\n", 1)[1].split("\n## ", 1)[0]
    limits = []
    for line in section.splitlines():
        row = _ROW.match(line)
        if not row:
            continue
        enforced = re.search(r"`(\w+)`", row["enforced"]) if "22001" not in row["enforced"] else None
        qualified = row["column"]
        schemas = MODULES if qualified.startswith("<module>.") else (qualified.split(".")[0],)
        _, table, column = qualified.split(".")
        for schema in schemas:
            limits.append(
                Limit(f"{schema}.{table}", column, int(row["limit"]), enforced[1] if enforced else None)
            )
    return limits


LIMITS = documented_limits()

# Values of a given length that every other rule of the column accepts (default: 'a' * n).
_UPPER = {
    "fleet.vehicles.vin",
    "fleet.vehicles.plate",
    "iam.staff_profiles.employee_number",
    "rental.locations.code",
    "rental.customers.driver_licence_number",
    "rental.customers.driver_licence_country",
    "accounting.accounts.code",
}
_DOTTED = {"iam.permissions.code", *(f"{m}.outbox_events.event_type" for m in MODULES)}
# Value lists: the longest allowed value, reached by a legal transition where there is one.
_LONGEST = {
    "iam.users.status": "disabled",
    "fleet.vehicles.status": "out_of_service",
    "fleet.odometer_readings.source": "rental_checkout",
    "fleet.odometer_corrections.kind": "replacement",
    "rental.rentals.status": "cancelled",
    "rental.charges.kind": "extra_equipment",
    "maintenance.jobs.kind": "inspection",
    "maintenance.jobs.status": "in_progress",
    "accounting.accounts.type": "liability",
    "accounting.journal_entries.source": "maintenance",
    "shared.previous_owners.object_kind": "FUNCTION",
    "shared.granted_privileges.privilege": "MEMBER OF fleetdb_owner",
    "fleet.vehicle_guards.concern": "bookings",
}


def sample(limit: Limit, length: int) -> str:
    if limit.name in _LONGEST:
        value = _LONGEST[limit.name]
        return value + "x" * (length - len(value))
    if limit.column == "currency" or limit.name == "shared.currencies.code":
        return "EUR" + "O" * (length - 3)
    if limit.column == "email":
        return "a" * (length - len("@example.com")) + "@example.com"
    if limit.name == "fleet.vehicles.plate_jurisdiction":
        return "DE-" + "A" * (length - 3)
    if limit.name in _DOTTED:
        return "a." + "a" * (length - 2)
    return ("A" if limit.name in _UPPER else "a") * length


# A row of each table (its key columns and values), built from valid data.
def _row(world: World, table: str) -> dict[str, Any]:
    schema, name = table.split(".")
    if name == "outbox_events":
        return {"id": world.event(schema)}
    if name == "inbox_processed_messages":
        consumer, message_id = world.inbox_message(schema)
        return {"consumer": consumer, "message_id": message_id}
    if table == "fleet.vehicle_guards":
        vehicle = world.vehicle()
        world.conn.execute(
            "INSERT INTO fleet.vehicle_guards (vehicle_id, concern) VALUES (%s, 'odometer')", [vehicle]
        )
        return {"vehicle_id": vehicle, "concern": "odometer"}
    if table == "shared.currencies":
        return {"code": "EUR"}
    if table == "accounting.account_day_totals":
        account = world.account()
        world.post(f"ref-{uuid4()}", [(account, 100), (world.account(), -100)])
        return {"account_id": account, "currency": "EUR", "posting_date": "2030-06-01"}
    if table == "shared.previous_owners":
        world.conn.execute(
            "INSERT INTO shared.previous_owners (object_kind, object_name, previous_owner)"
            " VALUES ('TABLE', 'test.limits', 'postgres')"
        )
        return {"object_kind": "TABLE", "object_name": "test.limits"}
    if table == "shared.granted_privileges":
        world.conn.execute(
            "INSERT INTO shared.granted_privileges (privilege, grantee)"
            " VALUES ('CREATE ON DATABASE', 'test_limits')"
        )
        return {"privilege": "CREATE ON DATABASE", "grantee": "test_limits"}
    return {"id": _BUILDERS[table](world)}


def _rental(world: World) -> UUID:
    return world.rental(world.vehicle(), period(1, 3))


def _payment(world: World) -> UUID:
    return world.payment(_rental(world), 10000)


def _job(world: World) -> UUID:
    return world.job(world.vehicle(), period(10, 11))


def _entry(world: World) -> UUID:
    return world.post(f"ref-{uuid4()}", [(world.account(), 100), (world.account(), -100)])


_BUILDERS: dict[str, Callable[[World], UUID]] = {
    "iam.users": lambda w: w.user(),
    "iam.external_identities": lambda w: w.identity(w.user()),
    "iam.roles": lambda w: w.role(),
    "iam.permissions": lambda w: w.permission(),
    "iam.staff_profiles": lambda w: w.staff_profile(w.user()),
    "fleet.vehicles": lambda w: w.vehicle(),
    "fleet.odometer_readings": lambda w: w.reading(w.vehicle(), 100),
    "fleet.odometer_corrections": lambda w: w.correction(w.vehicle()),
    "rental.locations": lambda w: w.location(),
    "rental.customers": lambda w: w.customer(),
    "rental.rentals": _rental,
    "rental.charges": lambda w: w.charge(_rental(w), 100),
    "rental.payments": _payment,
    "rental.refunds": lambda w: w.refund(_payment(w), 100),
    "maintenance.jobs": _job,
    "maintenance.job_parts": lambda w: w.part(_job(w), 1, 100),
    "maintenance.job_labour": lambda w: w.labour(_job(w), 1, 100),
    "accounting.accounts": lambda w: w.account(),
    "accounting.journal_entries": _entry,
    "accounting.journal_lines": lambda w: _line(w),
}


def _line(world: World) -> UUID:
    row = world.conn.execute(
        "SELECT id FROM accounting.journal_lines WHERE entry_id = %s LIMIT 1", [_entry(world)]
    )
    found = row.fetchone()
    assert found is not None
    return UUID(str(found[0]))


# Keys a copied row of an append-only table must not repeat.
_FRESH: dict[str, dict[str, Callable[[], str]]] = {
    "rental.payments": {"provider_reference": lambda: f"pi-{uuid4()}"},
    "accounting.journal_entries": {"external_reference": lambda: f"ref-{uuid4()}"},
}


def _write(db: psycopg.Connection[Any], table: str, key: dict[str, Any], column: str, value: str) -> None:
    """UPDATE the row; on an append-only table, INSERT a copy of it with the new value instead."""
    target = sql.Identifier(*table.split("."))
    where = sql.SQL(" AND ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c in key)
    if table not in APPEND_ONLY:
        db.execute(
            sql.SQL("UPDATE {} SET {} = %s WHERE {}").format(target, sql.Identifier(column), where),
            [value, *key.values()],
        )
        return
    schema, name = table.split(".")
    columns = [
        str(row[0])
        for row in db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s"
            " AND column_name NOT IN ('id', 'created_at') AND is_generated = 'NEVER' AND is_identity = 'NO'"
            " ORDER BY ordinal_position",
            [schema, name],
        )
    ]
    replaced = {column: value, **{c: make() for c, make in _FRESH.get(table, {}).items() if c != column}}
    db.execute(
        sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} WHERE {}").format(
            target,
            sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.SQL(", ").join(
                sql.Literal(replaced[c]) if c in replaced else sql.Identifier(c) for c in columns
            ),
            target,
            where,
        ),
        list(key.values()),
    )


@pytest.mark.parametrize(
    "limit", [pytest.param(lim, id=lim.name, marks=pytest.mark.invariant(lim.invariant)) for lim in LIMITS]
)
def test_a_value_of_the_limit_is_accepted_and_one_character_more_is_refused(
    db: psycopg.Connection[Any], world: World, limit: Limit
) -> None:
    key = _row(world, limit.table)
    at_limit, beyond = sample(limit, limit.limit), sample(limit, limit.limit + 1)
    assert len(at_limit) == limit.limit and len(beyond) == limit.limit + 1
    with db.transaction(force_rollback=True):  # the row keeps its key for the next write
        _write(db, limit.table, key, limit.column, at_limit)
    with violates(db, "22001" if limit.enforced_by is None else "23514", limit.enforced_by):
        _write(db, limit.table, key, limit.column, beyond)


def test_every_text_column_of_the_schema_has_a_documented_limit(db: psycopg.Connection[Any]) -> None:
    rows = db.execute(
        "SELECT c.table_schema || '.' || c.table_name || '.' || c.column_name"
        " FROM information_schema.columns AS c"
        " JOIN information_schema.tables AS t USING (table_schema, table_name)"
        " WHERE t.table_type = 'BASE TABLE' AND c.data_type IN ('text', 'character', 'character varying')"
        "   AND c.table_schema = ANY (%s)",
        [[*MODULES, "shared"]],
    ).fetchall()
    deployed = {str(row[0]) for row in rows}
    documented = {limit.name for limit in LIMITS}
    assert sorted(deployed - documented) == [], "text columns without a limit in docs/db/conventions.md"
    assert sorted(documented - deployed) == [], "documented limits of columns the schema does not have"
