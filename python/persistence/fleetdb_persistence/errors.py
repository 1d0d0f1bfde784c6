"""Domain errors of the persistence layer, chosen from a database error by SQLSTATE and constraint name.

The server names what was violated in ``e.diag.constraint_name``: the constraint itself, or, for rules a
trigger enforces, the trigger (the schema's triggers raise with ``CONSTRAINT = TG_NAME``). ``ERRORS`` is
the one table from ``(sqlstate, constraint)`` to a domain error; an error that is not in it becomes a
plain ``PersistenceError`` that still carries both. Message text is never read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ClassVar

import psycopg


def libpq_message(error: BaseException) -> str:
    """libpq's message on one line: its lines (a hint on the second, one per host tried) joined with
    "; " rather than glued into one sentence, and the spacing of "FATAL:  …" made single."""
    lines = [" ".join(line.split()) for line in str(error).splitlines()]
    return "; ".join(line for line in lines if line) or type(error).__name__


class PersistenceError(Exception):
    """The root of every error this library raises: a database error, with the SQLSTATE and the violated
    constraint (or trigger) the server reported. An application catches this one class; the library's
    own errors do not share a root with the fleetdb tools'."""

    what: ClassVar[str] = "database error"
    advice: ClassVar[str] = ""

    def __init__(
        self,
        message: str,
        *,
        sqlstate: str | None = None,
        constraint: str | None = None,
        table: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.sqlstate = sqlstate
        self.constraint = constraint
        self.table = table
        self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                f"SQLSTATE {self.sqlstate}" if self.sqlstate else "",
                f"constraint {self.constraint}" if self.constraint else "",
                f"table {self.table}" if self.table else "",
            )
            if part
        )
        text = f"{self.what}: {self.message}" + (f" ({where})" if where else "")
        advice = self.hint or self.advice
        return f"{text}. {advice}" if advice else text


class NotFound(PersistenceError):
    what = "not found"


class ReferenceNotFound(PersistenceError):
    what = "unknown reference"
    advice = "Check that the referenced row exists."


class InvalidValue(PersistenceError):
    what = "invalid value"


class NotCanonical(InvalidValue):
    what = "not in canonical form"
    advice = (
        "Write the key in its one spelling: see the canonical forms in docs/db/conventions.md "
        "(plates upper-case with single spaces or hyphens, licences upper-case letters and digits, "
        "providers lower-case, e-mails and references printable ASCII without blanks)."
    )


class TooLong(InvalidValue):
    what = "text too long"
    advice = "Shorten the text to its column's limit (docs/db/conventions.md, text limits)."


class OutOfRange(InvalidValue):
    what = "number out of range"
    advice = (
        "Amounts are at most 10^12 minor units, part quantities 10,000, labour hours 1,000 "
        "(docs/db/conventions.md, amounts and derived sums)."
    )


class TransientConflict(PersistenceError):
    """40001/40P01: the transaction lost a race; running the whole unit of work again may succeed."""

    what = "transient conflict"
    advice = "Run the unit of work again (mark it safe_to_retry to let Store.run do it)."
    attempts: int = 1


class SerializationConflict(TransientConflict):
    what = "serialization failure"


class DeadlockDetected(TransientConflict):
    what = "deadlock"


class NotPermitted(PersistenceError):
    what = "not permitted"
    advice = (
        "The role this unit of work acts as may not do this (the application may not write outbox events "
        "nor mark them published: that is the relay's, Store.open(..., role=RELAY_ROLE))."
    )


class BookingConflict(PersistenceError):
    what = "booking conflict"
    advice = "Choose another vehicle or period."
    conflicting: Any = None  # the live rental of the same vehicle that overlaps, when it can be found


class MaintenanceConflict(PersistenceError):
    what = "maintenance conflict"
    advice = "A booking and an open maintenance job of one vehicle may not overlap; choose another period."


class VehicleRetired(PersistenceError):
    what = "vehicle retired"
    advice = "A retired vehicle cannot be booked, nor a booking of it moved, rescheduled or activated."


