"""The reviewed lists beside the generator.

``equivalents.toml``: mutants that cannot change what the database does, each with the reason a reviewer
accepted. ``survivors.toml``: mutants that change behaviour and that no scenario kills yet, each with the
scenario that is missing: a debt on record, shown as survived in every report, never counted as killed.
A listed mutant still runs: if a scenario kills it, the entry is stale and the run fails, so both lists
only shrink; an entry that names no generated mutant is stale too.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from fleetdb.errors import FleetdbError

EQUIVALENTS_PATH = Path(__file__).with_name("equivalents.toml")
SURVIVORS_PATH = Path(__file__).with_name("survivors.toml")


def _load(path: Path, table: str, field: str) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        entries = tomllib.loads(path.read_text()).get(table, [])
    except tomllib.TOMLDecodeError as error:
        raise FleetdbError(f"{path}: {error}") from None
    found: dict[str, str] = {}
    for entry in entries:
        if not entry.get("id") or not str(entry.get(field, "")).strip():
            raise FleetdbError(f"{path}: every [[{table}]] needs an id and a {field}: {entry}")
        if entry["id"] in found:
            raise FleetdbError(f"{path}: {entry['id']} is listed twice")
        found[entry["id"]] = " ".join(str(entry[field]).split())
    return found


def load_equivalents(path: Path = EQUIVALENTS_PATH) -> dict[str, str]:
    """mutant id -> why it cannot change behaviour."""
    return _load(path, "equivalent", "reason")


def load_survivors(path: Path = SURVIVORS_PATH) -> dict[str, str]:
    """mutant id -> the scenario that would kill it."""
    return _load(path, "survivor", "missing")
