"""Holes that outside testing found in v1.0 (issue 12, findings 1 to 4), each attack run twice: on a
database at the released tag (``released_db``), where it succeeds, and at head, where it is refused.
Only the head runs are invariant scenarios (the mutation runner has no use for the released ones).

Finding 1: at REPEATABLE READ the odometer guard, the refund limit and bookings-vs-maintenance locked a
row they never changed and then read their own snapshot, so both of two conflicting sessions committed.
Session 1 takes its snapshot while session 0's write is still open, waits on session 0's lock (the
server says so), and decides after session 0 committed."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg import IsolationLevel, sql

from fleetdb.horizon import fresh_txid, wait_for_horizon_past, wait_for_older_transactions
from fleetdb.invariants.contention import race_named
from fleetdb.invariants.violations import count_violations
from fleetdb.races import Actors
from fleetdb_persistence.queries import query
from tests.support.world import World, period

READING = (
    "INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)"
    " VALUES (%s, %s, %s, 'telematics')"
)
REFUND = (
    "INSERT INTO rental.refunds (payment_id, currency, amount_minor, reason, refunded_at)"
    " VALUES (%s, 'EUR', %s, 'attack', now())"
)
RENTAL = (
    "INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period,"
    " currency) VALUES (%s, %s, %s, %s, %s, 'EUR')"
)
JOB = (
    "INSERT INTO maintenance.jobs (vehicle_id, kind, scheduled_window, currency)"
    " VALUES (%s, 'repair', %s, 'EUR')"
)


def _schemas(invariant: str) -> list[Any]:
    return [
        pytest.param("released", id="released-v1.0"),
        pytest.param("head", id="head", marks=pytest.mark.invariant(invariant)),
    ]


def _group(request: pytest.FixtureRequest, schema: str, level: IsolationLevel, n: int = 2) -> Actors:
    fixture = "released_actors" if schema == "released" else "actors"
    make: Callable[..., Actors] = request.getfixturevalue(fixture)
    return make(n, level)


def _attack(group: Actors, first: tuple[str, Any], second: tuple[str, Any]) -> Future[Any]:
    group[0].execute("BEGIN")
    group[0].execute(*first)
    waiting = group.submit(1, *second)
    assert group.wait_until_blocked(1) == [group.pid(0)]
    group[0].execute("COMMIT")
    return waiting


def _refused_or_committed(waiting: Future[Any], schema: str) -> None:
    """Released: the second write commits. Head: it fails with 40001 (the first committed unseen)."""
    error = waiting.exception(timeout=30)
    if schema == "released":
        assert error is None, f"the attack no longer works on v1.0: {error!r}"
    else:
        assert isinstance(error, psycopg.errors.SerializationFailure), f"want 40001, have {error!r}"


@pytest.mark.race
@pytest.mark.parametrize("schema", _schemas("FLEET-ODOMETER-MONOTONIC"))
def test_repeatable_read_lets_a_lower_reading_commit_after_a_higher_one(
    request: pytest.FixtureRequest, schema: str
) -> None:
    group = _group(request, schema, IsolationLevel.REPEATABLE_READ)
    car = World(group.observer).vehicle()
    group.observer.execute(READING, (car, 1000, "2030-06-01 00:00+00"))
    waiting = _attack(
        group,
        (READING, (car, 2000, "2030-06-10 00:00+00")),
        (READING, (car, 1500, "2030-06-20 00:00+00")),  # above 1000, below the concurrent 2000
    )
    _refused_or_committed(waiting, schema)
    decreases = race_named("odometer").violations(group.observer)
    assert (len(decreases) == 1) == (schema == "released"), decreases


@pytest.mark.race
@pytest.mark.parametrize("schema", _schemas("RENT-REFUND-LIMIT"))
def test_repeatable_read_lets_two_refunds_exceed_the_payment(
    request: pytest.FixtureRequest, schema: str
) -> None:
    group = _group(request, schema, IsolationLevel.REPEATABLE_READ)
    world = World(group.observer)
    payment = world.payment(world.rental(world.vehicle(), period(1, 3)), 1000)
    waiting = _attack(group, (REFUND, (payment, 600)), (REFUND, (payment, 600)))
    _refused_or_committed(waiting, schema)
    refunded = group.observer.execute(
        "SELECT sum(amount_minor) FROM rental.refunds WHERE payment_id = %s", (payment,)
    ).fetchone()
    assert refunded == ((1200,) if schema == "released" else (600,))
    assert bool(race_named("refunds").violations(group.observer)) == (schema == "released")


@pytest.mark.race
@pytest.mark.parametrize("job_first", [True, False], ids=["job-first", "booking-first"])
@pytest.mark.parametrize("schema", _schemas("RENT-MAINTENANCE-EXCLUSION"))
def test_repeatable_read_lets_a_booking_overlap_an_open_job(
    request: pytest.FixtureRequest, schema: str, job_first: bool
) -> None:
    group = _group(request, schema, IsolationLevel.REPEATABLE_READ)
    world = World(group.observer)
    car, branch, customer = world.vehicle(), world.location(), world.customer()
    job = (JOB, (car, period(1, 5)))
    booking = (RENTAL, (car, customer, branch, branch, period(3, 7)))
    waiting = _attack(group, job, booking) if job_first else _attack(group, booking, job)
    _refused_or_committed(waiting, schema)
    overlaps = race_named("maintenance").violations(group.observer)
    assert (len(overlaps) == 1) == (schema == "released"), overlaps


# Finding 2: a reading at 'infinity' sorted after every real reading but lay outside the neighbour
# look-up's stand-in bound ("read_at < 'infinity'"), so a later, higher reading passed the check.


@pytest.mark.parametrize("schema", _schemas("FLEET-ODOMETER-MONOTONIC"))
def test_a_reading_at_infinity_lets_a_higher_reading_in_before_it(
    request: pytest.FixtureRequest, schema: str
) -> None:
    database = request.getfixturevalue("released_db" if schema == "released" else "fresh_db")
    with database.connect(autocommit=True) as conn:
        car = World(conn).vehicle()
        conn.execute(READING, (car, 1000, "2030-06-01 00:00+00"))
        if schema == "head":
            for instant, km in (("infinity", 5000), ("-infinity", 0)):  # each fits its neighbours
                with pytest.raises(psycopg.errors.CheckViolation) as caught:
                    conn.execute(READING, (car, km, instant))
                assert caught.value.diag.constraint_name == "odometer_readings_read_at_finite_ck"
            return
        conn.execute(READING, (car, 5000, "infinity"))
        conn.execute(READING, (car, 9000, "2030-07-01 00:00+00"))  # 9000, then 5000 "later"
        assert count_violations(conn, "FLEET-ODOMETER-MONOTONIC")[0] == 1


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
@pytest.mark.parametrize("instant", ["infinity", "-infinity"])
def test_a_correction_takes_effect_at_a_finite_instant(db: psycopg.Connection[Any], instant: str) -> None:
    car = World(db).vehicle()
    with pytest.raises(psycopg.errors.CheckViolation) as caught, db.transaction():
        db.execute(
            "INSERT INTO fleet.odometer_corrections (vehicle_id, kind, effective_at, reason)"
            " VALUES (%s, 'replacement', %s, 'new odometer')",
            (car, instant),
        )
    assert caught.value.diag.constraint_name == "odometer_corrections_effective_at_finite_ck"


@pytest.mark.invariant("FLEET-ODOMETER-MONOTONIC")
def test_the_neighbour_look_up_has_no_infinite_stand_ins(db: psycopg.Connection[Any]) -> None:
    """Behind the CHECK, the look-up itself is right: a row at 'infinity' (as an owner could still have
    written before the check) is the next reading of every later insert in its segment."""
    db.execute("ALTER TABLE fleet.odometer_readings DROP CONSTRAINT odometer_readings_read_at_finite_ck")
    car = World(db).vehicle()
    db.execute(READING, (car, 1000, "2030-06-01 00:00+00"))
    db.execute(READING, (car, 5000, "infinity"))
    with pytest.raises(psycopg.errors.CheckViolation) as caught, db.transaction():
        db.execute(READING, (car, 9000, "2030-07-01 00:00+00"))
    assert caught.value.diag.constraint_name == "odometer_readings_monotonic_trg"
    db.execute(READING, (car, 4000, "2030-07-01 00:00+00"))  # between its neighbours: fine


# Finding 3: the application role could forge and starve the outboxes, and publish or unpublish any
# event. Each attack is run as fleetdb_app.

_FORGERIES = {
    # txid 2^63-1 is never below any snapshot's xmin: the v1.0 relay never claimed it (nor, being first
    # in no order, anything it blocked).
    "starving txid": (
        "INSERT INTO rental.outbox_events (aggregate_type, aggregate_id, event_type, payload, txid)"
        " VALUES ('rental', %(rental)s, 'rental.completed', '{}', '9223372036854775807')"
    ),
    "chosen sequence_no": (
        "INSERT INTO rental.outbox_events (aggregate_type, aggregate_id, event_type, payload, sequence_no)"
        " OVERRIDING SYSTEM VALUE VALUES ('rental', %(rental)s, 'rental.completed', '{}', -1)"
    ),
    "event of an entry that does not exist": (
        "INSERT INTO accounting.outbox_events (aggregate_type, aggregate_id, event_type, payload)"
        " VALUES ('journal_entry', gen_random_uuid(), 'accounting.entry_posted', '{\"amount\": 1000000}')"
    ),
    "marked published, never delivered": (
        "UPDATE rental.outbox_events SET published_at = now() WHERE aggregate_id = %(rental)s"
    ),
    "marked unpublished, delivered again": (
        "UPDATE rental.outbox_events SET published_at = NULL WHERE aggregate_id = %(published)s"
    ),
}


@pytest.mark.parametrize("attack", list(_FORGERIES))
@pytest.mark.parametrize("schema", _schemas("INTEG-OUTBOX-WRITTEN-BY-TRIGGERS"))
def test_the_application_forges_or_publishes_outbox_events(
    request: pytest.FixtureRequest, schema: str, attack: str
) -> None:
    database = request.getfixturevalue("released_db" if schema == "released" else "fresh_db")
    with database.connect() as conn:
        world = World(conn)
        rental, published = (
            world.rental(world.vehicle(), period(1, 3)),
            world.rental(world.vehicle(), period(1, 3)),
        )
        conn.execute(
            "UPDATE rental.outbox_events SET published_at = now() WHERE aggregate_id = %s", (published,)
        )
        conn.execute("SET ROLE fleetdb_app")
        params = {"rental": rental, "published": published}
        if schema == "released":
            assert conn.execute(_FORGERIES[attack], params).rowcount == 1
            return
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(_FORGERIES[attack], params)


@pytest.mark.invariant("INTEG-OUTBOX-WRITTEN-BY-TRIGGERS")
def test_only_the_relay_marks_events_published_and_it_writes_nothing_else(
    db: psycopg.Connection[Any],
) -> None:
    world = World(db)
    rental = world.rental(world.vehicle(), period(1, 3))
    db.execute("SET LOCAL ROLE fleetdb_relay")
    claimed = db.execute(
        "SELECT id FROM rental.outbox_events WHERE aggregate_id = %s FOR UPDATE SKIP LOCKED", (rental,)
    ).fetchall()
    assert len(claimed) == 1
    db.execute("UPDATE rental.outbox_events SET published_at = now() WHERE id = %s", (claimed[0][0],))
    for forbidden in (
        "UPDATE rental.outbox_events SET payload = '{}' WHERE id = %(id)s",
        "UPDATE rental.outbox_events SET txid = '1' WHERE id = %(id)s",
        "INSERT INTO rental.outbox_events (aggregate_type, aggregate_id, event_type, payload)"
        " VALUES ('rental', %(id)s, 'rental.completed', '{}')",
        "DELETE FROM rental.outbox_events WHERE id = %(id)s",
        "INSERT INTO rental.inbox_processed_messages (consumer, message_id) VALUES ('relay', %(id)s)",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege), db.transaction():
            db.execute(forbidden, {"id": claimed[0][0]})


# Finding 4: ORDER BY txid, sequence_no is not the commit order of one aggregate's changes. A transaction
# that took its id early but changed the rental late (it waited for the other's row lock) sorted
# first, and "txid below the horizon" kept the wrong order when an older third transaction held the
# horizon between the two.

RELEASED_CLAIM = (  # python/persistence/fleetdb_persistence/sql/integration/claim_batch.sql at v1.0
    "SELECT id, aggregate_type, aggregate_id, event_type, payload, occurred_at, published_at"
    " FROM rental.outbox_events"
    " WHERE published_at IS NULL AND txid < pg_snapshot_xmin(pg_current_snapshot())"
    " ORDER BY txid, sequence_no LIMIT %(limit)s FOR UPDATE SKIP LOCKED"
)
HEAD_CLAIM = query("integration", "claim_batch").format(outbox=sql.Identifier("rental", "outbox_events"))
SET_STATUS = "UPDATE rental.rentals SET status = %s WHERE id = %s"


def _relay_pass(conn: psycopg.Connection[Any], schema: str, rental: UUID) -> list[str]:
    """One relay pass (claim, mark published, commit) in one REPEATABLE READ snapshot; the rental's
    event types in the order claimed."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        claim = RELEASED_CLAIM if schema == "released" else HEAD_CLAIM
        rows = conn.execute(claim, {"limit": 100}).fetchall()
        conn.execute(
            "UPDATE rental.outbox_events SET published_at = now() WHERE id = ANY(%s)", ([r[0] for r in rows],)
        )
    event_type = 3 if schema == "released" else 4  # head's batch also has aggregate_version
    return [str(row[event_type]) for row in rows if row[2] == rental]


