"""Databases on a throwaway instance: the Sqitch-deployed template and the clones tests get from it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from pytest_postgresql.janitor import DatabaseJanitor

from fleetdb.instance import Instance
from fleetdb.sqitch import Sqitch


class _Janitor(DatabaseJanitor):
    """pytest-postgresql's janitor, cloning with FILE_COPY: for a database of a few MB copying the files
    beats WAL-logging every block (PostgreSQL 15's default), and durability is off anyway."""

    def _build_create_database_sql(self) -> sql.Composed:
        query: sql.Composed = super()._build_create_database_sql()
        if self.template_dbname:
            query += sql.SQL(" STRATEGY = FILE_COPY")
        return query


@dataclass(frozen=True)
class Database:
    """One database of an instance; ``connect`` is the only way tests open connections to it."""

    instance: Instance
    name: str

    def conninfo(self, **extra: Any) -> str:
        return self.instance.conninfo(self.name, **extra)

    @property
    def sqitch_target(self) -> str:
        return self.instance.sqitch_target(self.name)

    def connect(self, **kwargs: Any) -> psycopg.Connection[Any]:
        return self.instance.connect(self.name, **kwargs)

    def _janitor(self, template: str | None = None, as_template: bool = False) -> DatabaseJanitor:
        return _Janitor(
            user=self.instance.user,
            host=self.instance.host,
            port=self.instance.port,
            dbname=self.name,
            template_dbname=template,
            as_template=as_template,
        )

    def create(self, template: str | None = None) -> Database:
        self._janitor(template).init()
        return self

    def drop(self) -> None:
        self._janitor().drop()

    def clone(self, name: str | None = None) -> Database:
        """A new database copied from this one (which must have no open connections)."""
        return Database(self.instance, name or f"fleetdb_{uuid.uuid4().hex[:12]}").create(template=self.name)


def deploy_template(instance: Instance, project: Path, name: str, to: str | None = None) -> Database:
    """Create ``name``, deploy the plan into it (up to ``to``, a change or tag, else all of it) with the
    real ``sqitch deploy --verify``, and mark it a template so clones are cheap file copies."""
    database = Database(instance, name)
    database.drop()
    database.create()
    Sqitch(project, database.sqitch_target).deploy(to, verify=True)
    with instance.connect(autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER DATABASE {} WITH IS_TEMPLATE true").format(sql.Identifier(name)))
    return database
