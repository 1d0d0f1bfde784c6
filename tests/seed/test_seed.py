"""The seeder: sizes per scale, a seed that satisfies every data-level invariant, checks that catch
violations, and a command that refuses to guess its target."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from fleetdb.cli import main
from fleetdb.errors import FleetdbError
from fleetdb.invariants.catalog import load_catalog
from fleetdb.lab import Lab
from fleetdb.seed import BENCHMARK_SCALE, SeedSizes, check_seeded_data, seeded_counts, seeded_scale
from fleetdb.seed.checks import data_invariants
from fleetdb.seed.runner import Seeder
from tests.support.seeded import TEST_SCALE, SeededDatabase


def test_benchmark_scale_reaches_the_target_sizes() -> None:
    sizes = SeedSizes.for_scale(BENCHMARK_SCALE)
    assert sizes.rentals >= 1_000_000
    assert sizes.readings >= 5_000_000


def test_scale_one_is_small() -> None:
    sizes = SeedSizes.for_scale(1)
    assert sizes.rentals <= 1_100 and sizes.readings <= 5_000 and sizes.vehicles <= 20


def test_scale_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        SeedSizes.for_scale(0)


def test_the_check_reads_every_invariant_rows_at_rest_can_show() -> None:
    in_data = {inv.id for inv in load_catalog() if not inv.not_in_data}
    assert set(data_invariants()) == in_data


def test_the_seed_writes_every_module(seeded: SeededDatabase) -> None:
    inserted = seeded.result.inserted
    sizes = SeedSizes.for_scale(TEST_SCALE)
    assert inserted["rental.rentals"] == sizes.rentals
    assert inserted["fleet.odometer_readings"] == sizes.readings
    for table in (
        "iam.users",
        "iam.external_identities",
        "iam.staff_profiles",
        "rental.locations",
        "rental.customers",
        "rental.charges",
        "rental.payments",
        "rental.refunds",
        "fleet.odometer_corrections",
        "maintenance.jobs",
        "maintenance.job_parts",
        "maintenance.job_labour",
        "accounting.journal_entries",
        "accounting.journal_lines",
        "fleet.outbox_events",
        "rental.outbox_events",
        "accounting.inbox_processed_messages",
    ):
        assert inserted[table] > 0, f"the seed wrote no rows into {table}"
    # Entries have two lines each: payments, refunds, completed jobs and reversals all balance.
    assert inserted["accounting.journal_lines"] == 2 * inserted["accounting.journal_entries"]


def test_seeded_data_satisfies_every_data_invariant(seeded: SeededDatabase) -> None:
    with seeded.database.connect() as conn:
        results = check_seeded_data(conn)
    assert results, "no check ran"
    failures = [f"{r.invariant}: {r.violations} ({'; '.join(r.samples)})" for r in results if not r.ok]
    assert failures == []


def test_seeded_statuses_cover_every_state(seeded: SeededDatabase) -> None:
    with seeded.database.connect() as conn:
        rentals = {row[0] for row in conn.execute("SELECT DISTINCT status FROM rental.rentals")}
        jobs = {row[0] for row in conn.execute("SELECT DISTINCT status FROM maintenance.jobs")}
        vehicles = {row[0] for row in conn.execute("SELECT DISTINCT status FROM fleet.vehicles")}
        pending = conn.execute(
            "SELECT count(*) FROM fleet.outbox_events WHERE published_at IS NULL"
        ).fetchone()
    assert rentals == {"reserved", "active", "completed", "cancelled", "no_show"}
    assert jobs == {"scheduled", "in_progress", "completed", "cancelled"}
    assert vehicles == {"in_service", "out_of_service", "retired"}
    assert pending and pending[0] > 0, "the newest chunk's events should be waiting for the relay"


# Each case breaks one rule behind the schema's back (inside a rolled-back transaction) and the
# data check of that invariant must notice.
BREAKS: dict[str, str] = {
    "FLEET-ODOMETER-MONOTONIC": """
        ALTER TABLE fleet.odometer_readings DISABLE TRIGGER odometer_readings_monotonic_trg;
        INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)
        SELECT vehicle_id, 0, read_at + interval '1 minute', 'manual'
        FROM fleet.odometer_readings WHERE reading_km > 1000 ORDER BY read_at DESC LIMIT 1""",
    "RENT-OVERLAP": """
        ALTER TABLE rental.rentals DROP CONSTRAINT rentals_no_overlap_excl;
        INSERT INTO rental.rentals
            (vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency)
        SELECT vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency
        FROM rental.rentals WHERE status = 'reserved' LIMIT 1""",
    "RENT-REFUND-LIMIT": """
        ALTER TABLE rental.refunds DISABLE TRIGGER refunds_within_payment_trg;
        INSERT INTO rental.refunds (payment_id, currency, amount_minor, reason, refunded_at)
        SELECT id, currency, amount_minor + 1, 'too much', received_at FROM rental.payments LIMIT 1""",
    "ACCT-BALANCED": """
        ALTER TABLE accounting.journal_lines DISABLE TRIGGER journal_lines_balanced_trg;
        ALTER TABLE accounting.journal_lines DISABLE TRIGGER journal_lines_same_transaction_trg;
        ALTER TABLE accounting.journal_entries DISABLE TRIGGER journal_entries_balanced_trg;
        INSERT INTO accounting.journal_lines (entry_id, account_id, currency, posting_date, amount_minor)
        SELECT l.entry_id, l.account_id, l.currency, l.posting_date, 1
        FROM accounting.journal_lines AS l LIMIT 1""",
    "RENT-RETIRED-VEHICLE": """
        ALTER TABLE fleet.vehicles DISABLE TRIGGER vehicles_retirement_trg;
        UPDATE fleet.vehicles SET status = 'retired'
        WHERE id = (SELECT vehicle_id FROM rental.rentals WHERE status = 'reserved' LIMIT 1)""",
    "RENT-MAINTENANCE-EXCLUSION": """
        ALTER TABLE maintenance.jobs DISABLE TRIGGER jobs_no_rental_overlap_trg;
        INSERT INTO maintenance.jobs (vehicle_id, kind, scheduled_window, currency)
        SELECT vehicle_id, 'repair', period, currency
        FROM rental.rentals WHERE status = 'reserved' LIMIT 1""",
    "INTEG-OUTBOX-SAME-TX": """
        ALTER TABLE fleet.odometer_readings DISABLE TRIGGER odometer_readings_outbox_trg;
        INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)
        SELECT vehicle_id, reading_km, read_at, 'manual'
        FROM fleet.odometer_readings ORDER BY read_at DESC LIMIT 1""",
    "FLEET-PLATE-UNIQUE": """
        ALTER TABLE fleet.vehicles DROP CONSTRAINT vehicles_plate_canonical_ck;
        UPDATE fleet.vehicles SET plate = lower(plate)
        WHERE id = (SELECT min(id::text)::uuid FROM fleet.vehicles)""",
    "IAM-TEXT-BOUNDED": """
        ALTER TABLE iam.users DROP CONSTRAINT users_display_name_length_ck;
        UPDATE iam.users SET display_name = repeat('x', 201)
        WHERE id = (SELECT min(id::text)::uuid FROM iam.users)""",
    "MAINT-COST-BOUNDED": """
        ALTER TABLE maintenance.job_parts DROP CONSTRAINT job_parts_quantity_max_ck;
        ALTER TABLE maintenance.job_parts DISABLE TRIGGER job_parts_totals_trg;
        UPDATE maintenance.job_parts SET quantity = 'NaN'
        WHERE id = (SELECT min(id::text)::uuid FROM maintenance.job_parts)""",
    "INTEG-OUTBOX-AGGREGATE-ORDER": """
        UPDATE rental.outbox_events SET aggregate_version = aggregate_version + 10
        WHERE id = (SELECT id FROM rental.outbox_events ORDER BY sequence_no LIMIT 1)""",
    "RENT-STATUS-TRANSITION": """
        ALTER TABLE rental.rentals DISABLE TRIGGER rentals_status_transition_trg;
        UPDATE rental.rentals SET status = 'reserved'
        WHERE id = (SELECT id FROM rental.rentals WHERE status = 'completed' LIMIT 1)""",
}


@pytest.mark.parametrize("invariant", sorted(BREAKS))
def test_the_data_check_catches_a_violation(invariant: str, seeded_conn: psycopg.Connection[Any]) -> None:
    seeded_conn.execute(BREAKS[invariant])
    with seeded_conn.transaction():
        (result,) = check_seeded_data(seeded_conn, only=[invariant], rollback=False)
    assert result.violations >= 1, f"{invariant}: the check did not notice the broken rule"
    assert result.samples


def test_seeding_a_database_with_rows_is_refused(seeded: SeededDatabase) -> None:
    seeder = Seeder(seeded.database.conninfo(), SeedSizes.for_scale(1))
    with seeded.database.connect() as conn, pytest.raises(FleetdbError, match="already holds rows"):
        seeder.check_target(conn)


def test_seeding_an_undeployed_database_names_the_missing_table(fleetdb_lab: Lab) -> None:
    seeder = Seeder(fleetdb_lab.server.conninfo, SeedSizes.for_scale(1))
    with (
        fleetdb_lab.server.connect() as conn,
        pytest.raises(FleetdbError, match="deploy the plan first"),
    ):
        seeder.check_target(conn)


def test_seed_without_a_target_refuses_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seed", "--scale", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert "--target" in err and "Traceback" not in err


def test_the_scale_of_a_seeded_database_is_read_from_its_row_counts(seeded: SeededDatabase) -> None:
    """A rehearsal on a copy of a seeded database says which seed it holds; a row more or less and it
    is another database's own data."""
    with seeded.database.connect() as conn:
        counts = seeded_counts(conn)
    assert seeded_scale(counts) == TEST_SCALE
    for name in counts:
        assert seeded_scale({**counts, name: counts[name] + 1}) is None, name
    assert seeded_scale({**counts, "vehicles": 0}) is None
