"""Where ``fleetdb contracts`` finds a project's schema contracts: tests/schema_contracts, else the
former name tests/contracts (one letter from tests/contract, the assertions' own tests), else nowhere,
which is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetdb.project import CONTRACTS_DIRECTORY, FORMER_CONTRACTS_DIRECTORY, contracts_directory


def test_the_contract_directory_is_tests_schema_contracts(tmp_path: Path) -> None:
    assert contracts_directory(tmp_path) is None
    (tmp_path / FORMER_CONTRACTS_DIRECTORY).mkdir(parents=True)
    assert contracts_directory(tmp_path) == tmp_path / "tests" / "contracts"
    (tmp_path / CONTRACTS_DIRECTORY).mkdir()
    assert contracts_directory(tmp_path) == tmp_path / "tests" / "schema_contracts"


def test_fleetdbs_own_contracts_are_where_the_command_looks() -> None:
    root = Path(__file__).resolve().parents[2]
    assert contracts_directory(root) == root / CONTRACTS_DIRECTORY
    assert sorted(path.name for path in (root / CONTRACTS_DIRECTORY).glob("*.json"))


def test_a_project_without_contracts_is_told_where_to_put_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fleetdb.cli import main

    (tmp_path / "sqitch.plan").write_text("%syntax-version=1.0.0\n%project=empty\n\n")
    (tmp_path / "sqitch.conf").write_text("[core]\n\tengine = pg\n")
    assert main(["contracts", "--project", str(tmp_path)]) != 0
    error = " ".join(capsys.readouterr().err.split())
    assert "has no tests/schema_contracts directory (nor tests/contracts)" in error
    assert "fleetdb contracts --draft SCHEMA" in error
