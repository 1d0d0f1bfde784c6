"""What every command takes, from one parent parser: which project (``--project``), which database
(``--target``), which PostgreSQL binaries for throwaway servers (``--pg-bindir``) and psql variables for
the plan's scripts (``--set``). ``Context.from_args`` reads them once: the plan is validated by sqitch
before any server starts."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fleetdb.errors import FleetdbError
from fleetdb.lab import Lab
from fleetdb.project import Project
from fleetdb.target import Target

TARGET_HELP = (
    "the database: db:pg://user@host:5432/dbname, postgresql://…, 'host=… dbname=…' "
    "or the name of a target in sqitch.conf"
)


def parent_parser(target: bool = True) -> argparse.ArgumentParser:
    """The options every subcommand shares (``parents=[parent_parser()]``). ``target=False``: a command
    that works on throwaway servers of its own only; its help does not offer ``--target``, and
    ``refuse_target`` says why when one is given anyway."""
    parser = argparse.ArgumentParser(add_help=False)
    group = parser.add_argument_group("project and database" if target else "project")
    group.add_argument(
        "--project",
        metavar="DIR",
        help="the Sqitch project directory (default: the current directory, as for sqitch)",
    )
    group.add_argument("--target", metavar="TARGET", help=TARGET_HELP if target else argparse.SUPPRESS)
    group.add_argument(
        "--pg-bindir",
        metavar="DIR",
        help="PostgreSQL server binaries for throwaway servers (default: pg_config --bindir)",
    )
    group.add_argument(
        "--set",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        dest="variables",
        help="a psql variable for the plan's scripts, as sqitch deploy --set (repeatable)",
    )
    return parser


def parse_variables(pairs: Sequence[str]) -> dict[str, str]:
    variables: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise FleetdbError(f"--set {pair}: write --set NAME=VALUE")
        variables[name.strip()] = value
    return variables


@dataclass
class Context:
    """The shared options, read: the project as sqitch reads it, the target parsed once."""

    project: Project
    target: Target | None
    pg_bindir: str | None
    variables: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        project = Project.load(args.project, args.target)
        target = Target.parse(args.target, project) if args.target else None
        return cls(project, target, args.pg_bindir, parse_variables(args.variables))

    def throwaway_lab(self, root: Path | None = None) -> Lab:
        return Lab.throwaway(self.project, bindir=self.pg_bindir, variables=self.variables, root=root)

    def lab(self) -> Lab:
        """The target's server when there is one, else a throwaway server."""
        if self.target is not None:
            return Lab.external(self.project, self.target, self.variables)
        return self.throwaway_lab()


def parse_target(args: argparse.Namespace) -> Target | None:
    """The --target alone, for a command that needs no plan; a target name is looked up in the project."""
    if not args.target:
        return None
    named = ":" not in args.target and "=" not in args.target
    project = Project.load(args.project, args.target) if named else None
    return Target.parse(args.target, project)


def refuse_target(args: argparse.Namespace, why: str) -> None:
    if getattr(args, "target", None):
        raise FleetdbError(f"no --target: {why}")
