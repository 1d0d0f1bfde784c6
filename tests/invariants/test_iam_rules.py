"""iam: identities, e-mail addresses and staff profiles are unique where the domain says so."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from tests.support.world import World, violates


@pytest.mark.invariant("IAM-IDENTITY-UNIQUE")
def test_one_user_per_issuer_and_subject(db: psycopg.Connection[Any], world: World) -> None:
    alice, bob = world.user(), world.user()
    link = "INSERT INTO iam.external_identities (user_id, issuer, subject) VALUES (%s, %s, %s)"
    db.execute(link, (alice, "https://idp.example.com", "sub-1"))
    db.execute(link, (alice, "https://other.example.com", "sub-1"))
    with violates(db, "23505", "external_identities_issuer_subject_uq"):
        db.execute(link, (bob, "https://idp.example.com", "sub-1"))


@pytest.mark.invariant("IAM-EMAIL-UNIQUE")
def test_email_unique_whatever_the_case(db: psycopg.Connection[Any], world: World) -> None:
    world.user(email="Alice@Example.com")
    world.user(email="alice@example.org")
    with violates(db, "23505", "users_email_lower_uq"):
        world.user(email="ALICE@example.COM")


@pytest.mark.invariant("IAM-STAFF-ONE-PROFILE")
def test_at_most_one_staff_profile_per_user(db: psycopg.Connection[Any], world: World) -> None:
    user, branch = world.user(), world.location()
    profile = (
        "INSERT INTO iam.staff_profiles (user_id, employee_number, home_location_id) VALUES (%s, %s, %s)"
    )
    db.execute(profile, (user, "E-1", branch))
    db.execute(profile, (world.user(), "E-2", branch))
    with violates(db, "23505", "staff_profiles_user_id_uq"):
        db.execute(profile, (user, "E-3", branch))
