"""What every assertion shares: the failure type, the have/want rendering, and where the catalog comes from.

An assertion reads a ``CatalogSnapshot``. Callers pass one in, or pass a connection: the snapshot is then
taken once and reused while the connection stays in the same transaction (same backend, same transaction
start, same transaction id), so a test that asserts a hundred things reads the catalog once. DDL that
assigns the transaction its id invalidates the cache; after further DDL in that transaction, call
``refresh(conn)`` or pass a new snapshot.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, NoReturn, ParamSpec, TypeVar
from weakref import WeakKeyDictionary

import psycopg
from psycopg import sql
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from fleetdb.catalog import CatalogSnapshot, snapshot_catalog

P = ParamSpec("P")
T = TypeVar("T")
CatalogSource = CatalogSnapshot | psycopg.Connection[Any]
# A statement for result, exception and plan assertions: SQL text or a composed ``psycopg.sql`` object.
Query = str | sql.SQL | sql.Composed

_cache: WeakKeyDictionary[psycopg.Connection[Any], tuple[tuple[Any, ...], CatalogSnapshot]] = (
    WeakKeyDictionary()
)
_MARKER_SQL = "SELECT pg_backend_pid(), now(), pg_current_xact_id_if_assigned()::text"


def catalog(source: CatalogSource) -> CatalogSnapshot:
    """The snapshot to assert against: ``source`` itself, or the cached snapshot of a connection."""
    if isinstance(source, CatalogSnapshot):
        return source
    row = source.execute(_MARKER_SQL).fetchone()
    marker = tuple(row) if row else ()
    cached = _cache.get(source)
    if cached is not None and cached[0] == marker:
        return cached[1]
    # snapshot_catalog sets a LOCAL search_path inside a savepoint it releases; rolling back an outer
    # savepoint keeps that setting from leaking into the caller's transaction.
    with source.transaction(force_rollback=True):
        snapshot = snapshot_catalog(source)
    _cache[source] = (marker, snapshot)
    return snapshot


def refresh(conn: psycopg.Connection[Any]) -> CatalogSnapshot:
    """Forget the cached snapshot of ``conn`` (after DDL in the same transaction) and take a new one."""
    _cache.pop(conn, None)
    return catalog(conn)


def show(value: Any) -> str:
    """A value as a person reads it in a have/want line."""
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, set | frozenset):
        return "[" + ", ".join(sorted(show(v) for v in value)) + "]" if value else "(nothing)"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show(v) for v in value) + "]" if value else "(nothing)"
    return repr(value)


class ContractFailure(AssertionError):
    """A failed assertion: the object's full name, what should hold, and labelled lines (have, want, …)."""

    def __init__(self, subject: str, description: str, lines: Sequence[tuple[str, Any]]) -> None:
        self.subject = subject
        self.description = description
        self.lines = [("object", subject), *lines]
        super().__init__(self.render())

    def _grid(self) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in self.lines:
            grid.add_row(f"{label}:", Text(show(value)))
        return grid

    def render(self, width: int = 150) -> str:
        buffer = io.StringIO()
        console = Console(file=buffer, width=width, no_color=True, highlight=False, emoji=False)
        console.print(Text(self.description))
        console.print(self._grid())
        return "\n".join(line.rstrip() for line in buffer.getvalue().rstrip("\n").splitlines())

    def __rich__(self) -> Group:
        return Group(Text(self.description, style="bold red"), self._grid())

    def diagnostics(self) -> dict[str, str]:
        """The labelled lines as plain strings (the YAML block of a TAP ``not ok``)."""
        return {"message": self.description} | {label: show(value) for label, value in self.lines}


def fail(subject: str, description: str, have: Any, want: Any, **more: Any) -> NoReturn:
    lines: list[tuple[str, Any]] = [("have", have), ("want", want)]
    lines += [(label.replace("_", " "), value) for label, value in more.items()]
    raise ContractFailure(subject, description, lines)


def check(ok: bool, subject: str, description: str, have: Any, want: Any, **more: Any) -> None:
    if not ok:
        fail(subject, description, have, want, **more)


def check_set(subject: str, description: str, have: Iterable[Any], want: Iterable[Any]) -> None:
    """The ``_are`` comparison: nothing missing, nothing extra; both are listed when it fails."""
    have_set, want_set = set(have), set(want)
    missing, extra = want_set - have_set, have_set - want_set
    if missing or extra:
        lines: list[tuple[str, Any]] = [("missing", missing), ("extra", extra)]
        lines += [("have", have_set), ("want", want_set)]
        raise ContractFailure(subject, description, lines)


