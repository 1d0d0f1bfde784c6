"""Markdown as every report and generated page writes it: text escaped once, here.

A plain ``str`` is text and is escaped wherever it goes; ``Md`` is Markdown already written (a code span,
bold, several lines of a cell) and is left alone, except that a table escapes every ``|`` of a cell:
GitHub splits a row on unescaped pipes before it reads code spans, so a pipe in a statement, a plan
shape or an index predicate would otherwise shift the columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_BACKTICKS = re.compile(r"`+")
# What Markdown would read as markup: a tag start ("<=" and "->" stay as they are), an entity, a code
# span, emphasis (an underscore inside a word never is, so identifiers stay readable).
_MARKUP = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?\w+;)|[`*\\]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ENTITIES = {"<": "&lt;", "&": "&amp;"}


class Md(str):
    """Markdown already written: ``table`` and ``text`` do not escape it again."""

    __slots__ = ()


Cell = str | Md


def text(value: str) -> Md:
    """Plain text as Markdown that renders as the text itself. Line breaks are kept (a table turns them
    into ``<br>``)."""
    if isinstance(value, Md):
        return value
    return Md(_MARKUP.sub(lambda m: _ENTITIES.get(m[0], "\\" + m[0]), value))


def code(value: str) -> Md:
    """``value`` as a code span, fenced by more backticks than it holds (a span cannot hold a line break)."""
    value = " ".join(value.splitlines())
    if not value.strip():
        return Md(text(value))
    longest = max((len(run) for run in _BACKTICKS.findall(value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return Md(f"{fence}{pad}{value}{pad}{fence}")


def bold(value: str) -> Md:
    return Md(f"**{text(value)}**")


def lines(values: Iterable[str]) -> Md:
    """Several lines in one table cell."""
    return Md("<br>".join(text(value) for value in values))


def _cell(value: Cell) -> str:
    return text(value).replace("|", "\\|").replace("\n", "<br>")


def table(header: Sequence[Cell], rows: Iterable[Sequence[Cell]], align: str = "") -> list[str]:
    """A GitHub table. ``align`` has one letter per column, ``l`` or ``r`` (default: all left)."""
    widths = align.ljust(len(header), "l")
    out = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "|" + "|".join("---:" if a == "r" else "---" for a in widths) + "|",
    ]
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"a row of {len(row)} cells in a table of {len(header)} columns")
        out.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return out
