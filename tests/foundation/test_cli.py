"""A missing tool is one line that says what to install, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetdb.cli import main


def test_missing_sqitch_is_one_line_naming_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["rehearse", "--skip-scenarios"]) == 2
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    assert err.startswith("fleetdb rehearse: sqitch is not installed")
    assert "sqitch libdbd-pg-perl" in err
    assert len(err.splitlines()) == 1
