"""The SQL inside a function body, located exactly, so that one mutated expression can be put back.

PL/pgSQL's parser (``pglast.parse_plpgsql``) gives each expression and statement of a body as the text
PostgreSQL runs: an IF condition verbatim, a statement with its ``INTO`` clause blanked out by spaces of
the same length, ``PERFORM`` spelled ``SELECT``, an assignment as ``var := expr``. Each is found in the
body by that text and parsed with pglast; ``Segment.rebuild`` turns a mutated tree back into source text
(the ``INTO`` clause and ``PERFORM`` restored). SQL-language bodies are split into their statements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pglast import ast, parse_plpgsql, parse_sql
from pglast.enums import OnCommitAction

from fleetdb.mutation.sql_operators import deparse

_INTO_SENTINEL = "fleetdb_into_sentinel"
# Statements whose expressions only shape a message: mutating them changes no behaviour worth a mutant.
_SKIPPED_STATEMENTS = {"PLpgSQL_stmt_raise"}


@dataclass(frozen=True)
class Segment:
    start: int  # where the text sits in the body
    end: int
    kind: str  # "statement", "expression" or "assignment"
    text: str  # the source text
    parsed: str  # what PostgreSQL parses: a statement ("SELECT <expr>" for expressions)
    into: str = ""  # a statement's INTO clause, as written
    target: str = ""  # an assignment's variable

    def tree(self) -> Any:
        """A fresh parse tree of the segment (an INTO clause stands in as a sentinel table)."""
        root = parse_sql(self.parsed)[0].stmt
        if self.into and isinstance(root, ast.SelectStmt):
            root.intoClause = ast.IntoClause(
                rel=ast.RangeVar(relname=_INTO_SENTINEL, inh=True), onCommit=OnCommitAction.ONCOMMIT_NOOP
            )
        return root

    def rebuild(self, statement: str) -> str:
        """Source text for a (mutated) deparsed ``tree()``."""
        if self.kind == "expression":
            return statement.removeprefix("SELECT ")
        if self.kind == "assignment":
            return f"{self.target} := {statement.removeprefix('SELECT ')}"
        if self.into:
            if f"INTO {_INTO_SENTINEL}" in statement:
                statement = statement.replace(f"INTO {_INTO_SENTINEL}", self.into, 1)
            else:  # INSERT/UPDATE/DELETE ... RETURNING ... INTO
                statement = f"{statement} {self.into}"
        if re.match(r"\s*perform\b", self.text, re.IGNORECASE):
            statement = re.sub(r"^SELECT\b", "PERFORM", statement)
        return statement


def _expressions(node: Any, skipped: bool = False) -> Iterator[tuple[dict[str, Any], bool]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "PLpgSQL_expr":
                yield value, skipped
            else:
                yield from _expressions(value, skipped or key in _SKIPPED_STATEMENTS)
    elif isinstance(node, list):
        for item in node:
            yield from _expressions(item, skipped)


def _pattern(query: str) -> re.Pattern[str]:
    """The query's text as a pattern over the body: blanked INTO clauses (long runs of spaces) match any
    text of the same length, a leading SELECT may be the PERFORM it stands for."""
    parts = []
    for run in re.finditer(r" {6,}|[^ ]+| {1,5}", query):
        token = run.group()
        parts.append(f"[\\s\\S]{{{len(token)}}}" if token.startswith(" " * 6) else re.escape(token))
    pattern = "".join(parts)
    if query.lower().startswith("select"):
        pattern = "(?:SELECT|PERFORM)" + pattern[len("SELECT") :]
    return re.compile(pattern, re.IGNORECASE)


def _into(text: str, query: str) -> str:
    """The INTO clause the query blanked out of ``text``."""
    shift = len(text) - len(query)  # PERFORM is one letter longer than SELECT
    for blank in re.finditer(r" {6,}", query):
        clause = text[blank.start() + shift : blank.end() + shift].strip()
        if clause.lower().startswith("into"):
            return clause
    return ""


def _declarable(definition: str) -> str:
    """``definition`` with schema-qualified declared types as ``record``: pglast's PL/pgSQL parser has no
    catalog to look them up in. Only declarations change; expressions are found in the real body."""
    head, found, rest = definition.partition("DECLARE")
    if not found:
        return definition
    declarations, begin, statements = rest.partition("BEGIN")
    declarations = re.sub(r"(?<=\s)\w+\.\w+(%ROWTYPE|%TYPE)?(?=\s*(;|:=|DEFAULT))", "record", declarations)
    return head + found + declarations + begin + statements


def plpgsql_segments(definition: str, body: str) -> list[Segment]:
    """The mutable SQL of a PL/pgSQL function, in body order; ``definition`` is pg_get_functiondef's."""
    segments: list[Segment] = []
    cursor = 0
    for expr, skipped in _expressions(parse_plpgsql(_declarable(definition))):
        query = str(expr.get("query", ""))
        mode = int(expr.get("parseMode", 0))
        pattern = _pattern(query)
        found = pattern.search(body, cursor) or pattern.search(body)
        if found is None:
            continue  # reported by the tests: every expression of the schema's functions is found
        cursor = found.end()
        if skipped:
            continue
        text = found.group()
        if mode == 0:
            segments.append(Segment(found.start(), found.end(), "statement", text, query, _into(text, query)))
        elif mode == 2:
            segments.append(Segment(found.start(), found.end(), "expression", text, f"SELECT {query}"))
        elif ":=" in query:
            target, value = query.split(":=", 1)
            parsed = f"SELECT {value.strip()}"
            segments.append(
                Segment(found.start(), found.end(), "assignment", text, parsed, target=target.strip())
            )
    return sorted(segments, key=lambda s: s.start)


def sql_segments(body: str) -> list[Segment]:
    """The statements of a SQL-language function body."""
    segments = []
    raw: Any
    for raw in parse_sql(body):
        start = raw.stmt_location
        end = start + raw.stmt_len if raw.stmt_len else len(body)
        text = body[start:end]
        segments.append(Segment(start, end, "statement", text, text))
    return segments


def splice(body: str, segment: Segment, replacement: str) -> str:
    return body[: segment.start] + replacement + body[segment.end :]


def identity(segment: Segment) -> str:
    """The segment deparsed without a mutation: what every mutant of it differs from."""
    return segment.rebuild(deparse(segment.tree()))
