"""The one loader of fleetdb's SQL files, and their one convention.

A package keeps its SQL in the directory ``sql/`` beside its modules: ``<package>/sql/<name>.sql``, one
query or script per file, named for what it returns or does (``catalog/sql/indexes.sql``). A family of
files about one thing shares a stem and names the part after a dot (``invariants/sql/races/
bookings.attempt.sql``). A file that lists many queries of one kind (the read paths) heads each one with
``-- name: NAME``. Values are ``%(name)s`` parameters; identifiers are ``{name}`` placeholders that the
caller fills with ``psycopg.sql.Identifier``.

The application library (``fleetdb_persistence``) keeps the same convention with a loader of its own: it
is installed without the harness."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from fleetdb.errors import FleetdbError

_NAME = re.compile(r"^-- name: (?P<name>[A-Za-z0-9_-]+)\s*$", re.MULTILINE)


def _checked(package: str | None, name: str) -> tuple[str, str]:
    if not package:
        raise FleetdbError(f"SQL file {name}: no package given (pass the module's __package__)")
    return package, name


def _resource(package: str | None, name: str) -> Traversable:
    return files(_checked(package, name)[0]).joinpath("sql", *f"{name}.sql".split("/"))


def sql_path(package: str | None, name: str) -> str:
    """Where ``load_sql(package, name)`` reads, as a path a message can print."""
    return str(_resource(package, name))


def load_sql(package: str | None, name: str) -> str:
    """The text of ``<package>/sql/<name>.sql``; ``package`` is the dotted name (``__package__``)."""
    return _text(*_checked(package, name))


@cache  # kept apart from load_sql, whose signature the type checker must see
def _text(package: str, name: str) -> str:
    resource = _resource(package, name)
    if not resource.is_file():
        raise FleetdbError(f"no SQL file {resource}")
    return resource.read_text()


def sql_exists(package: str | None, name: str) -> bool:
    return _resource(package, name).is_file()


def named_queries(package: str | None, name: str) -> dict[str, str]:
    """name -> block (its comment lines included) of every ``-- name: NAME`` block of a file, in order."""
    return dict(_named(*_checked(package, name)))


@cache
def _named(package: str, name: str) -> dict[str, str]:
    return named_blocks(load_sql(package, name), sql_path(package, name))


def named_blocks(text: str, origin: str) -> dict[str, str]:
    """The ``-- name:`` blocks of ``text`` (read from ``origin``, which messages name)."""
    found = list(_NAME.finditer(text))
    blocks: dict[str, str] = {}
    for match, following in zip(found, [*found[1:], None], strict=True):
        if match["name"] in blocks:
            raise FleetdbError(f"{origin}: {match['name']} is defined twice")
        blocks[match["name"]] = text[match.end() : following.start() if following else len(text)].strip()
    return blocks
