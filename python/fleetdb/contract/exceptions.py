"""Exceptions: a statement fails with a given SQLSTATE, constraint, message or detail, or runs cleanly.

The statement runs in a savepoint, so the test's transaction stays usable after the expected error.
Everything is read from psycopg's diagnostics, never parsed out of the message text.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg
from psycopg.abc import Params

from fleetdb.contract.core import ContractFailure, Query, assertion, describe, fail


def _text(query: Query) -> str:
    return query if isinstance(query, str) else repr(query)


def _error(error: psycopg.Error) -> dict[str, Any]:
    return {
        "sqlstate": error.sqlstate,
        "constraint": error.diag.constraint_name,
        "message": error.diag.message_primary,
        "detail": error.diag.message_detail,
    }


@assertion
def throws_ok(
    conn: psycopg.Connection[Any],
    query: Query,
    params: Params | None = None,
    *,
    sqlstate: str | None = None,
    constraint: str | None = None,
    message: str | None = None,
    message_like: str | None = None,
    detail_like: str | None = None,
    description: str | None = None,
) -> psycopg.Error:
    """The statement fails, with each given property: ``sqlstate`` (e.g. ``23P01``), ``constraint`` name,
    ``message`` (exactly, as pgTAP), ``message_like`` / ``detail_like`` (regular expressions, searched).
    Returns the error for further checks."""
    want: dict[str, Any] = {
        k: v
        for k, v in (
            ("sqlstate", sqlstate),
            ("constraint", constraint),
            ("message", message),
            ("message like", message_like),
            ("detail like", detail_like),
        )
        if v is not None
    }
    desc = describe(description, "The statement should fail" + (f" with {want}" if want else ""))
    try:
        with conn.transaction():
            conn.execute(query, params)
    except psycopg.Error as error:
        have = _error(error)
        ok = (
            (sqlstate is None or have["sqlstate"] == sqlstate)
            and (constraint is None or have["constraint"] == constraint)
            and (message is None or have["message"] == message)
            and (message_like is None or re.search(message_like, have["message"] or "") is not None)
            and (detail_like is None or re.search(detail_like, have["detail"] or "") is not None)
        )
        if not ok:
            shown = {k: v for k, v in have.items() if v is not None}
            raise ContractFailure(
                f"statement {_text(query)}", desc, [("have", shown), ("want", want)]
            ) from error
        return error
    fail(f"statement {_text(query)}", desc, "no error", want or "an error")


@assertion
def lives_ok(
    conn: psycopg.Connection[Any], query: Query, params: Params | None = None, description: str | None = None
) -> None:
    """The statement runs without error (in a savepoint, so a failure leaves the transaction usable)."""
    desc = describe(description, "The statement should run")
    try:
        with conn.transaction():
            conn.execute(query, params)
    except psycopg.Error as error:
        have = {k: v for k, v in _error(error).items() if v is not None}
        raise ContractFailure(
            f"statement {_text(query)}",
            desc,
            [("have", have), ("want", "no error")],
        ) from error
