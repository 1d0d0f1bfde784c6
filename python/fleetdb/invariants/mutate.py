"""Mutation proof: remove or weaken each enforcing object of an invariant and expect its scenarios to fail.

A mutant is one enforcing object from ``catalog.toml`` taken away in a clone of the deployed template:
a constraint or index dropped, a trigger dropped, a trigger function replaced by a no-op, a forbidden
privilege granted. The scenarios tagged with the invariant then run against the clone (pytest with
``FLEETDB_SERVER``/``FLEETDB_TEMPLATE`` and ``--invariant ID``); at least one must fail, or the mutant
survived and the suite does not test what it claims.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from psycopg import sql

from fleetdb.catalog import snapshot_catalog
from fleetdb.catalog.snapshot import CatalogSnapshot
from fleetdb.databases import Database
from fleetdb.errors import FleetdbError
from fleetdb.invariants.catalog import EnforcingObject, Invariant
from fleetdb.lab import Lab

Outcome = Literal["killed", "survived", "not applied"]

_PRIVILEGES = {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "EXECUTE"}
_PRIVILEGES |= {"USAGE", "CREATE", "ALL"}

# A trigger function that lets every row through: the rule is gone, the trigger still fires.
_NOOP_TRIGGER_BODY = "BEGIN IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END"


@dataclass(frozen=True)
class Mutant:
    invariant: str
    target: str  # EnforcingObject.describe()
    mutation: str  # what was done, e.g. "drop constraint rental.rentals.rentals_no_overlap_excl"
    statements: tuple[sql.Composed, ...]  # empty: the object could not be found

    @property
    def label(self) -> str:
        return f"{self.invariant}: {self.mutation}"


@dataclass(frozen=True)
class MutantResult:
    invariant: str
    target: str
    mutation: str
    outcome: Outcome
    detail: str  # the failing scenario that killed it, or why it survived
    seconds: float


def _split(qualified: str) -> sql.Identifier:
    return sql.Identifier(*qualified.split("."))


def _find(snapshot: CatalogSnapshot, kind: str, obj: EnforcingObject) -> tuple[str, Mapping[str, Any]] | None:
    """The catalog object an entry names: by qualified key, or by bare name (and table when given)."""
    for key, props in snapshot.of_kind(kind).items():
        bare = key.split("(", 1)[0].rsplit(".", 1)[-1]  # index keys are schema.name: no "name" property
        names = {key, props.get("name"), key.split("(", 1)[0], bare}
        # catalog.toml names a function by its argument types; the snapshot's key has the names too.
        if kind == "function":
            names.add(f"{key.split('(', 1)[0]}({props.get('argument_types', '')})")
        name_matches = obj.name in names
        table = str(props.get("table") or "")
        table_matches = not obj.table or kind == "function" or obj.table in (table, table.split(".")[-1])
        if name_matches and table_matches:
            return key, props
    return None


def mutant_for(invariant: str, obj: EnforcingObject, snapshot: CatalogSnapshot) -> Mutant:
    """The one mutant that takes ``obj`` away; without statements when the object is not deployed."""
    target = obj.describe()
    if obj.kind == "privilege":
        return _grant_mutant(invariant, obj, snapshot)
    found = _find(snapshot, obj.kind, obj)
    if found is None:
        return Mutant(invariant, target, f"{target}: not found in the deployed catalog", ())
    key, props = found
    if obj.kind == "constraint" and props.get("type") == "trigger":
        # A constraint trigger is listed in pg_constraint too; it is removed with DROP TRIGGER.
        stmt = sql.SQL("DROP TRIGGER {} ON {}").format(sql.Identifier(props["name"]), _split(props["table"]))
        return Mutant(invariant, target, f"drop constraint trigger {key}", (stmt,))
    if obj.kind == "constraint":
        stmt = sql.SQL("ALTER TABLE {} DROP CONSTRAINT {} CASCADE").format(
            _split(props["table"]), sql.Identifier(props["name"])
        )
        return Mutant(invariant, target, f"drop constraint {key}", (stmt,))
    if obj.kind == "index":
        return Mutant(invariant, target, f"drop index {key}", (sql.SQL("DROP INDEX {}").format(_split(key)),))
    if obj.kind == "trigger":
        stmt = sql.SQL("DROP TRIGGER {} ON {}").format(sql.Identifier(props["name"]), _split(props["table"]))
        return Mutant(invariant, target, f"drop trigger {key}", (stmt,))
    return _noop_function_mutant(invariant, target, key, props)


def _noop_function_mutant(invariant: str, target: str, key: str, props: Mapping[str, Any]) -> Mutant:
    returns = str(props["returns"])
    if returns == "trigger":
        body = _NOOP_TRIGGER_BODY
    elif returns == "void" or returns.startswith(("SETOF ", "TABLE(")):
        body = "BEGIN RETURN; END"
    else:
        body = "BEGIN RETURN NULL; END"
    # arguments and result come from the catalog verbatim (names and defaults included), so
    # CREATE OR REPLACE keeps the signature and every grant and trigger that depends on it.
    stmt = sql.SQL("CREATE OR REPLACE FUNCTION {}({}) RETURNS {} LANGUAGE plpgsql AS {}").format(
        sql.Identifier(props["schema"], props["name"]),
        sql.SQL(props["arguments"]),
        sql.SQL(returns),
        sql.Literal(body),
    )
    return Mutant(invariant, target, f"replace function {key} by a no-op", (stmt,))


def _grant_mutant(invariant: str, obj: EnforcingObject, snapshot: CatalogSnapshot) -> Mutant:
    target = obj.describe()
    if not (obj.privilege and obj.table and obj.role) or obj.privilege.upper() not in _PRIVILEGES:
        return Mutant(invariant, target, f"{target}: needs a known privilege, a table and a role", ())
    if "." in obj.table and "(" not in obj.table and snapshot.get("relation", obj.table) is None:
        return Mutant(invariant, target, f"{target}: {obj.table} not found in the deployed catalog", ())
    privilege = sql.SQL(obj.privilege.upper())
    if "(" in obj.table:
        on = sql.SQL("FUNCTION {}").format(sql.SQL(obj.table))
    elif "." in obj.table:
        on = sql.SQL("TABLE {}").format(_split(obj.table))
    else:
        on = sql.SQL("SCHEMA {}").format(sql.Identifier(obj.table))
    role = sql.Identifier(obj.role) if obj.role.lower() != "public" else sql.SQL("PUBLIC")
    stmt = sql.SQL("GRANT {} ON {} TO {}").format(privilege, on, role)
    return Mutant(invariant, target, f"grant {obj.privilege} on {obj.table} to {obj.role}", (stmt,))


def plan_mutants(catalog: Iterable[Invariant], snapshot: CatalogSnapshot) -> list[Mutant]:
    return [mutant_for(inv.id, obj, snapshot) for inv in catalog for obj in inv.enforced_by]


@dataclass
class ScenarioRun:
    """How to run the scenarios of invariants against a template: pytest in a subprocess, on the test
    files that hold scenarios of those invariants (``map_scenarios`` finds them with one collection)."""

    lab: Lab
    test_paths: tuple[str, ...] = ("tests",)
    files_by_invariant: dict[str, list[str]] | None = None

    @property
    def project(self) -> Path:
        return self.lab.project.root

    def _pytest(self) -> list[str]:
        return [sys.executable, "-m", "pytest", "-q", "--no-header", "-p", "no:cacheprovider", "--tb=line"]

    def _env(self, database: Database | None) -> dict[str, str]:
        env = {**os.environ, **self.lab.child_env(database)}
        # Hypothesis stops at the first counterexample and does not shrink: a mutant needs one failure.
        env["FLEETDB_HYPOTHESIS_PROFILE"] = "mutate"
        for name in ("PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER", "FLEETDB_SCENARIO_MAP"):
            env.pop(name, None)
        return env

    def map_scenarios(self, scratch: Path) -> dict[str, list[str]]:
        """Collect the suite once and remember which files hold each invariant's scenarios."""
        target = scratch / "scenario-map.json"
        env = self._env(None) | {"FLEETDB_SCENARIO_MAP": str(target)}
        command = [*self._pytest(), "--collect-only", "-p", "fleetdb.invariants.collect_plugin"]
        completed = subprocess.run(
            [*command, *self.test_paths], cwd=self.project, env=env, capture_output=True, text=True
        )
        if not target.exists():
            tail = "\n".join((completed.stdout + completed.stderr).strip().splitlines()[-15:])
            raise FleetdbError(f"collecting the scenarios failed:\n{tail}")
        self.files_by_invariant = json.loads(target.read_text())
        return self.files_by_invariant

    def command(self, invariant_ids: Iterable[str], stop_at_first_failure: bool = True) -> list[str] | None:
        """The pytest command line, or None when no test file holds a scenario of the invariants."""
        ids = list(invariant_ids)
        paths: list[str] = list(self.test_paths)
        if self.files_by_invariant is not None:
            paths = sorted({path for inv in ids for path in self.files_by_invariant.get(inv, [])}, key=_cost)
            if not paths:
                return None
        command = self._pytest() + (["-x"] if stop_at_first_failure else [])
        for inv_id in ids:
            command += ["--invariant", inv_id]
        return command + paths

    def run(
        self, database: Database, invariant_ids: Iterable[str], stop_at_first_failure: bool = True
    ) -> subprocess.CompletedProcess[str]:
        command = self.command(invariant_ids, stop_at_first_failure)
        if command is None:
            return subprocess.CompletedProcess([], 5, "no scenario is tagged with the invariant", "")
        return subprocess.run(
            command, cwd=self.project, env=self._env(database), capture_output=True, text=True
        )


