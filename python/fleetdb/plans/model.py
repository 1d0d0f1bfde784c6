"""What the plan review finds, as plain data: the thresholds it judges by, one result per read path,
and the problems of the index catalog checks. The reports read these; the review and checks make them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Thresholds:
    seq_scan_rows: int = 10_000
    estimate_factor: float = 10.0
    estimate_floor: int = 50


@dataclass
class PathResult:
    name: str
    expect: tuple[str, ...]
    shape: str = ""
    indexes_used: list[str] = field(default_factory=list)
    rows: int = 0
    shared_hit: int = 0
    shared_read: int = 0
    planning_ms: float = 0.0
    execution_ms: float = 0.0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    needs: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    plan: Any = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def buffers(self) -> int:
        return self.shared_hit + self.shared_read

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ok": self.ok,
            "expect": list(self.expect),
            "indexes_used": self.indexes_used,
            "shape": self.shape,
            "rows": self.rows,
            "shared_hit": self.shared_hit,
            "shared_read": self.shared_read,
            "planning_ms": round(self.planning_ms, 3),
            "execution_ms": round(self.execution_ms, 3),
            "problems": self.problems,
            "notes": self.notes,
            "needs": self.needs,
            "params": {k: str(v) for k, v in self.params.items()},
            "plan": self.plan,
        }


@dataclass(frozen=True)
class IndexProblem:
    kind: str  # "unindexed foreign key", "duplicate index", "prefix index"
    table: str
    subject: str
    detail: str

    def describe(self) -> str:
        return f"{self.kind}: {self.subject} on {self.table}: {self.detail}"
