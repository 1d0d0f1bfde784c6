"""A generic filler: a few plausible rows in every empty table, read from the catalog alone.

The rehearsal needs rows in every table the plan has created so far, after every change, for plans it has
never seen (the broken fixture plans in tests/) as well as for fleetdb's own. It works from the catalog
snapshot: column types, defaults, foreign keys (values are taken from the referenced rows), and CHECK
constraints it can read (IN lists, bounds, regular expressions). Each row is inserted in a savepoint and
retried with other values when a constraint or trigger rejects it. A table that still gets no row is
reported as not seeded with the SQLSTATE and constraint that refused it, never skipped silently.

A few tables take rows only together with rows of other tables in one transaction (journal entries and
their lines): ``sql/seed/<table>.sql`` fills those by hand.

``fleetdb seed`` (the realistic data set) can stand in for this through the same interface:
``seed(conn) -> SeedResult``.
"""

from __future__ import annotations

import json
import random
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from psycopg import sql

from fleetdb.catalog import CatalogSnapshot, snapshot_catalog
from fleetdb.rehearsal.data import table_columns
from fleetdb.sql_files import load_sql, sql_exists

ROWS_PER_TABLE = 6
ATTEMPTS_PER_ROW = 25
_BASE_TIME = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


@dataclass
class SeedResult:
    seeded: dict[str, int] = field(default_factory=dict)  # table -> rows inserted now
    not_seeded: dict[str, str] = field(default_factory=dict)  # table -> why it got no row


Seeder = Callable[[psycopg.Connection[Any]], SeedResult]


# --- what the CHECK constraints allow ---------------------------------------------------------------