def _published_rental(group: Actors) -> UUID:
    world = World(group.observer)
    rental = world.rental(world.vehicle(), period(1, 3))
    group.observer.execute("UPDATE rental.outbox_events SET published_at = now()")  # rental.reserved
    return rental


@pytest.mark.race
@pytest.mark.parametrize("schema", _schemas("INTEG-OUTBOX-AGGREGATE-ORDER"))
def test_a_change_that_took_its_xid_early_and_committed_late_is_claimed_first(
    request: pytest.FixtureRequest, schema: str
) -> None:
    group = _group(request, schema, IsolationLevel.READ_COMMITTED)
    rental = _published_rental(group)
    group[0].execute("BEGIN")
    early = fresh_txid(group[0])
    group[1].execute("BEGIN")
    group[1].execute(SET_STATUS, ("active", rental))
    completing = group.submit(0, SET_STATUS, ("completed", rental))  # waits for session 1's row lock
    assert group.wait_until_blocked(0) == [group.pid(1)]
    late = fresh_txid(group[1])
    group[1].execute("COMMIT")
    completing.result(timeout=30)
    group[0].execute("COMMIT")
    assert early < late  # completed carries the smaller txid, activated committed first
    wait_for_older_transactions(group.observer)
    delivered: list[str] = []
    for _ in range(3):
        delivered += _relay_pass(group.observer, schema, rental)
    if schema == "released":
        assert delivered == ["rental.completed", "rental.activated"]
    else:
        assert delivered == ["rental.activated", "rental.completed"]


