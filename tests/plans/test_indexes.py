"""The index catalog check: the deployed schema passes, and an unindexed foreign key, a duplicate
index and a prefix index are each caught."""

from __future__ import annotations

from typing import Any

import psycopg

from fleetdb.catalog import snapshot_catalog
from fleetdb.plans import check_indexes


def _problems(conn: psycopg.Connection[Any]) -> list[str]:
    return [p.describe() for p in check_indexes(snapshot_catalog(conn, kinds=("constraint", "index")))]


def test_every_foreign_key_is_indexed_and_no_index_is_redundant(db: psycopg.Connection[Any]) -> None:
    assert _problems(db) == []


def test_an_unindexed_foreign_key_is_caught(db: psycopg.Connection[Any]) -> None:
    db.execute(
        "CREATE TABLE rental.probe_notes (id bigint PRIMARY KEY, rental_id uuid NOT NULL "
        "CONSTRAINT probe_notes_rental_fk REFERENCES rental.rentals (id))"
    )
    assert [p for p in _problems(db) if "probe_notes_rental_fk" in p] == [
        "unindexed foreign key: probe_notes_rental_fk on rental.probe_notes: "
        "no index leads with (rental_id); add CREATE INDEX ON rental.probe_notes (rental_id)"
    ]


def test_a_partial_index_does_not_support_a_foreign_key(db: psycopg.Connection[Any]) -> None:
    db.execute(
        "CREATE TABLE rental.probe_notes (id bigint PRIMARY KEY, rental_id uuid "
        "CONSTRAINT probe_notes_rental_fk REFERENCES rental.rentals (id))"
    )
    db.execute(
        "CREATE INDEX probe_notes_rental_id_idx ON rental.probe_notes (rental_id) WHERE rental_id IS NOT NULL"
    )
    assert any("probe_notes_rental_fk" in p for p in _problems(db))


def test_a_composite_foreign_key_is_supported_by_its_columns_in_any_order(
    db: psycopg.Connection[Any],
) -> None:
    db.execute(
        "CREATE TABLE rental.probe_notes (id bigint PRIMARY KEY, rental_id uuid, currency char(3), "
        "CONSTRAINT probe_notes_rental_fk FOREIGN KEY (rental_id, currency) "
        "REFERENCES rental.rentals (id, currency))"
    )
    db.execute("CREATE INDEX probe_notes_currency_rental_idx ON rental.probe_notes (currency, rental_id, id)")
    assert not any("probe_notes" in p for p in _problems(db))


def test_a_duplicate_index_is_caught(db: psycopg.Connection[Any]) -> None:
    db.execute("CREATE INDEX rentals_customer_again_idx ON rental.rentals (customer_id, lower(period))")
    assert any(
        p.startswith("duplicate index: rental.rentals_customer_again_idx")
        or "as rental.rentals_customer_again_idx" in p
        for p in _problems(db)
    ), _problems(db)


def test_a_prefix_index_is_caught_but_a_unique_prefix_is_not(db: psycopg.Connection[Any]) -> None:
    db.execute("CREATE INDEX rentals_customer_only_idx ON rental.rentals (customer_id)")
    db.execute("CREATE UNIQUE INDEX rentals_id_again_uq ON rental.rentals (id, vehicle_id)")
    problems = _problems(db)
    assert (
        "prefix index: rental.rentals_customer_only_idx on rental.rentals: (customer_id) is a prefix of "
        "rental.rentals_customer_id_pickup_idx (customer_id, lower(period))"
    ) in problems
    assert not any("rentals_pk" in p for p in problems)
