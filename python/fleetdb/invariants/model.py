"""An invariant of the catalog and the database objects that enforce it, as plain data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EnforcingObject:
    """A constraint, trigger, function, index, or a privilege a role must not hold."""

    kind: str
    name: str
    table: str | None = None
    role: str | None = None
    privilege: str | None = None

    def describe(self) -> str:
        if self.kind == "privilege":
            return f"no {self.privilege} on {self.table} for {self.role}"
        where = f" on {self.table}" if self.table else ""
        return f"{self.kind} {self.name}{where}"


@dataclass(frozen=True)
class Invariant:
    id: str
    module: str
    statement: str
    enforced_by: tuple[EnforcingObject, ...]
    # Why rows at rest cannot show a violation (a rule about how or by whom rows change); empty when
    # the invariant has its violation query in invariants/sql/violations.sql.
    not_in_data: str = ""
