"""Rental: customers, bookings and their life cycle, charges, payments and refunds."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from fleetdb_persistence.errors import BookingConflict, DuplicatePayment, NotFound
from fleetdb_persistence.queries import query

if TYPE_CHECKING:
    from fleetdb_persistence.transaction import Transaction

_REFERENCE_DATA_HINT = (
    "Locations and accounts are reference data the DBA loads as the owner (docs/db/persistence.md)."
)
ChargeKind = Literal[
    "base_rate",
    "extra_day",
    "one_way_fee",
    "fuel",
    "mileage",
    "extra_equipment",
    "insurance",
    "late_return",
    "damage",
    "cleaning",
    "discount",
]


@dataclass(frozen=True, slots=True)
class Location:
    id: UUID
    code: str
    name: str
    address: str
    time_zone: str


@dataclass(frozen=True, slots=True)
class NewCustomer:
    full_name: str
    driver_licence_number: str
    driver_licence_country: str
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class Customer:
    id: UUID
    full_name: str
    email: str | None
    phone: str | None
    driver_licence_number: str
    driver_licence_country: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Booking:
    """A request to reserve ``vehicle_id`` for [pickup_at, return_at)."""

    vehicle_id: UUID
    customer_id: UUID
    pickup_location_id: UUID
    return_location_id: UUID
    pickup_at: datetime
    return_at: datetime
    currency: str


@dataclass(frozen=True, slots=True)
class Rental:
    id: UUID
    vehicle_id: UUID
    customer_id: UUID
    pickup_location_id: UUID
    return_location_id: UUID
    pickup_at: datetime
    return_at: datetime
    status: str
    currency: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class NewCharge:
    rental_id: UUID
    currency: str
    kind: ChargeKind
    amount_minor: int
    description: str = ""


@dataclass(frozen=True, slots=True)
class Charge:
    id: UUID
    rental_id: UUID
    currency: str
    kind: str
    amount_minor: int
    description: str
    created_at: datetime

    @property
    def signed_minor(self) -> int:
        """Amounts are stored positive; a discount reduces the total."""
        return -self.amount_minor if self.kind == "discount" else self.amount_minor


@dataclass(frozen=True, slots=True)
class NewPayment:
    rental_id: UUID
    currency: str
    amount_minor: int
    provider: str
    provider_reference: str
    received_at: datetime


@dataclass(frozen=True, slots=True)
class Payment:
    id: UUID
    rental_id: UUID
    currency: str
    amount_minor: int
    provider: str
    provider_reference: str
    received_at: datetime
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NewRefund:
    payment_id: UUID
    currency: str
    amount_minor: int
    reason: str
    refunded_at: datetime
    provider_reference: str | None = None


@dataclass(frozen=True, slots=True)
class Refund:
    id: UUID
    payment_id: UUID
    currency: str
    amount_minor: int
    provider_reference: str | None
    reason: str
    refunded_at: datetime
    created_at: datetime


@dataclass(frozen=True, slots=True)
class RentalDetails:
    """A rental with its charges, payments and refunds."""

    rental: Rental
    charges: list[Charge] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)

    @property
    def charged_minor(self) -> int:
        return sum(charge.signed_minor for charge in self.charges)

    @property
    def paid_minor(self) -> int:
        return sum(p.amount_minor for p in self.payments) - sum(r.amount_minor for r in self.refunds)

    @property
    def balance_minor(self) -> int:
        """What the customer still owes (negative: what they are owed)."""
        return self.charged_minor - self.paid_minor


class RentalRepository:
    def __init__(self, uow: Transaction) -> None:
        self.uow = uow

    def location(self, code: str) -> Location:
        """The location with this code; NotFound when the reference data has no such location."""
        found = self.uow.fetch_one(query("rental", "location_by_code"), {"code": code}, Location)
        if found is None:
            raise NotFound(f"location {code}", hint=_REFERENCE_DATA_HINT)
        return found

    def register_customer(self, new: NewCustomer) -> Customer:
        """Raises DuplicateCustomer when the driving licence is already registered."""
        with self.uow.attempt():
            customer = self.uow.fetch_one(query("rental", "register_customer"), asdict(new), Customer)
        assert customer is not None
        return customer

    def book(self, booking: Booking) -> Rental:
        """Reserve a vehicle. Raises BookingConflict (with ``conflicting``, the live rental it overlaps),
        MaintenanceConflict, VehicleRetired, ReferenceNotFound, or InvalidValue (period)."""
        params = asdict(booking)
        try:
            with self.uow.attempt():
                rental_id = self.uow.fetch_value(query("rental", "book"), params)
        except BookingConflict as conflict:
            # The savepoint is rolled back: the unit of work can still read. At READ COMMITTED the
            # look-up sees the rental that won, committed while we waited for the vehicle's lock.
            conflict.conflicting = self.uow.fetch_one(query("rental", "overlapping_rental"), params, Rental)
            raise
        return self.get(rental_id)

    def get(self, rental_id: UUID) -> Rental:
        found = self.uow.fetch_all(query("rental", "get_rentals"), {"rental_ids": [rental_id]}, Rental)
        if not found:
            raise NotFound(f"rental {rental_id}")
        return found[0]

    def _set_status(self, rental_id: UUID, status: str) -> Rental:
        params = {"rental_id": rental_id, "status": status}
        with self.uow.attempt():
            rental = self.uow.fetch_one(query("rental", "set_status"), params, Rental)
        if rental is None:
            raise NotFound(f"rental {rental_id}")
        return rental

    def activate(self, rental_id: UUID) -> Rental:
        """reserved -> active (the customer picked the vehicle up); else IllegalStatusTransition."""
        return self._set_status(rental_id, "active")

    def complete(self, rental_id: UUID) -> Rental:
        """active -> completed (the vehicle is back)."""
        return self._set_status(rental_id, "completed")

    def cancel(self, rental_id: UUID) -> Rental:
        """reserved -> cancelled."""
        return self._set_status(rental_id, "cancelled")

    def mark_no_show(self, rental_id: UUID) -> Rental:
        """reserved -> no_show."""
        return self._set_status(rental_id, "no_show")

    def add_charge(self, new: NewCharge) -> Charge:
        """Raises CurrencyMismatch (not the rental's currency), InvalidValue (amount <= 0), NotFound."""
        with self.uow.attempt():
            charge = self.uow.fetch_one(query("rental", "add_charge"), asdict(new), Charge)
        if charge is None:
            raise NotFound(f"rental {new.rental_id}")
        return charge

    def capture_payment(self, new: NewPayment) -> Payment:
        """Raises DuplicatePayment (with ``existing``) when the provider's transaction is already
        recorded, CurrencyMismatch, InvalidValue, NotFound."""
        try:
            with self.uow.attempt():
                payment = self.uow.fetch_one(query("rental", "capture_payment"), asdict(new), Payment)
        except DuplicatePayment as duplicate:
            params = {"provider": new.provider, "provider_reference": new.provider_reference}
            duplicate.existing = self.uow.fetch_one(
                query("rental", "payment_by_provider_reference"), params, Payment
            )
            raise
        if payment is None:
            raise NotFound(f"rental {new.rental_id}")
        return payment

    def refund(self, new: NewRefund) -> Refund:
        """Raises OverRefund when refunds would exceed the payment, CurrencyMismatch, NotFound."""
        with self.uow.attempt():
            refund = self.uow.fetch_one(query("rental", "refund"), asdict(new), Refund)
        if refund is None:
            raise NotFound(f"payment {new.payment_id}")
        return refund

    def details(self, rental_id: UUID) -> RentalDetails:
        found = self.details_of([rental_id])
        if not found:
            raise NotFound(f"rental {rental_id}")
        return found[0]

    def details_of(self, rental_ids: list[UUID]) -> list[RentalDetails]:
        """Rentals with charges, payments and refunds: four statements however many rows there are."""
        params = {"rental_ids": rental_ids}
        rentals = self.uow.fetch_all(query("rental", "get_rentals"), params, Rental)
        charges = self.uow.fetch_all(query("rental", "charges_of_rentals"), params, Charge)
        payments = self.uow.fetch_all(query("rental", "payments_of_rentals"), params, Payment)
        refunds = self.uow.fetch_all(query("rental", "refunds_of_rentals"), params, Refund)
        rental_of_payment = {payment.id: payment.rental_id for payment in payments}
        details = {rental.id: RentalDetails(rental) for rental in rentals}
        for charge in charges:
            details[charge.rental_id].charges.append(charge)
        for payment in payments:
            details[payment.rental_id].payments.append(payment)
        for refund in refunds:
            details[rental_of_payment[refund.payment_id]].refunds.append(refund)
        return list(details.values())
