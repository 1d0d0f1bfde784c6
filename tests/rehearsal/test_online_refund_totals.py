"""The online rehearsal's own verdict on v1.1's running refund totals (issue 18's first finding), at a
small scale with many refunds: the switch as it was before the fix (``PRE_FIX_COMMIT``: the backfill
under LOCK TABLE rental.refunds) fails the budget, naming that statement; the switch and the batched
backfill as they are now pass deploy, revert and redeploy with no application error and the data intact.

Slow (a seeded database, three windows and data checks per run): ``make stress`` runs it (--stress).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.progress import Progress

from fleetdb.databases import Database
from fleetdb.lab import Lab
from fleetdb.project import Project
from fleetdb.rehearsal.online import OnlineOptions, rehearse_online
from fleetdb.rehearsal.online_model import Budget, OnlineReport, Step
from fleetdb.seed import Seeder, SeedSizes
from fleetdb.sqitch import Sqitch

pytestmark = pytest.mark.stress

REPO = Path(__file__).resolve().parents[2]
FILL = Path(__file__).with_name("online_changes") / "fill_refunds.sql"
PRE_FIX_COMMIT = "d67928021f0571a4bc45efbf3d3d08a99a7b4666"
SWITCH = "rental_refund_totals"
BACKFILL = "rental_refund_totals_backfill"
TAG = "before_refund_totals"
PER_PAYMENT = 600  # refunds of one minor unit per payment with room: about 500,000 at scale 1
# Half the rehearsal's blocked limit: room below the pre-fix switch's hold on a fast machine.
BUDGET = Budget(max_blocked=0.1, max_p99_ratio=None)


def _project(directory: Path, changes: list[str], pre_fix: bool = False) -> Project:
    """The repository's plan up to the change before the switch, tagged, then ``changes``."""
    shutil.copy(REPO / "sqitch.conf", directory / "sqitch.conf")
    for kind in ("deploy", "revert", "verify"):
        shutil.copytree(REPO / kind, directory / kind)
    if pre_fix:
        for kind in ("deploy", "revert", "verify"):
            shown = subprocess.run(
                ["git", "-C", str(REPO), "show", f"{PRE_FIX_COMMIT}:{kind}/{SWITCH}.sql"],
                capture_output=True,
                text=True,
            )
            if shown.returncode != 0:
                pytest.skip(f"the pre-fix scripts need git history with commit {PRE_FIX_COMMIT}")
            (directory / kind / f"{SWITCH}.sql").write_text(shown.stdout)
    lines = (REPO / "sqitch.plan").read_text().splitlines()
    named = {line.split()[0]: line for line in lines if line and not line.startswith(("%", "#", "@"))}
    first = next(i for i, line in enumerate(lines) if line.startswith(f"{SWITCH} "))
    tag = f"@{TAG} 2026-12-01T07:59:00Z fleetdb developers <dev@fleetdb.invalid> # before the refund totals"
    (directory / "sqitch.plan").write_text(
        "\n".join([*lines[:first], tag, *(named[c] for c in changes)]) + "\n"
    )
    return Project.load(directory)


@pytest.fixture(scope="module")
def with_refunds(
    fleetdb_lab: Lab, released_template: Database, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """The plan up to the tag, seeded at scale 1, with about PER_PAYMENT more refunds per payment. From
    the release's template: the shortened plan leaves out a rework, so it cannot deploy v1.0 itself."""
    project = _project(tmp_path_factory.mktemp("refunds_base"), [SWITCH])
    database = released_template.clone()
    tag = next(c for c in project.changes if TAG in c.tags)
    Sqitch(project, database.target, fleetdb_lab.variables).deploy(tag)
    Seeder(database.conninfo(), SeedSizes.for_scale(1), workers=2).run(Progress(disable=True))
    with database.connect(autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute(FILL.read_text(), {"per_payment": PER_PAYMENT})  # type: ignore[arg-type]
        conn.execute("SET session_replication_role = origin")
        conn.execute("VACUUM ANALYZE rental.refunds")
    database.mark_template()
    yield database
    database.drop()


def _rehearse(template: Database, project: Project, *, revert: bool) -> OnlineReport:
    database = template.clone()
    try:
        return rehearse_online(
            OnlineOptions(
                project=project,
                target=database.target,
                from_tag=f"@{TAG}",
                sessions=4,
                rate=40.0,
                window=1.0,
                budget=BUDGET,
                revert=revert,
            )
        )
    finally:
        database.drop()


def _step(report: OnlineReport, change: str, phase: str = "deploy") -> Step:
    return next(s for s in report.steps if s.change == change and s.phase == phase)


def test_the_switch_before_the_fix_holds_the_refunds_during_its_backfill(
    with_refunds: Database, tmp_path: Path
) -> None:
    report = _rehearse(with_refunds, _project(tmp_path, [SWITCH], pre_fix=True), revert=False)
    step = _step(report, SWITCH)
    assert not step.ok and step.lock_held_max > BUDGET.max_blocked, step.as_dict()
    refunds = [c for c in step.causes if "rental.refunds" in c.lock]
    assert [c.statement for c in refunds] == ["LOCK TABLE rental.refunds IN SHARE ROW EXCLUSIVE MODE"]


def test_the_switch_and_the_batched_backfill_pass_deploy_revert_and_redeploy(
    with_refunds: Database, tmp_path: Path
) -> None:
    project = _project(tmp_path, [SWITCH, "shared_check_rollout", BACKFILL])
    report = _rehearse(with_refunds, project, revert=True)
    assert report.error is None, report.error
    assert [(s.phase, s.change, s.ok) for s in report.steps if not s.ok] == [], [
        s.as_dict() for s in report.steps if not s.ok
    ]
    assert all(not w.errors for w in report.windows)
    assert [(c.after, c.ok) for c in report.checks] == [
        ("deploy", True),
        ("revert", True),
        ("redeploy", True),
    ]
    assert "refund" in report.operation_kinds()
