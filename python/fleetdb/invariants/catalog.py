"""Loads ``catalog.toml``: one entry per invariant, with the database objects that enforce it."""

from __future__ import annotations

import tomllib
from pathlib import Path

from fleetdb.errors import FleetdbError
from fleetdb.invariants.model import EnforcingObject, Invariant

CATALOG_PATH = Path(__file__).with_name("catalog.toml")
_KINDS = {"constraint", "trigger", "function", "index", "privilege"}


def load_catalog(path: Path = CATALOG_PATH) -> list[Invariant]:
    data = tomllib.loads(path.read_text()) if path.exists() else {}
    invariants: list[Invariant] = []
    for entry in data.get("invariant", []):
        objects = []
        for obj in entry.get("enforced_by", []):
            if obj.get("kind") not in _KINDS:
                raise FleetdbError(f"{path}: invariant {entry.get('id')}: unknown kind {obj.get('kind')!r}")
            name = obj.get("name") or f"{obj.get('privilege')} on {obj.get('table')}"
            objects.append(
                EnforcingObject(obj["kind"], name, obj.get("table"), obj.get("role"), obj.get("privilege"))
            )
        invariants.append(
            Invariant(
                entry["id"],
                entry["module"],
                entry["statement"],
                tuple(objects),
                entry.get("not_in_data", ""),
            )
        )
    ids = [inv.id for inv in invariants]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise FleetdbError(f"{path}: invariant ids listed twice: {', '.join(duplicates)}")
    return invariants
