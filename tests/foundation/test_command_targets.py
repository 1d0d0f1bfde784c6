"""``--target`` is offered only by the commands that honour it: ``fleetdb contracts --target`` runs the
contracts on that server; ``bench``, ``server`` and ``invariants-doc`` work on throwaway servers of their
own (or none), so their help does not list it and a ``--target`` given anyway is one line saying why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fleetdb.cli import build_parser, main
from fleetdb.lab import Lab

PLUGIN_PROJECT = Path(__file__).resolve().parents[1] / "plugin_project"

_WHERE = """
import os


def test_where_the_contracts_run(db):
    row = db.execute(
        "SELECT current_setting('data_directory'), "
        "(SELECT datname FROM pg_database WHERE datname = 'fleetdb_contracts' AND datistemplate)"
    ).fetchone()
    with open(os.environ["FLEETDB_TEST_WHERE"], "w") as out:
        out.write(" ".join(row))
"""


def test_contracts_run_on_the_target_server_and_leave_nothing_there(
    fleetdb_lab: Lab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "library"
    shutil.copytree(PLUGIN_PROJECT, project)
    (project / "tests" / "schema_contracts").mkdir()
    (project / "tests" / "schema_contracts" / "test_where.py").write_text(_WHERE)
    where = tmp_path / "where.txt"
    monkeypatch.setenv("FLEETDB_TEST_WHERE", str(where))
    monkeypatch.setenv("FLEETDB_REPORTS", str(tmp_path / "reports"))
    monkeypatch.delenv("FLEETDB_LAB", raising=False)

    assert main(["contracts", "--project", str(project), "--target", fleetdb_lab.server.conninfo]) == 0

    with fleetdb_lab.server.connect() as conn:
        row = conn.execute("SELECT current_setting('data_directory')").fetchone()
        assert row is not None
        assert where.read_text() == f"{row[0]} fleetdb_contracts"
        left = conn.execute("SELECT datname FROM pg_database WHERE datname = 'fleetdb_contracts'").fetchall()
    assert left == [], "the template on the target's server is dropped after the run"


@pytest.mark.parametrize(
    ("command", "why"),
    [
        ("bench", "it measures on throwaway servers of its own"),
        ("server", "it starts a throwaway server of its own"),
        ("invariants-doc", "it writes the document from the invariant catalog alone"),
        ("bench-doc", "it writes the page from a run's report alone"),
    ],
)
def test_a_command_that_takes_no_target_does_not_offer_one(
    command: str, why: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    assert "--target" not in capsys.readouterr().out
    assert main([command, "--target", "postgresql://dba@db.internal/fleet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fleetdb {command}: no --target: {why}")
    assert len(err.splitlines()) == 1
