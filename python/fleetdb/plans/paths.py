"""The named read paths (``paths.sql``) and the parameter samples for each (``samples.sql``).

A path the application runs names the persistence file it reviews (``-- file: fleet/vehicles_with_odometer``)
and has no statement of its own, so the review measures the application's SQL itself and no copy can
drift from it; only paths no repository method runs keep their SQL inline."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from psycopg import sql

from fleetdb.errors import FleetdbError
from fleetdb.persistence.queries import query

_DIR = Path(__file__).parent
PATHS_FILE = _DIR / "paths.sql"
SAMPLES_FILE = _DIR / "samples.sql"
_NAME = re.compile(r"^-- name: (?P<name>[a-z0-9_]+)\s*$", re.MULTILINE)
_HEADER = re.compile(r"^-- (?P<key>expect|needs|why|file|format): (?P<value>.+)$", re.MULTILINE)


@dataclass(frozen=True)
class ReadPath:
    name: str
    sql: str
    expect: tuple[str, ...]
    why: str = ""
    needs: str | None = None
    # The persistence file (module/name) whose statement this path is, when the application runs it.
    file: str | None = None

    @property
    def needed_index(self) -> str | None:
        """The name of the index ``needs:`` asks for (``CREATE INDEX <name> ...``)."""
        if not self.needs:
            return None
        match = re.search(r"CREATE (?:UNIQUE )?INDEX (\w+)", self.needs)
        return match.group(1) if match else None


def _blocks(path: Path) -> dict[str, tuple[str, str]]:
    """name -> (header comment lines, statement) for every ``-- name:`` block of a file."""
    text = path.read_text()
    found = list(_NAME.finditer(text))
    blocks: dict[str, tuple[str, str]] = {}
    for match, following in zip(found, [*found[1:], None], strict=True):
        body = text[match.end() : following.start() if following else len(text)]
        lines = body.strip().splitlines()
        header = [line for line in lines if line.startswith("--")]
        statement = "\n".join(line for line in lines if not line.startswith("--")).strip().rstrip(";")
        if match["name"] in blocks:
            raise FleetdbError(f"{path}: read path {match['name']} is defined twice")
        blocks[match["name"]] = ("\n".join(header), statement)
    return blocks


@cache
def load_paths(path: Path = PATHS_FILE) -> tuple[ReadPath, ...]:
    paths = []
    for name, (header, statement) in _blocks(path).items():
        fields = {m["key"]: m["value"].strip() for m in _HEADER.finditer(header)}
        expect = tuple(x.strip() for x in fields.get("expect", "").split(",") if x.strip())
        file = fields.get("file")
        if file and statement:
            raise FleetdbError(f"{path}: read path {name} names {file} and has a statement of its own")
        if file:
            statement = _application_sql(path, name, file, fields.get("format"))
        if not statement:
            raise FleetdbError(f"{path}: read path {name} has no statement and names no file")
        paths.append(ReadPath(name, statement, expect, fields.get("why", ""), fields.get("needs"), file))
    return tuple(paths)


def _application_sql(path: Path, name: str, file: str, identifiers: str | None) -> str:
    """The statement of persistence file ``module/name``; ``identifiers`` fills its ``{placeholders}``
    (``outbox=fleet.outbox_events``) the way the repository does."""
    module, _, query_name = file.partition("/")
    try:
        statement = query(module, query_name)
    except LookupError as error:
        raise FleetdbError(f"{path}: read path {name}: {error}") from None
    names = dict(item.strip().split("=", 1) for item in identifiers.split(",")) if identifiers else {}
    identifier_args = {key: sql.Identifier(*value.split(".")) for key, value in names.items()}
    return statement.format(**identifier_args).as_string(None).strip().rstrip(";")


@cache
def load_samples(path: Path = SAMPLES_FILE) -> dict[str, str]:
    return {name: statement for name, (_header, statement) in _blocks(path).items()}
