"""The exclusion-index churn of the read-path section, on a clone of the seeded test database: it
books, moves and cancels, rebuilds the index, and reports sizes that hang together."""

from __future__ import annotations

from fleetdb.bench.churn import exclusion_churn_rows
from tests.support.seeded import SeededDatabase


def test_the_churn_rows_measure_the_exclusion_index_before_and_after_a_rebuild(
    seeded: SeededDatabase,
) -> None:
    database = seeded.database.clone()
    try:
        with database.connect(autocommit=True) as conn:
            before = conn.execute("SELECT count(*) FROM rental.rentals").fetchone()
            rows = exclusion_churn_rows(conn, vehicles=10, per_vehicle=2, rounds=2, samples=3)
            after = conn.execute(
                "SELECT count(*), count(*) FILTER (WHERE status = 'cancelled'"
                " AND lower(period) >= '2031-01-01') FROM rental.rentals"
            ).fetchone()
    finally:
        database.drop()
    seeded_size, churned, probe, rebuild = rows
    assert seeded_size.baseline == churned.baseline and seeded_size.baseline and seeded_size.baseline > 0
    assert seeded_size.value >= seeded_size.baseline  # the seed leaves it at least as large as rebuilt
    assert "40 bookings made" in churned.note
    assert before is not None and after is not None and after == (before[0] + 40, 40)
    assert probe.value > 0 and probe.baseline and rebuild.value > 0
