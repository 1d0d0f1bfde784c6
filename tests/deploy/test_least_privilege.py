"""A DBA who is not a superuser deploys, verifies and reverts the plan with stock sqitch, set up exactly
as docs/db/runbook.md ("Privileges") says: the SQL blocks are read from the runbook. A role that lacks
what the plan needs is refused before anything is deployed.

Set-up A (CREATEROLE) and the refusal also run with the scripts as released, where they fail: the
``roles`` change could not SET ROLE fleetdb_owner, and nothing checked privileges first (strict xfail)."""

from __future__ import annotations

import contextlib
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from psycopg.conninfo import make_conninfo

from fleetdb.instance import Instance
from fleetdb.target import Target
from tests.deploy.scenario import Outcome, Scenario, run_scenario
from tests.support.quickstart import PASSWORD, check_quickstart_output, run_quickstart, run_setup

CHECKOUT, RELEASED = "checkout", "released"
DBA = "fleetdb_dba"
PLAN_ROLES = ("fleetdb_owner", "fleetdb_app", "fleetdb_readonly")
TEARDOWN = tuple(f"DROP ROLE IF EXISTS {role}" for role in (*PLAN_ROLES, DBA))


REPO = Path(__file__).resolve().parents[2]


def runbook_bootstrap(name: str) -> tuple[str, ...]:
    """The statements of the runbook's SQL block marked ``<!-- bootstrap: name -->``."""
    text = (REPO / "docs" / "db" / "runbook.md").read_text()
    found = re.search(rf"<!-- bootstrap: {re.escape(name)} -->\n```sql\n(.*?)```", text, re.DOTALL)
    assert found, f"docs/db/runbook.md has no SQL block marked bootstrap: {name}"
    return tuple(s.strip() for s in found.group(1).split(";") if s.strip())


@dataclass
class QuickStart:
    setup: subprocess.CompletedProcess[str]
    run: subprocess.CompletedProcess[str] | None = None


def _quick_start(dba: Target) -> QuickStart:
    """The persistence quick start on the deployed plan as docs/db/persistence.md tells it: the DBA runs
    setup.sql, the application runs quickstart.py with its login; then the DBA drops that login again,
    so the revert leaves the cluster as it found it."""
    done = QuickStart(run_setup(dba.conninfo))
    if done.setup.returncode == 0:
        done.run = run_quickstart(make_conninfo(dba.conninfo, user="fleetdb_api", password=PASSWORD))
        with dba.connect(autocommit=True) as conn:
            conn.execute("DROP ROLE fleetdb_api")
    return done


SCENARIOS = {
    "createrole": Scenario(
        "createrole",
        cluster_setup=runbook_bootstrap("createrole"),
        deployer=DBA,
        verify=True,
        cluster_teardown=(*TEARDOWN, "DROP ROLE IF EXISTS fleetdb_api"),
        while_deployed=_quick_start,
    ),
    # Past iam_schema every change only runs as fleetdb_owner, as in set-up A (whose test deploys it all).
    "prepared_roles": Scenario(
        "prepared_roles",
        cluster_setup=runbook_bootstrap("prepared-roles"),
        deployer=DBA,
        verify=True,
        cluster_teardown=TEARDOWN,
        to="iam_schema",
    ),
    "no_createrole_and_no_roles": Scenario(
        "no_createrole_and_no_roles",
        cluster_setup=(f"CREATE ROLE {DBA} LOGIN",),
        deployer=DBA,
        cluster_teardown=TEARDOWN,
    ),
}
RUNS = [
    ("createrole", CHECKOUT),
    ("createrole", RELEASED),
    ("prepared_roles", CHECKOUT),
    ("no_createrole_and_no_roles", CHECKOUT),
    ("no_createrole_and_no_roles", RELEASED),
]
BOTH_SCRIPTS = [
    pytest.param(CHECKOUT, id="checkout"),
    pytest.param(
        RELEASED,
        id="released-scripts",
        marks=pytest.mark.xfail(strict=True, reason="the released scripts have the hole"),
    ),
]


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, bare_instance: Instance) -> dict[tuple[str, str], Outcome]:
    """Each run in turn on a server of its own (the scenarios create and drop cluster roles)."""
    projects: dict[str, Path] = {CHECKOUT: REPO}
    with contextlib.suppress(pytest.skip.Exception):  # without git history their tests skip
        projects[RELEASED] = request.getfixturevalue("released_project")
    return {
        (name, label): run_scenario(bare_instance, projects[label], SCENARIOS[name])
        for name, label in RUNS
        if label in projects
    }


def _outcome(outcomes: dict[tuple[str, str], Outcome], scenario: str, scripts: str) -> Outcome:
    if (scenario, scripts) not in outcomes:
        pytest.skip("the released scripts are not available (no git history)")
    return outcomes[(scenario, scripts)]


