"""Harness meta-mutants: the contract library, the catalog diff and the rehearsal's judges, mutated one
site at a time at the Python AST level, must make their own tests fail.

Operators, each the way a harness goes blind:
- ``ignore one property``: one string of a literal tuple, list or set of strings removed (the properties
  an assertion pins, the kinds a diff compares);
- ``ignore a finding``: one ``<list>.append(...)`` statement removed (a difference, a data loss, a
  failure that is never reported);
- ``flip comparison``: ``==``/``!=``, ``in``/``not in``, ``<``/``<=``, ``>``/``>=``;
- ``drop operand``: one operand of an ``and``/``or`` removed.
A mutant runs the module's tests in a subprocess on a copy of the package with the one file changed,
against a template handed over by the caller (no deploy per mutant).
"""

from __future__ import annotations

import ast
import copy
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fleetdb.databases import Database
from fleetdb.handoff import handoff_environment, without_handoff
from fleetdb.lab import Lab
from fleetdb.results import read_run_results

PACKAGE = Path(__file__).resolve().parents[1]  # python/fleetdb
# module (relative to the package) -> the tests that must notice it going blind
TARGETS: dict[str, tuple[str, ...]] = {
    "catalog/diff.py": ("tests/catalog", "tests/contract/test_schema_contract.py"),
    "contract/schema_contract.py": ("tests/contract/test_schema_contract.py",),
    "contract/constraints.py": ("tests/contract/test_constraints.py",),
    "contract/columns.py": ("tests/contract/test_columns.py",),
    "contract/indexes.py": ("tests/contract/test_indexes.py",),
    "contract/privileges.py": ("tests/contract/test_privileges.py",),
    "contract/triggers.py": ("tests/contract/test_triggers_functions.py",),
    "contract/functions.py": ("tests/contract/test_triggers_functions.py",),
    "contract/existence.py": ("tests/contract/test_existence.py",),
    "contract/lists.py": ("tests/contract/test_lists.py",),
    "rehearsal/data.py": ("tests/rehearsal",),
}
_FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
}
MetaOutcome = Literal["killed", "survived", "not applied"]


@dataclass(frozen=True)
class MetaMutant:
    module: str
    line: int
    operator: str
    before: str
    after: str
    source: str  # the whole mutated module

    @property
    def id(self) -> str:
        return (
            f"{self.module}:{self.line}/{self.operator}/{hashlib.sha1(self.source.encode()).hexdigest()[:8]}"
        )


@dataclass(frozen=True)
class MetaResult:
    id: str
    module: str
    line: int
    operator: str
    before: str
    after: str
    outcome: MetaOutcome
    detail: str


def _sites(tree: ast.AST) -> Iterator[tuple[ast.AST, str, Any]]:
    """(node, operator, how to mutate a copy of it) for every site; the third item is applied by
    ``_mutated``."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) >= 2:
            if all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
                for index in range(len(node.elts)):
                    yield node, "ignore one property", ("drop", index)
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _FLIPS:
            yield node, "flip comparison", ("flip", 0)
        elif isinstance(node, ast.BoolOp) and len(node.values) >= 2:
            for index in range(len(node.values)):
                yield node, "drop operand", ("operand", index)
        elif isinstance(node, (ast.FunctionDef, ast.For, ast.If, ast.With)):
            for index, statement in enumerate(node.body):
                call = statement.value if isinstance(statement, ast.Expr) else None
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "append"
                    and len(node.body) > 1
                ):
                    yield node, "ignore a finding", ("append", index)


def _mutate(node: ast.AST, how: tuple[str, int]) -> None:
    action, index = how
    if action == "drop":
        assert isinstance(node, (ast.Tuple, ast.List, ast.Set))
        del node.elts[index]
    elif action == "flip":
        assert isinstance(node, ast.Compare)
        node.ops[0] = _FLIPS[type(node.ops[0])]()
    elif action == "operand":
        assert isinstance(node, ast.BoolOp)
        del node.values[index]
    elif action == "append":
        assert isinstance(node, (ast.FunctionDef, ast.For, ast.If, ast.With))
        node.body[index] = ast.Pass()


def meta_mutants(targets: dict[str, tuple[str, ...]] = TARGETS) -> list[MetaMutant]:
    mutants: list[MetaMutant] = []
    for module in targets:
        source = (PACKAGE / module).read_text()
        tree = ast.parse(source)
        for position, (node, operator, how) in enumerate(_sites(tree)):
            clone = copy.deepcopy(tree)
            target = next(n for i, (n, _, _) in enumerate(_sites(clone)) if i == position)
            before = ast.unparse(target)
            _mutate(target, how)
            after = ast.unparse(target)
            mutated = ast.unparse(clone)
            line = getattr(node, "lineno", 0)
            mutants.append(MetaMutant(module, line, operator, _short(before), _short(after), mutated))
    return mutants


def _short(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= 120 else one[:117] + "..."


def run_meta_mutant(mutant: MetaMutant, lab: Lab, template: Database, tests: tuple[str, ...]) -> MetaResult:
    """The module's tests against a copy of the package with the mutant in place."""
    with tempfile.TemporaryDirectory(prefix="fleetdb-meta-") as scratch:
        copy_root = Path(scratch) / "python"
        shutil.copytree(PACKAGE, copy_root / "fleetdb", ignore=shutil.ignore_patterns("__pycache__"))
        (copy_root / "fleetdb" / mutant.module).write_text(mutant.source)
        project = lab.project.root
        env = without_handoff(dict(os.environ)) | handoff_environment(lab, template)
        env |= {"PYTHONPATH": str(copy_root)}
        command = [sys.executable, "-m", "pytest", "-q", "-x", "--no-header", "-p", "no:cacheprovider"]
        results_file = Path(scratch) / "results.json"
        command += ["--tb=line", "-n", "0", "--fleetdb-results", str(results_file), *tests]
        completed = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
        results = read_run_results(results_file)
    outcome: MetaOutcome = "killed" if completed.returncode == 1 else "survived"
    if completed.returncode not in (0, 1):
        outcome = "not applied"
    failures = results.failures if results else []
    if failures:
        detail = f"{failures[0].describe()}: {failures[0].message}"
    elif results is None:
        detail = f"pytest exited {completed.returncode} without writing results (the mutant broke the run)"
    else:
        detail = f"pytest exited {completed.returncode}, no test failed"
    return MetaResult(
        mutant.id, mutant.module, mutant.line, mutant.operator, mutant.before, mutant.after, outcome, detail
    )


def run_meta_mutants(
    mutants: list[MetaMutant],
    lab: Lab,
    template: Database,
    jobs: int = 2,
    on_result: Any = None,
) -> list[MetaResult]:
    """``jobs`` at a time (each a pytest subprocess of its own); results in the mutants' order."""
    from concurrent.futures import ThreadPoolExecutor

    def one(mutant: MetaMutant) -> MetaResult:
        result = run_meta_mutant(mutant, lab, template, TARGETS[mutant.module])
        if on_result is not None:
            on_result(result)
        return result

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, mutants))
