"""The mutation engine: for each mutant, prepare -> run -> verdict -> drop, ``jobs`` mutants at a time.

1. prepare: clone the deployed template and apply the mutant's statements to the clone;
2. run: start the invariant's scenarios in a pytest process pointed at the clone (a ``Launcher``);
3. verdict: pytest's exit status says killed (1) or survived (0, 5); which scenario killed it comes from
   the run's results file (``--fleetdb-results``, fleetdb/results.py); a mutant listed in the reviewed
   equivalents file that survives is "equivalent";
4. drop: the clone.
One scheduling loop serves both launchers: ``SubprocessLauncher`` (a fresh interpreter, safe in any
process) and ``ForkLauncher`` (a forked child of a process that imported pytest once; the CLI's choice,
only for a process that holds no threads or open connections).
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from fleetdb.databases import Database
from fleetdb.mutation.model import Mutant, MutantResult, Outcome
from fleetdb.mutation.scenarios import ScenarioRun
from fleetdb.results import RunResults, read_run_results

# A scenario run that takes longer has hung (every race session has a lock and statement timeout).
MUTANT_TIMEOUT = 300.0


class Running(Protocol):
    def poll(self) -> int | None: ...
    def kill(self) -> None: ...


class Launcher(Protocol):
    def start(self, arguments: list[str], cwd: Path, env: dict[str, str], log: Path) -> Running: ...


class _Process:
    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process

    def poll(self) -> int | None:
        return self.process.poll()

    def kill(self) -> None:
        self.process.kill()


class SubprocessLauncher:
    """``python -m pytest`` in a new interpreter."""

    def start(self, arguments: list[str], cwd: Path, env: dict[str, str], log: Path) -> Running:
        with log.open("wb") as out:
            command = [sys.executable, "-m", "pytest", *arguments]
            return _Process(subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT))


class _Child:
    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.code: int | None = None

    def poll(self) -> int | None:
        if self.code is None:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.code = os.waitstatus_to_exitcode(status)
        return self.code

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)


class ForkLauncher:
    """``pytest.main`` in a forked child of this process, which imports pytest and the suite's libraries
    once: a mutant's run starts in milliseconds instead of an interpreter's second."""

    def __init__(self, preload: Sequence[str] = ()) -> None:
        import pytest  # noqa: F401

        for module in preload:  # what every run imports anyway (plugins, hypothesis): imported once here
            importlib.import_module(module)

    def start(self, arguments: list[str], cwd: Path, env: dict[str, str], log: Path) -> Running:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid:
            return _Child(pid)
        code = 3
        try:
            import pytest

            # The child owns nothing of the parent's: a signal must not stop the parent's server.
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.environ.clear()
            os.environ.update(env)
            os.chdir(cwd)
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            code = int(pytest.main(arguments))
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)


def prepare(template: Database, mutant: Mutant) -> Database | str:
    """A clone of the template with the mutant applied, or why it could not be applied."""
    if not mutant.statements:
        return mutant.mutation
    clone = template.clone(f"fleetdb_mutant_{uuid.uuid4().hex[:12]}")
    try:
        with clone.connect(autocommit=True) as conn:
            for statement in mutant.statements:
                conn.execute(statement.encode())  # generated DDL text, not a literal: bytes
    except Exception as error:  # the mutation itself failed: report it, never count it as killed
        clone.drop()
        return f"{type(error).__name__}: {error}".splitlines()[0]
    return clone


def first_failure(results: RunResults | None) -> str:
    """The first failing test as the run's results file says (with the SQLSTATE and constraint of the
    database error that failed it, when known); never read from pytest's console output."""
    if results is None:
        return "the run wrote no results file (it ended before the session finished)"
    failures = results.failures
    return failures[0].describe() if failures else "no test failed"


def verdict(
    returncode: int, results: RunResults | None, equivalent: str | None = None, missing: str | None = None
) -> tuple[Outcome, str]:
    """killed, survived or equivalent, with the failing scenario or the reason. ``equivalent``: the
    reviewed reason the mutant cannot change behaviour; ``missing``: the scenario a known survivor lacks."""
    if returncode == 1:
        killed = first_failure(results)
        if equivalent is not None:
            return "killed", f"{killed} (listed as equivalent: remove it from equivalents.toml)"
        if missing is not None:
            return "killed", f"{killed} (a known survivor no more: remove it from survivors.toml)"
        return "killed", killed
    if returncode in (0, 5) and equivalent is not None:
        return "equivalent", equivalent
    if returncode == 0:
        if missing is not None:
            return "survived", f"known survivor (survivors.toml); missing: {missing}"
        return "survived", "every scenario tagged with the invariant still passes"
    if returncode == 5:
        return "survived", "no scenario is tagged with the invariant"
    if returncode == -signal.SIGKILL:
        return "survived", f"timed out after {MUTANT_TIMEOUT:.0f}s"
    return "survived", f"pytest exited {returncode}: {first_failure(results)}"


@dataclass
class _Started:
    index: int
    mutant: Mutant
    clone: Database
    log: Path
    results: Path
    started: float
    running: Running


def run_mutants(
    template: Database,
    mutants: list[Mutant],
    scenarios: ScenarioRun,
    jobs: int = 2,
    on_result: Callable[[MutantResult], None] | None = None,
    launcher: Launcher | None = None,
    equivalents: Mapping[str, str] | None = None,
    known_survivors: Mapping[str, str] | None = None,
) -> list[MutantResult]:
    """Run the mutants ``jobs`` at a time, each in its own clone; results in the mutants' order.
    ``equivalents``: mutant id -> the reviewed reason it cannot change behaviour; ``known_survivors``:
    mutant id -> the scenario it still lacks."""
    launcher = launcher or SubprocessLauncher()
    equivalents = equivalents or {}
    known_survivors = known_survivors or {}
    results: dict[int, MutantResult] = {}
    pending = list(enumerate(mutants))
    running: list[_Started] = []

    def finish(index: int, mutant: Mutant, outcome: Outcome, detail: str, started: float) -> None:
        results[index] = MutantResult.of(mutant, outcome, detail, time.monotonic() - started)
        if on_result:
            on_result(results[index])

    with tempfile.TemporaryDirectory(prefix="fleetdb-mutants-") as scratch:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                index, mutant = pending.pop(0)
                started = time.monotonic()
                arguments = scenarios.arguments(mutant.invariants)
                if arguments is None:
                    finish(index, mutant, "survived", "no scenario is tagged with the invariant", started)
                    continue
                prepared = prepare(template, mutant)
                if isinstance(prepared, str):
                    finish(index, mutant, "not applied", prepared, started)
                    continue
                log = Path(scratch) / f"mutant-{index}.log"
                results_file = Path(scratch) / f"mutant-{index}.json"
                arguments = [*arguments, "--fleetdb-results", str(results_file)]
                process = launcher.start(arguments, scenarios.project, scenarios.environment(prepared), log)
                running.append(_Started(index, mutant, prepared, log, results_file, started, process))
            for child in list(running):
                code = child.running.poll()
                if code is None:
                    if time.monotonic() - child.started > MUTANT_TIMEOUT:
                        child.running.kill()  # reaped on a later pass; its verdict says it timed out
                    continue
                running.remove(child)
                child.clone.drop()
                outcome, detail = verdict(
                    code, read_run_results(child.results), equivalents.get(child.mutant.id)
                )
                finish(child.index, child.mutant, outcome, detail, child.started)
            time.sleep(0.01)
    return [results[i] for i in range(len(mutants))]
