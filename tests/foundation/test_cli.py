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


def test_libpq_s_second_line_is_kept_apart_from_the_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seed", "--target", "host=127.0.0.1 port=1 dbname=x user=y connect_timeout=5"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "Connection refused; Is the server running on that host" in err


def test_an_error_is_printed_as_text_not_markup(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mutate", "--invariant", "NOPE[bold]"]) == 2
    err = capsys.readouterr().err
    assert err == "fleetdb mutate: not in the invariant catalog: NOPE[bold]\n"
