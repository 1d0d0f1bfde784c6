"""Which database: every spelling a DBA uses, parsed once into libpq's own keywords, without loss.

Spellings (``Target.parse``):
- a Sqitch URI: ``db:pg://user:password@host:5432/dbname?sslmode=require``, ``db:pg:dbname``, ``db:pg:``;
- a libpq URI: ``postgresql://…`` or ``postgres://…``;
- a libpq conninfo: ``host=… port=… dbname=… sslmode=…``;
- the name of a target in the project's sqitch.conf (``[target "prod"] uri = db:pg://…``).
libpq's parser reads each of them (``conninfo_to_dict``), so percent-encoding, quoting, socket
directories, several hosts, ``options``, ``sslmode`` and the rest survive as they were written; whatever
is left out (a password, a host) comes from the environment, ~/.pgpass and the service file, exactly as
for sqitch and psql.

The same database is then written for each consumer: ``conninfo`` for psycopg (password included, never
leaves the process), ``sqitch_uri`` for sqitch and ``psql_conninfo`` for psql (no password: it travels in
``env()`` as SQITCH_PASSWORD/PGPASSWORD, never on a command line), and ``str()``/``repr()`` for people,
with the password masked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from fleetdb.errors import FleetdbError, libpq_message, register_secret

if TYPE_CHECKING:
    from fleetdb.project import Project

MASK = "********"
_SIMPLE_HOST = re.compile(r"^[A-Za-z0-9.\-]+$")
SPELLINGS = (
    "db:pg://user@host:5432/dbname, postgresql://user@host/dbname, 'host=… dbname=…' "
    "or the name of a target in sqitch.conf"
)


@dataclass(frozen=True)
class Target:
    """A database: libpq keywords (``params``) and, when it was named so, its sqitch target name."""

    params: Mapping[str, str] = field(default_factory=dict, hash=False)
    name: str | None = None

    def __post_init__(self) -> None:
        if self.password:
            register_secret(self.password)

    @classmethod
    def parse(cls, text: str, project: Project | None = None) -> Target:
        spelling = text.strip()
        if spelling.startswith("db:"):
            return cls(_params(_libpq_spelling(spelling), spelling))
        if spelling.startswith(("postgresql:", "postgres:")) or "=" in spelling or not spelling:
            return cls(_params(spelling, spelling))
        return cls.named(spelling, project)

    @classmethod
    def named(cls, name: str, project: Project | None) -> Target:
        targets = dict(project.targets) if project is not None else {}
        if name not in targets:
            known = ", ".join(sorted(targets)) or "none"
            where = f"{project.root}/sqitch.conf" if project is not None else "the project"
            raise FleetdbError(
                f"--target {name}: no target of that name in {where} (named targets: {known}); "
                f"write {SPELLINGS}"
            )
        uri = targets[name]
        return cls(_params(_libpq_spelling(uri), uri), name)

    @classmethod
    def from_params(cls, **params: Any) -> Target:
        return cls({k: str(v) for k, v in params.items() if v is not None and str(v) != ""})

    # -- parts -------------------------------------------------------------------------------------
    def get(self, key: str) -> str | None:
        return self.params.get(key)

    @property
    def dbname(self) -> str | None:
        return self.get("dbname")

    @property
    def user(self) -> str | None:
        return self.get("user")

    @property
    def host(self) -> str | None:
        return self.get("host")

    @property
    def port(self) -> str | None:
        return self.get("port")

    @property
    def password(self) -> str | None:
        return self.get("password")

    def with_dbname(self, dbname: str) -> Target:
        return Target({**self.params, "dbname": dbname})

    # -- for each consumer ---------------------------------------------------------------------------
    @property
    def conninfo(self) -> str:
        """For psycopg, in this process only: password included."""
        return make_conninfo(**self.params)

    @property
    def psql_conninfo(self) -> str:
        """For psql's --dbname: everything but the password (see ``env``)."""
        return make_conninfo(**self._without_password())

    @property
    def sqitch_uri(self) -> str:
        """For sqitch: a ``db:pg:`` URI without the password (see ``env``)."""
        return _sqitch_uri(self._without_password())

    def env(self) -> dict[str, str]:
        """What a sqitch or psql child needs in its environment to log in."""
        if not self.password:
            return {}
        return {"PGPASSWORD": self.password, "SQITCH_PASSWORD": self.password}

    def connect(self, **kwargs: Any) -> psycopg.Connection[Any]:
        return psycopg.connect(self.conninfo, **kwargs)

    def _without_password(self) -> dict[str, str]:
        return {k: v for k, v in self.params.items() if k != "password"}

    # -- for people -----------------------------------------------------------------------------------
    def __str__(self) -> str:
        shown = _sqitch_uri(self._without_password())
        if self.password:
            shown = _sqitch_uri({**self._without_password(), "password": MASK})
        return f"{self.name} ({shown})" if self.name else shown

    def __repr__(self) -> str:
        return f"Target({self!s})"

    # -- serialised (a forked pytest receives it) -------------------------------------------------------
    def as_dict(self) -> dict[str, Any]:
        return {"params": dict(self.params), "name": self.name}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Target:
        return cls(dict(data["params"]), data.get("name"))