def _cost(path: str) -> tuple[int, str]:
    """Cheap files first: with -x, a mutant is usually killed by a plain scenario before the races and
    the generated tests (which clone databases and run hundreds of examples) start."""
    name = Path(path).name
    return (2 if name.startswith(("test_races", "test_generated")) else 1 if "machinery" in name else 0, path)


def _first_failure(output: str) -> str:
    for line in output.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            return line.split(" - ", 1)[0]
    tail = [line for line in output.strip().splitlines() if line.strip()]
    return tail[-1] if tail else "(no output)"


def _clone(template: Database) -> Database:
    """A copy of the template; FILE_COPY copies the files instead of WAL-logging every block (3x faster)."""
    return template.clone(f"fleetdb_mutant_{uuid.uuid4().hex[:12]}")


def _prepare(template: Database, mutant: Mutant) -> Database | str:
    """A clone of the template with the mutant applied, or why it could not be applied."""
    if not mutant.statements:
        return "the enforcing object named by catalog.toml is not deployed"
    clone = _clone(template)
    try:
        with clone.connect(autocommit=True) as conn:
            for statement in mutant.statements:
                conn.execute(statement)
    except Exception as error:  # the mutation itself failed: report it, never count it as killed
        clone.drop()
        return f"{type(error).__name__}: {error}".splitlines()[0]
    return clone