class VehicleHasLiveBookings(PersistenceError):
    what = "vehicle has live bookings"
    advice = (
        "Cancel its reservations or move them to another vehicle and complete its active rental first "
        "(in the same unit of work if you like); then retire it."
    )


class IllegalStatusTransition(PersistenceError):
    what = "illegal status transition"


class OdometerRegression(PersistenceError):
    what = "odometer regression"
    advice = "Record an odometer correction to start a new segment."


class DuplicateVehicle(PersistenceError):
    what = "duplicate vehicle"


class DuplicateUser(PersistenceError):
    what = "duplicate user"


class DuplicateIdentity(PersistenceError):
    what = "duplicate identity"


class DuplicateStaffProfile(PersistenceError):
    what = "duplicate staff profile"


class DuplicateCustomer(PersistenceError):
    what = "duplicate customer"


class CurrencyMismatch(PersistenceError):
    what = "currency mismatch"
    advice = "Amounts must be in the currency of the rental, payment, job, entry or account they belong to."


class DuplicatePayment(PersistenceError):
    what = "duplicate payment"
    existing: Any = None  # the payment already recorded for (provider, provider_reference)


class OverRefund(PersistenceError):
    what = "over-refund"
    advice = "Refunds of a payment may not exceed the amount paid."


class DuplicatePosting(PersistenceError):
    """Raised only when the caller asks for a new entry; by default post_entry returns the existing one."""

    what = "duplicate posting"
    existing: Any = None


class PostingConflict(PersistenceError):
    what = "posting conflict"
    advice = "A reference identifies one business event; post a correction under a new reference."


class UnbalancedEntry(PersistenceError):
    what = "unbalanced entry"
    advice = "An entry needs at least two lines whose amounts sum to zero."


class AlreadyReversed(PersistenceError):
    what = "already reversed"


class EntryClosed(PersistenceError):
    what = "entry closed"
    advice = "Post a reversal entry and a new entry instead."


class AppendOnlyViolation(PersistenceError):
    what = "append-only"
    advice = "Record a correcting row (correction event, reversal entry, refund) instead."


