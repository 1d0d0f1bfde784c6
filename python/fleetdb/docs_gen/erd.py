"""The ER diagram of the deployed schema in Mermaid (``docs/db/er.md``), rendered from a catalog snapshot.

One ``erDiagram`` per module (schema): its tables with their columns, and every foreign key that starts or
ends in it, so a key to another module shows that module's table as a box without columns. An overview
first draws only the keys that cross modules. Everything is sorted, so the same catalog always renders
the same text.

Cardinality comes from the catalog, not from names:
- the referenced side is exactly one (``||``) when every column of the key is NOT NULL, else zero or one;
- the referencing side is zero or one (``o|``) when the key's columns are a primary key, a unique
  constraint or a unique index without a predicate of that table, else zero or more (``o{``);
- the line is solid (identifying) when the key's columns are part of the referencing table's primary key,
  dashed otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleetdb.catalog import CatalogSnapshot
from fleetdb.report import markdown as md

ERD_PATH = Path("docs/db/er.md")
ERD_KINDS = ("relation", "column", "constraint", "index")
COMMAND = "fleetdb erd"

_TABLE_KINDS = ("table", "partitioned table")
# Mermaid types are one word (letters, digits, -, _, parentheses, brackets): PostgreSQL's short spellings.
_SHORT_TYPES = {
    "timestamp with time zone": "timestamptz",
    "timestamp without time zone": "timestamp",
    "time with time zone": "timetz",
    "time without time zone": "time",
    "character varying": "varchar",
    "character": "char",
    "double precision": "float8",
    "bit varying": "varbit",
}
_TYPE_RE = re.compile(r"^(?P<base>[^(\[]+)(?P<modifier>\([^)]*\))?(?P<array>(\[\])*)$")


@dataclass(frozen=True)
class ForeignKey:
    name: str
    table: str  # the referencing table
    columns: tuple[str, ...]
    references: str
    ref_columns: tuple[str, ...]
    required: bool  # every column NOT NULL: the referenced side is exactly one
    unique: bool  # the columns are a key of the referencing table: at most one row per referenced row
    identifying: bool  # the columns are part of the referencing table's primary key

    def mermaid(self) -> str:
        parent = "||" if self.required else "|o"
        child = "o|" if self.unique else "o{"
        line = "--" if self.identifying else ".."
        return f'{_entity(self.references)} {parent}{line}{child} {_entity(self.table)} : "{self.name}"'

    def crosses_modules(self) -> bool:
        return _schema(self.table) != _schema(self.references)


def _schema(key: str) -> str:
    return key.split(".", 1)[0]


def _entity(table: str) -> str:
    return f'"{table}"'


def mermaid_type(pg_type: str) -> tuple[str, str | None]:
    """The type as one Mermaid word (``timestamp with time zone`` → ``timestamptz``, a type of another
    schema without its schema), and the exact type when the word cannot spell it (``numeric(9,1)``)."""
    match = _TYPE_RE.match(pg_type)
    if match is None:
        return re.sub(r"[^\w()\[\]-]", "_", pg_type), pg_type
    base = match["base"].strip().rsplit(".", 1)[-1].strip('"')
    base = _SHORT_TYPES.get(base, base).replace(" ", "_")
    modifier = match["modifier"] or ""
    if "," in modifier:
        return f"{base}{match['array']}", pg_type
    return f"{base}{modifier}{match['array']}", None


@dataclass(frozen=True)
class UniqueKey:
    table: str
    name: str
    columns: tuple[str, ...]  # columns or expressions
    predicate: str | None

    def plain(self, snap: CatalogSnapshot) -> bool:
        """Only columns of the table, no predicate: unique among all the rows."""
        columns = (snap.get("column", f"{self.table}.{c}") for c in self.columns)
        return self.predicate is None and all(col is not None for col in columns)


def unique_keys(snap: CatalogSnapshot) -> list[UniqueKey]:
    """Every primary key, unique constraint and unique index (the index of a constraint counted once),
    sorted by table and name."""
    keys: dict[tuple[str, str], UniqueKey] = {}
    for key, index in snap.of_kind("index").items():
        if index["is_unique"]:
            name = index["constraint_name"] or key.rsplit(".", 1)[1]
            columns = tuple(index["columns"][: index["key_count"]])
            keys[(index["table"], name)] = UniqueKey(index["table"], name, columns, index["predicate"])
    return sorted(keys.values(), key=lambda uk: (uk.table, uk.name))


def _primary_keys(snap: CatalogSnapshot) -> dict[str, frozenset[str]]:
    return {
        con["table"]: frozenset(con["columns"])
        for _, con in snap.of_kind("constraint").items()
        if con["type"] == "primary key"
    }


def foreign_keys(snap: CatalogSnapshot) -> list[ForeignKey]:
    """Every foreign key of a table, sorted by referencing table and name."""
    unique_sets = {(uk.table, frozenset(uk.columns)) for uk in unique_keys(snap) if uk.plain(snap)}
    primary = _primary_keys(snap)
    keys = []
    for _, con in snap.of_kind("constraint").items():
        if con["type"] != "foreign key":
            continue
        table, columns = con["table"], tuple(con["columns"])
        not_null = [bool((snap.get("column", f"{table}.{c}") or {}).get("not_null")) for c in columns]
        keys.append(
            ForeignKey(
                name=con["name"],
                table=table,
                columns=columns,
                references=con["references"],
                ref_columns=tuple(con["ref_columns"]),
                required=all(not_null),
                unique=(table, frozenset(columns)) in unique_sets,
                identifying=frozenset(columns) <= primary.get(table, frozenset()),
            )
        )
    return sorted(keys, key=lambda fk: (fk.table, fk.name))


def _relations(snap: CatalogSnapshot, kinds: Iterable[str]) -> list[str]:
    wanted = set(kinds)
    return sorted(key for key, rel in snap.of_kind("relation").items() if rel["relkind"] in wanted)


def _columns(snap: CatalogSnapshot, relation: str) -> list[tuple[str, Mapping[str, Any]]]:
    found = [(key.rsplit(".", 1)[1], col) for key, col in snap.where("column", relation=relation)]
    return sorted(found, key=lambda item: int(item[1]["position"]))


@dataclass(frozen=True)
class _Keys:
    primary: dict[str, frozenset[str]]
    foreign: list[ForeignKey]
    unique: list[UniqueKey]
    unique_columns: set[tuple[str, str]]  # (table, column): unique on its own, the UK marker


def _keys(snap: CatalogSnapshot) -> _Keys:
    primary = _primary_keys(snap)
    unique = unique_keys(snap)
    single = {
        (uk.table, uk.columns[0])
        for uk in unique
        if uk.plain(snap) and len(uk.columns) == 1 and frozenset(uk.columns) != primary.get(uk.table)
    }
    return _Keys(primary, foreign_keys(snap), unique, single)


def _entity_block(snap: CatalogSnapshot, table: str, keys: _Keys) -> list[str]:
    primary = keys.primary.get(table, frozenset())
    in_fk = {c for fk in keys.foreign if fk.table == table for c in fk.columns}
    lines = [f"    {_entity(table)} {{"]
    for name, col in _columns(snap, table):
        marked = (
            ("PK", name in primary),
            ("FK", name in in_fk),
            ("UK", (table, name) in keys.unique_columns),
        )
        word, exact = mermaid_type(col["type"])
        line = f"        {word} {name}"
        if any(on for _, on in marked):
            line += " " + ", ".join(marker for marker, on in marked if on)
        notes = [note for note in (exact, None if col["not_null"] else "nullable") if note]
        if notes:
            line += f' "{", ".join(notes)}"'
        lines.append(line)
    lines.append("    }")
    return lines


def _diagram(body: list[str]) -> list[str]:
    return ["```mermaid", "erDiagram", *body, "```"]


def _foreign_key_table(fks: list[ForeignKey]) -> list[str]:
    return md.table(
        ["foreign key", "from", "to"],
        [
            [
                md.code(fk.name),
                md.Md(f"{md.code(fk.table)} ({md.text(', '.join(fk.columns))})"),
                md.Md(f"{md.code(fk.references)} ({md.text(', '.join(fk.ref_columns))})"),
            ]
            for fk in fks
        ],
    )


def _unique_key_table(uks: list[UniqueKey]) -> list[str]:
    return md.table(
        ["unique key", "of", "on", "where"],
        [
            [
                md.code(uk.name),
                md.code(uk.table),
                ", ".join(uk.columns),
                md.code(uk.predicate) if uk.predicate else "",
            ]
            for uk in uks
        ],
    )


def _drawn(snap: CatalogSnapshot, uk: UniqueKey, keys: _Keys) -> bool:
    """A key the diagram shows by its markers: the primary key, or one plain column (UK)."""
    if frozenset(uk.columns) == keys.primary.get(uk.table):
        return True
    return len(uk.columns) == 1 and (uk.table, uk.columns[0]) in keys.unique_columns


def render_erd(snap: CatalogSnapshot) -> str:
    """The whole page: an overview of the keys between modules, then one diagram per module."""
    tables = _relations(snap, _TABLE_KINDS)
    views = _relations(snap, ("view", "materialized view"))
    keys = _keys(snap)
    modules = sorted({_schema(t) for t in tables})
    crossing = [fk for fk in keys.foreign if fk.crosses_modules()]
    out = [
        "# Entity-relationship diagrams",
        "",
        f"Generated from the catalog of the deployed plan by `{COMMAND}`; do not edit by hand. "
        f"`{COMMAND} --check` (and `tests/docs/test_erd.py`) fails when this page is stale.",
        "",
        "Notation (crow's foot): `||` exactly one, `|o` zero or one, `o{` zero or more. The referenced "
        "side is exactly one when the key's columns are NOT NULL; the referencing side is at most one "
        "when they are a key of their table. A solid line is a key that is part of the referencing "
        "table's primary key. Column markers: PK (primary key), FK (in a foreign key), UK (unique on its "
        "own); `nullable` marks the columns that may be NULL. A table of another module is drawn as a box "
        "without columns. Under each diagram: every foreign key with its columns, and the unique keys the "
        "markers cannot show (several columns, expressions, partial).",
        "",
        "Modules: " + ", ".join(f"[{m}](#{m})" for m in modules) + ".",
        "",
        "## Between modules",
        "",
        f"{len(crossing)} foreign keys cross a module boundary:",
        "",
        *_diagram([f"    {fk.mermaid()}" for fk in crossing]),
        "",
    ]
    for module in modules:
        body: list[str] = []
        for table in (t for t in tables if _schema(t) == module):
            body += _entity_block(snap, table, keys)
        related = [fk for fk in keys.foreign if module in (_schema(fk.table), _schema(fk.references))]
        body += [f"    {fk.mermaid()}" for fk in related]
        out += [f"## {module}", "", *_diagram(body), ""]
        if related:
            out += [*_foreign_key_table(related), ""]
        undrawn = [uk for uk in keys.unique if _schema(uk.table) == module and not _drawn(snap, uk, keys)]
        if undrawn:
            out += [*_unique_key_table(undrawn), ""]
        for view in (v for v in views if _schema(v) == module):
            columns = ", ".join(f"`{name}` {col['type']}" for name, col in _columns(snap, view))
            kind = snap.of_kind("relation")[view]["relkind"]
            out += [f"{kind.capitalize()} `{view}`: {columns}.", ""]
    return "\n".join(out).rstrip("\n") + "\n"