def _verdict(returncode: int, output: str) -> tuple[Outcome, str]:
    if returncode == 1:
        return "killed", _first_failure(output)
    if returncode == 0:
        return "survived", "every scenario tagged with the invariant still passes"
    if returncode == 5:
        return "survived", "no scenario is tagged with the invariant"
    return "survived", f"pytest exited {returncode}: {_first_failure(output)}"


def run_mutant(template: Database, mutant: Mutant, scenarios: ScenarioRun) -> MutantResult:
    """Apply the mutant to a clone of the template, run the invariant's scenarios in a pytest
    subprocess, drop the clone."""
    started = time.monotonic()
    prepared = _prepare(template, mutant)
    outcome: Outcome
    if isinstance(prepared, str):
        outcome, detail = "not applied", prepared
    else:
        try:
            completed = scenarios.run(prepared, [mutant.invariant])
        finally:
            prepared.drop()
        outcome, detail = _verdict(completed.returncode, completed.stdout + completed.stderr)
    seconds = round(time.monotonic() - started, 2)
    return MutantResult(mutant.invariant, mutant.target, mutant.mutation, outcome, detail, seconds)


def run_mutants(
    template: Database,
    mutants: list[Mutant],
    scenarios: ScenarioRun,
    jobs: int = 2,
    on_result: Callable[[MutantResult], None] | None = None,
    fork: bool = False,
) -> list[MutantResult]:
    """Run the mutants ``jobs`` at a time (each in its own clone); results in catalog order.

    ``fork``: run pytest in forked children of this process, which has imported pytest and the suite's
    libraries once (``warm_up``), instead of starting a Python interpreter per mutant. Only for a
    process that holds no threads or open connections (the ``fleetdb mutate`` command)."""
    if fork:
        return _run_forked(template, mutants, scenarios, jobs, on_result)

    def one(mutant: Mutant) -> MutantResult:
        outcome = run_mutant(template, mutant, scenarios)
        if on_result:
            on_result(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, mutants))


