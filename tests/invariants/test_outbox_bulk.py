"""integration: rentals and journal entries written many to a statement are published by the
statement-level triggers (transition tables): one event per new rental, per status change and per new
entry, each its aggregate's next version, in the statement's row order; a statement refused whole
leaves no event. An UPDATE's old and new rows are paired by id, so a rental keeps its id. The lines'
same-transaction check runs once per statement: one closed entry among many refuses the statement."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest

from tests.support.world import World, period, violates

_RENTALS = (
    "INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period,"
    " status, currency)"
    " SELECT b.vehicle, %(customer)s, %(branch)s, %(branch)s, b.span::tstzrange, b.status, 'EUR'"
    " FROM unnest(%(vehicles)s::uuid[], %(spans)s::text[], %(statuses)s::text[]) WITH ORDINALITY"
    " AS b(vehicle, span, status, n) ORDER BY b.n RETURNING id"
)
_STATUS = (
    "UPDATE rental.rentals AS r SET status = b.status"
    " FROM unnest(%(ids)s::uuid[], %(statuses)s::text[]) AS b(id, status) WHERE r.id = b.id"
)
_LINE = (
    "INSERT INTO accounting.journal_lines (entry_id, account_id, currency, posting_date, amount_minor)"
    " SELECT b.entry, b.account, 'EUR', '2030-06-01', b.amount"
    " FROM unnest(%(entries)s::uuid[], %(accounts)s::uuid[], %(amounts)s::bigint[]) WITH ORDINALITY"
    " AS b(entry, account, amount, n) ORDER BY b.n"
)


def _events(db: psycopg.Connection[Any], schema: str) -> list[tuple[UUID, int, str]]:
    rows = db.execute(
        f"SELECT aggregate_id, aggregate_version, event_type FROM {schema}.outbox_events"
        " WHERE aggregate_type <> 'test' ORDER BY sequence_no"
    ).fetchall()
    return [(UUID(str(a)), int(v), str(t)) for a, v, t in rows]


def _rentals(db: psycopg.Connection[Any], world: World, statuses: list[str]) -> list[UUID]:
    """One statement: a rental per status, each on its own vehicle, in this order."""
    cars = [world.vehicle() for _ in statuses]
    rows = db.execute(
        _RENTALS,
        {
            "customer": world.customer(),
            "branch": world.location(),
            "vehicles": cars,
            "spans": [period(1, 3)] * len(statuses),
            "statuses": statuses,
        },
    ).fetchall()
    return [UUID(str(row[0])) for row in rows]


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
@pytest.mark.invariant("INTEG-OUTBOX-AGGREGATE-ORDER")
def test_a_bulk_rental_insert_publishes_each_rental_in_row_order(
    db: psycopg.Connection[Any], world: World
) -> None:
    before = len(_events(db, "rental"))
    ids = _rentals(db, world, ["reserved", "active", "reserved", "active"])
    kinds = ["rental.reserved", "rental.activated", "rental.reserved", "rental.activated"]
    assert _events(db, "rental")[before:] == [(i, 1, k) for i, k in zip(ids, kinds, strict=True)]


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
@pytest.mark.invariant("INTEG-OUTBOX-AGGREGATE-ORDER")
def test_a_bulk_status_update_publishes_the_changed_rentals_only(
    db: psycopg.Connection[Any], world: World
) -> None:
    ids = _rentals(db, world, ["reserved", "active", "reserved", "active", "reserved"])
    before = len(_events(db, "rental"))
    # Row order of the UPDATE is the order of the join: ask for it through the ids' order.
    db.execute(
        _STATUS,
        {"ids": ids, "statuses": ["cancelled", "active", "reserved", "completed", "no_show"]},
    )
    published = _events(db, "rental")[before:]
    assert sorted(published) == sorted(
        [(ids[0], 2, "rental.cancelled"), (ids[3], 2, "rental.completed"), (ids[4], 2, "rental.no_show")]
    )
    # A second statement continues each rental's versions; one changing no status publishes nothing.
    db.execute("UPDATE rental.rentals SET status = 'completed' WHERE id = %s", (ids[1],))
    db.execute("UPDATE rental.rentals SET return_location_id = pickup_location_id WHERE id = ANY(%s)", (ids,))
    assert _events(db, "rental")[before + 3 :] == [(ids[1], 2, "rental.completed")]
    db.execute("UPDATE rental.rentals SET status = 'active' WHERE id = %s", (ids[2],))
    db.execute("UPDATE rental.rentals SET status = 'completed' WHERE id = %s", (ids[2],))
    assert [e for e in _events(db, "rental") if e[0] == ids[2]] == [
        (ids[2], 1, "rental.reserved"),
        (ids[2], 2, "rental.activated"),
        (ids[2], 3, "rental.completed"),
    ]


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
def test_a_bulk_update_with_one_illegal_transition_is_refused_whole(
    db: psycopg.Connection[Any], world: World
) -> None:
    ids = _rentals(db, world, ["reserved", "active", "reserved"])
    before = _events(db, "rental")
    with violates(db, "23514", "rentals_status_transition_trg"):
        db.execute(_STATUS, {"ids": ids, "statuses": ["cancelled", "reserved", "active"]})
    assert _events(db, "rental") == before
    cancelled = db.execute(
        "SELECT count(*) FROM rental.rentals WHERE id = ANY(%s) AND status = 'cancelled'", (ids,)
    )
    assert cancelled.fetchone() == (0,)


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
@pytest.mark.invariant("INTEG-OUTBOX-AGGREGATE-ORDER")
def test_a_rental_keeps_its_id(db: psycopg.Connection[Any], world: World) -> None:
    """Old and new rows of an UPDATE are paired by id: a changed id would hand one rental's status
    change to another rental's event (or hide it), so no UPDATE changes a rental's id, alone or with
    its status, nor swaps the ids of two rentals."""
    one, two = _rentals(db, world, ["reserved", "reserved"])
    db.execute("UPDATE rental.rentals SET id = id, status = 'cancelled' WHERE id = %s", (one,))
    with violates(db, "55000", "rentals_id_immutable_trg"):
        db.execute("UPDATE rental.rentals SET id = %s, status = 'active' WHERE id = %s", (uuid4(), two))
    with violates(db, "55000", "rentals_id_immutable_trg"):
        db.execute(
            "UPDATE rental.rentals SET id = CASE id WHEN %(one)s THEN %(two)s ELSE %(one)s END,"
            " status = CASE id WHEN %(two)s THEN 'no_show' ELSE status END WHERE id IN (%(one)s, %(two)s)",
            {"one": one, "two": two},
        )
    assert [e for e in _events(db, "rental") if e[0] in (one, two)] == [
        (one, 1, "rental.reserved"),
        (two, 1, "rental.reserved"),
        (one, 2, "rental.cancelled"),
    ]


def _entries(db: psycopg.Connection[Any], n: int) -> list[UUID]:
    rows = db.execute(
        "INSERT INTO accounting.journal_entries"
        " (posting_date, source, external_reference, currency, description)"
        " SELECT '2030-06-01', 'rental', 'bulk-' || gen_random_uuid(), 'EUR', 'bulk ' || k"
        " FROM generate_series(1, %s) AS k ORDER BY k RETURNING id",
        (n,),
    ).fetchall()
    return [UUID(str(row[0])) for row in rows]


def _balanced_lines(entries: list[UUID], cash: UUID, revenue: UUID) -> dict[str, list[Any]]:
    return {
        "entries": [e for e in entries for _ in (0, 1)],
        "accounts": [a for _ in entries for a in (cash, revenue)],
        "amounts": [x for k, _ in enumerate(entries) for x in (100 + k, -100 - k)],
    }


@pytest.mark.invariant("INTEG-OUTBOX-SAME-TX")
@pytest.mark.invariant("INTEG-OUTBOX-AGGREGATE-ORDER")
def test_a_bulk_entry_insert_publishes_each_entry_in_row_order(
    db: psycopg.Connection[Any], world: World
) -> None:
    cash, revenue = world.account(), world.account(type="revenue")
    before = len(_events(db, "accounting"))
    entries = _entries(db, 5)
    db.execute(_LINE, _balanced_lines(entries, cash, revenue))
    assert _events(db, "accounting")[before:] == [(e, 1, "accounting.entry_posted") for e in entries]
    db.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred balance checks pass


@pytest.mark.invariant("ACCT-NO-LATE-LINES")
def test_one_closed_entry_refuses_a_bulk_line_insert_whole(fresh_db: Any) -> None:
    with fresh_db.connect() as conn:
        world = World(conn)
        cash, revenue = world.account(), world.account(type="revenue")
        closed = world.post("closed-1", [(cash, 100), (revenue, -100)])
        conn.commit()
        fresh = _entries(conn, 3)
        for position in range(3):
            lines = _balanced_lines(fresh, cash, revenue)
            # The closed entry's balanced pair at the start, the middle or the end of the batch.
            at = 2 * position
            lines["entries"][at:at] = [closed, closed]
            lines["accounts"][at:at] = [cash, revenue]
            lines["amounts"][at:at] = [7, -7]
            with violates(conn, "55000", "journal_lines_same_transaction_trg"):
                conn.execute(_LINE, lines)
            conn.rollback()
            fresh = _entries(conn, 3)
        conn.execute(_LINE, _balanced_lines(fresh, cash, revenue))
        conn.commit()
        count = conn.execute("SELECT count(*) FROM accounting.journal_lines WHERE entry_id = %s", (closed,))
        assert count.fetchone() == (2,)
