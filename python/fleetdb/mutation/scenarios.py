"""Which pytest run proves an invariant: the test files that hold its tagged scenarios, found with one
collection of the suite (``--invariant-map`` of ``fleetdb.plugins.invariants``), and the environment that
points pytest at a prepared template."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fleetdb.databases import Database
from fleetdb.errors import FleetdbError
from fleetdb.handoff import handoff_environment, without_handoff
from fleetdb.lab import Lab

# The invariant plugin is turned on here too: --invariant and --invariant-map are its options, and a
# project may not turn it on for its own runs.
PYTEST_OPTIONS = (
    "-q",
    "--no-header",
    "-p",
    "no:cacheprovider",
    "-p",
    "fleetdb.plugins.invariants",
    "--tb=line",
)


@dataclass
class ScenarioRun:
    lab: Lab  # the project and the server the scenarios run against
    test_paths: tuple[str, ...] = ("tests",)
    files_by_invariant: dict[str, list[str]] | None = None

    @property
    def project(self) -> Path:
        return self.lab.project.root

    def environment(self, database: Database | None) -> dict[str, str]:
        """This process's environment with the hand-over of the lab and ``database`` (none: only the
        project, for collecting) and the hypothesis profile for mutants."""
        env = without_handoff(os.environ) | handoff_environment(self.lab, database)
        # Hypothesis stops at the first counterexample and does not shrink: a mutant needs one failure.
        env["FLEETDB_HYPOTHESIS_PROFILE"] = "mutate"
        for name in ("PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER"):
            env.pop(name, None)
        return env

    def map_scenarios(self, scratch: Path) -> dict[str, list[str]]:
        """Collect the suite once and remember which files hold each invariant's scenarios."""
        target = scratch / "scenario-map.json"
        env = self.environment(None)
        command = [sys.executable, "-m", "pytest", *PYTEST_OPTIONS, "--collect-only"]
        command += ["--invariant-map", str(target), *self.test_paths]
        completed = subprocess.run(command, cwd=self.project, env=env, capture_output=True, text=True)
        if not target.exists():
            tail = "\n".join((completed.stdout + completed.stderr).strip().splitlines()[-15:])
            raise FleetdbError(f"collecting the scenarios failed:\n{tail}")
        self.files_by_invariant = json.loads(target.read_text())
        return self.files_by_invariant

    def arguments(self, invariant_ids: Iterable[str], stop_at_first_failure: bool = True) -> list[str] | None:
        """pytest's arguments (after ``pytest``), or None when no test file holds a scenario of the ids."""
        ids = list(invariant_ids)
        paths: list[str] = list(self.test_paths)
        if self.files_by_invariant is not None:
            paths = sorted({path for inv in ids for path in self.files_by_invariant.get(inv, [])}, key=_cost)
            if not paths:
                return None
        arguments = [*PYTEST_OPTIONS, *(["-x"] if stop_at_first_failure else [])]
        for inv_id in ids:
            arguments += ["--invariant", inv_id]
        return arguments + paths


def _cost(path: str) -> tuple[int, str]:
    """Cheap files first: with -x, a mutant is usually killed by a plain scenario before the races and
    the generated tests (which clone databases and run hundreds of examples) start."""
    name = Path(path).name
    return (2 if name.startswith(("test_races", "test_generated")) else 1 if "machinery" in name else 0, path)
