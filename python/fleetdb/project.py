"""Which Sqitch project: its plan and every path, read once and the way Sqitch itself reads them.

``Project.load(directory, target)`` runs ``sqitch_project.pl`` (Sqitch's own Perl library: the plan parser,
``App::Sqitch::Target``) in the project directory, as ``sqitch --chdir`` would, and keeps its answer as
plain data: the changes in deploy order with their tags, reworks (``name@tag.sql`` scripts), dependencies
and script paths; ``plan_file``, ``top_dir``, ``deploy_dir``, ``revert_dir``, ``verify_dir`` and
``extension`` from sqitch.conf; the psql variables each sqitch command would set; the named targets.
A plan Sqitch rejects (a syntax error, an unknown dependency) or a missing script is one line naming the
file and line, before any server starts.

``fleetdb.toml`` beside sqitch.conf (optional) says how to prepare a throwaway server the way the
project's production image is prepared: see ``Preparation`` and docs/harness.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fleetdb.errors import FleetdbError, ToolMissing

_DESCRIBE = Path(__file__).with_name("sqitch_project.pl")
CONFIG_FILE = "fleetdb.toml"
# sqitch names a file and line in its syntax errors; a dependency error names only the change.
_SYNTAX_ERROR = re.compile(r"Syntax error in (?P<file>.+?) at line (?P<line>\d+): (?P<error>.*)")
_DEPENDENCY_ERROR = re.compile(r'required by change "(?P<change>[^"]+)"|Change "(?P<early>[^"]+)" planned')


@dataclass(frozen=True)
class Change:
    """One line of the plan. A reworked change appears once per version, each with its own scripts."""

    name: str
    id: str
    label: str  # unique in the plan: the name, or name@tag for an earlier version of a reworked change
    tags: tuple[str, ...]
    requires: tuple[str, ...]
    conflicts: tuple[str, ...]
    note: str
    deploy_file: Path
    revert_file: Path
    verify_file: Path
    line: int  # in the plan file, 1-based

    @property
    def ref(self) -> str:
        """How sqitch commands name exactly this change (``--to``): its id is never ambiguous."""
        return self.id

    @property
    def reworked(self) -> bool:
        return "@" in self.label

    def as_dict(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        return {
            k: str(v) if isinstance(v, Path) else list(v) if isinstance(v, tuple) else v
            for k, v in data.items()
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        values = dict(data)
        for key in ("deploy_file", "revert_file", "verify_file"):
            values[key] = Path(values[key])
        for key in ("tags", "requires", "conflicts"):
            values[key] = tuple(values[key])
        return cls(**values)


@dataclass(frozen=True)
class Preparation:
    """How a throwaway server is made like production before the plan is deployed (``fleetdb.toml``)::

    [prepare]
    settings = { timezone = "UTC" }       # server settings, as postgres -c name=value
    server_sql = ["prepare/roles.sql"]    # psql as the superuser in database postgres (roles, ...)
    database_sql = ["prepare/ext.sql"]    # psql as the superuser in template1: every database
                                          # created afterwards has it (extensions, collations)
    """

    settings: Mapping[str, str] = field(default_factory=dict)
    server_sql: tuple[Path, ...] = ()
    database_sql: tuple[Path, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "settings": dict(self.settings),
            "server_sql": [str(p) for p in self.server_sql],
            "database_sql": [str(p) for p in self.database_sql],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Preparation:
        return cls(
            dict(data.get("settings", {})),
            tuple(Path(p) for p in data.get("server_sql", ())),
            tuple(Path(p) for p in data.get("database_sql", ())),
        )

    @property
    def empty(self) -> bool:
        return not (self.settings or self.server_sql or self.database_sql)


@dataclass(frozen=True)
class Project:
    """A Sqitch project as Sqitch reads it, for one target (the project's default unless named)."""

    root: Path  # the directory sqitch runs in (``sqitch --chdir``)
    name: str
    uri: str | None
    plan_file: Path
    top_dir: Path
    deploy_dir: Path
    revert_dir: Path
    verify_dir: Path
    extension: str
    changes: tuple[Change, ...]
    target_name: str  # the sqitch target the paths and variables were resolved for
    target_uri: str
    registry: str
    client: str
    variables: Mapping[str, Mapping[str, str]]  # "deploy" / "revert" / "verify" -> psql variables
    targets: Mapping[str, str]  # named targets of the configuration -> their URI
    preparation: Preparation = field(default_factory=Preparation)

    @classmethod
    def load(
        cls,
        directory: str | os.PathLike[str] | None = None,
        target: str | None = None,
        *,
        plan_file: Path | None = None,
    ) -> Project:
        """The project in ``directory`` (else the current directory, as sqitch finds it), with paths and
        variables resolved for ``target`` when it is a target name; ``plan_file``: another plan, as
        ``sqitch --plan-file``."""
        root = find_root(directory)
        perl = shutil.which("perl")
        if perl is None or shutil.which("sqitch") is None:
            raise ToolMissing("sqitch", "sqitch libdbd-pg-perl")
        named = target if target and ":" not in target and "=" not in target else None
        result = subprocess.run(
            [
                perl,
                str(_DESCRIBE),
                *(["--plan-file", str(plan_file)] if plan_file else []),
                *([named] if named else []),
            ],
            cwd=root,
            capture_output=True,
            text=True,
        )
        try:
            data = json.loads(result.stdout)
        except json.JSONDecodeError:
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise FleetdbError(
                f"sqitch could not read the project in {root}: {detail[-1] if detail else 'no output'}"
            ) from None
        if "error" in data:
            raise FleetdbError(
                _plan_error(root, data["error"], root / (data.get("plan_file") or "sqitch.plan"))
            )
        project = cls.from_sqitch(root, data)
        project.check_scripts()
        return project

    @classmethod
    def from_sqitch(cls, root: Path, data: Mapping[str, Any]) -> Project:
        """Build from sqitch_project.pl's answer (paths relative to ``root``, as sqitch prints them)."""
        plan_file = root / data["plan_file"]
        lines = _change_lines(plan_file, [c["name"] for c in data["changes"]])
        later_versions: dict[str, int] = {}
        changes: list[Change] = []
        for raw, line in zip(reversed(data["changes"]), reversed(lines), strict=True):
            seen_later = later_versions.get(raw["name"], 0)
            later_versions[raw["name"]] = seen_later + 1
            label = raw["name"] if not seen_later else raw["tag_qualified"]
            changes.append(
                Change(
                    name=raw["name"],
                    id=raw["id"],
                    label=label,
                    tags=tuple(raw["tags"]),
                    requires=tuple(raw["requires"]),
                    conflicts=tuple(raw["conflicts"]),
                    note=raw.get("note") or "",
                    deploy_file=root / raw["deploy_file"],
                    revert_file=root / raw["revert_file"],
                    verify_file=root / raw["verify_file"],
                    line=line,
                )
            )
        target = data["target"]
        return cls(
            root=root,
            name=data["project"],
            uri=data.get("uri"),
            plan_file=plan_file,
            top_dir=root / data["top_dir"],
            deploy_dir=root / data["deploy_dir"],
            revert_dir=root / data["revert_dir"],
            verify_dir=root / data["verify_dir"],
            extension=data["extension"],
            changes=tuple(reversed(changes)),
            target_name=target["name"],
            target_uri=target["uri"],
            registry=target["registry"],
            client=target["client"],
            variables={k: dict(v) for k, v in data["variables"].items()},
            targets=dict(data["targets"]),
            preparation=read_preparation(root),
        )

    def check_scripts(self) -> None:
        """Every change has its deploy and revert script (a verify script is optional, as for sqitch)."""
        for change in self.changes:
            for kind, path in (("deploy", change.deploy_file), ("revert", change.revert_file)):
                if not path.is_file():
                    raise FleetdbError(
                        f"{self._where(change)}: the {kind} script of change {change.label} is missing: "
                        f"{path} (create it, or remove the change from the plan)"
                    )

    def _where(self, change: Change) -> str:
        return f"{_relative(self.plan_file, self.root)}:{change.line}"

    def change(self, label: str) -> Change:
        """A change by its label, its name (when not reworked) or its id."""
        for change in self.changes:
            if label in (change.label, change.id):
                return change
        matches = [c for c in self.changes if c.name == label]
        if len(matches) == 1:
            return matches[0]
        if matches:
            return matches[-1]
        known = ", ".join(c.label for c in self.changes[-5:])
        raise FleetdbError(f"no change {label!r} in {self.plan_file} (its last changes: {known})")

    def index(self, change: Change) -> int:
        return self.changes.index(change)

    def requirements(self, change: Change) -> list[Change]:
        """The changes of this plan that ``change`` requires, resolved as sqitch resolves them: ``name``
        is its latest version before the change, ``name@tag`` its version as of the tag; requirements
        on other projects (``project:change``) are not this plan's."""
        before = self.changes[: self.index(change)]
        found: list[Change] = []
        for spec in change.requires:
            if ":" in spec:
                continue
            name, _, tag = spec.partition("@")
            candidates = [c for c in before if c.name == name or c.id == spec]
            if tag and tag != "HEAD":
                tagged = next((i for i, c in enumerate(before) if tag in c.tags), None)
                candidates = [c for c in candidates if tagged is not None and before.index(c) <= tagged]
            if candidates:
                found.append(candidates[-1])
        return found

    def dependents(self, failed: Change) -> list[Change]:
        """Every later change that requires ``failed``, directly or through another."""
        lost = {failed.id}
        found: list[Change] = []
        for change in self.changes[self.index(failed) + 1 :]:
            if any(req.id in lost for req in self.requirements(change)):
                lost.add(change.id)
                found.append(change)
        return found

    def without(self, dropped: set[str], directory: Path) -> Project:
        """This project with the changes whose ids are in ``dropped`` taken out of the plan: a plan file
        written to ``directory`` and read again by sqitch (the ids of later changes change with their
        parents). A change that cannot deploy is taken out so that the changes that do not need it can
        still be deployed with sqitch, which deploys a plan in order and skips nothing."""
        drop_lines = {c.line for c in self.changes if c.id in dropped}
        text = self.plan_file.read_text().splitlines(keepends=True)
        kept = [line for number, line in enumerate(text, start=1) if number not in drop_lines]
        directory.mkdir(parents=True, exist_ok=True)
        reduced = directory / f"{self.plan_file.stem}-{len(dropped)}{self.plan_file.suffix}"
        reduced.write_text("".join(kept))
        return Project.load(
            self.root, self.target_name if self.target_name in self.targets else None, plan_file=reduced
        )

    def variables_for(self, command: str) -> dict[str, str]:
        return dict(self.variables.get(command, {}))

    def as_dict(self) -> dict[str, Any]:
        return {
            "root": str(self.root),
            "name": self.name,
            "uri": self.uri,
            "plan_file": str(self.plan_file),
            "top_dir": str(self.top_dir),
            "deploy_dir": str(self.deploy_dir),
            "revert_dir": str(self.revert_dir),
            "verify_dir": str(self.verify_dir),
            "extension": self.extension,
            "changes": [c.as_dict() for c in self.changes],
            "target_name": self.target_name,
            "target_uri": self.target_uri,
            "registry": self.registry,
            "client": self.client,
            "variables": {k: dict(v) for k, v in self.variables.items()},
            "targets": dict(self.targets),
            "preparation": self.preparation.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Project:
        values = dict(data)
        for key in ("root", "plan_file", "top_dir", "deploy_dir", "revert_dir", "verify_dir"):
            values[key] = Path(values[key])
        values["changes"] = tuple(Change.from_dict(c) for c in data["changes"])
        values["preparation"] = Preparation.from_dict(data["preparation"])
        return cls(**values)


def find_root(directory: str | os.PathLike[str] | None = None) -> Path:
    """The project directory: the argument, else the current directory (where sqitch looks)."""
    root = Path(directory or os.getcwd()).resolve()
    if not root.is_dir():
        raise FleetdbError(f"--project {root}: no such directory")
    if not ((root / "sqitch.conf").is_file() or (root / "sqitch.plan").is_file()):
        raise FleetdbError(
            f"{root} holds no sqitch.conf or sqitch.plan: run fleetdb in the Sqitch project's directory "
            "or pass --project DIR"
        )
    return root


def read_preparation(root: Path) -> Preparation:
    path = root / CONFIG_FILE
    if not path.is_file():
        return Preparation()
    try:
        config = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        raise FleetdbError(f"{path}: {error}") from None
    section = config.get("prepare", {})
    unknown = set(section) - {"settings", "server_sql", "database_sql"}
    if unknown:
        raise FleetdbError(
            f"{path}: unknown key(s) {', '.join(sorted(unknown))} in [prepare]: "
            "use settings, server_sql, database_sql"
        )
    settings = {str(k): str(v) for k, v in section.get("settings", {}).items()}
    scripts: dict[str, tuple[Path, ...]] = {}
    for key in ("server_sql", "database_sql"):
        value = section.get(key, [])
        files = (value,) if isinstance(value, str) else tuple(value)
        scripts[key] = tuple(root / f for f in files)
        for script in scripts[key]:
            if not script.is_file():
                raise FleetdbError(f"{path}: [prepare] {key} names {script}, which does not exist")
    return Preparation(settings, scripts["server_sql"], scripts["database_sql"])


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _change_lines(plan_file: Path, names: list[str]) -> list[int]:
    """The plan line of each change (sqitch's objects do not keep it): the n-th change line."""
    found: list[int] = []
    wanted = iter(names)
    name = next(wanted, None)
    for number, line in enumerate(plan_file.read_text().splitlines(), start=1):
        if name is not None and re.match(rf"\s*{re.escape(name)}(\s|\[|$)", line):
            found.append(number)
            name = next(wanted, None)
    return found + [0] * (len(names) - len(found))


def _plan_error(root: Path, message: str, plan: Path) -> str:
    """Sqitch's complaint about the plan as one line that names the file and line."""
    first, *rest = [line.strip() for line in message.strip().splitlines() if line.strip()] or ["?"]
    syntax = _SYNTAX_ERROR.match(first)
    if syntax:
        return f"{root / syntax['file']}:{syntax['line']}: {syntax['error']} (sqitch rejects this line)"
    if not rest:
        return f"sqitch rejects the project in {root}: {first}"
    detail = rest[0]
    found = _DEPENDENCY_ERROR.search(detail)
    if found and plan.is_file():
        change = found.group("change") or found.group("early")
        for number, line in enumerate(plan.read_text().splitlines(), start=1):
            if re.match(rf"\s*{re.escape(change)}(\s|\[)", line):
                return f"{plan}:{number}: {detail} ({first.rstrip(':').lower()}; fix the plan)"
    return f"sqitch rejects the project in {root}: {first} {detail}"


# Where a project keeps its schema contracts (``fleetdb contracts``), and the name they had before
# (tests/contracts, one letter from tests/contract), still found in projects that adopted it.
CONTRACTS_DIRECTORY = Path("tests") / "schema_contracts"
FORMER_CONTRACTS_DIRECTORY = Path("tests") / "contracts"


def contracts_directory(root: Path) -> Path | None:
    """The project's contract directory: ``tests/schema_contracts``, else (the former name)
    ``tests/contracts``; None when it has neither."""
    for candidate in (CONTRACTS_DIRECTORY, FORMER_CONTRACTS_DIRECTORY):
        if (root / candidate).is_dir():
            return root / candidate
    return None


def reports_dir() -> Path:
    """Where reports are written: $FLEETDB_REPORTS, else reports/ in the current directory."""
    path = Path(os.environ.get("FLEETDB_REPORTS", "reports"))
    path.mkdir(parents=True, exist_ok=True)
    return path
