"""The one mapping table from (SQLSTATE, constraint) to domain errors, checked against the deployed schema."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from fleetdb.catalog import snapshot_catalog
from fleetdb_persistence import ERRORS, PersistenceError, UnitOfWork, translate
from fleetdb_persistence.errors import (
    AppendOnlyViolation,
    BookingConflict,
    InvalidValue,
    NotCanonical,
    OutOfRange,
    TooLong,
    error_class,
)
from tests.persistence.factories import Reference, new_vehicle


@pytest.fixture(scope="module")
def deployed_names(app_database: Any) -> dict[str, set[str]]:
    with app_database[0].connect() as conn:
        catalog = snapshot_catalog(conn, kinds=("constraint", "trigger", "index"))
    names: dict[str, set[str]] = {"constraint": set(), "trigger": set(), "index": set()}
    for kind in names:
        for key in catalog.keys(kind):
            names[kind].add(key.rsplit(".", 1)[-1])
    functions = {key.rsplit(".", 1)[-1]: obj["function"] for key, obj in catalog.of_kind("trigger").items()}
    names["append_only_triggers"] = {name for name, fn in functions.items() if fn == "shared.reject_mutation"}
    return names


def test_every_mapped_name_exists_in_the_deployed_schema(deployed_names: dict[str, set[str]]) -> None:
    """A renamed constraint or trigger would silently turn a domain error into a generic one."""
    known = deployed_names["constraint"] | deployed_names["trigger"] | deployed_names["index"]
    missing = sorted(name for _, name in ERRORS if name is not None and name not in known)
    assert missing == [], f"mapped but not deployed: {missing}"


def test_every_append_only_trigger_is_mapped(deployed_names: dict[str, set[str]]) -> None:
    unmapped = sorted(
        name
        for name in deployed_names["append_only_triggers"]
        if error_class("55000", name) is not AppendOnlyViolation
    )
    assert unmapped == [], f"append-only triggers without a mapping: {unmapped}"


@pytest.mark.parametrize(
    ("suffix", "cls"),
    [
        ("_canonical_ck", NotCanonical),
        ("_length_ck", TooLong),
        ("_max_ck", OutOfRange),
        ("_range_ck", OutOfRange),
    ],
)
def test_every_value_rule_is_mapped(
    deployed_names: dict[str, set[str]], suffix: str, cls: type[PersistenceError]
) -> None:
    """A canonical form, a text limit or a numeric bound added later cannot be forgotten here."""
    rules = {name for name in deployed_names["constraint"] if name.endswith(suffix)}
    assert rules and sorted(name for name in rules if error_class("23514", name) is not cls) == []


def test_a_value_rule_becomes_a_one_line_error_that_says_what_to_do(
    uow: UnitOfWork, reference: Reference
) -> None:
    with pytest.raises(NotCanonical) as caught:
        uow.fleet.register_vehicle(new_vehicle(reference, plate="m-ab 1"))
    text = str(caught.value)
    assert "\n" not in text
    assert "SQLSTATE 23514" in text and "vehicles_plate_canonical_ck" in text and "conventions.md" in text


def test_nul_in_text_is_an_invalid_value_not_a_traceback(uow: UnitOfWork, reference: Reference) -> None:
    """psycopg refuses a text parameter holding NUL before sending it (no SQLSTATE: the server never
    sees it); the server refuses NUL in a literal with 22021."""
    with pytest.raises(InvalidValue) as caught:
        uow.fleet.register_vehicle(new_vehicle(reference, make="Volks\x00wagen"))
    assert caught.value.sqlstate is None and "NUL" in str(caught.value)
    assert isinstance(caught.value.__cause__, psycopg.DataError)


def test_nul_in_a_literal_is_refused_by_the_server(superuser: psycopg.Connection[Any]) -> None:
    with pytest.raises(psycopg.Error) as caught:
        superuser.execute("SELECT E'a\\000b'")
    error = translate(caught.value)
    assert isinstance(error, InvalidValue) and error.sqlstate == "22021"


def test_every_exclusion_constraint_is_mapped(deployed_names: dict[str, set[str]]) -> None:
    exclusions = {name for name in deployed_names["constraint"] if name.endswith("_excl")}
    assert exclusions and all(error_class("23P01", name) is not PersistenceError for name in exclusions)


def test_lookup_uses_sqlstate_and_constraint_together() -> None:
    assert error_class("23P01", "rentals_no_overlap_excl") is BookingConflict
    assert error_class("23505", "rentals_no_overlap_excl") is PersistenceError  # right name, wrong SQLSTATE
    assert error_class("23P01", None) is PersistenceError
    assert error_class(None, None) is PersistenceError


def test_an_unmapped_violation_is_a_generic_error_naming_sqlstate_and_constraint(
    uow: UnitOfWork, reference: Reference
) -> None:
    with pytest.raises(PersistenceError) as caught:
        uow.fleet.register_vehicle(new_vehicle(reference, vin="IIIIIIIIIIIIIIIII"))
    error = caught.value
    assert type(error) is PersistenceError
    assert (error.sqlstate, error.constraint, error.table) == (
        "23514",
        "vehicles_vin_format_ck",
        "fleet.vehicles",
    )
    assert "SQLSTATE 23514" in str(error) and "vehicles_vin_format_ck" in str(error)
    assert isinstance(error.__cause__, psycopg.errors.CheckViolation)


def test_translate_keeps_the_servers_hint(superuser: psycopg.Connection[Any]) -> None:
    with pytest.raises(psycopg.Error) as caught:
        superuser.execute("TRUNCATE rental.charges")
    error = translate(caught.value)
    assert isinstance(error, AppendOnlyViolation)
    assert error.constraint == "charges_no_truncate_trg"
    assert error.hint and error.hint in str(error)
