"""The help is written for the people who run fleetdb: every command and option described, no reST
markup or names of Python modules, and ``fleetdb --version``."""

from __future__ import annotations

import argparse
import re
from importlib.metadata import version

import pytest

from fleetdb.cli import build_parser, main

# reST and docstring markup, and the inside of the code, which a user of the command cannot use.
INTERNAL = re.compile(r"``|:(func|class|mod|meth):|`[^`]+`_|\bfleetdb\.[a-z_]+|\bdispatch|\bdocstring")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def _summaries() -> dict[str, str | None]:
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {choice.dest: choice.help for choice in action._choices_actions}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"fleetdb {version('fleetdb')}\n"


def test_the_top_level_help_is_for_users() -> None:
    text = build_parser().format_help()
    assert not INTERNAL.search(text), INTERNAL.search(text)
    assert "--version" in text


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_command_and_option_is_described_for_users(name: str) -> None:
    summary = _summaries()[name]
    parser = _subcommands()[name]
    assert summary and not INTERNAL.search(summary), summary
    assert len(summary) <= 100 and "\n" not in summary, "the summary is one line of the command list"
    assert parser.description and len(parser.description) > len(summary), "a description of its own"
    text = parser.format_help()
    assert not INTERNAL.search(text), INTERNAL.search(text)
    undescribed = [
        action.option_strings[0]
        for action in parser._actions
        if action.option_strings and action.help in (None, "") and action.dest != "help"
    ]
    assert undescribed == []
