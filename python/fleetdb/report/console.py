"""The console every command prints to, and how it shows tables and long steps.

On a terminal: rich, with colour, spinners and the terminal's width. Anywhere else (a CI log, a pipe, a
file): plain text without colour or cursor movement, and lines as long as they need to be, so nothing
is cut to fit a width nobody has (``COLUMNS`` still sets one when given).

A name (a change, an invariant id, an object, a path) is never shortened: ``show_table`` prints a table
when it fits the width with every name column whole, and otherwise one block per row: the first cell
on a line of its own, then the other cells as ``column: value``: names and lists of names one under
another, the other pairs packed into lines between them.
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

# Wide enough for any table row fleetdb prints; a longer line wraps (print never cuts).
_PLAIN_WIDTH = 400


def make_console(file: IO[str] | None = None, *, stderr: bool = False) -> Console:
    """A rich console on a terminal; plain and unbounded in width elsewhere."""
    stream = file if file is not None else (sys.stderr if stderr else sys.stdout)
    if _is_terminal(stream):
        return Console(file=stream, highlight=False)
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() and int(columns) > 0 else _PLAIN_WIDTH
    return Console(
        file=stream,
        width=width,
        force_terminal=False,
        no_color=True,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def name_column(header: str, **options: Any) -> Column:
    """A column of names: kept on one line, folded (never cut with an ellipsis) if it must break."""
    return Column(header, no_wrap=True, overflow="fold", **options)


def text_column(header: str, **options: Any) -> Column:
    """A column of values: wrapped at spaces, a word longer than the column folded, never cut."""
    return Column(header, overflow="fold", **options)


def show_table(console: Console, table: Table) -> None:
    """The table if it fits the console with its name columns whole, else one block per row."""
    if _fits(console, table):
        console.print(table)
        return
    if table.title:
        console.print(Text.from_markup(str(table.title), style="bold"), soft_wrap=True)
    columns = table.columns
    cells = [list(column.cells) for column in columns]
    for index, row in enumerate(table.rows):
        style = row.style or ""
        first = _text(cells[0][index])
        first.stylize("bold")
        console.print(first, style=style, soft_wrap=True)
        short: list[Text] = []
        for column, column_cells in zip(columns[1:], cells[1:], strict=True):
            value = _text(column_cells[index])
            if not value.plain.strip():
                continue
            if not column.no_wrap and "\n" not in value.plain:
                short.append(Text.assemble((f"{column.header}: ", "dim"), value))
                continue
            lines = value.split("\n")
            header = Text(f"    {column.header}: ", style="dim")
            console.print(Text.assemble(header, lines[0]), style=style, soft_wrap=True)
            pad = " " * len(header.plain)
            for line in lines[1:]:
                console.print(Text.assemble(pad, line), style=style, soft_wrap=True)
        for line in _pack(short, console.width - 4):
            console.print(Text.assemble("    ", line), style=style, soft_wrap=True)


def _pack(pairs: list[Text], width: int) -> list[Text]:
    """``column: value`` pairs joined with " · " into lines of at most ``width``, never splitting a pair."""
    lines: list[Text] = []
    for pair in pairs:
        if lines and len(lines[-1]) + 3 + len(pair) <= width:
            lines[-1] = Text.assemble(lines[-1], " · ", pair)
        else:
            lines.append(pair)
    return lines


def _fits(console: Console, table: Table) -> bool:
    """Rendered at the console's width, every line of a name cell and every word of any other cell or
    header is still in one piece (rich would rather fold a name or a word than overflow the width)."""
    trial = Console(file=io.StringIO(), width=console.width, color_system=None, highlight=False)
    trial.print(table)
    rendered = trial.file.getvalue()  # type: ignore[attr-defined]
    for column in table.columns:
        if not all(word in rendered for word in _text(column.header).plain.split()):
            return False
        for cell in column.cells:
            plain = _text(cell).plain
            pieces = plain.split("\n") if column.no_wrap else plain.split()
            if not all(piece in rendered for piece in pieces):
                return False
    return True


def _text(cell: Any) -> Text:
    if isinstance(cell, Text):
        return cell.copy()
    return Text.from_markup(str(cell))


@contextmanager
def step(console: Console, message: str) -> Iterator[None]:
    """A step that may take a while: a spinner on a terminal, a line when it starts elsewhere; and a
    line with its time when it is done, so a log shows what ran and for how long."""
    started = time.monotonic()
    if console.is_terminal:
        with console.status(message):
            yield
    else:
        console.print(f"{message} …", soft_wrap=True, markup=False)
        yield
    console.print(f"✓ {message} ({time.monotonic() - started:.0f}s)", soft_wrap=True, markup=False)
