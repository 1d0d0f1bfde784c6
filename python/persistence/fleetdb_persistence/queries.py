"""Domain SQL lives in ``sql/<module>/<name>.sql`` next to the repositories and is loaded by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from psycopg import sql

_SQL_DIR = Path(__file__).parent / "sql"


@cache
def query(module: str, name: str) -> sql.SQL:
    """The statement in ``sql/<module>/<name>.sql``; identifiers, if any, are ``{placeholders}`` for
    ``.format(...)`` with ``psycopg.sql.Identifier``; values are always ``%(name)s`` parameters."""
    path = _SQL_DIR / module / f"{name}.sql"
    if not path.is_file():
        raise LookupError(f"no query {module}/{name} ({path})")
    return sql.SQL(path.read_text())
