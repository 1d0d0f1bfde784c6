"""A deploy into a database that already holds something, with stock sqitch, and what it left behind.

A scenario prepares an empty database as the superuser (``setup``), then deploys the plan with
``sqitch deploy --verify`` as the superuser or a login role of its own, runs ``sqitch verify`` and
``sqitch revert -y`` (when the deploy went through), and compares the database (catalog snapshot and
the database's own ACL) with how the setup left it. Scenarios that create roles run on a server of their
own: roles are cluster-wide."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from fleetdb.catalog import CatalogSnapshot, diff_catalogs, snapshot_catalog
from fleetdb.instance import Instance
from fleetdb.project import Project
from fleetdb.sqitch import Sqitch, SqitchFailed
from fleetdb.target import Target


@dataclass(frozen=True)
class Scenario:
    """``setup`` runs as the superuser in the new database; ``{db}`` and ``{deployer}`` are replaced
    by the quoted names. ``deployer``: a login role that ``cluster_setup`` creates; it owns the database
    and deploys."""

    name: str
    setup: tuple[str, ...] = ()
    deployer: str | None = None
    cluster_setup: tuple[str, ...] = ()  # run in the postgres database before the database is created
    cluster_teardown: tuple[str, ...] = ()  # run after the database is dropped, whatever happened
    verify: bool = False  # also run ``sqitch verify`` after the deploy (which verifies each change anyway)
    to: str | None = None  # deploy up to this change (default: the whole plan); the revert reverts it all
    # Run with the deployer's target once the plan is deployed and verified, before the revert; what it
    # returns is kept in ``Outcome.while_deployed``.
    while_deployed: Callable[[Target], Any] | None = None


@dataclass
class Outcome:
    """What each sqitch command said (None: it succeeded) and how the database differs from before."""

    deploy_error: str | None = None
    deploy_output: str = ""  # what sqitch deploy printed (psql's notices included) when it succeeded
    revert_output: str = ""
    verify_error: str | None = None
    revert_error: str | None = None
    events: list[tuple[str, str]] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    after_deploy: CatalogSnapshot | None = None
    acl_after_deploy: list[str] = field(default_factory=list)
    while_deployed: Any = None

    @property
    def deployed_and_reverted(self) -> bool:
        return self.deploy_error is None and self.verify_error is None and self.revert_error is None


def run_scenario(instance: Instance, project: Path, scenario: Scenario) -> Outcome:
    dbname = f"deploy_{scenario.name}_{uuid.uuid4().hex[:6]}"
    names = {"db": sql.Identifier(dbname), "deployer": sql.Identifier(scenario.deployer or "postgres")}
    outcome = Outcome()
    with instance.connect(autocommit=True) as admin:
        try:
            for statement in scenario.cluster_setup:
                admin.execute(sql.SQL(statement).format(**names))
            owner = sql.Identifier(scenario.deployer or instance.user)
            admin.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(names["db"], owner))
            with instance.connect(dbname, autocommit=True) as conn:
                for statement in scenario.setup:
                    conn.execute(sql.SQL(statement).format(**names))
                before, acl_before = _footprint(conn)
                _deploy_verify_revert(instance, project, dbname, scenario, conn, outcome)
                after, acl_after = _footprint(conn)
                outcome.differences = [d.describe("afterwards") for d in diff_catalogs(before, after)]
                if acl_after != acl_before:
                    outcome.differences.append(f"database ACL was {acl_before}, is {acl_after} afterwards")
                outcome.events = _events(conn)
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(names["db"]))
            for statement in scenario.cluster_teardown:
                admin.execute(sql.SQL(statement).format(**names))
    return outcome


def _deploy_verify_revert(
    instance: Instance,
    project: Path,
    dbname: str,
    scenario: Scenario,
    conn: psycopg.Connection[Any],
    outcome: Outcome,
) -> None:
    user = scenario.deployer or instance.user
    plan = _project(project)
    target = Target.from_params(host=instance.host, port=instance.port, user=user, dbname=dbname)
    sqitch = Sqitch(plan, target)
    try:
        outcome.deploy_output = sqitch.deploy(plan.change(scenario.to) if scenario.to else None, verify=True)
    except SqitchFailed as error:
        outcome.deploy_error = error.output
        return
    outcome.after_deploy, outcome.acl_after_deploy = _footprint(conn)
    if scenario.verify:
        try:
            sqitch.verify()
        except SqitchFailed as error:
            outcome.verify_error = error.output
    if scenario.while_deployed is not None:
        outcome.while_deployed = scenario.while_deployed(target)
    try:
        outcome.revert_output = sqitch.revert()
    except SqitchFailed as error:
        outcome.revert_error = error.output


@cache
def _project(directory: Path) -> Project:
    return Project.load(directory)


def _footprint(conn: psycopg.Connection[Any]) -> tuple[CatalogSnapshot, list[str]]:
    """The catalog (the sqitch registry aside) and the database's ACL, spelled out when default."""
    row = conn.execute(
        "SELECT array(SELECT a::text FROM unnest(coalesce(datacl, acldefault('d', datdba))) AS a ORDER BY 1)"
        " FROM pg_database WHERE datname = current_database()"
    ).fetchone()
    return snapshot_catalog(conn), list(row[0]) if row else []


def _events(conn: psycopg.Connection[Any]) -> list[tuple[str, str]]:
    if conn.execute("SELECT to_regclass('sqitch.events')").fetchone() == (None,):
        return []
    rows = conn.execute("SELECT event, change FROM sqitch.events ORDER BY committed_at").fetchall()
    return [(str(event), str(change)) for event, change in rows]
