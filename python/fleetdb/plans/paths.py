"""The named read paths (``sql/paths.sql``) and the parameter samples for each (``sql/samples.sql``).

A path the application runs names the persistence file it reviews (``-- file: fleet/vehicles_with_odometer``)
and has no statement of its own, so the review measures the application's SQL itself and no copy can
drift from it; only paths no repository method runs keep their SQL inline. A path takes its parameters
from the sample of its own name, or from the one it names (``-- sample: rental_pages``) when several paths
take the same parameters, so each sample query is written once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from psycopg import sql

from fleetdb.errors import FleetdbError
from fleetdb.sql_files import load_sql, named_blocks, sql_path
from fleetdb_persistence.queries import query

_HEADER = re.compile(r"^-- (?P<key>expect|needs|why|file|format|sample): (?P<value>.+)$", re.MULTILINE)


@dataclass(frozen=True)
class ReadPath:
    name: str
    sql: str
    expect: tuple[str, ...]
    why: str = ""
    needs: str | None = None
    # The persistence file (module/name) whose statement this path is, when the application runs it.
    file: str | None = None
    # The sample (samples.sql) it shares with other paths; None: the sample of its own name.
    sample: str | None = None

    @property
    def sample_name(self) -> str:
        return self.sample or self.name

    @property
    def needed_index(self) -> str | None:
        """The name of the index ``needs:`` asks for (``CREATE INDEX <name> ...``)."""
        if not self.needs:
            return None
        match = re.search(r"CREATE (?:UNIQUE )?INDEX (\w+)", self.needs)
        return match.group(1) if match else None


def _blocks(text: str, origin: str) -> dict[str, tuple[str, str]]:
    """path name -> (header comment lines, statement) for every ``-- name:`` block of a file."""
    blocks = {}
    for path, block in named_blocks(text, origin).items():
        lines = block.splitlines()
        header = [line for line in lines if line.startswith("--")]
        statement = "\n".join(line for line in lines if not line.startswith("--")).strip().rstrip(";")
        blocks[path] = ("\n".join(header), statement)
    return blocks


@cache
def load_paths(path: Path | None = None) -> tuple[ReadPath, ...]:
    """The read paths of ``plans/sql/paths.sql`` (or of the file ``path``, for a test)."""
    origin = str(path) if path else sql_path(__package__, "paths")
    text = path.read_text() if path else load_sql(__package__, "paths")
    paths = []
    for name, (header, statement) in _blocks(text, origin).items():
        fields = {m["key"]: m["value"].strip() for m in _HEADER.finditer(header)}
        expect = tuple(x.strip() for x in fields.get("expect", "").split(",") if x.strip())
        file = fields.get("file")
        if file and statement:
            raise FleetdbError(f"{origin}: read path {name} names {file} and has a statement of its own")
        if file:
            statement = _application_sql(origin, name, file, fields.get("format"))
        if not statement:
            raise FleetdbError(f"{origin}: read path {name} has no statement and names no file")
        sample = fields.get("sample")
        if sample and sample not in load_samples():
            where = sql_path(__package__, "samples")
            raise FleetdbError(f"{origin}: read path {name} names sample {sample}, which {where} lacks")
        why, needs = fields.get("why", ""), fields.get("needs")
        paths.append(ReadPath(name, statement, expect, why, needs, file, sample))
    return tuple(paths)


def _application_sql(origin: str, name: str, file: str, identifiers: str | None) -> str:
    """The statement of persistence file ``module/name``; ``identifiers`` fills its ``{placeholders}``
    (``outbox=fleet.outbox_events``) the way the repository does."""
    module, _, query_name = file.partition("/")
    try:
        statement = query(module, query_name)
    except LookupError as error:
        raise FleetdbError(f"{origin}: read path {name}: {error}") from None
    names = dict(item.strip().split("=", 1) for item in identifiers.split(",")) if identifiers else {}
    identifier_args = {key: sql.Identifier(*value.split(".")) for key, value in names.items()}
    return statement.format(**identifier_args).as_string(None).strip().rstrip(";")


@cache
def load_samples() -> dict[str, str]:
    text, origin = load_sql(__package__, "samples"), sql_path(__package__, "samples")
    return {name: statement for name, (_header, statement) in _blocks(text, origin).items()}