@pytest.mark.race
@pytest.mark.parametrize("schema", _schemas("INTEG-OUTBOX-AGGREGATE-ORDER"))
def test_a_third_transaction_holding_the_horizon_between_the_two_keeps_the_wrong_order(
    request: pytest.FixtureRequest, schema: str
) -> None:
    group = _group(request, schema, IsolationLevel.READ_COMMITTED, n=3)
    rental = _published_rental(group)
    group[0].execute("BEGIN")
    early = fresh_txid(group[0])  # will complete the rental, last
    group[2].execute("BEGIN")
    holder = fresh_txid(group[2])  # stays open: the horizon stops here
    group[1].execute(SET_STATUS, ("active", rental))  # committed, with a txid above the holder's
    group[0].execute(SET_STATUS, ("completed", rental))
    group[0].execute("COMMIT")
    wait_for_horizon_past(group.observer, early)
    first = _relay_pass(group.observer, schema, rental)
    group[2].execute("COMMIT")
    assert early < holder
    if schema == "released":
        assert first == ["rental.completed"]  # activated, committed before it, is held back
    else:
        assert first == ["rental.activated"]  # due at once, and completed only after it
        assert _relay_pass(group.observer, schema, rental) == ["rental.completed"]


@pytest.mark.race
@pytest.mark.parametrize("schema", _schemas("INTEG-OUTBOX-AGGREGATE-ORDER"))
def test_a_second_relay_skips_past_an_event_the_first_still_holds(
    request: pytest.FixtureRequest, schema: str
) -> None:
    """Relay 0 claims a rental's activated event and has not committed; relay 1 claims meanwhile. v1.0's
    SKIP LOCKED passed over the held event and gave relay 1 the rental's completed event, published
    before activated. At head relay 1 gets nothing of the rental until relay 0 has committed."""
    group = _group(request, schema, IsolationLevel.READ_COMMITTED)
    rental = _published_rental(group)
    group.observer.execute(SET_STATUS, ("active", rental))
    group.observer.execute(SET_STATUS, ("completed", rental))
    wait_for_older_transactions(group.observer)
    claim = RELEASED_CLAIM if schema == "released" else HEAD_CLAIM
    event_type = 3 if schema == "released" else 4
    group[0].execute("BEGIN")
    held = group[0].execute(claim, {"limit": 1}).fetchall()
    assert [row[event_type] for row in held] == ["rental.activated"]
    second = _relay_pass(group[1], schema, rental)
    group[0].execute("UPDATE rental.outbox_events SET published_at = now() WHERE id = %s", (held[0][0],))
    group[0].execute("COMMIT")
    if schema == "released":
        assert second == ["rental.completed"]  # delivered while activated was still held
    else:
        assert second == []
        assert _relay_pass(group[1], schema, rental) == ["rental.completed"]
