"""A benchmark row as plain data: what the bench sections produce and the bench report reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass
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

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