@dataclass
class ColumnRules:
    choices: list[str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    patterns: list[str] = field(default_factory=list)


_IN_LIST = re.compile(r"\(?(\w+)\)?(?:::\w+)? = ANY \(\(?ARRAY\[(.*?)\]")
_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_REGEX = re.compile(r"\(?(\w+)\)?(?:::\w+)? ~ '((?:[^']|'')*)'")
_BOUND = re.compile(r"\(?(\w+)\)? (>=|>|<=|<) \(?'?(-?\d+(?:\.\d+)?)")


def column_rules(snapshot: CatalogSnapshot, table: str) -> dict[str, ColumnRules]:
    rules: dict[str, ColumnRules] = {}
    for _, con in snapshot.where("constraint", table=table, type="check"):
        definition = str(con.get("definition") or "")
        for column, items in _IN_LIST.findall(definition):
            values = [v.replace("''", "'") for v in _QUOTED.findall(items)]
            if values:
                rules.setdefault(column, ColumnRules()).choices = values
        for column, pattern in _REGEX.findall(definition):
            rules.setdefault(column, ColumnRules()).patterns.append(pattern.replace("''", "'"))
        for column, op, number in _BOUND.findall(definition):
            rule = rules.setdefault(column, ColumnRules())
            value = float(number)
            if op in (">=", ">"):
                low = value + (1 if op == ">" else 0)
                rule.minimum = low if rule.minimum is None else max(rule.minimum, low)
            else:
                high = value - (1 if op == "<" else 0)
                rule.maximum = high if rule.maximum is None else min(rule.maximum, high)
    return rules


# --- strings that match a regular expression -----------------------------------------------------------

_CLASSES = {
    "d": "0123456789",
    "w": "abcdefghijklmnopqrstuvwxyz0123456789_",
    "s": " ",
}
_POSIX = {"[:space:]": " \t", "[:alpha:]": "abcxyz", "[:digit:]": "0123456789", "[:alnum:]": "abc123"}
_PRINTABLE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@ "


def _parse_class(pattern: str, i: int) -> tuple[str, int]:
    """A bracket expression starting after '['; returns the characters it allows and the index after ']'."""
    negate = pattern.startswith("^", i)
    i += negate
    chars: set[str] = set()
    first = True
    while i < len(pattern) and (pattern[i] != "]" or first):
        first = False
        posix = next((p for p in _POSIX if pattern.startswith(p, i)), None)
        if posix:
            chars.update(_POSIX[posix])
            i += len(posix)
            continue
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            i += 1
            char = pattern[i]
            chars.update(_CLASSES.get(char, char))
            i += 1
            continue
        if i + 2 < len(pattern) and pattern[i + 1] == "-" and pattern[i + 2] != "]":
            chars.update(chr(c) for c in range(ord(char), ord(pattern[i + 2]) + 1))
            i += 3
            continue
        chars.add(char)
        i += 1
    allowed = "".join(sorted(set(_PRINTABLE) - chars)) if negate else "".join(sorted(chars))
    return allowed.strip() or allowed, i + 1


def _generate(pattern: str, i: int, rng: random.Random, depth: int = 0) -> tuple[str, int]:
    """Generate text for the pattern from index i until ')' or the end; returns text and next index."""
    branches: list[str] = []
    out: list[str] = []
    while i < len(pattern) and pattern[i] != ")":
        char = pattern[i]
        if char in "^$":
            i += 1
            continue
        if char == "|":
            branches.append("".join(out))
            out = []
            i += 1
            continue
        if char == "(":
            start = i + 1
            if pattern.startswith("?:", start):
                start += 2
            atom_gen: Callable[[], str] = _group(pattern, start, rng, depth)
            _, i = _generate(pattern, start, random.Random(0), depth + 1)
            i += 1  # past ')'
        elif char == "[":
            allowed, i = _parse_class(pattern, i + 1)
            atom_gen = _choice(allowed, rng)
        elif char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            atom_gen = _choice(_CLASSES.get(escaped, escaped), rng)
            i += 2
        elif char == ".":
            atom_gen = _choice("abcxyz", rng)
            i += 1
        else:
            atom_gen = _choice(char, rng)
            i += 1
        low, high, i = _quantifier(pattern, i)
        out.extend(atom_gen() for _ in range(rng.randint(low, high)))
    branches.append("".join(out))
    return rng.choice(branches), i


def _group(pattern: str, start: int, rng: random.Random, depth: int) -> Callable[[], str]:
    return lambda: _generate(pattern, start, rng, depth + 1)[0]


def _choice(allowed: str, rng: random.Random) -> Callable[[], str]:
    return lambda: rng.choice(allowed or "x")


def _quantifier(pattern: str, i: int) -> tuple[int, int, int]:
    if i >= len(pattern):
        return 1, 1, i
    char = pattern[i]
    if char == "?":
        return 0, 1, i + 1
    if char == "*":
        return 0, 3, i + 1
    if char == "+":
        return 1, 3, i + 1
    if char == "{":
        end = pattern.index("}", i)
        low_text, _, high_text = pattern[i + 1 : end].partition(",")
        low = int(low_text or 0)
        high = int(high_text) if high_text else (low if "," not in pattern[i:end] else low + 3)
        return low, high, end + 1
    return 1, 1, i


def text_matching(pattern: str, rng: random.Random) -> str:
    return _generate(pattern, 0, rng)[0]


# --- values per column ----------------------------------------------------------------------------------


def _base_type(snapshot: CatalogSnapshot, type_name: str) -> str:
    domain = snapshot.get("type", type_name)
    if domain and domain.get("typtype") == "domain":
        return _base_type(snapshot, str(domain["base_type"]))
    return type_name


def value_for(
    snapshot: CatalogSnapshot,
    column: Mapping[str, Any],
    name: str,
    rules: ColumnRules | None,
    row: int,
    rng: random.Random,
) -> str | None:
    """A text literal for one column (cast to the column's type by the INSERT), None for NULL."""
    if rules and rules.choices:
        return rng.choice(rules.choices)
    if rules and rules.patterns:
        return text_matching(rng.choice(rules.patterns), rng)
    type_name = _base_type(snapshot, str(column["type"]))
    enum = snapshot.get("type", type_name)
    if enum and enum.get("typtype") == "enum":
        return str(rng.choice(list(enum["labels"])))
    if type_name.endswith("[]"):
        return "{}"
    moment = _BASE_TIME + timedelta(days=3 * row + rng.randint(0, 400) * 40, hours=rng.randint(0, 9))
    if type_name in ("smallint", "integer", "bigint") or type_name.startswith(("numeric", "real", "double")):
        low = rules.minimum if rules and rules.minimum is not None else 1
        high = rules.maximum if rules and rules.maximum is not None else low + 1000
        high = min(high, 30000) if type_name == "smallint" else high
        return str(int(rng.uniform(low, max(low, high))))
    if type_name == "uuid":
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    if type_name == "boolean":
        return rng.choice(["true", "false"])
    if type_name.startswith(("timestamp", "date")):
        return moment.isoformat()
    if type_name in ("tstzrange", "tsrange", "daterange"):
        end = moment + timedelta(days=1)
        return f"[{moment.isoformat()},{end.isoformat()})"
    if type_name in ("json", "jsonb"):
        return json.dumps({"seeded": row})
    if type_name == "inet" or type_name == "cidr":
        return f"10.0.{row % 250}.{rng.randint(1, 250)}"
    if type_name == "interval":
        return f"{rng.randint(1, 48)} hours"
    if type_name.startswith("time"):
        return f"{rng.randint(0, 23):02d}:00"
    if type_name == "bytea":
        return "\\x00"
    if type_name.startswith(("character", "text", "citext", "bpchar")):
        size = re.search(r"\((\d+)\)", type_name)
        if "email" in name:
            return f"seed{row}.{rng.randint(0, 99999)}@example.com"
        # Digits only: the one spelling that the canonical forms a later change may demand of this column
        # (upper or lower case, no blanks, no separators) all accept, so rows seeded now survive them.
        text = f"{row}{rng.randint(0, 99999):05d}"
        limits = [int(size.group(1))] if size else []
        if rules and rules.maximum is not None:  # char_length(column) <= n reads as a maximum
            limits.append(int(rules.maximum))
        return text[: min(limits)] if limits else text
    return None


# --- filling ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ForeignKey:
    columns: tuple[str, ...]
    references: str
    ref_columns: tuple[str, ...]


def _foreign_keys(snapshot: CatalogSnapshot, table: str) -> list[_ForeignKey]:
    keys = [
        _ForeignKey(tuple(con["columns"]), str(con["references"]), tuple(con["ref_columns"]))
        for _, con in snapshot.where("constraint", table=table, type="foreign key")
    ]
    # Composite keys first: their columns come from one referenced row, which single-column keys on the
    # same columns (a currency) then already agree with.
    return sorted(keys, key=lambda fk: -len(fk.columns))


def _count(conn: psycopg.Connection[Any], table: str) -> int:
    schema, _, name = table.partition(".")
    row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, name))).fetchone()
    return int(row[0]) if row else 0


