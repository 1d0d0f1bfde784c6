"""The online rehearsal's own verdict on v1.1's running refund totals (issue 18's first finding), at a
small scale with many refunds: the switch as it was before the fix (``PRE_FIX_COMMIT``: the backfill
under LOCK TABLE rental.refunds) fails the budget, naming that statement; the switch and the batched
backfill as they are now pass deploy, revert and redeploy with no application error and the data intact.

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

FILL = Path(__file__).with_name("online_changes") / "fill_refunds.sql"
PRE_FIX_COMMIT = "d67928021f0571a4bc45efbf3d3d08a99a7b4666"
SWITCH = "rental_refund_totals"
BACKFILL = "rental_refund_totals_backfill"
TAG = "before_refund_totals"
KINDS = ("deploy", "revert", "verify")
PER_PAYMENT = 600  # refunds of one minor unit per payment with room: about 500,000 at scale 1
# Half the rehearsal's blocked limit: room below the pre-fix switch's hold on a fast machine.
BUDGET = Budget(max_blocked=0.1, max_p99_ratio=None)


def _project(directory: Path, changes: list[str], pre_fix: bool = False) -> Project:
    """The repository's plan up to the change before the switch, tagged, then ``changes``."""
    scripts = {f"{kind}/{SWITCH}.sql": script_at(PRE_FIX_COMMIT, f"{kind}/{SWITCH}.sql") for kind in KINDS}
    return project_tagged_before(directory, SWITCH, TAG, changes, scripts if pre_fix else None)


@pytest.fixture(scope="module")
def with_refunds(
    fleetdb_lab: Lab, released_template: Database, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """The plan up to the tag, seeded at scale 1, with about PER_PAYMENT more refunds per payment. From
    the release's template: the shortened plan leaves out a rework, so it cannot deploy v1.0 itself."""
    project = _project(tmp_path_factory.mktemp("refunds_base"), [SWITCH])
    database = seeded_at_tag(
        fleetdb_lab, released_template, project, TAG, FILL, {"per_payment": PER_PAYMENT}, "rental.refunds"
    )
    yield database
    database.drop()


def _rehearse(template: Database, project: Project, *, revert: bool) -> OnlineReport:
    return rehearse_clone(template, project, TAG, BUDGET, revert=revert)


def test_the_switch_before_the_fix_holds_the_refunds_during_its_backfill(
    with_refunds: Database, tmp_path: Path
) -> None:
    report = _rehearse(with_refunds, _project(tmp_path, [SWITCH], pre_fix=True), revert=False)
    step = step_of(report, SWITCH)
    assert not step.ok and step.lock_held_max > BUDGET.max_blocked, step.as_dict()
    refunds = [c for c in step.causes if "rental.refunds" in c.lock]
    assert [c.statement for c in refunds] == ["LOCK TABLE rental.refunds IN SHARE ROW EXCLUSIVE MODE"]


def test_the_switch_and_the_batched_backfill_pass_deploy_revert_and_redeploy(
    with_refunds: Database, tmp_path: Path
) -> None:
    project = _project(tmp_path, [SWITCH, "shared_check_rollout", BACKFILL])
    report = _rehearse(with_refunds, project, revert=True)
    assert_passes_deploy_revert_and_redeploy(report)
    assert "refund" in report.operation_kinds()
