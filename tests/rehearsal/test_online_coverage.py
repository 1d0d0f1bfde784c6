"""The online rehearsal of fleetdb's own release, v1.0 → head, at scale 1 with short windows: every table
a change of the plan locks (sampled while it deploys, reverts and redeploys, or named by a locking
statement of its script) is touched by the workload during that phase, so no lock of the release goes
unmeasured. It failed before the workload wrote job lines: ``maintenance_job_cost_totals`` locks
``maintenance.job_parts`` and ``maintenance.job_labour`` (then for its backfill, now for its switch),
and nothing touched them.

Slow (the whole release deployed, reverted and deployed again under load): ``make stress`` runs it.
Only the coverage is asserted, which does not depend on timing: the budget's verdicts at this scale
belong to ``make rehearse-online``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rich.progress import Progress

from fleetdb.databases import Database
from fleetdb.project import Project
from fleetdb.rehearsal.online import OnlineOptions, rehearse_online
from fleetdb.rehearsal.online_model import Budget, OnlineReport
from fleetdb.seed import Seeder, SeedSizes

pytestmark = pytest.mark.stress

RELEASE = "@v1.0"


@pytest.fixture(scope="module")
def release_under_load(released_template: Database, fleetdb_project: Project) -> Iterator[OnlineReport]:
    database = released_template.clone()
    try:
        Seeder(database.conninfo(), SeedSizes.for_scale(1), workers=2).run(Progress(disable=True))
        yield rehearse_online(
            OnlineOptions(
                project=fleetdb_project,
                target=database.target,
                from_tag=RELEASE,
                window=1.0,
                budget=Budget(max_p99_ratio=None),
            )
        )
    finally:
        database.drop()


def test_every_table_a_change_of_the_release_locks_is_exercised(release_under_load: OnlineReport) -> None:
    report = release_under_load
    assert report.error is None, report.error
    phases = {step.phase for step in report.steps}
    assert phases == {"deploy", "revert", "redeploy"}
    gaps = [
        f"{step.phase} {step.change}: {', '.join(step.untouched)}" for step in report.steps if step.untouched
    ]
    assert gaps == [], "tables locked by the release that the online workload never touches:\n" + "\n".join(
        gaps
    )


def test_the_job_line_tables_the_cost_totals_lock_are_among_those_checked(
    release_under_load: OnlineReport,
) -> None:
    """The coverage is measured, not vacuous: the change's lock on both job-line tables is seen."""
    step = next(s for s in release_under_load.steps if s.change == "maintenance_job_cost_totals")
    assert {"maintenance.job_parts", "maintenance.job_labour"} <= set(step.locked)
    assert {"parts", "labour"} <= set(release_under_load.operation_kinds())
