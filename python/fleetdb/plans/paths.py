"""The named read paths (``paths.sql``) and the parameter samples for each (``samples.sql``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fleetdb.errors import FleetdbError

_DIR = Path(__file__).parent
PATHS_FILE = _DIR / "paths.sql"
SAMPLES_FILE = _DIR / "samples.sql"
_NAME = re.compile(r"^-- name: (?P<name>[a-z0-9_]+)\s*$", re.MULTILINE)
_HEADER = re.compile(r"^-- (?P<key>expect|needs|why): (?P<value>.+)$", re.MULTILINE)


@dataclass(frozen=True)
class ReadPath:
    name: str
    sql: str
    expect: tuple[str, ...]
    why: str = ""
    needs: str | None = None

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
        paths.append(ReadPath(name, statement, expect, fields.get("why", ""), fields.get("needs")))
    return tuple(paths)


@cache
def load_samples(path: Path = SAMPLES_FILE) -> dict[str, str]:
    return {name: statement for name, (_header, statement) in _blocks(path).items()}
