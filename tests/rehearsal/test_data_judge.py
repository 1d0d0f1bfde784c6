"""The data judge of the rehearsal on its own: which tables it fingerprints (plain and partitioned, not
the partitions), and how many old rows it counts as gone when one side of a comparison is too large to
keep per-row hashes."""

from __future__ import annotations

from fleetdb.catalog import CatalogSnapshot
from fleetdb.rehearsal.data import TableFingerprint, _rows_missing, table_columns

SNAPSHOT = CatalogSnapshot(
    {
        "relation": {
            "s.plain": {"relkind": "table"},
            "s.logs": {"relkind": "partitioned table"},
            "s.logs_2026": {"relkind": "table", "partition_bound": "FOR VALUES FROM (1) TO (2)"},
            "s.some_view": {"relkind": "view"},
        },
        "column": {
            "s.plain.id": {"relation": "s.plain", "position": 1},
            "s.logs.at": {"relation": "s.logs", "position": 2},
            "s.logs.id": {"relation": "s.logs", "position": 1},
            "s.logs_2026.id": {"relation": "s.logs_2026", "position": 1},
            "s.some_view.id": {"relation": "s.some_view", "position": 1},
        },
    }
)


def test_plain_and_partitioned_tables_are_fingerprinted_not_partitions_or_views() -> None:
    assert table_columns(SNAPSHOT) == {"s.plain": ("id",), "s.logs": ("id", "at")}


def _fp(rows: int, checksum: str, hashes: tuple[str, ...] | None) -> TableFingerprint:
    return TableFingerprint(("id",), rows, checksum, hashes)


def test_rows_missing_by_hashes_when_both_sides_have_them() -> None:
    assert _rows_missing(_fp(3, "a", ("x", "y", "z")), _fp(3, "b", ("x", "y", "w"))) == 1
    assert _rows_missing(_fp(3, "a", ("x", "y", "z")), _fp(3, "a", ("x", "y", "z"))) == 0


def test_rows_missing_by_count_when_either_side_is_too_large_for_hashes() -> None:
    """Only the count and the checksum are known: fewer rows -> that many gone; as many or more rows
    with another checksum -> every old row may have changed."""
    assert _rows_missing(_fp(3, "a", None), _fp(2, "b", ("x", "y"))) == 1
    assert _rows_missing(_fp(3, "a", ("x", "y", "z")), _fp(2, "b", None)) == 1
    assert _rows_missing(_fp(3, "a", ("x", "y", "z")), _fp(3, "b", None)) == 3
    assert _rows_missing(_fp(3, "a", None), _fp(4, "b", ("x", "y", "z", "w"))) == 3
