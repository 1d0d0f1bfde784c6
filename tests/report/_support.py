"""Markdown read back by an independent parser: markdown-it-py (which rich depends on) with the table
rule of GitHub Flavored Markdown."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt


def tables(markdown: str) -> list[list[list[str]]]:
    """Each table as rows of cell texts, header first; a ``<br>`` reads as a line break."""
    found: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            found[-1].append(row)
            row = None
        elif token.type == "inline" and row is not None:
            row.append("".join(text_of(child) for child in token.children or []))
    return found


def text_of(token: Any) -> str:
    if token.type == "html_inline":
        return "\n" if token.content == "<br>" else token.content
    return str(token.content)


def square(table: list[list[str]]) -> None:
    widths = {len(row) for row in table}
    assert widths == {len(table[0])}, f"rows of {sorted(widths)} cells: {table}"
