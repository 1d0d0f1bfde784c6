"""``fleetdb invariants-doc``: write docs/db/invariants.md from the invariant catalog (--check: only
compare, exit 1 when the committed file is stale)."""

from __future__ import annotations

import argparse
from typing import Any

from fleetdb.commands.common import parent_parser, refuse_target
from fleetdb.invariants.catalog import load_catalog
from fleetdb.invariants.docs import DOC_PATH, render_invariants_doc
from fleetdb.project import find_root
from fleetdb.report.console import make_console

SUMMARY = "write docs/db/invariants.md from the invariant catalog"
DESCRIPTION = (
    "Write docs/db/invariants.md, the page of what the database guarantees and the objects that enforce "
    "each rule, from the invariant catalog. With --check, write nothing and exit 1 when the committed "
    "page is out of date."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "invariants-doc", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser(target=False)]
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed file is stale")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = make_console()
    refuse_target(args, "it writes the document from the invariant catalog alone")
    path = find_root(args.project) / DOC_PATH
    wanted = render_invariants_doc(load_catalog())
    current = path.read_text() if path.exists() else None
    if args.check:
        if current == wanted:
            console.print(f"{path} is up to date")
            return 0
        console.print(f"[bold red]{path} is stale:[/] run `fleetdb invariants-doc` and commit it")
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(wanted)
    console.print(f"wrote {path}" + (" (unchanged)" if current == wanted else ""))
    return 0
