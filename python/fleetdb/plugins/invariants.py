"""A pytest plugin for ``fleetdb mutate``: with ``--collect-only``, writes which test files hold the
scenarios of each invariant to ``$FLEETDB_SCENARIO_MAP`` (JSON), so that each mutant's run collects
only those files instead of the whole suite."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    target = os.environ.get("FLEETDB_SCENARIO_MAP")
    if not target:
        return
    files: dict[str, set[str]] = {}
    for item in items:
        path = str(Path(str(item.path)).relative_to(config.rootpath))
        for mark in item.iter_markers("invariant"):
            if mark.args:
                files.setdefault(str(mark.args[0]), set()).add(path)
    Path(target).write_text(json.dumps({inv: sorted(paths) for inv, paths in files.items()}, indent=2))
