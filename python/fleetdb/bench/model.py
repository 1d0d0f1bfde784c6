"""A benchmark row as plain data: what the bench sections produce and the bench report reads."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fleetdb.errors import FleetdbError

# How the read-path section names its rows: pages generated from a report group them by these.
READ_PATH_ROW = "read path "  # "read path <name>: p95 execution"
TRIGGER_ROW = "odometer reading bulk insert: "  # "... <trigger or foreign key>"
SEEDING_ROW = "seeding at scale "  # "seeding at scale <n>: rows per second"


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


def read_report(path: Path) -> tuple[BenchRun, list[BenchRow]]:
    """The run and the rows of a ``bench.json``; a clear error when it is not one."""
    try:
        data = json.loads(path.read_text())
        return BenchRun(**data["run"]), [BenchRow(**row) for row in data["rows"]]
    except FileNotFoundError:
        raise FleetdbError(f"no benchmark report {path}: run `make bench` first") from None
    except (ValueError, KeyError, TypeError) as error:
        raise FleetdbError(
            f"{path} is not a report of `fleetdb bench` ({type(error).__name__}: {error}): "
            "run `make bench` again"
        ) from None