def _sample(conn: psycopg.Connection[Any], fk: _ForeignKey) -> list[tuple[Any, ...]]:
    schema, _, name = fk.references.partition(".")
    query = sql.SQL("SELECT {} FROM {} LIMIT 200").format(
        sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(c)) for c in fk.ref_columns),
        sql.Identifier(schema, name),
    )
    return list(conn.execute(query).fetchall())


def _describe_error(error: psycopg.Error) -> str:
    constraint = error.diag.constraint_name
    first_line = (error.diag.message_primary or str(error)).splitlines()[0]
    return f"SQLSTATE {error.sqlstate}" + (f" ({constraint})" if constraint else "") + f": {first_line}"


def seed_existing_tables(
    conn: psycopg.Connection[Any], rows_per_table: int = ROWS_PER_TABLE, seed: int = 7
) -> SeedResult:
    """Insert ``rows_per_table`` rows into every empty table of the database (autocommit connection)."""
    snapshot = snapshot_catalog(conn, kinds=("relation", "column", "constraint", "type"))
    rng = random.Random(seed)
    columns_of = table_columns(snapshot)
    pending = sorted(t for t in columns_of if _count(conn, t) == 0)
    result = SeedResult()
    progress = True
    while pending and progress:
        progress = False
        for table in list(pending):
            fks = _foreign_keys(snapshot, table)
            waiting = [fk.references for fk in fks if fk.references != table and fk.references in pending]
            if waiting:
                continue
            pending.remove(table)
            progress = True
            if _count(conn, table):
                continue  # filled together with another table
            override = f"seed/{table}"
            if sql_exists(__package__, override):
                inserted, why = _run_override(conn, table, override)
            else:
                inserted, why = _fill(conn, snapshot, table, fks, rows_per_table, rng)
            if inserted:
                result.seeded[table] = inserted
            else:
                result.not_seeded[table] = why
    for table in pending:
        result.not_seeded[table] = "references a table that could not be seeded"
    for table in list(result.not_seeded):
        # Rows written by another table's triggers after this table's turn (a job's cost totals).
        if filled := _count(conn, table):
            del result.not_seeded[table]
            result.seeded[table] = filled
    return result


