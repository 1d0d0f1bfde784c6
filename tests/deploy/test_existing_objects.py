"""Deploy and revert in a database that already holds objects, with stock sqitch: what the database
held before is there afterwards, unchanged (catalog snapshot and database ACL), or the deploy is refused
before anything is deployed, naming what is in the way.

Each scenario also runs with the scripts as released (``released_project``), where it must fail: that
is the hole the released-script edits of docs/db/changelog.md close (strict xfail, so a scenario that
stops telling the two apart fails)."""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fleetdb.databases import Database
from fleetdb.instance import Instance
from fleetdb.lab import Lab
from tests.deploy.scenario import Outcome, Scenario, run_scenario

CHECKOUT, RELEASED = "checkout", "released"

# On the test server, where the fleetdb roles exist (the template's objects keep them alive).
# Whole-plan deploys cost seconds each, so each scenario stops after the changes it is about: with
# btree_gist in public, up to rental_rentals, whose exclusion constraint needs btree_gist's operator
# classes (found wherever the extension is; test_least_privilege.py deploys the whole plan).
ON_THE_TEST_SERVER = [
    Scenario("btree_gist_in_public", setup=("CREATE EXTENSION btree_gist",), to="conventions"),
    Scenario(
        "btree_gist_with_a_dependent",
        setup=(
            "CREATE EXTENSION btree_gist",
            "CREATE TABLE public.room_bookings (room int NOT NULL, during tstzrange NOT NULL,"
            " CONSTRAINT room_bookings_no_overlap_excl EXCLUDE USING gist (room WITH =, during WITH &&))",
        ),
        to="rental_rentals",
    ),
    Scenario(
        "schema_of_the_same_name",
        setup=("CREATE SCHEMA iam", "CREATE TABLE iam.legacy_users (id int PRIMARY KEY)"),
    ),
]
# On a server of their own: the roles exist only as the scenario prepares them.
PREPARED_ROLES = ("fleetdb_owner", "fleetdb_app", "fleetdb_readonly", "legacy_app_login")
DROP_PREPARED_ROLES = tuple(f"DROP ROLE IF EXISTS {role}" for role in PREPARED_ROLES)
ON_A_SERVER_OF_THEIR_OWN = [
    Scenario(
        "roles_and_grant_prepared_by_the_dba",
        cluster_setup=(
            "CREATE ROLE fleetdb_owner NOLOGIN",
            "CREATE ROLE fleetdb_app NOLOGIN",
            "CREATE ROLE fleetdb_readonly NOLOGIN",
            "COMMENT ON ROLE fleetdb_app IS 'created by the DBA before the first deploy'",
            "CREATE ROLE legacy_app_login LOGIN IN ROLE fleetdb_app",
        ),
        setup=("GRANT CREATE ON DATABASE {db} TO fleetdb_owner",),
        cluster_teardown=DROP_PREPARED_ROLES,
        to="roles",
    ),
    Scenario(
        "a_fleetdb_role_that_logs_in",
        cluster_setup=("CREATE ROLE fleetdb_app LOGIN",),
        cluster_teardown=DROP_PREPARED_ROLES,
    ),
]
SCENARIOS = [scenario.name for scenario in ON_THE_TEST_SERVER + ON_A_SERVER_OF_THEIR_OWN]
BOTH_SCRIPTS = [
    pytest.param(CHECKOUT, id="checkout"),
    pytest.param(
        RELEASED,
        id="released-scripts",
        marks=pytest.mark.xfail(strict=True, reason="the released scripts have the hole"),
    ),
]


REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def outcomes(
    request: pytest.FixtureRequest,
    fleetdb_lab: Lab,
    fleetdb_template: Database,  # the fleetdb roles exist on the test server, kept alive by it
    bare_instance: Instance,
) -> dict[tuple[str, str], Outcome]:
    """Every scenario with both sets of scripts: the test server's side by side, the others in turn."""
    assert fleetdb_lab.instance is not None, "the scenarios need the test server's own instance"
    server = fleetdb_lab.instance
    projects: dict[str, Path] = {CHECKOUT: REPO}
    with contextlib.suppress(pytest.skip.Exception):  # without git history their tests skip
        projects[RELEASED] = request.getfixturevalue("released_project")

    def in_turn() -> dict[tuple[str, str], Outcome]:
        return {
            (scenario.name, label): run_scenario(bare_instance, project, scenario)
            for scenario in ON_A_SERVER_OF_THEIR_OWN
            for label, project in projects.items()
        }

    with ThreadPoolExecutor(max_workers=4) as pool:
        alone = pool.submit(in_turn)
        shared = {
            (scenario.name, label): pool.submit(run_scenario, server, project, scenario)
            for scenario in ON_THE_TEST_SERVER
            for label, project in projects.items()
        }
        results = {key: future.result() for key, future in shared.items()}
        results.update(alone.result())
    return results


