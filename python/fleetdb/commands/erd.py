"""``fleetdb erd``: write docs/db/er.md, the Mermaid ER diagrams of the deployed plan, from the live
catalog (--check: only compare, exit 1 when the committed file is stale)."""

from __future__ import annotations

import argparse
import difflib
from typing import Any

from fleetdb.commands.common import parent_parser
from fleetdb.commands.deployed import deployed_catalog
from fleetdb.docs_gen.erd import ERD_KINDS, ERD_PATH, render_erd
from fleetdb.project import find_root
from fleetdb.report.console import make_console

# Lines of the difference shown by --check: enough to see what moved.
_DIFF_LINES = 40


SUMMARY = "write docs/db/er.md, the ER diagrams of the deployed plan"
DESCRIPTION = (
    "Write docs/db/er.md, the Mermaid ER diagrams of every schema with its foreign and unique keys, from "
    "the catalog of the deployed plan (a throwaway server, or --target). With --check, write nothing and "
    "exit 1 when the committed page is out of date."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "erd", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser()]
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed file is stale")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = make_console()
    path = find_root(args.project) / ERD_PATH
    # --target: read that database instead of deploying the plan
    wanted = render_erd(deployed_catalog(args, "fleetdb_erd", kinds=ERD_KINDS))
    current = path.read_text() if path.exists() else None
    if args.check:
        if current == wanted:
            console.print(f"{path} is up to date")
            return 0
        diff = list(
            difflib.unified_diff(
                (current or "").splitlines(), wanted.splitlines(), str(path), "catalog", lineterm=""
            )
        )
        console.print("\n".join(diff[:_DIFF_LINES]), markup=False, highlight=False)
        if len(diff) > _DIFF_LINES:
            console.print(f"… {len(diff) - _DIFF_LINES} more lines of difference", highlight=False)
        console.print(f"[bold red]{path} is stale:[/] run `fleetdb erd` and commit it", highlight=False)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(wanted)
    console.print(f"wrote {path}" + (" (unchanged)" if current == wanted else ""), highlight=False)
    return 0
