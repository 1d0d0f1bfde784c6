"""One database transaction on one connection: the statements the repositories run and the
commit or rollback that ends it.

Every repository statement goes through ``Transaction.fetch_*``, which maps database errors to domain
errors. Writes run inside a savepoint (``attempt``), so a domain error (a ``BookingConflict``, say)
leaves the transaction usable: the caller may catch it and try something else before committing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from psycopg import IsolationLevel, sql
from psycopg.pq import TransactionStatus
from psycopg.rows import RowFactory, class_row, tuple_row

from fleetdb_persistence.errors import PersistenceError, translated

T = TypeVar("T")
_Self = TypeVar("_Self", bound="Transaction")
Params = Mapping[str, Any] | Sequence[Any] | None
Statement = sql.SQL | sql.Composed


class Transaction:
    """One transaction on one connection. Nothing is committed unless ``commit()`` is called; leaving the
    ``with`` block without it rolls back."""

    def __init__(self, conn: psycopg.Connection[Any], isolation: IsolationLevel | None = None) -> None:
        if conn.autocommit:
            conn.autocommit = False
        conn.isolation_level = isolation
        self.conn = conn
        self.finished = False

    # -- statements
    def _cursor(self, row_factory: RowFactory[T]) -> psycopg.Cursor[T]:
        if self.finished:
            raise PersistenceError("the unit of work is already committed or rolled back")
        return self.conn.cursor(row_factory=row_factory)

    def fetch_one(self, statement: Statement, params: Params, row: type[T]) -> T | None:
        with translated():
            return self._cursor(class_row(row)).execute(statement, params).fetchone()

    def fetch_all(self, statement: Statement, params: Params, row: type[T]) -> list[T]:
        with translated():
            return self._cursor(class_row(row)).execute(statement, params).fetchall()

    def fetch_value(self, statement: Statement, params: Params) -> Any:
        with translated():
            found = self._cursor(tuple_row).execute(statement, params).fetchone()
        return None if found is None else found[0]

    def execute(self, statement: Statement, params: Params = None) -> int:
        with translated():
            return self._cursor(tuple_row).execute(statement, params).rowcount

    @contextmanager
    def attempt(self) -> Iterator[None]:
        """A savepoint around a write: on a database error only the write is undone, and the block
        raises the domain error while the unit of work stays usable."""
        if self.conn.info.transaction_status != TransactionStatus.IDLE:
            with translated(), self.conn.transaction():
                yield
            return
        # Nothing ran yet (conn.transaction() would open and COMMIT a transaction of its own here):
        # undoing a failed first write is rolling back the transaction it started.
        try:
            with translated():
                yield
        except PersistenceError:
            self.conn.rollback()
            raise

    # -- transaction
    def commit(self) -> None:
        """Commit; deferred checks (e.g. a balanced journal entry) raise their domain error here."""
        try:
            with translated():
                self.conn.commit()
        finally:
            self.finished = True

    def rollback(self) -> None:
        if not self.finished:
            self.finished = True
            self.conn.rollback()

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.conn.closed:
            return
        self.rollback()
