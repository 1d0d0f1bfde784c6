"""Natural keys have one spelling, and uniqueness holds on it: every other spelling of a key (case,
blanks at either end or doubled, separators, look-alike letters from other scripts, zero-width and other
invisible characters, control characters, empty) is refused with the key's *_canonical_ck, and plates
are unique without their separators (docs/db/conventions.md, "Canonical forms of natural keys")."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
import pytest

from tests.support.world import World, period, violates

ZWSP, SOFT_HYPHEN, NBSP, RTL_OVERRIDE = "\u200b", "\u00ad", "\u00a0", "\u202e"
CYRILLIC_A, CYRILLIC_SMALL_A, FULLWIDTH_M = "\u0410", "\u0430", "\uff2d"

# --------------------------------------------------------------------------- plates

PLATES_ACCEPTED = ["M-AB 123", "MAB123", "B-X 1", "HH-AB 1234", "123"]
PLATES_REFUSED = [
    "m-ab 1",
    "M-ab 1",
    " M-AB 1",
    "M-AB 1 ",
    "M-AB  1",
    "M--AB 1",
    "M- AB 1",
    "-MAB1",
    "MAB1-",
    f"M-{CYRILLIC_A}B 1",
    f"{FULLWIDTH_M}-AB 1",
    f"M-AB{ZWSP}1",
    f"M-AB{NBSP}1",
    "M-AB\t1",
    "M-AB/1",
    "M.AB 1",
    "",
    " ",
]


@pytest.mark.invariant("FLEET-PLATE-UNIQUE")
@pytest.mark.parametrize("plate", PLATES_ACCEPTED)
def test_a_canonical_plate_is_accepted(world: World, plate: str) -> None:
    world.vehicle(plate=plate)


@pytest.mark.invariant("FLEET-PLATE-UNIQUE")
@pytest.mark.parametrize("plate", PLATES_REFUSED, ids=repr)
def test_any_other_spelling_of_a_plate_is_refused(
    db: psycopg.Connection[Any], world: World, plate: str
) -> None:
    with violates(db, "23514", "vehicles_plate_canonical_ck"):
        world.vehicle(plate=plate)
    car = world.vehicle(plate="M-AB 1")
    with violates(db, "23514", "vehicles_plate_canonical_ck"):
        db.execute("UPDATE fleet.vehicles SET plate = %s WHERE id = %s", (plate, car))


@pytest.mark.invariant("FLEET-PLATE-UNIQUE")
@pytest.mark.parametrize("spelling", ["M-AB 1", "M-AB1", "MAB 1", "MAB1", "M AB-1", "M-A-B-1"])
def test_a_plate_is_unique_without_its_separators(
    db: psycopg.Connection[Any], world: World, spelling: str
) -> None:
    world.vehicle(plate="M-AB 1")
    with violates(db, "23505", "vehicles_plate_in_service_uq"):
        world.vehicle(plate=spelling)
    other = world.vehicle(plate="M-XY 9")
    with violates(db, "23505", "vehicles_plate_in_service_uq"):
        db.execute("UPDATE fleet.vehicles SET plate = %s WHERE id = %s", (spelling, other))
    world.vehicle(plate=spelling, plate_jurisdiction="AT")  # another jurisdiction's plate


@pytest.mark.invariant("FLEET-PLATE-UNIQUE")
def test_a_retired_vehicle_keeps_its_plate_beside_a_new_one(
    db: psycopg.Connection[Any], world: World
) -> None:
    old = world.vehicle(plate="M-AB 1")
    db.execute("UPDATE fleet.vehicles SET status = 'retired' WHERE id = %s", (old,))
    world.vehicle(plate="MAB1")
    with violates(db, "23505", "vehicles_plate_in_service_uq"):
        world.vehicle(plate="M-AB1")


# --------------------------------------------------------------------------- licences

LICENCES_REFUSED = [
    " L1",
    "L1 ",
    "l1",
    "L-1",
    "L 1",
    "L.1",
    f"L{ZWSP}1",
    f"{CYRILLIC_A}1",
    "\uff2c1",
    "L\n1",
    "",
]


@pytest.mark.invariant("RENT-CUSTOMER-LICENCE-UNIQUE")
@pytest.mark.parametrize("number", LICENCES_REFUSED, ids=repr)
def test_any_other_spelling_of_a_licence_number_is_refused(
    db: psycopg.Connection[Any], world: World, number: str
) -> None:
    with violates(db, "23514", "customers_driver_licence_number_canonical_ck"):
        world.customer(driver_licence_number=number)


@pytest.mark.invariant("RENT-CUSTOMER-LICENCE-UNIQUE")
def test_a_licence_is_one_customer_in_its_one_spelling(db: psycopg.Connection[Any], world: World) -> None:
    world.customer(driver_licence_number="L1")
    world.customer(driver_licence_number="B072RRE2I55")
    with violates(db, "23505", "customers_driver_licence_uq"):
        world.customer(driver_licence_number="L1")
    world.customer(driver_licence_number="L1", driver_licence_country="GB")


# --------------------------------------------------------------------------- payment providers and references


@pytest.fixture
def rental(world: World) -> UUID:
    return world.rental(world.vehicle(), period(1, 3))


@pytest.mark.invariant("RENT-PAYMENT-ONCE")
@pytest.mark.parametrize(
    "provider",
    [
        "Stripe",
        "STRIPE",
        "stripe ",
        " stripe",
        "apple-pay",
        "apple__pay",
        "_stripe",
        "stripe_",
        "str\u0456pe",
        "",
    ],
    ids=repr,
)
def test_any_other_spelling_of_a_provider_is_refused(
    db: psycopg.Connection[Any], world: World, rental: UUID, provider: str
) -> None:
    world.payment(rental, 1000, provider="stripe", provider_reference="pi_1")
    with violates(db, "23514", "payments_provider_canonical_ck"):
        world.payment(rental, 1000, provider=provider, provider_reference="pi_1")


@pytest.mark.invariant("RENT-PAYMENT-ONCE")
@pytest.mark.parametrize(
    "reference", ["pi_1 ", " pi_1", "pi 1", f"pi_1{ZWSP}", "pi_1\t", "pi_1\n", "pi_\u00e91", ""], ids=repr
)
def test_any_other_spelling_of_a_provider_reference_is_refused(
    db: psycopg.Connection[Any], world: World, rental: UUID, reference: str
) -> None:
    world.payment(rental, 1000, provider="stripe", provider_reference="pi_1")
    with violates(db, "23514", "payments_provider_reference_canonical_ck"):
        world.payment(rental, 1000, provider="stripe", provider_reference=reference)


@pytest.mark.invariant("RENT-PAYMENT-ONCE")
@pytest.mark.parametrize("provider", ["stripe", "apple_pay", "2checkout", "a" * 32])
def test_canonical_providers_are_accepted(world: World, rental: UUID, provider: str) -> None:
    world.payment(rental, 1000, provider=provider, provider_reference="pi_1")


@pytest.mark.invariant("RENT-TEXT-BOUNDED")
@pytest.mark.parametrize("reference", ["rf 1", "rf1 ", f"rf{ZWSP}1", ""], ids=repr)
def test_a_refund_reference_is_printable_ascii_without_blanks(
    db: psycopg.Connection[Any], world: World, rental: UUID, reference: str
) -> None:
    payment = world.payment(rental, 1000)
    world.refund(payment, 1, provider_reference="rf_1")
    with violates(db, "23514", "refunds_provider_reference_canonical_ck"):
        world.refund(payment, 1, provider_reference=reference)


# --------------------------------------------------------------------------- e-mail addresses

EMAILS_ACCEPTED = ["erika@example.org", "Erika.M+rent@Example.org", "a@xn--mnchen-3ya.de", "x@y"]
EMAILS_REFUSED = [
    "erika@example.org ",
    " erika@example.org",
    f"erika@example.org{ZWSP}",
    f"erika{ZWSP}@example.org",
    f"erika@exam{SOFT_HYPHEN}ple.org",
    f"{RTL_OVERRIDE}erika@example.org",
    f"erika@example.org{NBSP}",
    "erika@example.org\t",
    "erika@example.org\n",
    f"erik{CYRILLIC_SMALL_A}@example.org",
    "m\u00fcller@example.de",
    "erika@@example.org",
    "erika@ex@ample.org",
    "erika",
    "@example.org",
    "erika@",
    "",
]


@pytest.mark.invariant("IAM-EMAIL-UNIQUE")
@pytest.mark.parametrize("email", EMAILS_ACCEPTED)
def test_a_canonical_email_is_accepted(world: World, email: str) -> None:
    world.user(email=email)
    world.customer(email=email)


@pytest.mark.invariant("IAM-EMAIL-UNIQUE")
@pytest.mark.parametrize("email", EMAILS_REFUSED, ids=repr)
def test_a_look_alike_of_a_user_email_is_refused(
    db: psycopg.Connection[Any], world: World, email: str
) -> None:
    world.user(email="erika@example.org")
    with violates(db, "23514", "users_email_canonical_ck"):
        world.user(email=email)


@pytest.mark.invariant("IAM-EMAIL-UNIQUE")
def test_an_email_is_unique_whatever_its_case(db: psycopg.Connection[Any], world: World) -> None:
    user = world.user(email="erika@example.org")
    with violates(db, "23505", "users_email_lower_uq"):
        world.user(email="Erika@Example.ORG")
    other = world.user(email="max@example.org")
    with violates(db, "23505", "users_email_lower_uq"):
        db.execute("UPDATE iam.users SET email = 'ERIKA@example.org' WHERE id = %s", (other,))
    db.execute("UPDATE iam.users SET email = 'Erika@example.org' WHERE id = %s", (user,))


@pytest.mark.invariant("RENT-TEXT-BOUNDED")
@pytest.mark.parametrize("email", EMAILS_REFUSED, ids=repr)
def test_a_customer_email_has_the_same_rule(db: psycopg.Connection[Any], world: World, email: str) -> None:
    with violates(db, "23514", "customers_email_canonical_ck"):
        world.customer(email=email)


# ------------------------------------------------------------- identities, staff, references, inbox


@pytest.mark.invariant("IAM-IDENTITY-UNIQUE")
@pytest.mark.parametrize("column", ["issuer", "subject"])
@pytest.mark.parametrize(
    "value", ["sub-1 ", " sub-1", "sub 1", f"sub-1{ZWSP}", "sub-1\t", "s\u00fcb", ""], ids=repr
)
def test_an_identity_is_printable_ascii_without_blanks(
    db: psycopg.Connection[Any], world: World, column: str, value: str
) -> None:
    user = world.user()
    world.identity(user, subject="sub-1")
    with violates(db, "23514", f"external_identities_{column}_canonical_ck"):
        world.identity(user, **{column: value})


@pytest.mark.invariant("IAM-STAFF-NUMBER-UNIQUE")
@pytest.mark.parametrize(
    "number", ["e0000001", " E1", "E1 ", "E--1", "-E1", "E1-", "E 1", "E_1", f"E{ZWSP}1", ""], ids=repr
)
def test_any_other_spelling_of_an_employee_number_is_refused(
    db: psycopg.Connection[Any], world: World, number: str
) -> None:
    with violates(db, "23514", "staff_profiles_employee_number_canonical_ck"):
        world.staff_profile(world.user(), employee_number=number)


@pytest.mark.invariant("IAM-STAFF-NUMBER-UNIQUE")
def test_an_employee_number_is_one_profile(db: psycopg.Connection[Any], world: World) -> None:
    world.staff_profile(world.user(), employee_number="HR-2024-17")
    with violates(db, "23505", "staff_profiles_employee_number_uq"):
        world.staff_profile(world.user(), employee_number="HR-2024-17")


@pytest.mark.invariant("ACCT-IDEMPOTENT-POSTING")
@pytest.mark.parametrize(
    "reference", ["payment 1", "payment-1 ", f"payment-1{ZWSP}", "payment-\u00e9", ""], ids=repr
)
def test_an_external_reference_is_printable_ascii_without_blanks(
    db: psycopg.Connection[Any], world: World, reference: str
) -> None:
    debit, credit = world.account(), world.account()
    world.post("payment-1", [(debit, 100), (credit, -100)])
    with violates(db, "23514", "journal_entries_external_reference_canonical_ck"):
        world.post(reference, [(debit, 100), (credit, -100)])


@pytest.mark.invariant("INTEG-INBOX-IDEMPOTENT")
@pytest.mark.parametrize("schema", ["iam", "fleet", "rental", "maintenance", "accounting"])
@pytest.mark.parametrize(
    "consumer", ["Billing", "billing ", " billing", "bill ing", "billing..x", ".billing", ""], ids=repr
)
def test_a_consumer_name_has_one_spelling(
    db: psycopg.Connection[Any], world: World, schema: str, consumer: str
) -> None:
    world.inbox_message(schema, consumer="billing")
    world.inbox_message(schema, consumer="accounting.rental_completed")
    with violates(db, "23514", "inbox_processed_messages_consumer_canonical_ck"):
        world.inbox_message(schema, consumer=consumer)
