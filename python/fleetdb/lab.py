"""A server to work on, for one project: a throwaway one that fleetdb starts, prepares and stops, or an
external one a target names (used as it is, never stopped). Databases, the deployed template and its
clones all come from a ``Lab``::

    with Lab.throwaway(project) as lab:
        template = lab.deploy_template("fleetdb_tmpl")   # sqitch deploy --verify, marked a template
        database = template.clone()

A throwaway server is prepared as the project's ``fleetdb.toml`` says (``[prepare]``: settings at start,
``server_sql`` in database postgres, ``database_sql`` in template1) before anything is deployed.

A child process (a forked or spawned pytest) receives the lab as one serialised value
(``serialise``/``restore``, passed by ``fleetdb.handoff``): the project as read, the server, the template
already deployed; the child then starts and deploys nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import psycopg

from fleetdb.databases import Database
from fleetdb.errors import FleetdbError, libpq_message
from fleetdb.instance import Instance, start_instance
from fleetdb.project import Change, Project
from fleetdb.psql import run_psql
from fleetdb.sqitch import Sqitch
from fleetdb.target import Target

MAINTENANCE_DB = "postgres"


@dataclass
class Lab:
    project: Project
    server: Target  # the maintenance database of the server, as the superuser (or the DBA's login)
    instance: Instance | None = None  # set when fleetdb started the server: stopped on exit
    variables: Mapping[str, str] = field(default_factory=dict)  # --set values for sqitch and psql
    template: str | None = None  # a template already deployed on the server (a restored lab)

    # -- making one ---------------------------------------------------------------------------------
    @classmethod
    def throwaway(
        cls,
        project: Project,
        *,
        bindir: str | os.PathLike[str] | None = None,
        settings: Mapping[str, str] | None = None,
        variables: Mapping[str, str] | None = None,
        root: Path | None = None,
    ) -> Lab:
        """Start a private server with the project's settings and prepare it as ``fleetdb.toml`` says;
        ``root`` is where its files go (default: ``runtime_root()``)."""
        instance = start_instance({**project.preparation.settings, **(settings or {})}, bindir, root)
        lab = cls(project, server_target(instance), instance, dict(variables or {}))
        try:
            lab.prepare()
        except BaseException:
            lab.close()
            raise
        return lab

    @classmethod
    def external(cls, project: Project, server: Target, variables: Mapping[str, str] | None = None) -> Lab:
        """A server someone else runs; checked once so a typo is one line, not a traceback."""
        lab = cls(project, server if server.dbname else server.with_dbname(MAINTENANCE_DB), None)
        lab.variables = dict(variables or {})
        try:
            with lab.server.connect(connect_timeout=10):
                pass
        except psycopg.OperationalError as error:
            raise FleetdbError(f"cannot connect to {lab.server}: {libpq_message(error)}") from None
        return lab

    def close(self) -> None:
        if self.instance is not None:
            self.instance.stop()

    def __enter__(self) -> Lab:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    # -- what it is -------------------------------------------------------------------------------------
    @property
    def owned(self) -> bool:
        return self.instance is not None

    def server_version(self) -> str:
        """The running server's own word: ``PostgreSQL 15.14 (Debian 15.14-0+deb12u1)``."""
        with self.server.connect() as conn:
            row = conn.execute("SELECT current_setting('server_version')").fetchone()
        return f"PostgreSQL {row[0] if row else '?'}"

    def describe(self) -> str:
        where = "a throwaway server" if self.owned else str(self.server)
        return f"{self.server_version()} ({where})"

    # -- databases ---------------------------------------------------------------------------------------
    def database(self, name: str) -> Database:
        return Database(self.server, name)

    def existing(self, name: str) -> Database:
        """A database that must already be on the server (a template someone deployed)."""
        with self.server.connect() as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            raise FleetdbError(f"--template {name!r} is not a database on {self.server}: deploy it first")
        return self.database(name)

    def sqitch(self, database: Database | Target) -> Sqitch:
        target = database.target if isinstance(database, Database) else database
        return Sqitch(self.project, target, self.variables)

    def deploy(self, name: str, to: Change | str | None = None) -> Database:
        """Create ``name`` (dropping an old one) and deploy the plan into it (up to ``to``: a change or its
        label, else all of it) with the real ``sqitch deploy --verify``."""
        database = self.database(name)
        database.drop()
        database.create()
        change = self.project.change(to) if isinstance(to, str) else to
        self.sqitch(database).deploy(change, verify=True)
        return database

    def deploy_template(self, name: str, to: Change | str | None = None) -> Database:
        """``deploy``, then mark it a template: every test database is a cheap copy of it."""
        return self.deploy(name, to).mark_template()

    def prepare(self) -> None:
        """Run the project's preparation scripts (``fleetdb.toml``): cluster-wide first, then template1."""
        prep = self.project.preparation
        for script in prep.server_sql:
            self._run_prepare(script, self.server)
        for script in prep.database_sql:
            self._run_prepare(script, self.server.with_dbname("template1"))

    def _run_prepare(self, script: Path, target: Target) -> None:
        result = run_psql(self.project, target, script, self.variables)
        if result.returncode != 0:
            detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise FleetdbError(f"preparing the server: {script} failed: {detail}")

    # -- handed to a child process ------------------------------------------------------------------------
    def serialise(self, template: Database | None = None) -> str:
        return json.dumps(
            {
                "project": self.project.as_dict(),
                "server": self.server.as_dict(),
                "variables": dict(self.variables),
                "template": template.name if template else self.template,
            }
        )

    @classmethod
    def restore(cls, text: str) -> Lab:
        """The lab a parent handed over: never stopped by this process."""
        data: dict[str, Any] = json.loads(text)
        return cls(
            Project.from_dict(data["project"]),
            Target.from_dict(data["server"]),
            None,
            dict(data.get("variables", {})),
            data.get("template"),
        )


def server_target(instance: Instance) -> Target:
    return Target.from_params(
        host=instance.host, port=instance.port, user=instance.user, dbname=MAINTENANCE_DB
    )
