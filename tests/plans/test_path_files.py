"""A read path the application runs is reviewed from the application's own SQL file: no copy to drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fleetdb.errors import FleetdbError
from fleetdb.plans import load_paths
from fleetdb_persistence import queries

PERSISTENCE_SQL = Path(queries.__file__).with_name("sql")


def _normal(statement: str) -> str:
    without_comments = re.sub(r"--[^\n]*", " ", statement)
    return " ".join(without_comments.replace(" AS ", " ").split()).rstrip(";").lower()


def test_a_path_with_a_file_is_exactly_the_application_s_statement() -> None:
    filed = [path for path in load_paths() if path.file]
    assert len(filed) >= 9
    for path in filed:
        module, name = path.file.split("/") if path.file else ("", "")
        text = (PERSISTENCE_SQL / module / f"{name}.sql").read_text()
        if "{" not in text:
            assert path.sql == text.strip().rstrip(";"), path.name


def test_the_relay_paths_review_the_relay_s_claim_for_each_outbox() -> None:
    paths = {path.name: path for path in load_paths()}
    for module in ("fleet", "rental"):
        path = paths[f"outbox_unpublished_{module}"]
        assert path.file == "integration/claim_batch"
        assert f'FROM "{module}"."outbox_events" AS e' in path.sql


def test_no_inline_path_is_a_copy_of_an_application_statement() -> None:
    application = {_normal(f.read_text()): f for f in PERSISTENCE_SQL.rglob("*.sql")}
    for path in load_paths():
        if not path.file:
            assert _normal(path.sql) not in application, (
                f"{path.name} copies {application[_normal(path.sql)]}: name it with -- file:"
            )


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("-- name: p\n-- file: fleet/no_such_query\n", "no query fleet/no_such_query"),
        ("-- name: p\n-- file: fleet/readings_of_vehicle\nSELECT 1;\n", "has a statement of its own"),
        ("-- name: p\n-- expect: x\n", "has no statement and names no file"),
    ],
)
def test_a_broken_path_file_is_refused_with_its_name(tmp_path: Path, block: str, message: str) -> None:
    paths_file = tmp_path / "paths.sql"
    paths_file.write_text(block)
    with pytest.raises(FleetdbError, match=message):
        load_paths(paths_file)


def test_the_shipped_paths_file_loads() -> None:
    assert load_paths()


# Read statements of the persistence library that no path reviews, and why.
NOT_A_PATH = {
    "integration/pending_count": "monitoring: counts the whole backlog, so it is linear in it by design",
    "accounting/created_in_this_transaction": "part of post_entry's write, by primary key",
    "accounting/post_entry": "a write: calls accounting.post_entry()",
    "rental/book": "a write: calls rental.book()",
    "iam/role_exists": "a look-up in a reference table of a few rows",
    "session/check_role": "the session's own role, from the catalog, once per connection",
}


def test_every_read_statement_of_the_application_is_a_path() -> None:
    """Only paths no repository method runs keep inline SQL: the other way round, every statement the
    repositories read with is reviewed from its own file."""
    reviewed = {path.file for path in load_paths() if path.file}
    reads = {
        f"{f.parent.name}/{f.stem}"
        for f in PERSISTENCE_SQL.rglob("*.sql")
        if re.match(r"\s*(SELECT|WITH)\b", re.sub(r"--[^\n]*", "", f.read_text()), re.IGNORECASE)
        and not re.search(r"\b(INSERT|UPDATE|DELETE)\b", re.sub(r"--[^\n]*", "", f.read_text()))
    }
    assert sorted(reads - reviewed - set(NOT_A_PATH)) == []
    assert sorted(set(NOT_A_PATH) - reads) == []