# The one mapping. A key with constraint None matches any constraint of that SQLSTATE (used for errors
# that have none, like 40001). Append-only triggers are listed by name: tests compare this table with the
# deployed catalog so that a new append-only table cannot be forgotten here.
_APPEND_ONLY_TABLES = (
    "odometer_corrections",
    "odometer_readings",
    "charges",
    "payments",
    "refunds",
    "journal_entries",
    "journal_lines",
)
# Canonical forms, text limits and numeric bounds, by constraint name (the outbox and inbox names recur
# in every module schema). A test requires every deployed *_canonical_ck, *_length_ck, *_max_ck and
# *_range_ck to be listed here.
_CANONICAL = (
    "users_email_canonical_ck",
    "external_identities_issuer_canonical_ck",
    "external_identities_subject_canonical_ck",
    "staff_profiles_employee_number_canonical_ck",
    "vehicles_plate_canonical_ck",
    "customers_email_canonical_ck",
    "customers_driver_licence_number_canonical_ck",
    "payments_provider_canonical_ck",
    "payments_provider_reference_canonical_ck",
    "refunds_provider_reference_canonical_ck",
    "journal_entries_external_reference_canonical_ck",
    "inbox_processed_messages_consumer_canonical_ck",
)
_TOO_LONG = (
    "users_email_length_ck",
    "users_display_name_length_ck",
    "external_identities_issuer_length_ck",
    "external_identities_subject_length_ck",
    "roles_code_length_ck",
    "roles_name_length_ck",
    "roles_description_length_ck",
    "permissions_code_length_ck",
    "permissions_description_length_ck",
    "staff_profiles_employee_number_length_ck",
    "staff_profiles_job_title_length_ck",
    "vehicles_plate_length_ck",
    "vehicles_make_length_ck",
    "vehicles_model_length_ck",
    "odometer_corrections_reason_length_ck",
    "locations_name_length_ck",
    "locations_address_length_ck",
    "locations_time_zone_length_ck",
    "customers_full_name_length_ck",
    "customers_email_length_ck",
    "customers_phone_length_ck",
    "customers_driver_licence_number_length_ck",
    "charges_description_length_ck",
    "payments_provider_length_ck",
    "payments_provider_reference_length_ck",
    "refunds_provider_reference_length_ck",
    "refunds_reason_length_ck",
    "jobs_vendor_length_ck",
    "jobs_notes_length_ck",
    "job_parts_part_number_length_ck",
    "job_parts_description_length_ck",
    "job_labour_technician_length_ck",
    "accounts_code_length_ck",
    "accounts_name_length_ck",
    "journal_entries_external_reference_length_ck",
    "journal_entries_description_length_ck",
    "journal_lines_memo_length_ck",
    "outbox_events_aggregate_type_length_ck",
    "outbox_events_event_type_length_ck",
    "inbox_processed_messages_consumer_length_ck",
    "currencies_name_length_ck",
    "previous_owners_object_name_length_ck",
)
_OUT_OF_RANGE = (
    "charges_amount_max_ck",
    "payments_amount_max_ck",
    "job_parts_quantity_max_ck",
    "job_parts_unit_cost_max_ck",
    "job_labour_hours_max_ck",
    "job_labour_rate_max_ck",
    "job_cost_totals_parts_range_ck",
    "job_cost_totals_labour_range_ck",
    "journal_lines_amount_range_ck",
    "account_day_totals_amount_range_ck",
    "odometer_readings_reading_km_range_ck",
    "jobs_odometer_km_range_ck",
    "vehicles_model_year_range_ck",
    "currencies_minor_units_range_ck",
    "currencies_numeric_code_range_ck",
)
ERRORS: Mapping[tuple[str, str | None], type[PersistenceError]] = {
    ("40001", None): SerializationConflict,
    # A value that does not fit its type at all (a number beyond bigint), and NUL in text sent as bytes.
    ("22003", None): OutOfRange,
    ("22021", None): InvalidValue,
    ("54000", None): InvalidValue,
    ("40P01", None): DeadlockDetected,
    ("42501", None): NotPermitted,
    # fleet
    ("23505", "vehicles_vin_uq"): DuplicateVehicle,
    ("23503", "vehicles_home_location_fk"): ReferenceNotFound,
    ("23503", "odometer_readings_vehicle_fk"): ReferenceNotFound,
    ("23503", "odometer_corrections_vehicle_fk"): ReferenceNotFound,
    ("23505", "vehicles_plate_in_service_uq"): DuplicateVehicle,
    ("23514", "odometer_readings_monotonic_trg"): OdometerRegression,
    ("23514", "vehicles_status_transition_trg"): IllegalStatusTransition,
    ("55000", "vehicles_retirement_trg"): VehicleHasLiveBookings,
    # iam
    ("23505", "users_email_lower_uq"): DuplicateUser,
    ("23505", "external_identities_issuer_subject_uq"): DuplicateIdentity,
    ("23503", "external_identities_user_fk"): ReferenceNotFound,
    ("23505", "staff_profiles_user_id_uq"): DuplicateStaffProfile,
    ("23505", "staff_profiles_employee_number_uq"): DuplicateStaffProfile,
    ("23503", "staff_profiles_user_fk"): ReferenceNotFound,
    ("23503", "staff_profiles_home_location_fk"): ReferenceNotFound,
    ("23503", "user_roles_user_fk"): ReferenceNotFound,
    # rental
    ("23505", "customers_driver_licence_uq"): DuplicateCustomer,
    ("23P01", "rentals_no_overlap_excl"): BookingConflict,
    ("23503", "rentals_vehicle_fk"): ReferenceNotFound,
    ("23503", "rentals_customer_fk"): ReferenceNotFound,
    ("23503", "rentals_pickup_location_fk"): ReferenceNotFound,
    ("23503", "rentals_return_location_fk"): ReferenceNotFound,
    ("23503", "rentals_currency_fk"): ReferenceNotFound,
    ("23P01", "rentals_no_maintenance_overlap_trg"): MaintenanceConflict,
    ("55000", "rentals_vehicle_bookable_trg"): VehicleRetired,
    ("23514", "rentals_status_transition_trg"): IllegalStatusTransition,
    # A rental keeps its id (its events name it): the server's hint says so.
    ("55000", "rentals_id_immutable_trg"): InvalidValue,
    ("23514", "rentals_period_half_open_ck"): InvalidValue,
    ("23503", "charges_rental_currency_fk"): CurrencyMismatch,
    ("23503", "payments_rental_currency_fk"): CurrencyMismatch,
    ("23503", "refunds_payment_currency_fk"): CurrencyMismatch,
    ("23505", "payments_provider_reference_uq"): DuplicatePayment,
    ("23514", "refunds_within_payment_trg"): OverRefund,
    ("23514", "charges_amount_positive_ck"): InvalidValue,
    ("23514", "payments_amount_positive_ck"): InvalidValue,
    ("23514", "refunds_amount_positive_ck"): InvalidValue,
    # maintenance
    ("23P01", "jobs_no_rental_overlap_trg"): MaintenanceConflict,
    ("23503", "jobs_vehicle_fk"): ReferenceNotFound,
    ("23503", "jobs_currency_fk"): ReferenceNotFound,
    ("23514", "jobs_status_transition_trg"): IllegalStatusTransition,
    ("23514", "jobs_scheduled_window_half_open_ck"): InvalidValue,
    ("23503", "job_parts_job_currency_fk"): CurrencyMismatch,
    ("23503", "job_labour_job_currency_fk"): CurrencyMismatch,
    ("23514", "job_parts_quantity_positive_ck"): InvalidValue,
    ("23514", "job_labour_hours_positive_ck"): InvalidValue,
    # accounting
    ("23505", "journal_entries_source_reference_uq"): PostingConflict,
    ("23514", "journal_entries_balanced_trg"): UnbalancedEntry,
    ("23514", "journal_lines_balanced_trg"): UnbalancedEntry,
    ("23503", "journal_lines_account_fk"): CurrencyMismatch,
    ("23503", "journal_entries_reverses_fk"): CurrencyMismatch,
    ("23505", "journal_entries_reverses_once_uq"): AlreadyReversed,
    ("23514", "journal_lines_amount_nonzero_ck"): InvalidValue,
    ("55000", "journal_lines_same_transaction_trg"): EntryClosed,
    # append-only tables (shared.reject_mutation names the trigger)
    **{("55000", f"{table}_append_only_trg"): AppendOnlyViolation for table in _APPEND_ONLY_TABLES},
    **{("55000", f"{table}_no_truncate_trg"): AppendOnlyViolation for table in _APPEND_ONLY_TABLES},
    **{("23514", name): NotCanonical for name in _CANONICAL},
    **{("23514", name): TooLong for name in _TOO_LONG},
    **{("23514", name): OutOfRange for name in _OUT_OF_RANGE},
}


def error_class(sqlstate: str | None, constraint: str | None) -> type[PersistenceError]:
    if sqlstate is None:
        return PersistenceError
    return ERRORS.get((sqlstate, constraint)) or ERRORS.get((sqlstate, None)) or PersistenceError


def translate(error: psycopg.Error) -> PersistenceError:
    """The domain error for a database error (``PersistenceError`` when the table does not know it)."""
    diag = error.diag
    sqlstate = error.sqlstate
    constraint = diag.constraint_name
    table = f"{diag.schema_name}.{diag.table_name}" if diag.schema_name and diag.table_name else None
    message = diag.message_primary or str(error).strip()
    cls = error_class(sqlstate, constraint)
    if sqlstate is None and isinstance(error, psycopg.DataError):
        cls = InvalidValue  # refused by psycopg before sending, e.g. NUL in a text parameter
    return cls(message, sqlstate=sqlstate, constraint=constraint, table=table, hint=diag.message_hint)


@contextmanager
def translated() -> Iterator[None]:
    """Re-raise database errors of the block as domain errors (the original stays as ``__cause__``)."""
    try:
        yield
    except psycopg.Error as error:
        raise translate(error) from error
