"""The named read paths (``sql/paths.sql``) and the parameter samples for each (``sql/samples.sql``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from fleetdb.sql_files import named_queries

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


def _blocks(name: str) -> dict[str, tuple[str, str]]:
    """path name -> (header comment lines, statement) for every ``-- name:`` block of ``sql/<name>.sql``."""
    blocks = {}
    for path, block in named_queries(__package__, name).items():
        lines = block.splitlines()
        header = [line for line in lines if line.startswith("--")]
        statement = "\n".join(line for line in lines if not line.startswith("--")).strip().rstrip(";")
        blocks[path] = ("\n".join(header), statement)
    return blocks


@cache
def load_paths() -> tuple[ReadPath, ...]:
    paths = []
    for name, (header, statement) in _blocks("paths").items():
        fields = {m["key"]: m["value"].strip() for m in _HEADER.finditer(header)}
        expect = tuple(x.strip() for x in fields.get("expect", "").split(",") if x.strip())
        paths.append(ReadPath(name, statement, expect, fields.get("why", ""), fields.get("needs")))
    return tuple(paths)


@cache
def load_samples() -> dict[str, str]:
    return {name: statement for name, (_header, statement) in _blocks("samples").items()}
