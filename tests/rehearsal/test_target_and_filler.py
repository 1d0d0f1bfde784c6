"""The refusal to rehearse on a database that holds something, target URIs, and the generic filler."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator

import pytest

from fleetdb.databases import Database
from fleetdb.errors import FleetdbError
from fleetdb.lab import Lab
from fleetdb.rehearsal.filler import seed_existing_tables, text_matching
from fleetdb.rehearsal.target import refuse_unless_empty
from fleetdb.rehearsal.trial import trial_script
from fleetdb.target import Target


@pytest.fixture
def empty_db(fleetdb_lab: Lab) -> Iterator[Database]:
    database = fleetdb_lab.database(f"rehearsal_empty_{uuid.uuid4().hex[:8]}").create()
    yield database
    database.drop()


def test_a_target_that_holds_a_schema_is_refused(empty_db: Database) -> None:
    with empty_db.connect(autocommit=True) as conn:
        conn.execute("CREATE SCHEMA app")
        conn.execute("CREATE TABLE app.customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)")
    with pytest.raises(
        FleetdbError, match=r"is not empty: it holds schema app; table app\.customers\. .*--allow-changes"
    ):
        refuse_unless_empty(empty_db.target, allow_changes=False)
    refuse_unless_empty(empty_db.target, allow_changes=True)


def test_an_empty_target_is_accepted(empty_db: Database) -> None:
    refuse_unless_empty(empty_db.target, allow_changes=False)


def test_an_unreachable_target_is_a_one_line_error_with_the_password_masked() -> None:
    target = Target.parse("db:pg://nobody:s3cret@127.0.0.1:1/x")
    with pytest.raises(FleetdbError, match=r"cannot connect to db:pg://nobody:\*+@127\.0\.0\.1:1/x") as error:
        refuse_unless_empty(target, False)
    assert "s3cret" not in str(error.value)


PATTERNS = [
    "^[A-Z]{3}$",
    "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$",
    "^[A-HJ-NPR-Z0-9]{17}$",
    "^[A-Z]{2}(-[A-Z0-9]{1,3})?$",
    "^[^@[:space:]]+@[^@[:space:]]+$",
    "^[0-9A-Z][0-9A-Z.-]*$",
    "^[a-z][a-z_]*\\.[a-z][a-z_]*$",
    "^[A-Z0-9]+([ -][A-Z0-9]+)*$",
    "^[!-?A-~]+@[!-?A-~]+$",
    "^[!-~]+$",
    "^[a-z0-9]+(_[a-z0-9]+)*$",
    "^[a-z0-9]+([._-][a-z0-9]+)*$",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_generated_text_matches_the_check_pattern_in_postgresql(pattern: str, fleetdb_lab: Lab) -> None:
    rng = random.Random(1)
    samples = [text_matching(pattern, rng) for _ in range(20)]
    with fleetdb_lab.server.connect() as conn:
        rows = conn.execute("SELECT s, s ~ %s FROM unnest(%s::text[]) AS s", [pattern, samples]).fetchall()
    assert [s for s, matches in rows if not matches] == []


def test_the_lock_trial_replaces_the_commit_and_refuses_scripts_without_one_transaction() -> None:
    script = "-- Deploy x\nBEGIN;\nCREATE TABLE t ();\nCOMMIT;\n"
    trial = trial_script(script)
    assert trial is not None
    assert "\nCOMMIT;" not in trial and trial.rstrip().endswith("ROLLBACK;")
    assert "fleetdb-held-locks" in trial
    assert trial_script("CREATE INDEX CONCURRENTLY i ON t (a);\n") is None
    assert trial_script("BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;\nCOMMIT;\n") is None


def test_the_plan_is_split_into_contiguous_parts_that_cover_it() -> None:
    from fleetdb.rehearsal.parallel import split

    assert split(33, 2) == [range(0, 16), range(16, 33)]
    assert split(3, 5) == [range(0, 1), range(1, 2), range(2, 3)]
    assert split(7, 1) == [range(0, 7)]


def test_added_rows_keep_the_data_preserved_and_changed_rows_do_not(empty_db: Database) -> None:
    from fleetdb.catalog import snapshot_catalog
    from fleetdb.rehearsal.data import changed_rows, fingerprint_tables

    with empty_db.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE public.currencies (code text PRIMARY KEY, name text NOT NULL)")
        conn.execute("INSERT INTO public.currencies VALUES ('EUR', 'Euro'), ('USD', 'US Dollar')")
        before = fingerprint_tables(conn, snapshot_catalog(conn))
        conn.execute("ALTER TABLE public.currencies ADD COLUMN minor_units int NOT NULL DEFAULT 2")
        conn.execute("INSERT INTO public.currencies VALUES ('JPY', 'Yen', 0)")
        assert changed_rows(conn, before, snapshot_catalog(conn), "by the deploy") == []
        conn.execute("UPDATE public.currencies SET name = 'euro' WHERE code = 'EUR'")
        (loss,) = changed_rows(conn, before, snapshot_catalog(conn), "by the deploy")
        assert loss.describe() == "table public.currencies rows changed or deleted by the deploy (1 rows)"
        conn.execute("ALTER TABLE public.currencies DROP COLUMN name")
        (loss,) = changed_rows(conn, before, snapshot_catalog(conn), "by the deploy")
        assert loss.describe() == "column public.currencies.name dropped by the deploy (2 rows)"


def test_the_command_refuses_a_target_that_is_not_empty(
    empty_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    from fleetdb.cli import main

    with empty_db.connect(autocommit=True) as conn:
        conn.execute("CREATE SCHEMA legacy")
    assert main(["rehearse", "--target", empty_db.target.sqitch_uri, "--skip-scenarios"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fleetdb rehearse: {empty_db.target} is not empty: it holds schema legacy")
    assert "--allow-changes" in err


def test_the_sampler_sees_a_lock_held_by_a_psql_session(empty_db: Database) -> None:
    from fleetdb.rehearsal.sampler import LockSampler
    from fleetdb.rehearsal.trial import locks_on_existing

    with empty_db.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE public.vehicles (id int PRIMARY KEY)")
        row = conn.execute("SELECT 'public.vehicles'::regclass::oid::bigint").fetchone()
        assert row is not None
        oid = int(row[0])
    # The script's session, as sqitch's psql would hold it mid-deploy.
    with empty_db.connect(application_name="psql") as script:
        script.execute("LOCK TABLE public.vehicles IN SHARE MODE")
        with LockSampler(empty_db.conninfo()) as sampler:
            pass  # the sampler takes at least one sample before it stops
        script.rollback()
    locks = locks_on_existing(sampler.held, {oid: "public.vehicles"}, {"public.vehicles": 3})
    assert [lock.describe() for lock in locks] == ["ShareLock on public.vehicles (3 rows)"]
    assert locks[0].risk


# Derived tables, written by the triggers of the rows they total: (table, its rows beside what they total).
DERIVED_TOTALS = {
    "accounting.account_day_totals": (
        "SELECT t.account_id, t.amount_minor, 0, (SELECT coalesce(sum(l.amount_minor), 0)::bigint"
        "  FROM accounting.journal_lines AS l WHERE l.account_id = t.account_id AND l.currency = t.currency"
        "  AND l.posting_date = t.posting_date), 0"
        " FROM accounting.account_day_totals AS t"
    ),
    "maintenance.job_cost_totals": (
        "SELECT t.job_id, t.parts_minor, t.labour_minor,"
        " (SELECT coalesce(sum(round(p.quantity * p.unit_cost_minor)), 0)::bigint"
        "  FROM maintenance.job_parts AS p WHERE p.job_id = t.job_id),"
        " (SELECT coalesce(sum(round(l.hours * l.rate_minor)), 0)::bigint"
        "  FROM maintenance.job_labour AS l WHERE l.job_id = t.job_id)"
        " FROM maintenance.job_cost_totals AS t"
    ),
    "rental.refund_totals": (
        "SELECT t.payment_id, t.paid_minor, t.refunded_minor, p.amount_minor,"
        " (SELECT coalesce(sum(r.amount_minor), 0)::bigint FROM rental.refunds AS r"
        "  WHERE r.payment_id = t.payment_id)"
        " FROM rental.refund_totals AS t LEFT JOIN rental.payments AS p ON p.id = t.payment_id"
    ),
}


@pytest.mark.parametrize("table", sorted(DERIVED_TOTALS))
def test_the_filler_gives_derived_totals_only_rows_that_match_what_they_total(
    fleetdb_template: Database, table: str
) -> None:
    """Totals are written by the triggers of the rows they total: a generic row of their own would be data
    no release could hold, and a change that checks them refuses to deploy onto it (the whole-plan
    rehearsal's upgrade from @v1.1 failed on exactly that, at maintenance_job_cost_totals_backfill)."""
    database = fleetdb_template.clone()
    try:
        with database.connect(autocommit=True) as conn:
            result = seed_existing_tables(conn)
            totals = conn.execute(DERIVED_TOTALS[table]).fetchall()
    finally:
        database.drop()
    assert table not in result.not_seeded
    assert totals, f"no rows in {table}: the rehearsal's data would not exercise them"
    assert [row for row in totals if (row[1], row[2]) != (row[3], row[4])] == []
