"""The README's tour matches the tree: every path it names exists, and it names every package of the
harness and every directory of the test suite, so a room added or moved shows up here."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
_BACKTICKED = re.compile(r"`([^`\s]+)`")
# Files at the root, named without a directory; any other bare file name (`er.md`, `summary.md`) is a
# name in a context, not a path.
ROOT_FILES = {"Makefile", "sqitch.conf", "sqitch.plan", "pyproject.toml", "uv.lock", "README.md"}
# Written by the commands at run time (reports/ is not in the repository).
_OUTPUTS = ("reports/", "$")


def named_paths(text: str) -> list[str]:
    """The backticked words that are paths: with a slash, or a file of the root like Makefile."""
    paths = []
    for token in _BACKTICKED.findall(text):
        if "://" in token or "…" in token or token.startswith(_OUTPUTS) or token.startswith("-"):
            continue
        if "/" in token or token in ROOT_FILES:
            paths.append(token)
    return paths


def tour() -> str:
    text = README.read_text()
    return text[text.index("## A tour of the house") :]


def test_the_path_finder_reads_paths_only() -> None:
    text = "`deploy/` `sqitch.conf` `Makefile` `sqitch deploy` `db:pg://h/db` `reports/junit.xml` `er.md`"
    assert named_paths(text) == ["deploy/", "sqitch.conf", "Makefile"]


def test_every_path_the_readme_names_exists() -> None:
    missing = [path for path in named_paths(README.read_text()) if not (REPO / path).exists()]
    assert missing == [], f"README.md names paths that do not exist: {missing}"


def test_the_tour_names_every_package_of_the_harness() -> None:
    named = set(named_paths(tour()))
    packages = sorted(
        f"python/fleetdb/{path.name}/"
        for path in (REPO / "python" / "fleetdb").iterdir()
        if (path / "__init__.py").is_file()
    )
    assert [package for package in packages if package not in named] == []


def test_the_tour_names_every_directory_of_the_tests() -> None:
    named = set(named_paths(tour()))
    directories = sorted(
        f"tests/{path.name}/"
        for path in (REPO / "tests").iterdir()
        if path.is_dir() and not path.name.startswith((".", "_")) and (path / "__init__.py").is_file()
    )
    assert [directory for directory in directories if directory not in named] == []
