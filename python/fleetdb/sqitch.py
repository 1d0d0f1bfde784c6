"""The Sqitch plan as data, and the real ``sqitch`` commands run against a target."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from fleetdb.errors import FleetdbError, ToolMissing

# A change line: name [deps] timestamp planner <email> # note ; tags start with '@', pragmas with '%'.
_CHANGE_LINE = re.compile(r"^(?P<name>[^\s@%#\[][^\s\[]*)\s*(?:\[(?P<deps>[^\]]*)\])?\s")
_TAG_LINE = re.compile(r"^@(?P<tag>\S+)\s")
# What sqitch prints as it deploys or reverts a change: "  + name .. ok" / "  - name .. ok".
_PROGRESS_LINE = re.compile(r"^\s+[+-] (?P<change>\S+) \.\.", re.MULTILINE)


# Wall seconds of every sqitch command this process ran, so `fleetdb bench` can tell sqitch's own time
# from what a rehearsal adds around it.
command_seconds: list[float] = []


@dataclass(frozen=True)
class Change:
    name: str
    requires: tuple[str, ...]
    tags: tuple[str, ...]


class SqitchFailed(FleetdbError):
    """A sqitch command exited non-zero; names the change it was working on."""

    def __init__(self, command: list[str], change: str | None, output: str) -> None:
        where = f"change {change!r}" if change else "the plan"
        tail = "\n".join(output.strip().splitlines()[-15:])
        super().__init__(f"sqitch {command[0]} failed at {where}:\n{tail}")
        self.command = command
        self.change = change
        self.output = output


def read_plan(project: Path) -> list[Change]:
    """The changes of ``sqitch.plan`` in deploy order, with their dependencies and tags."""
    changes: list[Change] = []
    for raw in (project / "sqitch.plan").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("%", "#")):
            continue
        tag = _TAG_LINE.match(line)
        if tag and changes:
            last = changes[-1]
            changes[-1] = Change(last.name, last.requires, (*last.tags, tag["tag"]))
            continue
        change = _CHANGE_LINE.match(line + " ")
        if change:
            deps = tuple(d for d in (change["deps"] or "").split() if not d.startswith("!"))
            changes.append(Change(change["name"], deps, ()))
    return changes


def sqitch_executable() -> str:
    found = shutil.which("sqitch")
    if found is None:
        raise ToolMissing("sqitch", "sqitch libdbd-pg-perl")
    return found


@dataclass(frozen=True)
class Sqitch:
    """Runs sqitch for one project against one target URI (``db:pg://user@host:port/db``)."""

    project: Path
    target: str

    def _command(self, *args: str) -> list[str]:
        return [sqitch_executable(), "--chdir", str(self.project), *args, self.target]

    @staticmethod
    def _env() -> dict[str, str]:
        return {
            **os.environ,
            "SQITCH_FULLNAME": os.environ.get("SQITCH_FULLNAME", "fleetdb"),
            "SQITCH_EMAIL": os.environ.get("SQITCH_EMAIL", "fleetdb@localhost"),
        }

    def _run(self, *args: str) -> str:
        command = [*args, self.target]
        started = time.perf_counter()
        result = subprocess.run(self._command(*args), capture_output=True, text=True, env=self._env())
        command_seconds.append(time.perf_counter() - started)
        output = result.stdout + result.stderr
        if result.returncode != 0:
            progress = _PROGRESS_LINE.findall(result.stdout)
            raise SqitchFailed(command, progress[-1] if progress else None, output)
        return output

    def deploy(self, to: str | None = None, *, verify: bool = True, log_only: bool = False) -> str:
        """``log_only``: record the changes in the registry without running their scripts."""
        args = ["deploy", "--verify" if verify else "--no-verify", *(["--log-only"] if log_only else [])]
        return self._run(*args, *(["--to", to] if to else []))

    def start_deploy(self, to: str) -> subprocess.Popen[str]:
        """``sqitch deploy --to <to> --verify`` started and left running: the process is sqitch itself
        (the psql it runs for each script is its child), output merged on ``stdout``."""
        return subprocess.Popen(
            self._command("deploy", "--verify", "--to", to),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=self._env(),
        )

    def revert(self, to: str | None = None) -> str:
        return self._run("revert", "-y", *(["--to", to] if to else []))

    def verify(self, to: str | None = None) -> str:
        return self._run("verify", *(["--to", to] if to else []))
