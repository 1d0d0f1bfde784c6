"""The library's one rule, a book is out to one reader at a time, tested with fleetdb's fixtures."""

from __future__ import annotations

import psycopg
import pytest


def _book(conn: psycopg.Connection, title: str = "Dune") -> int:
    row = conn.execute("INSERT INTO library.books (title) VALUES (%s) RETURNING id", [title]).fetchone()
    assert row is not None
    return int(row[0])


def test_a_book_cannot_be_lent_twice(db: psycopg.Connection) -> None:
    book = _book(db)
    db.execute("INSERT INTO library.loans (book_id, reader) VALUES (%s, 'ada')", [book])
    with pytest.raises(psycopg.errors.UniqueViolation) as error, db.transaction():
        db.execute("INSERT INTO library.loans (book_id, reader) VALUES (%s, 'bob')", [book])
    assert error.value.diag.constraint_name == "loans_one_open_per_book"


def test_a_returned_book_can_be_lent_again(fresh_db) -> None:
    with fresh_db.connect(autocommit=True) as conn:
        book = _book(conn)
        conn.execute(
            "INSERT INTO library.loans (book_id, reader, returned_at) VALUES (%s, 'ada', now())", [book]
        )
        conn.execute("INSERT INTO library.loans (book_id, reader) VALUES (%s, 'bob')", [book])
        assert conn.execute("SELECT count(*) FROM library.loans").fetchone() == (2,)


def test_two_readers_racing_for_one_book_get_it_once(actors) -> None:
    group = actors(2)
    book = _book(group.observer)
    for session in group.sessions:
        session.execute("BEGIN")
    first = group.submit(0, "INSERT INTO library.loans (book_id, reader) VALUES (%s, 'ada')", [book])
    first.result()
    second = group.submit(1, "INSERT INTO library.loans (book_id, reader) VALUES (%s, 'bob')", [book])
    group.wait_until_blocked(1)  # the server says the second reader waits on the first
    group[0].execute("COMMIT")
    with pytest.raises(psycopg.errors.UniqueViolation):
        second.result()
    group[1].execute("ROLLBACK")
    assert group.observer.execute("SELECT count(*) FROM library.loans").fetchone() == (1,)