def _libpq_spelling(uri: str) -> str:
    """``db:pg://…`` -> ``postgresql://…``; ``db:pg:dbname`` -> ``dbname=dbname``; ``db:pg:`` -> ``""``."""
    if not uri.startswith("db:pg:"):
        engine = uri.split(":", 2)[1] if uri.count(":") >= 2 else uri
        raise FleetdbError(
            f"{_masked(uri)}: fleetdb works with PostgreSQL targets, not db:{engine}:; write {SPELLINGS}"
        )
    rest = uri[len("db:pg:") :]
    if rest.startswith("//"):
        return "postgresql:" + rest
    if not rest:
        return ""
    dbname, _, query = rest.partition("?")
    return "postgresql:///" + dbname + (f"?{query}" if query else "")


def _params(spelling: str, original: str) -> dict[str, str]:
    try:
        params = conninfo_to_dict(spelling)
    except psycopg.ProgrammingError as error:
        raise FleetdbError(
            f"cannot read the target {_masked(original)}: {libpq_message(error)}; write {SPELLINGS}"
        ) from None
    return {key: str(value) for key, value in params.items() if value is not None}


def _masked(spelling: str) -> str:
    """A spelling as typed, with any password in it masked (it may not parse)."""
    masked = re.sub(r"(://[^:/@?]*:)[^@/]*@", rf"\1{MASK}@", spelling)
    return re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", rf"\1{MASK}", masked)


def _sqitch_uri(params: Mapping[str, str]) -> str:
    """``db:pg://user:password@host:port/dbname?rest``; a socket directory or several hosts go to the
    query, where sqitch hands them to psql and DBD::Pg as they are."""
    rest = dict(params)
    dbname = rest.pop("dbname", "")
    host = rest.get("host", "")
    authority = ""
    if host == "" or _SIMPLE_HOST.match(host):
        rest.pop("host", None)
        user = rest.pop("user", "")
        password = rest.pop("password", None)
        port = rest.pop("port", "") if "," not in rest.get("port", "") else ""
        userinfo = quote(user, safe="") + (f":{quote(password, safe='*')}" if password is not None else "")
        authority = (f"{userinfo}@" if userinfo else "") + host + (f":{port}" if port else "")
    first = [key for key in ("host", "port", "user", "password") if key in rest]
    keys = first + sorted(set(rest) - set(first))  # one spelling per target, whatever order it came in
    query = "&".join(f"{key}={quote(rest[key], safe='/,*')}" for key in keys)
    return f"db:pg://{authority}/{quote(dbname, safe='')}" + (f"?{query}" if query else "")
