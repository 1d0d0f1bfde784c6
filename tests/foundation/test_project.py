"""The project as sqitch reads it: reworked changes with their own scripts, every path from sqitch.conf,
and a plan sqitch rejects stopped in one line that names the file and the line, before any server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fleetdb.cli import main
from fleetdb.errors import FleetdbError
from fleetdb.project import Project

PROJECTS = Path(__file__).resolve().parents[1] / "rehearsal" / "projects"
REWORK = PROJECTS / "rework_chain"


@pytest.fixture(scope="module")
def rework() -> Project:
    return Project.load(REWORK)


def test_a_rework_chain_across_tags_has_one_version_per_change(rework: Project) -> None:
    labels = [c.label for c in rework.changes]
    assert labels == [
        "shop_schema",
        "accounts",
        "add_account@v1",
        "add_account@v2",
        "account_audit",
        "add_account",
    ]
    assert len({c.id for c in rework.changes}) == 6
    scripts = {c.label: c.deploy_file.relative_to(REWORK).as_posix() for c in rework.changes}
    assert scripts["add_account@v1"] == "sql/deploy/add_account@v1.pgsql"
    assert scripts["add_account@v2"] == "sql/deploy/add_account@v2.pgsql"
    assert scripts["add_account"] == "sql/deploy/add_account.pgsql"
    assert rework.change("add_account").label == "add_account"  # a name is its latest version


def test_paths_come_from_sqitch_conf_as_sqitch_resolves_them(rework: Project) -> None:
    assert rework.plan_file == REWORK / "sql" / "shop.plan"
    assert (rework.top_dir, rework.deploy_dir) == (REWORK / "sql", REWORK / "sql" / "deploy")
    assert rework.extension == "pgsql"
    assert rework.name == "shop"


def test_requirements_resolve_tag_qualified_names(rework: Project) -> None:
    head = rework.change("add_account")
    assert [c.label for c in rework.requirements(head)] == ["add_account@v2", "account_audit"]
    v1 = rework.change("add_account@v1")
    assert [c.label for c in rework.dependents(v1)] == ["add_account@v2", "add_account"]


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "shop"
    shutil.copytree(REWORK, copy)
    return copy


def test_a_line_sqitch_rejects_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    plan = copy / "sql" / "shop.plan"
    lines = plan.read_text().splitlines()
    lines[5] = "accounts! [shop_schema] 2026-11-30T08:13:42Z x <x@x> # a name sqitch refuses"
    plan.write_text("\n".join(lines) + "\n")
    with pytest.raises(FleetdbError) as error:
        Project.load(copy)
    assert str(error.value).startswith(f"{plan}:6: Invalid name")
    assert "\n" not in str(error.value)


def test_an_unknown_dependency_names_the_line_of_the_change(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    plan = copy / "sql" / "shop.plan"
    plan.write_text(plan.read_text().replace("account_audit [accounts]", "account_audit [ledger]"))
    with pytest.raises(FleetdbError, match=r'shop\.plan:10: Unknown change "ledger" required by change'):
        Project.load(copy)


def test_a_missing_script_is_named_before_any_server_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy(tmp_path)
    (copy / "sql" / "revert" / "add_account@v2.pgsql").unlink()
    assert main(["rehearse", "--project", str(copy), "--skip-scenarios"]) == 2
    err = capsys.readouterr().err.strip()
    assert "sql/shop.plan:9: the revert script of change add_account@v2 is missing" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_no_project_here_is_one_line_saying_what_to_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rehearse", "--project", str(tmp_path)]) == 2
    assert "holds no sqitch.conf or sqitch.plan" in capsys.readouterr().err
