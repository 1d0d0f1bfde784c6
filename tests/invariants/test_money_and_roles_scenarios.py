"""Payments, refunds and charges; what the application role can never do; iam uniqueness rules."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
import pytest

from tests.support.world import World, period, violates


@pytest.fixture
def rental(world: World) -> UUID:
    return world.rental(world.vehicle(), period(1, 3))


@pytest.mark.invariant("RENT-PAYMENT-ONCE")
def test_a_duplicate_provider_reference_is_rejected(
    db: psycopg.Connection[Any], world: World, rental: UUID
) -> None:
    world.payment(rental, 5000, provider="stripe", provider_reference="pi_9")
    with violates(db, "23505", "payments_provider_reference_uq"):
        world.payment(rental, 5000, provider="stripe", provider_reference="pi_9")
    with violates(db, "23505", "payments_provider_reference_uq"):
        # another rental, another amount: still the same provider transaction
        world.payment(
            world.rental(world.vehicle(), period(5, 6)), 1, provider="stripe", provider_reference="pi_9"
        )
    world.payment(rental, 5000, provider="adyen", provider_reference="pi_9")
    row = db.execute(
        "SELECT count(*) FROM rental.payments WHERE provider_reference = 'pi_9' GROUP BY provider"
        " ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    assert row == (1,)


@pytest.mark.invariant("RENT-REFUND-LIMIT")
def test_over_refund_is_rejected(db: psycopg.Connection[Any], world: World, rental: UUID) -> None:
    payment = world.payment(rental, 1000)
    other = world.payment(rental, 1000)
    with violates(db, "23514", "refunds_within_payment_trg"):
        world.refund(payment, 1001)
    world.refund(payment, 999)
    world.refund(other, 1000)  # refunds of another payment do not count
    with violates(db, "23514", "refunds_within_payment_trg"):
        world.refund(payment, 2)
    world.refund(payment, 1)
    row = db.execute(
        "SELECT bool_and(refunded <= paid) FROM"
        " (SELECT p.amount_minor AS paid, sum(r.amount_minor) AS refunded"
        " FROM rental.payments p JOIN rental.refunds r ON r.payment_id = p.id GROUP BY p.id) x"
    ).fetchone()
    assert row == (True,)


_TOTALS = (
    "SELECT t.refunded_minor, (SELECT sum(amount_minor) FROM rental.refunds WHERE payment_id = t.payment_id)"
    " FROM rental.refund_totals t WHERE t.payment_id = %s"
)


@pytest.mark.invariant("RENT-REFUND-LIMIT")
def test_the_running_total_is_the_sum_of_the_refunds_at_the_edges_of_bigint(
    db: psycopg.Connection[Any], world: World, rental: UUID
) -> None:
    """The check subtracts (paid - refunded) instead of adding, so no refund overflows it into a 22003.
    A payment is at most 10^12 minor units (RENT-AMOUNT-BOUNDED); a refund may still be up to 2^63 - 1."""
    top = 10**12
    payment = world.payment(rental, top)
    world.refund(payment, top - 1)
    with violates(db, "23514", "refunds_within_payment_trg"):
        world.refund(payment, 2**63 - 1)  # refunded + amount would overflow bigint
    with violates(db, "23514", "refunds_within_payment_trg"):
        world.refund(payment, 2)
    world.refund(payment, 1)
    assert db.execute(_TOTALS, (payment,)).fetchone() == (top, top)


@pytest.mark.invariant("RENT-REFUND-LIMIT")
def test_the_running_total_never_exceeds_the_payment_whoever_writes_it(
    db: psycopg.Connection[Any], world: World, rental: UUID
) -> None:
    payment = world.payment(rental, 1000)
    world.refund(payment, 400)
    with violates(db, "23514", "refund_totals_within_payment_ck"):  # as the owner, by hand
        db.execute(
            "UPDATE rental.refund_totals SET refunded_minor = paid_minor + 1 WHERE payment_id = %s",
            (payment,),
        )
    with violates(db, "42501", None):
        db.execute("SET LOCAL ROLE fleetdb_app")
        db.execute("UPDATE rental.refund_totals SET refunded_minor = 0 WHERE payment_id = %s", (payment,))


@pytest.mark.invariant("RENT-REFUND-LIMIT")
def test_a_missing_running_total_starts_from_the_refunds_already_recorded(
    db: psycopg.Connection[Any], world: World, rental: UUID
) -> None:
    """Refunds recorded before the totals existed (or a row an owner removed) still count."""
    payment = world.payment(rental, 1000)
    world.refund(payment, 700)
    db.execute("DELETE FROM rental.refund_totals WHERE payment_id = %s", (payment,))
    with violates(db, "23514", "refunds_within_payment_trg"):
        world.refund(payment, 301)
    world.refund(payment, 300)
    assert db.execute(_TOTALS, (payment,)).fetchone() == (1000, 1000)


@pytest.mark.invariant("RENT-CURRENCY")
def test_money_in_another_currency_than_the_rental_fails(
    db: psycopg.Connection[Any], world: World, rental: UUID
) -> None:
    with violates(db, "23503", "charges_rental_currency_fk"):
        db.execute(
            "INSERT INTO rental.charges (rental_id, currency, kind, amount_minor)"
            " VALUES (%s, 'GBP', 'fuel', 1)",
            (rental,),
        )
    with violates(db, "23503", "payments_rental_currency_fk"):
        world.payment(rental, 100, currency="GBP")
    payment = world.payment(rental, 100)
    with violates(db, "23503", "refunds_payment_currency_fk"):
        world.refund(payment, 1, currency="GBP")


@pytest.mark.invariant("RENT-AMOUNT-POSITIVE")
@pytest.mark.parametrize("amount", [0, -1])
def test_amounts_must_be_positive(
    db: psycopg.Connection[Any], world: World, rental: UUID, amount: int
) -> None:
    with violates(db, "23514", "charges_amount_positive_ck"):
        db.execute(
            "INSERT INTO rental.charges (rental_id, currency, kind, amount_minor)"
            " VALUES (%s, 'EUR', 'discount', %s)",
            (rental, amount),
        )
    with violates(db, "23514", "payments_amount_positive_ck"):
        world.payment(rental, amount)
    with violates(db, "23514", "refunds_amount_positive_ck"):
        world.refund(world.payment(rental, 100), amount)


@pytest.mark.invariant("RENT-MONEY-APPEND-ONLY")
@pytest.mark.parametrize(
    ("statement", "trigger"),
    [
        ("UPDATE rental.charges SET amount_minor = 1", "charges_append_only_trg"),
        ("DELETE FROM rental.charges", "charges_append_only_trg"),
        ("TRUNCATE rental.charges", "charges_no_truncate_trg"),
        ("UPDATE rental.payments SET amount_minor = 1", "payments_append_only_trg"),
        ("DELETE FROM rental.payments", "payments_append_only_trg"),
        ("TRUNCATE rental.payments CASCADE", "payments_no_truncate_trg"),
        ("UPDATE rental.refunds SET amount_minor = 1", "refunds_append_only_trg"),
        ("DELETE FROM rental.refunds", "refunds_append_only_trg"),
        ("TRUNCATE rental.refunds", "refunds_no_truncate_trg"),
    ],
)
def test_money_rows_cannot_be_changed_by_the_owner(
    db: psycopg.Connection[Any], world: World, rental: UUID, statement: str, trigger: str
) -> None:
    db.execute(
        "INSERT INTO rental.charges (rental_id, currency, kind, amount_minor) VALUES (%s, 'EUR', 'fuel', 5)",
        (rental,),
    )
    world.refund(world.payment(rental, 100), 10)
    with violates(db, "55000", trigger):
        db.execute(statement)


@pytest.mark.invariant("RENT-MONEY-APPEND-ONLY")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE rental.payments SET amount_minor = 1",
        "DELETE FROM rental.payments",
        "UPDATE rental.refunds SET amount_minor = 1",
        "DELETE FROM rental.refunds",
        "UPDATE rental.charges SET amount_minor = 1",
        "DELETE FROM rental.charges",
        "TRUNCATE rental.charges",
    ],
)
def test_the_application_has_no_privilege_to_change_money_rows(
    db: psycopg.Connection[Any], world: World, rental: UUID, statement: str
) -> None:
    world.refund(world.payment(rental, 100), 10)
    db.execute("SET LOCAL ROLE fleetdb_app")
    with violates(db, "42501", None):
        db.execute(statement)
    db.execute("RESET ROLE")


@pytest.mark.invariant("ROLE-APP-NO-BYPASS")
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE rental.rentals CASCADE",
        "TRUNCATE rental.rentals",
        "DELETE FROM rental.rentals",
        "ALTER TABLE rental.rentals DISABLE TRIGGER ALL",
        "ALTER TABLE rental.rentals DISABLE TRIGGER rentals_status_transition_trg",
        "ALTER TABLE rental.rentals DROP CONSTRAINT rentals_no_overlap_excl",
        "SET session_replication_role = replica",
        "CREATE TRIGGER sneak BEFORE INSERT ON fleet.odometer_readings"
        " FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()",
        "INSERT INTO accounting.journal_entries"
        " (posting_date, source, external_reference, currency, description)"
        " VALUES ('2030-06-01', 'rental', 'direct', 'EUR', 'bypassing post_entry')",
        "CREATE TABLE rental.sneaky (id int)",
        "ALTER FUNCTION fleet.odometer_readings_check_monotonic() OWNER TO fleetdb_app",
        "ALTER ROLE fleetdb_app SUPERUSER",
    ],
)
def test_the_application_cannot_get_around_the_invariants(
    db: psycopg.Connection[Any], world: World, statement: str
) -> None:
    world.rental(world.vehicle(), period(1, 3))
    db.execute("SET LOCAL ROLE fleetdb_app")
    with violates(db, "42501", None):
        db.execute(statement)
    db.execute("RESET ROLE")


@pytest.mark.invariant("ROLE-APP-NO-BYPASS")
def test_the_application_books_through_the_rules(db: psycopg.Connection[Any], world: World) -> None:
    """What the application may do, it can only do within the invariants."""
    car, customer, branch = world.vehicle(), world.customer(), world.location()
    book = "SELECT rental.book(%s, %s, %s, %s, %s, 'EUR')"
    db.execute("SET LOCAL ROLE fleetdb_app")
    db.execute(book, (car, customer, branch, branch, period(1, 5)))
    with violates(db, "23P01", "rentals_no_overlap_excl"):
        db.execute(book, (car, customer, branch, branch, period(4, 6)))
    with violates(db, "23514", "rentals_status_transition_trg"):
        db.execute("UPDATE rental.rentals SET status = 'completed'")
    db.execute("RESET ROLE")


@pytest.mark.invariant("IAM-IDENTITY-UNIQUE")
def test_an_identity_belongs_to_one_user(db: psycopg.Connection[Any], world: World) -> None:
    insert = "INSERT INTO iam.external_identities (user_id, issuer, subject) VALUES (%s, %s, %s)"
    first, second = world.user(), world.user()
    db.execute(insert, (first, "https://idp.example.com", "abc"))
    db.execute(insert, (second, "https://other.example.com", "abc"))  # same subject, other issuer
    db.execute(insert, (first, "https://other.example.com", "xyz"))  # a user may have several identities
    with violates(db, "23505", "external_identities_issuer_subject_uq"):
        db.execute(insert, (second, "https://idp.example.com", "abc"))


@pytest.mark.invariant("IAM-EMAIL-UNIQUE")
@pytest.mark.parametrize("spelling", ["anna@example.com", "Anna@Example.com", "ANNA@EXAMPLE.COM"])
def test_emails_are_unique_case_insensitively(
    db: psycopg.Connection[Any], world: World, spelling: str
) -> None:
    world.user(email="anna@example.com")
    with violates(db, "23505", "users_email_lower_uq"):
        world.user(email=spelling)
    world.user(email="anna2@example.com")


@pytest.mark.invariant("IAM-STAFF-ONE-PROFILE")
def test_a_user_has_at_most_one_staff_profile(db: psycopg.Connection[Any], world: World) -> None:
    user, branch = world.user(), world.location()
    insert = "INSERT INTO iam.staff_profiles (user_id, employee_number, home_location_id) VALUES (%s, %s, %s)"
    db.execute(insert, (user, "E-1", branch))
    db.execute(insert, (world.user(), "E-2", branch))
    with violates(db, "23505", "staff_profiles_user_id_uq"):
        db.execute(insert, (user, "E-3", branch))
