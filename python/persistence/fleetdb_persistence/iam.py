"""IAM: users, their identities at the identity provider, roles and permissions."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from fleetdb_persistence.errors import NotFound
from fleetdb_persistence.queries import query

if TYPE_CHECKING:
    from fleetdb_persistence.transaction import Transaction


@dataclass(frozen=True, slots=True)
class NewUser:
    email: str
    display_name: str


@dataclass(frozen=True, slots=True)
class User:
    id: UUID
    email: str
    display_name: str
    status: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NewStaffProfile:
    user_id: UUID
    employee_number: str  # canonical: upper case, no surrounding spaces
    home_location_id: UUID
    job_title: str = ""


@dataclass(frozen=True, slots=True)
class StaffProfile:
    id: UUID
    user_id: UUID
    employee_number: str
    home_location_id: UUID
    job_title: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ExternalIdentity:
    id: UUID
    user_id: UUID
    issuer: str
    subject: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class UserWithPermissions:
    id: UUID
    email: str
    display_name: str
    status: str
    roles: list[str]
    permissions: list[str]

    def may(self, permission: str) -> bool:
        return self.status == "active" and permission in self.permissions


class IamRepository:
    def __init__(self, uow: Transaction) -> None:
        self.uow = uow

    def create_user(self, new: NewUser) -> User:
        """Raises DuplicateUser when the e-mail address is taken (whatever its letter case)."""
        with self.uow.attempt():
            user = self.uow.fetch_one(query("iam", "create_user"), asdict(new), User)
        assert user is not None
        return user

    def link_identity(self, user_id: UUID, issuer: str, subject: str) -> ExternalIdentity:
        """Raises DuplicateIdentity when (issuer, subject) already belongs to a user."""
        params = {"user_id": user_id, "issuer": issuer, "subject": subject}
        with self.uow.attempt():
            identity = self.uow.fetch_one(query("iam", "link_identity"), params, ExternalIdentity)
        assert identity is not None
        return identity

    def grant_role(self, user_id: UUID, role_code: str, granted_by: UUID | None = None) -> bool:
        """Give the user a role (by code); False when they already held it."""
        params = {"user_id": user_id, "role_code": role_code, "granted_by": granted_by}
        with self.uow.attempt():
            granted = self.uow.fetch_value(query("iam", "grant_role"), params)
        if granted is not None:
            return True
        if not self.uow.fetch_value(query("iam", "role_exists"), {"role_code": role_code}):
            raise NotFound(f"role {role_code}")
        return False

    def add_staff_profile(self, new: NewStaffProfile) -> StaffProfile:
        """A user's staff profile (at most one per user). Raises DuplicateStaffProfile (the user has one,
        or the employee number is taken), ReferenceNotFound (no such user or branch), InvalidValue."""
        with self.uow.attempt():
            profile = self.uow.fetch_one(query("iam", "add_staff_profile"), asdict(new), StaffProfile)
        assert profile is not None
        return profile

    def find_by_identity(self, issuer: str, subject: str) -> UserWithPermissions | None:
        """The user signed in as (issuer, subject), with role and permission codes; one statement."""
        params = {"issuer": issuer, "subject": subject}
        return self.uow.fetch_one(query("iam", "find_by_identity"), params, UserWithPermissions)
