"""A benchmark row as plain data: what the bench sections produce and the bench report reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class BenchRow:
    """One figure with its baseline; ``ratio`` is value / baseline unless the goal says otherwise."""

    name: str
    value: float
    baseline: float | None
    ratio: float | None
    goal: str
    met: bool | None
    unit: str = "ms"
    note: str = ""
    # Further measured numbers of the row, by name (a read path's p50), for pages generated from the report.
    extra: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class BenchRun:
    """What one ``fleetdb bench`` run measured on, written with its rows: a page generated from the
    report says which run its figures come from."""

    finished: str  # UTC, ISO 8601
    machine: str
    server: str
    commit: str
    arguments: list[str]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
