"""IAM repository against the real schema: each call's success and each of its domain errors."""

from __future__ import annotations

import uuid

import pytest

from fleetdb_persistence import UnitOfWork
from fleetdb_persistence.errors import (
    DuplicateIdentity,
    DuplicateStaffProfile,
    DuplicateUser,
    NotFound,
    ReferenceNotFound,
)
from fleetdb_persistence.iam import NewStaffProfile, NewUser, User
from tests.persistence.factories import Reference

ISSUER = "https://login.example.org"


def _user(uow: UnitOfWork) -> User:
    return uow.iam.create_user(NewUser(f"agent-{uuid.uuid4().hex[:8]}@example.org", "Branch Agent"))


def test_create_user_and_duplicate_email_whatever_its_case(uow: UnitOfWork) -> None:
    user = _user(uow)
    assert user.status == "active"
    with pytest.raises(DuplicateUser) as caught:
        uow.iam.create_user(NewUser(user.email.upper(), "Same Person"))
    assert (caught.value.sqlstate, caught.value.constraint) == ("23505", "users_email_lower_uq")


def test_link_identity_and_duplicate(uow: UnitOfWork) -> None:
    user = _user(uow)
    subject = uuid.uuid4().hex
    identity = uow.iam.link_identity(user.id, ISSUER, subject)
    assert (identity.user_id, identity.issuer, identity.subject) == (user.id, ISSUER, subject)
    other = _user(uow)
    with pytest.raises(DuplicateIdentity) as caught:
        uow.iam.link_identity(other.id, ISSUER, subject)
    assert (caught.value.sqlstate, caught.value.constraint) == (
        "23505",
        "external_identities_issuer_subject_uq",
    )


def test_link_identity_of_unknown_user(uow: UnitOfWork) -> None:
    with pytest.raises(ReferenceNotFound) as caught:
        uow.iam.link_identity(uuid.uuid4(), ISSUER, uuid.uuid4().hex)
    assert caught.value.constraint == "external_identities_user_fk"


def test_find_user_by_identity_with_roles_and_permissions(uow: UnitOfWork) -> None:
    user = _user(uow)
    subject = uuid.uuid4().hex
    uow.iam.link_identity(user.id, ISSUER, subject)
    assert uow.iam.grant_role(user.id, "branch_agent") is True
    assert uow.iam.grant_role(user.id, "fleet_manager") is True
    assert uow.iam.grant_role(user.id, "fleet_manager") is False  # already held
    found = uow.iam.find_by_identity(ISSUER, subject)
    assert found is not None
    assert (found.id, found.email) == (user.id, user.email)
    assert found.roles == ["branch_agent", "fleet_manager"]
    assert found.permissions == ["fleet.register", "rental.book", "rental.cancel"]
    assert found.may("rental.book") and not found.may("accounting.post")


def test_find_user_without_roles_and_unknown_identity(uow: UnitOfWork) -> None:
    user = _user(uow)
    subject = uuid.uuid4().hex
    uow.iam.link_identity(user.id, ISSUER, subject)
    found = uow.iam.find_by_identity(ISSUER, subject)
    assert found is not None and (found.roles, found.permissions) == ([], [])
    assert uow.iam.find_by_identity(ISSUER, "nobody") is None
    assert uow.iam.find_by_identity("https://elsewhere.example.org", subject) is None


def test_grant_unknown_role(uow: UnitOfWork) -> None:
    user = _user(uow)
    with pytest.raises(NotFound, match="role no_such_role"):
        uow.iam.grant_role(user.id, "no_such_role")


def test_add_staff_profile_once_per_user_with_its_own_employee_number(
    uow: UnitOfWork, reference: Reference
) -> None:
    user = _user(uow)
    number = f"E{uuid.uuid4().hex[:8].upper()}"
    profile = uow.iam.add_staff_profile(NewStaffProfile(user.id, number, reference.muc, "Agent"))
    assert (profile.user_id, profile.employee_number, profile.job_title) == (user.id, number, "Agent")
    with pytest.raises(DuplicateStaffProfile) as caught:
        uow.iam.add_staff_profile(NewStaffProfile(user.id, number + "X", reference.muc))
    assert caught.value.constraint == "staff_profiles_user_id_uq"
    with pytest.raises(DuplicateStaffProfile) as caught:
        uow.iam.add_staff_profile(NewStaffProfile(_user(uow).id, number, reference.muc))
    assert caught.value.constraint == "staff_profiles_employee_number_uq"
    with pytest.raises(ReferenceNotFound) as caught:
        uow.iam.add_staff_profile(NewStaffProfile(_user(uow).id, number + "Y", uuid.uuid4()))
    assert caught.value.constraint == "staff_profiles_home_location_fk"
