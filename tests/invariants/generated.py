"""Shared pieces of the generated (hypothesis stateful) tests: each example runs inside a savepoint of the
rolled-back ``db`` connection, each step in a savepoint of its own, and the database's answer is
compared with a small Python model's."""

from __future__ import annotations

from typing import Any

import psycopg

Outcome = tuple[str, str | None]  # ("ok", None) or (SQLSTATE, constraint name)
OK: Outcome = ("ok", None)


def attempt(
    conn: psycopg.Connection[Any], *statements: tuple[str, Any], deferred: bool = False
) -> tuple[Outcome, list[Any]]:
    """Run the statements in a savepoint: ("ok", rows of the first statement) or the error's
    (SQLSTATE, constraint). ``deferred``: also fire the deferred constraint triggers at the end of the
    savepoint, as a commit would."""
    rows: list[Any] = []
    try:
        with conn.transaction():
            for index, (query, params) in enumerate(statements):
                cur = conn.execute(query, params)
                if index == 0 and cur.description:
                    rows = cur.fetchall()
            if deferred:
                conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
                conn.execute("SET CONSTRAINTS ALL DEFERRED")
    except psycopg.Error as error:
        return (str(error.sqlstate), error.diag.constraint_name), []
    return OK, rows


class ExampleScope:
    """One example = one savepoint, rolled back at teardown, so examples never see each other."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        conn.execute("SAVEPOINT generated_example")

    def close(self) -> None:
        self.conn.execute("ROLLBACK TO SAVEPOINT generated_example")
        self.conn.execute("RELEASE SAVEPOINT generated_example")
