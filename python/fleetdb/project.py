"""Where the Sqitch project lives: the repository root, or a directory a caller names."""

import os
from pathlib import Path

from fleetdb.errors import FleetdbError

# python/fleetdb/project.py -> the repository root holds sqitch.plan
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def project_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The Sqitch project directory: the argument, else $FLEETDB_PROJECT, else this checkout."""
    chosen = Path(explicit or os.environ.get("FLEETDB_PROJECT") or _PACKAGE_ROOT).resolve()
    if not (chosen / "sqitch.plan").is_file():
        raise FleetdbError(f"{chosen} holds no sqitch.plan: pass the Sqitch project directory")
    return chosen


def reports_dir() -> Path:
    """Where reports are written: $FLEETDB_REPORTS, else reports/ in the current directory."""
    path = Path(os.environ.get("FLEETDB_REPORTS", "reports"))
    path.mkdir(parents=True, exist_ok=True)
    return path
