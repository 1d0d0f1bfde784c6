"""Compares two snapshots object by object and property by property."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fleetdb.catalog.snapshot import CatalogSnapshot

_MISSING = object()


@dataclass(frozen=True)
class Difference:
    """One object that is missing or extra, or one property whose value changed."""

    kind: str
    key: str
    prop: str | None
    before: Any
    after: Any

    @property
    def change(self) -> str:
        if self.prop is not None:
            return "changed"
        return "missing" if self.after is None else "extra"

    def describe(self, moment: str = "after revert") -> str:
        if self.change == "extra":
            return f"{self.kind} {self.key} still exists {moment}"
        if self.change == "missing":
            return f"{self.kind} {self.key} is missing {moment}"
        return f"{self.kind} {self.key}: {self.prop} was {self.before!r}, is {self.after!r} {moment}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "object": f"{self.kind} {self.key}",
            "property": self.prop,
            "before": self.before,
            "after": self.after,
        }


def diff_catalogs(expected: CatalogSnapshot, actual: CatalogSnapshot) -> list[Difference]:
    """Every way ``actual`` differs from ``expected``, sorted by kind and key."""
    differences: list[Difference] = []
    for kind in sorted(set(expected.objects) | set(actual.objects)):
        want, have = expected.of_kind(kind), actual.of_kind(kind)
        for key in sorted(set(want) | set(have)):
            if key not in have:
                differences.append(Difference(kind, key, None, dict(want[key]), None))
            elif key not in want:
                differences.append(Difference(kind, key, None, None, dict(have[key])))
            else:
                for prop in sorted(set(want[key]) | set(have[key])):
                    before, after = want[key].get(prop, _MISSING), have[key].get(prop, _MISSING)
                    if before != after:
                        differences.append(Difference(kind, key, prop, before, after))
    return differences