def qualify(name: str) -> tuple[str, str]:
    """``schema.object`` split in two; an unqualified name is in ``public``."""
    schema, dot, rest = name.partition(".")
    return (schema, rest) if dot else ("public", name)


def describe(description: str | None, default: str) -> str:
    """The assertion's description: the caller's, else the default. It is also what a TAP line of the
    running assertion says when it passes."""
    chosen = description or default
    call = _running.get()
    if call is not None and call.description is None:
        call.description = chosen
    return chosen


# Assertions as pgTAP counts them -----------------------------------------------------------------------


@dataclass(frozen=True)
class AssertionOutcome:
    """One assertion as a TAP line: its description, whether it held, and a failure's labelled lines."""

    description: str
    ok: bool
    diagnostics: Mapping[str, str] = field(default_factory=dict)


class _Call:
    """The assertion running at the top: its name, and its description once ``describe`` gave it."""

    __slots__ = ("description", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self.description: str | None = None


_running: ContextVar[_Call | None] = ContextVar("fleetdb_assertion_running", default=None)
_recorded: ContextVar[list[AssertionOutcome] | None] = ContextVar("fleetdb_assertions", default=None)
_soft: ContextVar[list[ContractFailure] | None] = ContextVar("fleetdb_soft_failures", default=None)


def assertion(fn: Callable[P, T]) -> Callable[P, T]:
    """Mark a public assertion. Under ``record_assertions`` each call that is not made by another
    assertion becomes one outcome; under ``keep_going`` a failure is collected instead of raised.
    Outside both it costs two context-variable look-ups (the contract benchmark counts it)."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        if _running.get() is not None:  # called by another assertion: part of that one
            return fn(*args, **kwargs)
        call = _Call(fn.__name__)
        token = _running.set(call)
        try:
            result = fn(*args, **kwargs)
        except ContractFailure as failure:
            recorded = _recorded.get()
            if recorded is not None:
                recorded.append(AssertionOutcome(failure.description, False, failure.diagnostics()))
            collected = _soft.get()
            if collected is None:
                raise
            collected.append(failure)
            return None  # type: ignore[return-value]  # only check_contract keeps going
        finally:
            _running.reset(token)
        recorded = _recorded.get()
        if recorded is not None:
            recorded.append(AssertionOutcome(call.description or call.name, True))
        return result

    run.__fleetdb_assertion__ = True  # type: ignore[attr-defined]
    return run


@contextmanager
def record_assertions() -> Iterator[list[AssertionOutcome]]:
    """Every assertion run inside the block, in order (what the TAP writer prints, one line each)."""
    outcomes: list[AssertionOutcome] = []
    token = _recorded.set(outcomes)
    try:
        yield outcomes
    finally:
        _recorded.reset(token)


@contextmanager
def keep_going(subject: str) -> Iterator[None]:
    """Run every assertion of the block, as pgTAP runs every test of a file, and fail at the end with all
    the failures (one failure is raised as it is)."""
    failures: list[ContractFailure] = []
    token = _soft.set(failures)
    try:
        yield
    finally:
        _soft.reset(token)
    if len(failures) == 1:
        raise failures[0]
    if failures:
        raise ContractFailures(subject, failures)


class ContractFailures(ContractFailure):
    """Several failed assertions of one block (``keep_going``), each rendered in full."""

    def __init__(self, subject: str, failures: Sequence[ContractFailure]) -> None:
        self.failures = list(failures)
        super().__init__(subject, f"{len(self.failures)} assertions of {subject} failed", [])

    def render(self, width: int = 150) -> str:
        return "\n\n".join([self.description, *(failure.render(width) for failure in self.failures)])

    def __rich__(self) -> Group:
        return Group(Text(self.description, style="bold red"), *(f.__rich__() for f in self.failures))

    def diagnostics(self) -> dict[str, str]:
        return {"message": self.description} | {
            f"failure {n}": failure.render() for n, failure in enumerate(self.failures, start=1)
        }


def as_list(columns: str | Sequence[str]) -> tuple[str, ...]:
    return (columns,) if isinstance(columns, str) else tuple(columns)