def warm_up() -> None:
    """Import what every scenario run needs, so that forked children start with it loaded."""
    import hypothesis.stateful  # noqa: F401
    import pytest  # noqa: F401

    import fleetdb.pytest_plugin  # noqa: F401


# A scenario run that takes longer has hung (every race session has a lock and statement timeout).
MUTANT_TIMEOUT = 300.0


@dataclass
class _Child:
    index: int
    mutant: Mutant
    clone: Database
    log: Path
    started: float


def _run_forked(
    template: Database,
    mutants: list[Mutant],
    scenarios: ScenarioRun,
    jobs: int,
    on_result: Callable[[MutantResult], None] | None,
) -> list[MutantResult]:
    warm_up()
    results: dict[int, MutantResult] = {}
    pending = list(enumerate(mutants))
    running: dict[int, _Child] = {}

    def finish(index: int, mutant: Mutant, outcome: Outcome, detail: str, started: float) -> None:
        seconds = round(time.monotonic() - started, 2)
        results[index] = MutantResult(
            mutant.invariant, mutant.target, mutant.mutation, outcome, detail, seconds
        )
        if on_result:
            on_result(results[index])

    with tempfile.TemporaryDirectory(prefix="fleetdb-mutants-") as scratch:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                index, mutant = pending.pop(0)
                started = time.monotonic()
                command = scenarios.command([mutant.invariant])
                prepared = (
                    _prepare(template, mutant) if command else "no scenario is tagged with the invariant"
                )
                if isinstance(prepared, str):
                    finish(index, mutant, "not applied" if command else "survived", prepared, started)
                    continue
                assert command is not None
                log = Path(scratch) / f"mutant-{index}.log"
                pid = _fork_pytest(command[3:], scenarios.project, scenarios._env(prepared), log)
                running[pid] = _Child(index, mutant, prepared, log, started)
            for pid in list(running):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done == 0:
                    if time.monotonic() - running[pid].started > MUTANT_TIMEOUT:
                        os.kill(pid, signal.SIGKILL)  # reaped on the next pass; reported as not killed
                    continue
                child = running.pop(pid)
                child.clone.drop()
                code = os.waitstatus_to_exitcode(status)
                output = (
                    child.log.read_text() if code != -signal.SIGKILL else f"timed out after {MUTANT_TIMEOUT}s"
                )
                outcome, detail = _verdict(code, output)
                finish(child.index, child.mutant, outcome, detail, child.started)
            time.sleep(0.01)
    return [results[i] for i in range(len(mutants))]


def _fork_pytest(args: list[str], cwd: Path, env: dict[str, str], log: Path) -> int:
    """pytest.main(args) in a forked child with its own environment, output to ``log``."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 3
    try:
        import pytest

        from fleetdb import instance

        # The child owns nothing of the parent's: a signal must not stop the parent's server.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        instance._running.clear()
        os.environ.clear()
        os.environ.update(env)
        os.chdir(cwd)
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        code = int(pytest.main(args))
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def snapshot_of(template: Database) -> CatalogSnapshot:
    with template.connect() as conn:
        return snapshot_catalog(conn, kinds=("relation", "constraint", "index", "trigger", "function"))


MUTANTS_FILE = "mutants.json"


def write_results(results: list[MutantResult], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MUTANTS_FILE
    path.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return path


def read_results(directory: Path) -> list[MutantResult]:
    path = directory / MUTANTS_FILE
    if not path.exists():
        return []
    return [MutantResult(**entry) for entry in json.loads(path.read_text())]
