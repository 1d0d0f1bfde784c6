"""``fleetdb contracts``: run the schema contracts (TAP, JUnit XML, rich summary), draft one, or bench."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from fleetdb import processes
from fleetdb.commands.common import Context, parent_parser, refuse_target
from fleetdb.errors import FleetdbError
from fleetdb.handoff import handoff_environment
from fleetdb.project import (
    CONTRACTS_DIRECTORY,
    FORMER_CONTRACTS_DIRECTORY,
    contracts_directory,
    reports_dir,
)
from fleetdb.report.console import make_console, step
from fleetdb.report.summary import reports_line

TEMPLATE = "fleetdb_contracts"

SUMMARY = "run the schema contracts (TAP and JUnit XML), or draft the contract of a schema"
DESCRIPTION = (
    "Run the project's schema contracts (tests/schema_contracts: one SCHEMA.json each, loaded by its "
    "test_schema_contracts.py; tests/contracts, the former name, is still found) against the deployed "
    "plan: every object of every schema and "
    "what each role may do, one TAP line per assertion in reports/contracts.tap (check it with prove) and "
    "reports/contracts.xml. The plan is deployed into a throwaway server, or with --target into a new "
    "database fleetdb_contracts on that server (it needs CREATEDB; dropped afterwards). --draft SCHEMA... "
    "writes the contract of each schema as deployed (of the --target database itself, when given) to "
    "SCHEMA.json there, to review and commit; --bench compares assertions per second with pgTAP."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "contracts", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser()]
    )
    parser.add_argument(
        "--draft",
        metavar="SCHEMA",
        nargs="+",
        help="write the contract of each SCHEMA as deployed to tests/schema_contracts/SCHEMA.json, to review",
    )
    parser.add_argument("--bench", action="store_true", help="assertions/s through fleetdb and pgTAP")
    parser.add_argument("--rounds", type=int, default=7, help="with --bench: interleaved rounds")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """--target with --draft: read that database instead of deploying the plan. Otherwise the plan is
    deployed here, once, into a database of a throwaway server (or of the --target's server, dropped
    afterwards), and the project's schema contracts run against it: the child pytest receives that lab
    (``FLEETDB_LAB``), so it tests exactly this project's plan on that server."""
    if args.bench:
        refuse_target(args, "--bench measures on a throwaway server of its own")
        from fleetdb.bench.contracts import main as bench_main

        return bench_main(
            ["--rounds", str(args.rounds), *(["--project", args.project] if args.project else [])]
        )
    if args.draft:
        return _draft(args)
    context = Context.from_args(args)
    contracts = contracts_directory(context.project.root)
    if contracts is None:
        raise FleetdbError(
            f"{context.project.root} has no {CONTRACTS_DIRECTORY} directory (nor "
            f"{FORMER_CONTRACTS_DIRECTORY}): nothing to run; write one with fleetdb contracts --draft SCHEMA"
        )
    reports = reports_dir()
    tap, junit = reports / "contracts.tap", reports / "contracts.xml"
    command = [sys.executable, "-m", "pytest", "-p", "fleetdb.plugins.tap", "--tap", str(tap)]
    command += [f"--junitxml={junit}", "-q", "-p", "no:cacheprovider", str(contracts)]
    console = make_console()
    with context.lab() as lab:
        where = "a throwaway server" if lab.owned else str(lab.server)
        with step(console, f"sqitch deploy --verify into {TEMPLATE} on {where}"):
            template = lab.deploy_template(TEMPLATE)
        try:
            env = {**os.environ, **handoff_environment(lab, template)}
            result = processes.run(command, cwd=context.project.root, env=env)
        finally:
            if not lab.owned:  # someone else's server: leave nothing behind
                template.drop()
    console.print(f"check the TAP with: prove --exec cat {tap}", soft_wrap=True, markup=False)
    console.print(reports_line(reports, [tap.name, junit.name]), soft_wrap=True, markup=False)
    return result.returncode


def _draft(args: argparse.Namespace) -> int:
    """One deploy (or --target), then ``<schema>.json`` for each schema asked for, in the project's
    contract directory: the data ``test_schema_contracts.py`` loads. Review it with git diff."""
    from fleetdb.commands.deployed import deployed_catalog
    from fleetdb.contract.schema_contract import CONTRACT_SUFFIX, draft_contract

    root = Path(args.project).resolve() if args.project else Path.cwd()
    snap = deployed_catalog(args, "fleetdb_contract_draft")
    missing = [schema for schema in args.draft if schema not in snap.keys("schema")]
    if missing:
        raise FleetdbError(
            f"no schema {', '.join(missing)}: the database has {', '.join(sorted(snap.keys('schema')))}"
        )
    directory = contracts_directory(root) or root / CONTRACTS_DIRECTORY
    directory.mkdir(parents=True, exist_ok=True)
    console = make_console()
    for schema in args.draft:
        path = directory / f"{schema}{CONTRACT_SUFFIX}"
        before = path.read_text() if path.exists() else None
        text = draft_contract(snap, schema)
        path.write_text(text)
        state = "new" if before is None else ("unchanged" if before == text else "changed: review git diff")
        console.print(f"wrote {path} ({state})", soft_wrap=True, markup=False)
    return 0
