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
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fleetdb.databases import Database
from fleetdb.handoff import handoff_environment, without_handoff
from fleetdb.lab import Lab
from fleetdb.results import RunResults, read_run_results

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
    # _one (a function by name and argument types) also serves has_function and owner_is.
    "contract/functions.py": (
        "tests/contract/test_triggers_functions.py",
        "tests/contract/test_existence.py",
    ),
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
MetaOutcome = Literal["killed", "survived", "equivalent", "not applied"]
# The harness's reviewed list of equivalent meta-mutants (the same mechanism as the schema's).
HARNESS_EQUIVALENTS_PATH = Path(__file__).with_name("harness_equivalents.toml")


@dataclass(frozen=True)
class MetaMutant:
    module: str
    line: int
    operator: str
    before: str
    after: str
    where: str  # the top-level definition that holds the site (function, class or assigned name)
    definition: str  # that definition as mutated, unparsed: what the id hashes
    tree: ast.Module = field(repr=False, compare=False)  # the module with the mutated definition

    @property
    def id(self) -> str:
        """Stable while the definition holding the site and the operator are (an edit elsewhere in the
        module keeps it): names the mutant in harness_equivalents.toml."""
        digest = hashlib.sha1("\n".join((self.where, self.operator, self.definition)).encode()).hexdigest()
        return f"{self.module}:{self.where}/{self.operator}/{digest[:8]}"

    @property
    def source(self) -> str:
        """The whole mutated module."""
        return ast.unparse(self.tree)


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
    seconds: float = 0.0

    @property
    def label(self) -> str:
        return f"{self.module}:{self.line} {self.operator}: {self.before} -> {self.after}"


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


def meta_mutants(targets: Iterable[str] = TARGETS, package: Path = PACKAGE) -> list[MetaMutant]:
    """Every site of every target module, one mutant each, module by module and definition by
    definition (each copied alone, so generating them all is quick)."""
    mutants: list[MetaMutant] = []
    seen: set[str] = set()
    for module in targets:
        tree = ast.parse((package / module).read_text())
        for index, statement in enumerate(tree.body):
            where = _definition_name(statement)
            for position, (node, operator, how) in enumerate(_sites(statement)):
                clone = copy.deepcopy(statement)
                target = next(n for i, (n, _, _) in enumerate(_sites(clone)) if i == position)
                before = ast.unparse(target)
                _mutate(target, how)
                after = ast.unparse(target)
                body = [*tree.body[:index], clone, *tree.body[index + 1 :]]
                mutant = MetaMutant(
                    module,
                    getattr(node, "lineno", statement.lineno),
                    operator,
                    _short(before),
                    _short(after),
                    where,
                    ast.unparse(clone),
                    ast.Module(body=body, type_ignores=[]),
                )
                if mutant.id not in seen:  # two sites that make the same program are one mutant
                    seen.add(mutant.id)
                    mutants.append(mutant)
    return mutants


def _definition_name(statement: ast.stmt) -> str:
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return statement.name
    if isinstance(statement, (ast.Assign, ast.AnnAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        return ",".join(ast.unparse(t) for t in targets)
    return f"line {statement.lineno}"


def _short(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= 120 else one[:117] + "..."


def run_meta_mutant(
    mutant: MetaMutant,
    lab: Lab,
    template: Database,
    tests: tuple[str, ...],
    equivalents: Mapping[str, str] | None = None,
) -> MetaResult:
    """The module's tests against a copy of the package with the mutant in place; a survivor listed in
    ``equivalents`` (id -> reason) is reported as equivalent with its reason."""
    started = time.monotonic()
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
    outcome, detail = judge(mutant.id, completed.returncode, results, equivalents or {})
    return MetaResult(
        mutant.id,
        mutant.module,
        mutant.line,
        mutant.operator,
        mutant.before,
        mutant.after,
        outcome,
        detail,
        round(time.monotonic() - started, 2),
    )


_OUTCOMES: dict[int, MetaOutcome] = {0: "survived", 1: "killed"}


def judge(
    mutant_id: str, returncode: int, results: RunResults | None, equivalents: Mapping[str, str]
) -> tuple[MetaOutcome, str]:
    """The verdict on one meta-mutant from its pytest run: killed when a test failed (1), survived when
    none did (0), not applied otherwise (the run broke); a listed survivor is equivalent, with its reason."""
    outcome = _OUTCOMES.get(returncode, "not applied")
    failures = results.failures if results else []
    if failures:
        detail = f"{failures[0].describe()}: {failures[0].message}"
    elif results is None:
        detail = f"pytest exited {returncode} without writing results (the mutant broke the run)"
    else:
        detail = f"pytest exited {returncode}, no test failed"
    if mutant_id in equivalents and outcome == "survived":
        return "equivalent", equivalents[mutant_id]
    if mutant_id in equivalents and outcome == "killed":
        detail += " (listed as equivalent: remove it from harness_equivalents.toml)"
    return outcome, detail


def run_meta_mutants(
    mutants: list[MetaMutant],
    lab: Lab,
    template: Database,
    jobs: int = 2,
    on_result: Any = None,
    equivalents: Mapping[str, str] | None = None,
) -> list[MetaResult]:
    """``jobs`` at a time (each a pytest subprocess of its own); results in the mutants' order."""
    from concurrent.futures import ThreadPoolExecutor

    def one(mutant: MetaMutant) -> MetaResult:
        result = run_meta_mutant(mutant, lab, template, TARGETS[mutant.module], equivalents)
        if on_result is not None:
            on_result(result)
        return result

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, mutants))
