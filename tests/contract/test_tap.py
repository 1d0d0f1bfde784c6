"""The TAP stream is TAP version 13 that ``prove`` (Debian's perl TAP::Harness) reads whatever the
diagnostics hold: one line per assertion, and each failure's labelled lines as YAML that TAP::Parser
decodes back to exactly what the assertion said."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fleetdb.contract import ContractFailure, has_table
from fleetdb.contract.core import keep_going, record_assertions
from fleetdb.report.tap import TapResult, render_tap

FAILURE = ContractFailure(
    "table s.t",
    "Table s.t should have the # right columns",
    [("missing", ["a"]), ("extra", ["b"]), ("have", 'say "hi"\nand: bye'), ("want", "x: y")],
)
# Keys and values that broke the YAML block or TAP::Parser's reading of it.
HOSTILE = {
    "s.t.c type": "have bigint\nwant integer",
    "row 2": "have ('tom',)\n     want ('tim',)",
    'key: with "quotes" # and a hash': "value: with # hash and 'quotes'",
    "view definition": " SELECT a,\n    b\n\n   FROM s.t\n  WHERE a = '|';",
    "trailing": "spaces   \nand\ttabs\t",
    "controls": "nul \x00 bell \x07 escape \x1b del \x7f c1 \x85",
    "separators": "line\u2028para\u2029bom\ufeff",
    "unicode": "Müller → 東京 ✓",
    "markers": "---\n...\n- item\n? key\n: value",
    "backslashes": 'C:\\path\\n is not a newline \\" \\x41',
    "empty": "",
    "only spaces": "   ",
    "ends with a newline": "first\nsecond\n",
}
pytestmark = pytest.mark.skipif(shutil.which("prove") is None, reason="prove (perl) is not installed")

# What TAP::Parser (the parser behind prove) makes of a stream: every test line with its YAML block,
# the lines it did not understand, and its parse errors.
PARSE_WITH_TAP_PARSER = r"""
use strict; use warnings; use TAP::Parser; use JSON::PP;
binmode STDIN, ':encoding(UTF-8)';
my $parser = TAP::Parser->new({ tap => do { local $/; <STDIN> } });
my (@tests, @unknown);
while (my $result = $parser->next) {
    if ($result->is_test) {
        push @tests, { number => $result->number, ok => $result->is_ok ? 1 : 0,
                       description => $result->description };
    } elsif ($result->is_yaml) { $tests[-1]{yaml} = $result->data }
    elsif ($result->is_unknown) { push @unknown, $result->raw }
}
print JSON::PP->new->canonical->encode({ tests => \@tests, unknown => \@unknown,
    errors => [$parser->parse_errors], planned => $parser->tests_planned });
