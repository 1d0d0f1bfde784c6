"""Harness meta-mutants: an id names one mutated definition and survives edits elsewhere in its module;
the reviewed list of equivalent meta-mutants is held to the schema list's rules (a listed survivor is
equivalent, a listed mutant that is killed or no longer generated fails the run, an unlisted survivor
fails it), and the checked-in list names only mutants the harness generates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fleetdb.databases import Database
from fleetdb.mutation.equivalents import load_equivalents
from fleetdb.mutation.harness import HARNESS_EQUIVALENTS_PATH, MetaResult, judge, meta_mutants
from fleetdb.mutation.model import read_run_report
from fleetdb.mutation.plan import gate
from fleetdb.results import RunResults
from fleetdb.results import TestResult as Ran

MODULE = """
KINDS = ("table", "view")


def pinned(kind, found):
    if kind in KINDS and found is not None:
        return found
    return None


def other(x):
    return x == 1
"""


def _mutants(tmp_path: Path, source: str) -> dict[str, str]:
    (tmp_path / "mod.py").write_text(source)
    return {m.id: m.after for m in meta_mutants(["mod.py"], package=tmp_path)}


def test_an_id_names_its_definition_and_survives_edits_elsewhere(tmp_path: Path) -> None:
    before = _mutants(tmp_path, MODULE)
    assert sorted(i.split("/")[0] for i in before) == sorted(
        ["mod.py:KINDS"] * 2 + ["mod.py:pinned"] * 3 + ["mod.py:other"]
    )
    after = _mutants(tmp_path, "import os\n" + MODULE.replace("x == 1", "x == 2"))
    unchanged = {i for i in before if not i.startswith("mod.py:other/")}
    assert unchanged <= set(after), "an edit of other() moved the ids of pinned() and KINDS"
    assert not {i for i in before if i.startswith("mod.py:other/")} & set(after)


def test_two_sites_that_make_the_same_program_are_one_mutant(tmp_path: Path) -> None:
    mutants = _mutants(tmp_path, 'PAIR = ("a", "a")\n')
    assert list(mutants.values()) == ["('a',)"]


def test_the_mutated_module_is_the_module_with_one_site_changed(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text(MODULE)
    mutant = next(m for m in meta_mutants(["mod.py"], package=tmp_path) if m.operator == "flip comparison")
    assert "kind not in KINDS" in mutant.source and 'KINDS = ("table", "view")' in mutant.source.replace(
        "'", '"'
    )


FAILED = RunResults(1, results=[Ran("tests/t.py::test_x", "failed", message="assert 1 == 2")])


@pytest.mark.parametrize(
    ("returncode", "results", "listed", "outcome"),
    [
        (1, FAILED, False, "killed"),
        (0, RunResults(0), False, "survived"),
        (0, RunResults(0), True, "equivalent"),
        (1, FAILED, True, "killed"),
        (2, None, False, "not applied"),
    ],
)
def test_the_verdict_of_a_run(
    returncode: int, results: RunResults | None, listed: bool, outcome: str
) -> None:
    equivalents = {"m:f/op/1": "cannot change what it reports"} if listed else {}
    found, detail = judge("m:f/op/1", returncode, results, equivalents)
    assert found == outcome
    if outcome == "equivalent":
        assert detail == "cannot change what it reports"
    if outcome == "killed":
        assert detail.startswith("tests/t.py::test_x: assert 1 == 2")
        assert ("harness_equivalents.toml" in detail) == listed


def _result(id_: str, outcome: str) -> MetaResult:
    return MetaResult(id_, "contract/x.py", 3, "drop operand", "a or b", "a", outcome, "why")  # type: ignore[arg-type]


def test_the_gate_holds_the_harness_list_to_the_schema_lists_rules() -> None:
    equivalents = {"listed-survivor": "r", "listed-killed": "r", "gone": "r"}
    results = [
        _result("killed", "killed"),
        _result("listed-survivor", "equivalent"),
        _result("listed-killed", "killed"),
        _result("unlisted", "survived"),
        _result("broken", "not applied"),
    ]
    generated = [r.id for r in results]
    problems = gate(results, equivalents, {}, generated, "harness_equivalents.toml")
    assert [p.split(":")[0] for p in problems] == [
        "survived",
        "not applied",
        "listed but killed",
        "harness_equivalents.toml names no generated mutant",
    ]
    assert "contract/x.py:3 drop operand: a or b -> a" in problems[0]
    assert problems[3].endswith(": gone")
    assert gate(results[:2], equivalents, {}, [*generated, "listed-killed", "gone"]) == []


def test_every_listed_harness_equivalent_is_a_generated_meta_mutant_with_a_reason() -> None:
    listed = load_equivalents(HARNESS_EQUIVALENTS_PATH)  # an entry without a reason is an error
    generated = {m.id for m in meta_mutants()}
    assert sorted(set(listed) - generated) == [], (
        "harness_equivalents.toml names meta-mutants the harness no longer generates (their definition "
        "changed): rerun `fleetdb mutate --harness` and review them again"
    )


def test_the_harness_command_writes_its_run_and_gates_on_the_list(
    fleetdb_template: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end without running a meta-mutant: a rerun of an earlier report in which everything was
    killed has nothing to run; the report carries its run, and the checked-in list is not stale."""
    from fleetdb.cli import main

    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps([{"id": m.id, "outcome": "killed"} for m in meta_mutants()[:3]]))
    monkeypatch.setenv("FLEETDB_REPORTS", str(tmp_path / "reports"))
    server = fleetdb_template.server.conninfo
    args = ["mutate", "--harness", "--survivors-of", str(earlier), "--jobs", "1"]
    assert main([*args, "--target", server, "--template", fleetdb_template.name]) == 0
    run, entries = read_run_report(tmp_path / "reports" / "harness-mutants.json")
    assert entries == [] and run is not None
    assert run.jobs == 1 and "--survivors-of" in run.run.arguments and run.seconds >= 0
    # A finished run's report (it carries its run) is itself an earlier report to rerun the survivors of.
    report = str(tmp_path / "reports" / "harness-mutants.json")
    rerun = ["mutate", "--harness", "--survivors-of", report, "--jobs", "1"]
    assert main([*rerun, "--target", server, "--template", fleetdb_template.name]) == 0
