"""Reading an earlier report of ``fleetdb mutate`` (``--survivors-of``): a missing file or one that is not
a report is refused with a message naming it, never a traceback and never an empty list that would
make the rerun run nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fleetdb.errors import FleetdbError
from fleetdb.mutation.model import read_results, read_results_file


def test_a_missing_report_is_refused_by_name(tmp_path: Path) -> None:
    missing = tmp_path / "mutnats.json"
    with pytest.raises(FleetdbError, match=r"mutnats\.json"):
        read_results_file(missing)
    assert read_results(tmp_path) == []  # a directory no run has written to yet holds no results


@pytest.mark.parametrize(
    "content",
    [
        [{"id": "rental.rentals_publish()/drop conjunct/52227123", "outcome": "survived"}],
        {"run": {}, "mutants": []},
        "not json",
    ],
    ids=["ids-only", "bad-run", "not-json"],
)
def test_a_file_that_is_not_a_report_is_refused_by_name(tmp_path: Path, content: object) -> None:
    path = tmp_path / "handmade.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(FleetdbError, match=r"handmade\.json is not a report of `fleetdb mutate`"):
        read_results_file(path)