def _deployed_verified_reverted(outcome: Outcome) -> None:
    assert outcome.deploy_error is None, f"sqitch deploy failed:\n{outcome.deploy_error}"
    assert outcome.verify_error is None, f"sqitch verify failed:\n{outcome.verify_error}"
    assert outcome.revert_error is None, f"sqitch revert failed:\n{outcome.revert_error}"


def _privileges_after_deploy(outcome: Outcome) -> tuple[list[str], list[str]]:
    """The deploying role's memberships and the database ACL once the plan was deployed."""
    assert outcome.after_deploy is not None
    dba = outcome.after_deploy.get("role", DBA)
    assert dba is not None
    return list(dba["member_of"]), outcome.acl_after_deploy


@pytest.mark.long  # the whole plan deployed, verified and reverted as the DBA
@pytest.mark.parametrize("scripts", BOTH_SCRIPTS)
def test_a_createrole_dba_that_owns_the_database_deploys_verifies_and_reverts(
    outcomes: dict[tuple[str, str], Outcome], scripts: str, bare_instance: Instance
) -> None:
    outcome = _outcome(outcomes, "createrole", scripts)
    _deployed_verified_reverted(outcome)
    member_of, acl = _privileges_after_deploy(outcome)
    # From PostgreSQL 16 a CREATEROLE role is granted each role it creates WITH ADMIN (no INHERIT, no SET).
    created = sorted(("fleetdb_relay", *PLAN_ROLES)) if bare_instance.major >= 16 else []
    assert member_of == sorted(["fleetdb_owner", *created])
    assert f"fleetdb_owner=C/{DBA}" in acl
    assert outcome.after_deploy is not None
    assert set(PLAN_ROLES) <= outcome.after_deploy.keys("role")
    # The roles it created are dropped, the membership and the grant revoked: the cluster is as before.
    assert outcome.differences == []


def test_a_dba_s_plain_sqitch_deploy_and_revert_print_no_notice(
    outcomes: dict[tuple[str, str], Outcome],
) -> None:
    """psql's NOTICEs (an IF EXISTS that finds nothing) read as trouble in a DBA's deploy log: none."""
    outcome = _outcome(outcomes, "createrole", CHECKOUT)
    _deployed_verified_reverted(outcome)
    for command, output in (("deploy", outcome.deploy_output), ("revert", outcome.revert_output)):
        notices = [line for line in output.splitlines() if "NOTICE" in line]
        assert notices == [], f"sqitch {command} printed:\n" + "\n".join(notices)


def test_the_persistence_quick_start_works_after_a_createrole_dba_ran_setup_sql(
    outcomes: dict[tuple[str, str], Outcome],
) -> None:
    """examples/persistence/setup.sql run by the runbook's set-up A DBA (CREATEROLE, not a superuser)
    creates the login and loads the reference data as fleetdb_owner; the quick start then works with
    the application's login and password."""
    outcome = _outcome(outcomes, "createrole", CHECKOUT)
    _deployed_verified_reverted(outcome)
    done = outcome.while_deployed
    assert isinstance(done, QuickStart)
    assert done.setup.returncode == 0, done.setup.stderr
    assert done.run is not None
    check_quickstart_output(done.run)


def test_a_dba_without_createrole_deploys_into_roles_a_superuser_prepared(
    outcomes: dict[tuple[str, str], Outcome],
) -> None:
    outcome = _outcome(outcomes, "prepared_roles", CHECKOUT)
    _deployed_verified_reverted(outcome)
    member_of, acl = _privileges_after_deploy(outcome)
    assert member_of == ["fleetdb_owner"]
    assert f"fleetdb_owner=C/{DBA}" in acl
    # The prepared roles and the membership stay as the superuser made them; the grant is revoked.
    assert outcome.differences == []


@pytest.mark.parametrize("scripts", BOTH_SCRIPTS)
def test_a_dba_that_cannot_create_the_roles_is_refused_before_anything_is_deployed(
    outcomes: dict[tuple[str, str], Outcome], scripts: str
) -> None:
    outcome = _outcome(outcomes, "no_createrole_and_no_roles", scripts)
    assert outcome.deploy_error is not None, "the deploy went through"
    assert outcome.events == [("fail", "conventions")], (
        f"changes were deployed (and reverted) before the deploy failed:\n{outcome.deploy_error}"
    )
    assert f"role {DBA} cannot create the missing fleetdb roles [SQLSTATE 42501]" in outcome.deploy_error
    assert f"ALTER ROLE {DBA} CREATEROLE" in outcome.deploy_error
    assert outcome.differences == []