def _outcome(outcomes: dict[tuple[str, str], Outcome], scenario: str, scripts: str) -> Outcome:
    if (scenario, scripts) not in outcomes:
        pytest.skip("the released scripts are not available (no git history)")
    return outcomes[(scenario, scripts)]


def _deployed_and_reverted(outcome: Outcome) -> None:
    assert outcome.deploy_error is None, f"sqitch deploy failed:\n{outcome.deploy_error}"
    assert outcome.revert_error is None, f"sqitch revert failed:\n{outcome.revert_error}"


def _default_version(instance: Instance, extension: str) -> str:
    """The version CREATE EXTENSION installs on this server (btree_gist is 1.7 on 15, 1.8 on 18)."""
    with instance.connect() as conn:
        row = conn.execute(
            "SELECT default_version FROM pg_available_extensions WHERE name = %s", [extension]
        ).fetchone()
    assert row is not None, f"{extension} is not available on this server"
    return str(row[0])


def _refused_before_anything(outcome: Outcome, names: str) -> None:
    assert outcome.deploy_error is not None, "the deploy went through"
    assert outcome.events == [("fail", "conventions")], (
        f"changes were deployed (and reverted) before the deploy failed:\n{outcome.deploy_error}"
    )
    assert names in outcome.deploy_error, outcome.deploy_error


@pytest.mark.long  # the whole plan deployed and reverted around the DBA's extension
@pytest.mark.parametrize("scripts", BOTH_SCRIPTS)
def test_btree_gist_already_in_public_is_used_there_and_kept(
    outcomes: dict[tuple[str, str], Outcome], scripts: str, bare_instance: Instance
) -> None:
    outcome = _outcome(outcomes, "btree_gist_in_public", scripts)
    _deployed_and_reverted(outcome)
    assert outcome.after_deploy is not None
    assert outcome.after_deploy.get("extension", "btree_gist") == {
        "version": _default_version(bare_instance, "btree_gist"),
        "schema": "public",
        "owner": "postgres",
    }
    assert outcome.differences == []


@pytest.mark.parametrize("scripts", BOTH_SCRIPTS)
def test_btree_gist_with_a_dependent_object_is_kept_with_it(
    outcomes: dict[tuple[str, str], Outcome], scripts: str
) -> None:
    outcome = _outcome(outcomes, "btree_gist_with_a_dependent", scripts)
    _deployed_and_reverted(outcome)
    assert outcome.differences == []


@pytest.mark.parametrize("scripts", BOTH_SCRIPTS)
def test_a_schema_of_the_same_name_is_refused_before_anything_is_deployed(
    outcomes: dict[tuple[str, str], Outcome], scripts: str
) -> None:
    outcome = _outcome(outcomes, "schema_of_the_same_name", scripts)
    _refused_before_anything(outcome, "schema(s) iam (owner postgres) already exist [SQLSTATE 42P06]")
    assert outcome.differences == []


@pytest.mark.parametrize("scripts", BOTH_SCRIPTS)
def test_roles_and_a_create_grant_the_dba_prepared_survive_the_revert(
    outcomes: dict[tuple[str, str], Outcome], scripts: str
) -> None:
    outcome = _outcome(outcomes, "roles_and_grant_prepared_by_the_dba", scripts)
    _deployed_and_reverted(outcome)
    assert outcome.differences == []


@pytest.mark.parametrize("scripts", BOTH_SCRIPTS)
def test_a_fleetdb_role_that_logs_in_is_refused_before_anything_is_deployed(
    outcomes: dict[tuple[str, str], Outcome], scripts: str
) -> None:
    outcome = _outcome(outcomes, "a_fleetdb_role_that_logs_in", scripts)
    _refused_before_anything(outcome, "role fleetdb_app exists and can log in")
    assert outcome.differences == []
