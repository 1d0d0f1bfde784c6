"""Triggers: which function, when, on which events, for each row or statement, constraint and deferral."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fleetdb.contract.core import CatalogSource, assertion, catalog, check, describe, fail, qualify


@assertion
def trigger_is(
    source: CatalogSource,
    table: str,
    trigger: str,
    function: str | None = None,
    *,
    timing: str | None = None,
    events: Sequence[str] | None = None,
    level: str | None = None,
    constraint: bool | None = None,
    deferrable: bool | None = None,
    initially_deferred: bool | None = None,
    description: str | None = None,
) -> None:
    """Trigger ``trigger`` on ``table`` calls ``function`` (``schema.name``); each other given property
    (``timing`` BEFORE/AFTER/INSTEAD OF, ``events``, ``level`` ROW/STATEMENT, constraint trigger,
    deferrable, initially deferred) must match too."""
    table = ".".join(qualify(table))
    desc = describe(
        description,
        f"Trigger {trigger} on {table} should " + (f"call {function}" if function else "be as described"),
    )
    snap = catalog(source)
    obj = snap.get("trigger", f"{table}.{trigger}")
    subject = f"trigger {trigger} on {table}"
    if obj is None:
        names = sorted(str(o["name"]) for _, o in snap.where("trigger", table=table))
        fail(subject, desc, f"triggers {names}", f"trigger {trigger}")
    want: dict[str, Any] = {}
    if function is not None:
        want["function"] = ".".join(qualify(function))
    if timing is not None:
        want["timing"] = timing.upper()
    if events is not None:
        want["events"] = sorted(e.upper() for e in events)
    if level is not None:
        want["level"] = level.upper()
    for prop, value in (
        ("is_constraint", constraint),
        ("deferrable", deferrable),
        ("initially_deferred", initially_deferred),
    ):
        if value is not None:
            want[prop] = value
    have = {prop: sorted(obj[prop]) if prop == "events" else obj[prop] for prop in want}
    check(have == want, subject, desc, have, want, definition=obj["definition"])