"""


def _prove(tmp_path: Path, stream: str) -> subprocess.CompletedProcess[str]:
    tap = tmp_path / "contracts.tap"
    tap.write_text(stream, encoding="utf-8")
    # prove runs "cat contracts.tap" as the test program and parses what it prints.
    return subprocess.run(
        ["prove", "--verbose", "--exec", "cat", str(tap)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )


def _parsed(stream: str) -> dict[str, Any]:
    run = subprocess.run(
        ["perl", "-e", PARSE_WITH_TAP_PARSER],
        input=stream.encode(),
        capture_output=True,
        timeout=60,
        check=True,
    )
    parsed: dict[str, Any] = json.loads(run.stdout)
    return parsed


def _decoded(value: str) -> str:
    """What TAP::Parser gives back for a value: a literal block gains the final newline YAML's "|"
    keeps; the separators it has no escape for come back spelled as escapes."""
    if "\n" in value and "\n\n" not in value and value.strip() and "\t" not in value:
        return value if value.endswith("\n") else value + "\n"
    return value


def test_the_stream_is_tap_13_with_yaml_diagnostics() -> None:
    stream = render_tap(
        [
            TapResult("has a table", True),
            TapResult("columns", False, FAILURE.diagnostics()),
            TapResult("not here", True, skip="no pgtap"),
        ]
    )
    assert stream.splitlines()[:4] == ["TAP version 13", "1..3", "ok 1 - has a table", "not ok 2 - columns"]
    assert '  have: |\n    say "hi"\n    and: bye\n' in stream
    assert '  want: "x: y"\n' in stream
    assert '  message: "Table s.t should have the # right columns"' in stream
    assert stream.endswith("ok 3 - not here # SKIP no pgtap\n")


def test_prove_accepts_a_passing_stream(tmp_path: Path) -> None:
    result = _prove(tmp_path, render_tap([TapResult("one", True), TapResult("two # with hash", True)]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Result: PASS" in result.stdout


def test_prove_reads_every_key_and_value_back(tmp_path: Path) -> None:
    stream = render_tap(
        [
            TapResult("one", True),
            TapResult("hostile", False, HOSTILE),
            TapResult("after it", True),
            TapResult("a\\ description # with\n a hash\x00", False, {"k": "v"}),
        ]
    )
    result = _prove(tmp_path, stream)
    assert "Failed 2/4 subtests" in result.stdout, result.stdout
    assert "Parse errors" not in result.stdout + result.stderr, result.stdout
    parsed = _parsed(stream)
    assert parsed["errors"] == [] and parsed["unknown"] == [] and int(parsed["planned"]) == 4
    assert [t["ok"] for t in parsed["tests"]] == [1, 0, 1, 0]
    yaml = parsed["tests"][1]["yaml"]
    assert set(yaml) == set(HOSTILE)
    for key, value in HOSTILE.items():
        if key == "separators":
            assert yaml[key] == "line\\u2028para\\u2029bom\\ufeff"  # TAP::Parser reads no \u escape
        else:
            assert yaml[key] == _decoded(value), key
    # TAP keeps a description's escapes ("\\#" is not a directive); the line stays one test line.
    assert parsed["tests"][3]["description"] == "- a\\\\ description \\# with a hash\ufffd"


def _run_pytest_with_tap(tmp_path: Path, source: str) -> tuple[subprocess.CompletedProcess[str], str]:
    (tmp_path / "test_sample.py").write_text(source)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:fleetdb",  # the fixtures plugin is not needed here, and is slow to import
            "-p",
            "fleetdb.plugins.tap",
            "--tap",
            "out.tap",
            "--junitxml=out.xml",
            "-q",
            "-p",
            "no:cacheprovider",
            "test_sample.py",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    return run, (tmp_path / "out.tap").read_text(encoding="utf-8")


# A schema contract that fails the way a drifted schema does: a column of another type, a view whose
# multi-line definition changed, a constraint whose text holds quotes, a pipe and a hash.
FAILING_CONTRACT_RUN = r"""
import pytest
from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import has_table, ContractFailure
from fleetdb.contract.schema_contract import SchemaContract, check_contract

VIEW = " SELECT t.a,\n    t.b\n   FROM s.t\n  WHERE t.a <> '|';"
SNAP = CatalogSnapshot({
    "schema": {"s": {"owner": "o"}},
    "relation": {"s.t": {"relkind": "table", "owner": "o"},
                 "s.v": {"relkind": "view", "owner": "o", "view_definition": VIEW}},
    "column": {"s.t.a": {"relation": "s.t", "type": "bigint"},
               "s.t.b": {"relation": "s.t", "type": "text", "not_null": True}},
    "constraint": {"s.t.t_b_ck": {"table": "s.t", "type": "c",
                                  "definition": "CHECK ((b <> '# \"x\": |'::text))"}},
})
CONTRACT = SchemaContract("s", "o", {
    "relation": {"s.t": {"relkind": "table", "owner": "o"},
                 "s.v": {"relkind": "view", "owner": "o",
                         "view_definition": VIEW.replace("t.b", "t.b,\n\n    t.c")}},
    "column": {"s.t.a": {"type": "integer"}, "s.t.b": {"type": "text", "not_null": True}},
    "constraint": {"s.t.t_b_ck": {"type": "c", "definition": "CHECK ((b <> ''::text))"}},
})

@pytest.mark.parametrize("part", ["schema", "relations", "columns", "constraints"])
def test_contract(part):
    check_contract(SNAP, CONTRACT, part)

def test_present():
    has_table(SNAP, "s.t")

def test_plain():
    assert True

def test_expects_a_failure():
    with pytest.raises(ContractFailure):
        has_table(SNAP, "s.nope")

def test_assertion_then_plain_failure():
    has_table(SNAP, "s.t")
    assert 1 == 2, "a plain\nmulti-line message"

def test_raised_by_hand():
    raise ContractFailure("thing x", "x should hold", [("have", "no"), ("want", "yes")])

@pytest.fixture
def broken():
    raise RuntimeError("no database")

def test_setup_fails(broken):
    pass

@pytest.mark.skip(reason="not today")
def test_skipped():
    pass