def _run_override(conn: psycopg.Connection[Any], table: str, script: str) -> tuple[int, str]:
    """A table no generic row can enter (rows that must be written together with rows of other tables
    in one transaction) is filled by the hand-written ``sql/seed/<table>.sql``."""
    try:
        with conn.transaction():
            conn.execute(load_sql(__package__, script))
    except psycopg.Error as error:
        return 0, f"sql/{script}.sql: {_describe_error(error)}"
    inserted = _count(conn, table)
    return inserted, "" if inserted else f"sql/{script}.sql inserted no row"


def _fill(
    conn: psycopg.Connection[Any],
    snapshot: CatalogSnapshot,
    table: str,
    fks: list[_ForeignKey],
    rows: int,
    rng: random.Random,
) -> tuple[int, str]:
    schema, _, name = table.partition(".")
    rules = column_rules(snapshot, table)
    columns = {
        key[len(table) + 1 :]: col
        for key, col in snapshot.of_kind("column").items()
        if col["relation"] == table and not col.get("generated") and col.get("identity") != "a"
    }
    samples = {fk: _sample(conn, fk) for fk in fks}
    inserted, last_error = 0, "no attempt"
    for row in range(rows):
        for _attempt in range(ATTEMPTS_PER_ROW):
            values: dict[str, str | None] = {}
            for fk in samples:
                if any(c in values for c in fk.columns):
                    continue
                choices = samples[fk]
                nullable = [c for c in fk.columns if c in columns and not columns[c]["not_null"]]
                if nullable and (not choices or rng.random() < 0.3):
                    # One NULL column leaves a (MATCH SIMPLE) foreign key unchecked.
                    values.update(dict.fromkeys(nullable))
                    continue
                if not choices:
                    return 0, f"references {fk.references}, which holds no rows"
                values.update(zip(fk.columns, rng.choice(choices), strict=True))
            for column, col in columns.items():
                if column in values:
                    continue
                rule = rules.get(column)
                if col.get("default") is not None and (rule is None or rng.random() < 0.5):
                    continue  # the column's default is the most plausible value
                if not col["not_null"] and rng.random() < 0.25:
                    values[column] = None
                    continue
                value = value_for(snapshot, col, column, rule, row, rng)
                if value is None and col["not_null"] and col.get("default") is None:
                    return 0, f"no generic value for column {column} of type {col['type']}"
                if value is not None:
                    values[column] = value
            error = _insert(conn, schema, name, values, columns)
            if error is None:
                inserted += 1
                break
            last_error = error
    return inserted, last_error


def _insert(
    conn: psycopg.Connection[Any],
    schema: str,
    name: str,
    values: dict[str, str | None],
    columns: Mapping[str, Mapping[str, Any]],
) -> str | None:
    if values:
        query = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            sql.Identifier(schema, name),
            sql.SQL(", ").join(sql.Identifier(c) for c in values),
            sql.SQL(", ").join(
                sql.SQL("{}::{}").format(sql.Placeholder(), sql.SQL(str(columns[c]["type"]))) for c in values
            ),
        )
    else:
        query = sql.SQL("INSERT INTO {} DEFAULT VALUES").format(sql.Identifier(schema, name))
    try:
        with conn.transaction():
            conn.execute(query, list(values.values()))
    except psycopg.Error as error:
        return _describe_error(error)
    return None
