"""Every database object a DBA page names exists: each index, constraint, trigger, sequence and function
written in backticks in docs/db/*.md is in the catalog of the deployed plan. A page that names an object
a later change dropped or renamed, or one no deploy ever created, fails here.

What counts as a name: a backticked word that ends in one of the naming convention's suffixes
(docs/db/conventions.md: ``_pk``, ``_fk``, ``_uq``, ``_ck``, ``_excl``, ``_idx``, ``_trg``, ``_seq``),
and a backticked call ``schema.function(…)`` of a schema the plan deploys. Patterns
(``<table>_append_only_trg``), fragments (``_home_location_fk``), Python calls (``uow.commit()``) and
the plan's change names (``integration_outbox_aggregate_version_idx`` is a change) are not object names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from fleetdb.catalog import CatalogSnapshot, snapshot_catalog
from fleetdb.databases import Database
from fleetdb.project import Project

DOCS = Path(__file__).resolve().parents[2] / "docs" / "db"
_NAME = re.compile(r"`([a-z][a-z0-9_]*_(?:pk|fk|uq|ck|excl|idx|trg|seq))`")
_FUNCTION = re.compile(r"`([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\([^`)]*\)`")
# Names a page may mention although the deployed plan has no such object, each with the reason.
_BETWEEN_SWITCH_AND_BACKFILL = (
    "created by maintenance_job_cost_totals, dropped by maintenance_job_cost_totals_backfill: a database"
    " holds it only between the two"
)
_DAY_TOTALS_BETWEEN_SWITCH_AND_BACKFILL = (
    "created by accounting_account_day_totals, dropped by accounting_account_day_totals_backfill: a database"
    " holds it only between the two"
)
NOT_IN_THE_CATALOG: dict[str, str] = {
    "job_parts_totals_start_trg": _BETWEEN_SWITCH_AND_BACKFILL,
    "job_labour_totals_start_trg": _BETWEEN_SWITCH_AND_BACKFILL,
    "maintenance.job_cost_totals_start()": _BETWEEN_SWITCH_AND_BACKFILL,
    "journal_lines_day_totals_start_trg": _DAY_TOTALS_BETWEEN_SWITCH_AND_BACKFILL,
    "accounting.account_day_totals_start()": _DAY_TOTALS_BETWEEN_SWITCH_AND_BACKFILL,
}


def names_in(text: str) -> Iterator[tuple[int, str]]:
    """(line, name) of every object name a page writes in backticks."""
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _NAME.finditer(line):
            yield number, match[1]
        for match in _FUNCTION.finditer(line):
            yield number, f"{match[1]}.{match[2]}()"


def catalog_names(snapshot: CatalogSnapshot) -> set[str]:
    """Unqualified names of constraints, indexes, triggers and sequences; ``schema.name()`` of functions."""
    names = {key.rsplit(".", 1)[1] for kind in ("constraint", "trigger") for key in snapshot.keys(kind)}
    names |= {key.split(".", 1)[1] for kind in ("index", "sequence") for key in snapshot.keys(kind)}
    names |= {key.split("(", 1)[0] + "()" for key in snapshot.keys("function")}
    return names


@dataclass(frozen=True)
class Deployed:
    names: set[str]  # what the catalog holds
    schemas: set[str]  # the plan's schemas: a call in another one is not a database function
    changes: set[str]  # the plan's change names

    def lacks(self, name: str) -> bool:
        if name in self.names or name in self.changes or name in NOT_IN_THE_CATALOG:
            return False
        return not name.endswith("()") or name.split(".", 1)[0] in self.schemas


@pytest.fixture(scope="module")
def deployed(fleetdb_template: Database, fleetdb_project: Project) -> Deployed:
    database = fleetdb_template.clone()  # never a session on the template itself: it blocks clones
    try:
        with database.connect() as conn:
            kinds = ("schema", "constraint", "index", "trigger", "sequence", "function")
            snapshot = snapshot_catalog(conn, kinds=kinds)
    finally:
        database.drop()
    changes = {change.name for change in fleetdb_project.changes}
    return Deployed(catalog_names(snapshot), snapshot.keys("schema"), changes)


def test_the_name_finder_reads_every_kind() -> None:
    text = (
        "`rentals_pk`, `rentals_vehicle_fk` and `users_email_lower_uq` (`rentals_no_overlap_excl`);\n"
        "`<table>_append_only_trg` `_home_location_fk` `rentals_status_transition_trg`,\n"
        "`accounting.post_entry(…)` and `shared.reject_mutation()`, `outbox_events_sequence_no_seq`"
    )
    assert [name for _, name in names_in(text)] == [
        "rentals_pk",
        "rentals_vehicle_fk",
        "users_email_lower_uq",
        "rentals_no_overlap_excl",
        "rentals_status_transition_trg",
        "outbox_events_sequence_no_seq",
        "accounting.post_entry()",
        "shared.reject_mutation()",
    ]


@pytest.mark.parametrize("page", sorted(path.name for path in DOCS.glob("*.md")))
def test_every_object_a_page_names_is_deployed(page: str, deployed: Deployed) -> None:
    missing = [
        f"docs/db/{page}:{line}: `{name}`"
        for line, name in names_in((DOCS / page).read_text())
        if deployed.lacks(name)
    ]
    assert missing == [], "named in the docs but not in the deployed catalog:\n" + "\n".join(missing)


def test_every_exception_is_still_needed(deployed: Deployed) -> None:
    named = {name for page in DOCS.glob("*.md") for _, name in names_in(page.read_text())}
    stale = {
        name: why for name, why in NOT_IN_THE_CATALOG.items() if name in deployed.names or name not in named
    }
    assert stale == {}, "listed as not in the catalog, but deployed or no longer named: remove them"
