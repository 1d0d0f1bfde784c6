"""Counting the statements a connection sends, for the no-N+1 tests and for request metrics."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

import psycopg

_COUNTERS: WeakKeyDictionary[psycopg.Connection[Any], StatementCounter] = WeakKeyDictionary()


@dataclass
class StatementCounter:
    """Statements executed through cursors while counting (transaction control is not counted)."""

    count: int = 0
    statements: list[str] = field(default_factory=list)


class CountingCursor(psycopg.Cursor[Any]):
    """A cursor that reports each execute/executemany to the counter registered for its connection."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> CountingCursor:
        self._count(query)
        super().execute(query, params, **kwargs)
        return self

    def executemany(self, query: Any, params_seq: Any, **kwargs: Any) -> None:
        self._count(query)
        super().executemany(query, params_seq, **kwargs)

    def _count(self, query: Any) -> None:
        counter = _COUNTERS.get(self.connection)
        if counter is not None:
            counter.count += 1
            text = query if isinstance(query, str) else query.as_string(self.connection)
            counter.statements.append(" ".join(str(text).split())[:200])


@contextmanager
def count_statements(conn: psycopg.Connection[Any]) -> Iterator[StatementCounter]:
    """Count what the block executes on ``conn`` (its cursors are CountingCursors meanwhile)."""
    counter = StatementCounter()
    previous = conn.cursor_factory
    conn.cursor_factory = CountingCursor
    _COUNTERS[conn] = counter
    try:
        yield counter
    finally:
        del _COUNTERS[conn]
        conn.cursor_factory = previous
