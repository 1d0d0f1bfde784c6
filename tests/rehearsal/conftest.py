"""Fixture plans under plans/<name>/: tiny Sqitch projects that share two base changes (schema app,
table app.customers) and add one change each, broken on purpose (except ``good``).

The base is deployed once, with the real sqitch, into a template; each test rehearses its plan on a clone,
so only the change under test goes through deploy, revert and redeploy (a few seconds per plan)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fleetdb.databases import Database
from fleetdb.lab import Lab
from fleetdb.project import Project
from fleetdb.rehearsal import RehearsalOptions, RehearsalReport, rehearse

PLANS = Path(__file__).with_name("plans")
BASE_CHANGE = "customers"
# Each plan costs three real sqitch runs, mostly Perl starting up and waiting on the server: rehearsing
# the plans side by side keeps the module to the time of the slowest few.
CONCURRENT_PLANS = 4


@pytest.fixture(scope="session")
def fixture_projects() -> dict[str, Project]:
    """Every plan under plans/, read by sqitch once."""
    names = sorted(path.name for path in PLANS.iterdir() if (path / "sqitch.plan").is_file())
    with ThreadPoolExecutor(max_workers=CONCURRENT_PLANS) as pool:
        return dict(zip(names, pool.map(lambda name: Project.load(PLANS / name), names), strict=True))


@pytest.fixture(scope="session")
def fixture_base(fleetdb_lab: Lab, fixture_projects: dict[str, Project]) -> Iterator[Database]:
    """app_schema and customers deployed (the same two changes, so the same registry, in every plan)."""
    base = Lab(fixture_projects["good"], fleetdb_lab.server).deploy_template(
        f"rehearsal_fixture_base_{uuid.uuid4().hex[:8]}", to=BASE_CHANGE
    )
    yield base
    base.drop()


@pytest.fixture(scope="session")
def rehearse_plan(
    fixture_base: Database, fixture_projects: dict[str, Project]
) -> Iterator[Callable[..., RehearsalReport]]:
    """``rehearse_plan(name, kill=False)``: the rehearsal of plans/<name> on a clone of the base."""
    clones: list[Database] = []

    def run(name: str, kill: bool = False) -> RehearsalReport:
        database = fixture_base.clone()
        clones.append(database)
        options = RehearsalOptions(fixture_projects[name], database.target, kill=kill)
        return rehearse(options)

    yield run
    for database in clones:
        database.drop()


@pytest.fixture(scope="session")
def fixture_reports(rehearse_plan: Callable[..., RehearsalReport]) -> dict[str, RehearsalReport]:
    """Every plan under plans/ rehearsed once; ``good`` also with its deploy killed halfway."""
    names = sorted(path.name for path in PLANS.iterdir() if (path / "sqitch.plan").is_file())
    with ThreadPoolExecutor(max_workers=CONCURRENT_PLANS) as pool:
        reports = pool.map(lambda name: rehearse_plan(name, kill=name == "good"), names)
        return dict(zip(names, reports, strict=True))
