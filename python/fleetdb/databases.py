"""Databases on a server: the Sqitch-deployed template and the clones tests get from it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from fleetdb.processes import stopping
from fleetdb.target import Target

# CREATE DATABASE … STRATEGY exists from PostgreSQL 15 (13 and 14 always copy the files).
_STRATEGY_FROM = 150000


@dataclass(frozen=True)
class Database:
    """One database of a server (``server``: the target of its maintenance database)."""

    server: Target
    name: str

    @property
    def target(self) -> Target:
        return self.server.with_dbname(self.name)

    def conninfo(self, **extra: Any) -> str:
        return make_conninfo(self.target.conninfo, **extra)

    def connect(self, **kwargs: Any) -> psycopg.Connection[Any]:
        return psycopg.connect(self.target.conninfo, **kwargs)

    def create(self, template: str | None = None) -> Database:
        """CREATE DATABASE, copied from ``template`` when given (which must have no open connections).
        A clone copies the files (FILE_COPY): for a database of a few MB that beats WAL-logging every
        block, and a throwaway server has durability off anyway."""
        with self.server.connect(autocommit=True) as conn:
            statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name))
            if template:
                statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
                if conn.info.server_version >= _STRATEGY_FROM:
                    statement += sql.SQL(" STRATEGY FILE_COPY")
            conn.execute(statement)
        return self

    def drop(self) -> None:
        """Drop it if it exists, ending its sessions first; a template is unmarked first. After a stop
        signal a throwaway server may be gone with the database: nothing is left to drop then."""
        try:
            conn = self.server.connect(autocommit=True)
        except psycopg.OperationalError:
            if stopping():
                return
            raise
        with conn:
            name = sql.Identifier(self.name)
            row = conn.execute(
                "SELECT datistemplate FROM pg_database WHERE datname = %s", [self.name]
            ).fetchone()
            if row is None:
                return
            if row[0]:
                conn.execute(sql.SQL("ALTER DATABASE {} WITH IS_TEMPLATE false").format(name))
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))

    def mark_template(self) -> Database:
        """Mark it a template so clones are cheap file copies (and nobody connects to it by mistake)."""
        with self.server.connect(autocommit=True) as conn:
            conn.execute(sql.SQL("ALTER DATABASE {} WITH IS_TEMPLATE true").format(sql.Identifier(self.name)))
        return self

    def clone(self, name: str | None = None) -> Database:
        """A new database copied from this one (which must have no open connections)."""
        return Database(self.server, name or f"fleetdb_{uuid.uuid4().hex[:12]}").create(template=self.name)
