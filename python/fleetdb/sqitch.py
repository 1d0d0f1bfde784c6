"""The real ``sqitch`` commands, run for one project against one target.

Every command runs as ``sqitch --chdir <project>`` and names changes by id (a reworked change's name is
ambiguous). The psql variables sqitch would collect for the project's target are passed with ``--set``,
so they are the same whatever URI the command is pointed at (a throwaway clone included); so are the
registry and the psql client. The password travels in the environment, never on the command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from fleetdb import processes
from fleetdb.errors import FleetdbError, ToolMissing
from fleetdb.project import Change, Project
from fleetdb.target import Target

# What sqitch prints as it deploys or reverts a change: "  + name .. ok", "  - name @tag .. ok".
_PROGRESS_LINE = re.compile(r"^\s+[+-] (?P<change>\S+)(?: @\S+)* \.+", re.MULTILINE)

# Wall seconds of every sqitch command this process ran, so `fleetdb bench` can tell sqitch's own time
# from what a rehearsal adds around it.
command_seconds: list[float] = []


class SqitchFailed(FleetdbError):
    """A sqitch command exited non-zero; names the change it was working on."""

    def __init__(self, command: list[str], change: str | None, output: str) -> None:
        where = f"change {change!r}" if change else "the plan"
        tail = "\n".join(output.strip().splitlines()[-15:])
        super().__init__(f"sqitch {command[0]} failed at {where}:\n{tail}")
        self.command = command
        self.change = change
        self.output = output


def sqitch_executable() -> str:
    found = shutil.which("sqitch")
    if found is None:
        raise ToolMissing("sqitch", "sqitch libdbd-pg-perl")
    return found


@dataclass(frozen=True)
class Sqitch:
    """Runs sqitch for ``project`` against ``target``; ``variables`` are the caller's ``--set`` values."""

    project: Project
    target: Target
    variables: Mapping[str, str] = field(default_factory=dict, hash=False)

    def command_variables(self, command: str) -> dict[str, str]:
        """What sqitch would set for ``command`` on the project's target, then the caller's values."""
        return {**self.project.variables_for(command), **self.variables}

    def _command(self, command: str, *args: str) -> list[str]:
        line = [command, *args]
        for name, value in sorted(self.command_variables(command).items()):
            line += ["--set", f"{name}={value}"]
        line += ["--registry", self.project.registry, "--client", self.project.client]
        # The plan as read (a rehearsal may have taken changes out of a copy of it).
        line += ["--plan-file", str(self.project.plan_file), self.target.sqitch_uri]
        return [sqitch_executable(), "--chdir", str(self.project.root), *line]

    def _env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "SQITCH_FULLNAME": os.environ.get("SQITCH_FULLNAME", "fleetdb"),
            "SQITCH_EMAIL": os.environ.get("SQITCH_EMAIL", "fleetdb@localhost"),
            **self.target.env(),
        }
        env.pop("SQITCH_TARGET", None)
        return env

    def _run(self, command: str, *args: str) -> str:
        started = time.perf_counter()
        result = processes.run(self._command(command, *args), capture_output=True, env=self._env())
        command_seconds.append(time.perf_counter() - started)
        output = result.stdout + result.stderr
        if result.returncode != 0:
            processes.stop_requested()  # sqitch signalled with this process: not a failure of the plan
            progress = _PROGRESS_LINE.findall(result.stdout)
            raise SqitchFailed([command, *args], progress[-1] if progress else None, output)
        return output

    def deploy(self, to: Change | None = None, *, verify: bool = True, log_only: bool = False) -> str:
        """``log_only``: record the changes in the registry without running their scripts."""
        args = ["--verify" if verify else "--no-verify", *(["--log-only"] if log_only else [])]
        return self._run("deploy", *args, *(["--to", to.ref] if to else []))

    def start_deploy(self, to: Change) -> subprocess.Popen[str]:
        """``sqitch deploy --to <to> --verify`` started and left running: the process is sqitch itself
        (the psql it runs for each script is its child), output merged on ``stdout``."""
        return subprocess.Popen(
            self._command("deploy", "--verify", "--to", to.ref),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=self._env(),
            preexec_fn=processes.die_with_parent(),
        )

    def revert(self, to: Change | None = None) -> str:
        return self._run("revert", "-y", *(["--to", to.ref] if to else []))

    def verify(self, to: Change | None = None) -> str:
        return self._run("verify", *(["--to", to.ref] if to else []))