"""


def test_a_failing_contract_run_gives_tap_that_prove_reads(tmp_path: Path) -> None:
    run, stream = _run_pytest_with_tap(tmp_path, FAILING_CONTRACT_RUN)
    assert run.returncode == 1, run.stdout + run.stderr
    result = _prove(tmp_path, stream)
    assert "Parse errors" not in result.stdout + result.stderr, result.stdout
    assert "Bad plan" not in result.stdout + result.stderr
    parsed = _parsed(stream)
    assert parsed["errors"] == [] and parsed["unknown"] == []
    tests = {t["description"].removeprefix("- "): t for t in parsed["tests"]}
    assert int(parsed["planned"]) == len(parsed["tests"])
    assert f"Failed {sum(not t['ok'] for t in parsed['tests'])}/{parsed['planned']} subtests" in result.stdout

    failed = sum(not t["ok"] for t in parsed["tests"])
    assert f"TAP: {len(parsed['tests'])} assertions, " in run.stdout
    assert f" {failed} failed, 1 skipped, written to out.tap" in run.stdout
    assert "✗ The column s.t.a should be as written  test_sample.py::test_contract[columns]" in run.stdout
    assert "    s.t.a type: have bigint\n                want integer\n" in run.stdout

    # One line per assertion, described as pgTAP describes them.
    assert tests["Schema s should have the correct tables"]["ok"] == 1
    assert tests["Table s.t should have the correct columns"]["ok"] == 1
    assert tests["The column s.t.b should be as written"]["ok"] == 1
    column = tests["The column s.t.a should be as written"]
    assert column["ok"] == 0
    assert column["yaml"]["s.t.a type"] == "have bigint\nwant integer\n"
    assert column["yaml"]["test"] == "test_sample.py::test_contract[columns]"
    view = tests["The relation s.v should be as written"]["yaml"]["s.v view_definition"]
    assert view.startswith("have  SELECT t.a,\n    t.b\n   FROM s.t\n  WHERE t.a <> '|';\nwant  SELECT")
    assert "    t.b,\n\n    t.c\n" in view  # the empty line of the definition is kept
    check = tests["The constraint s.t.t_b_ck should be as written"]["yaml"]["s.t.t_b_ck definition"]
    assert check.startswith("have CHECK ((b <> '# \"x\": |'::text))\nwant")

    # A test with no assertion is one line; one that failed otherwise than by an assertion gets a line.
    assert tests["Table s.t should exist"]["ok"] == 1 and "test_sample.py::test_present" not in tests
    assert tests["test_sample.py::test_plain"]["ok"] == 1
    assert tests["Table s.nope should exist (fails, as the test expects)"]["ok"] == 1
    plain = tests["test_sample.py::test_assertion_then_plain_failure"]
    assert plain["ok"] == 0
    assert plain["yaml"]["message"].startswith("AssertionError: a plain\n  multi-line message\nassert 1 == 2")
    by_hand = tests["test_sample.py::test_raised_by_hand"]["yaml"]
    assert (by_hand["message"], by_hand["have"], by_hand["want"]) == ("x should hold", "no", "yes")
    assert tests["test_sample.py::test_setup_fails"]["ok"] == 0
    assert "test_sample.py::test_skipped" in tests
    # The JUnit XML keeps one entry per test, without the assertion list.
    junit = (tmp_path / "out.xml").read_text()
    assert "fleetdb_assertions" not in junit and junit.count("<testcase ") == 11


def test_assertions_are_recorded_once_each_and_keep_going_collects() -> None:
    from fleetdb.catalog import CatalogSnapshot

    snap = CatalogSnapshot({"relation": {"s.t": {"relkind": "table"}}})
    with record_assertions() as outcomes, pytest.raises(ContractFailure) as failure, keep_going("two"):
        has_table(snap, "s.t")
        has_table(snap, "s.u")
        has_table(snap, "s.v", description="my own words")
    assert [(o.description, o.ok) for o in outcomes] == [
        ("Table s.t should exist", True),
        ("Table s.u should exist", False),
        ("my own words", False),
    ]
    assert failure.value.description == "2 assertions of two failed"
    assert "no table s.u" in str(failure.value) and "no table s.v" in str(failure.value)


def test_every_public_assertion_is_counted() -> None:
    import fleetdb.contract

    names = set(fleetdb.contract.__all__) - {"CatalogSource", "ContractFailure", "catalog", "refresh"}
    unmarked = sorted(
        n for n in names if not getattr(getattr(fleetdb.contract, n), "__fleetdb_assertion__", 0)
    )
    assert unmarked == []
