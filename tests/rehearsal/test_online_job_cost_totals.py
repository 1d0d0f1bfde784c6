"""The online rehearsal's own verdict on v1.1's running job cost totals, at a small scale with many job
lines: the switch as tagged (``TAGGED_COMMIT``: the backfill under LOCK TABLE on both job-line tables)
fails the budget, naming that statement; the switch and the batched backfill as they are now pass
deploy, revert and redeploy with no application error and the data intact.

Slow (a seeded database, three windows and data checks per run): ``make stress`` runs it (--stress).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fleetdb.databases import Database
from fleetdb.lab import Lab
from fleetdb.project import Project
from fleetdb.rehearsal.online_model import Budget, OnlineReport
from tests.support.online_rollout import (
    assert_passes_deploy_revert_and_redeploy,
    project_tagged_before,
    rehearse_clone,
    script_at,
    seeded_at_tag,
    step_of,
)

pytestmark = pytest.mark.stress

FILL = Path(__file__).with_name("online_changes") / "fill_job_parts.sql"
TAGGED_COMMIT = "9de1c9f"  # the commit that tagged @v1.1
SWITCH = "maintenance_job_cost_totals"
BACKFILL = "maintenance_job_cost_totals_backfill"
TAG = "before_job_cost_totals"
KINDS = ("deploy", "revert", "verify")
PER_JOB = 2500  # parts per job: about 500,000 lines at scale 1 (200 jobs)
# Half the rehearsal's blocked limit: room below the tagged switch's hold on a fast machine.
BUDGET = Budget(max_blocked=0.1, max_p99_ratio=None)


def _project(directory: Path, changes: list[str], tagged: bool = False) -> Project:
    """The repository's plan up to the change before the switch, tagged, then ``changes``."""
    scripts = {f"{kind}/{SWITCH}.sql": script_at(TAGGED_COMMIT, f"{kind}/{SWITCH}.sql") for kind in KINDS}
    return project_tagged_before(directory, SWITCH, TAG, changes, scripts if tagged else None)


@pytest.fixture(scope="module")
def with_lines(
    fleetdb_lab: Lab, released_template: Database, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """The plan up to the tag, seeded at scale 1, with PER_JOB more parts per job. From the release's
    template: the shortened plan leaves out a rework, so it cannot deploy v1.0 itself."""
    project = _project(tmp_path_factory.mktemp("job_lines_base"), [SWITCH])
    database = seeded_at_tag(
        fleetdb_lab, released_template, project, TAG, FILL, {"per_job": PER_JOB}, "maintenance.job_parts"
    )
    yield database
    database.drop()


def _rehearse(template: Database, project: Project, *, revert: bool) -> OnlineReport:
    return rehearse_clone(template, project, TAG, BUDGET, revert=revert)


def test_the_tagged_switch_holds_the_job_lines_during_its_backfill(
    with_lines: Database, tmp_path: Path
) -> None:
    report = _rehearse(with_lines, _project(tmp_path, [SWITCH], tagged=True), revert=False)
    step = step_of(report, SWITCH)
    assert not step.ok and step.lock_held_max > BUDGET.max_blocked, step.as_dict()
    # One cause per statement: the cause of the LOCK of both tables names the table of its longest wait
    # in ``lock`` and the other in ``also``, whichever that was in this run.
    parts = [c for c in step.causes if "maintenance.job_parts" in c.lock or "maintenance.job_parts" in c.also]
    assert [c.statement for c in parts] == [
        "LOCK TABLE maintenance.job_parts, maintenance.job_labour IN SHARE ROW EXCLUSIVE MODE"
    ]


def test_the_switch_and_the_batched_backfill_pass_deploy_revert_and_redeploy(
    with_lines: Database, tmp_path: Path
) -> None:
    report = _rehearse(with_lines, _project(tmp_path, [SWITCH, BACKFILL]), revert=True)
    assert_passes_deploy_revert_and_redeploy(report)
    assert {"parts", "labour"} <= set(report.operation_kinds())
