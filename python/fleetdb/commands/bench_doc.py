"""``fleetdb bench-doc``: write the figures of docs/benchmarks.md from one run's report (--check: only
compare, exit 1 when the page does not show exactly that run's figures)."""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path
from typing import Any

from fleetdb.commands.common import parent_parser, refuse_target
from fleetdb.docs_gen.benchmarks import BENCH_PAGE
from fleetdb.docs_gen.sources import SOURCES, render_page, source_of
from fleetdb.project import find_root
from fleetdb.report.console import make_console

_DIFF_LINES = 40

SUMMARY = "write the figures of docs/benchmarks.md from one run's report"
DESCRIPTION = (
    "Write the generated blocks of docs/benchmarks.md from the checked-in reports of docs/bench/: "
    "bench.json (one `make bench`: the run, the figures table, the read paths and the seeding) and "
    "mutation.json (recorded `fleetdb mutate` runs: the runs, the semantic mutants by operator, the "
    "harness meta-mutants by module). --from REPORT first records a run's report: reports/bench.json "
    "replaces docs/bench/bench.json; a report of fleetdb mutate (reports/mutants.json, "
    "harness-mutants.json, verify-mutants.json) is added to docs/bench/mutation.json, replacing the run "
    "of the same name (--name, default from the report's arguments, e.g. 'semantic', 'harness survivors "
    "rerun'). With --check, write nothing and exit 1 when the page does not show exactly the figures of "
    "the checked-in reports."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "bench-doc", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser(target=False)]
    )
    parser.add_argument(
        "--from",
        dest="report",
        metavar="REPORT",
        help="a run's report to record first (bench.json, mutants.json …)",
    )
    parser.add_argument("--name", help="with --from, a mutation run: the name it is recorded under")
    parser.add_argument("--check", action="store_true", help="exit 1 when the page is stale")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    refuse_target(args, "it writes the page from a run's report alone")
    console = make_console()
    root = find_root(args.project)
    page_path = root / BENCH_PAGE
    recorded = ", ".join(str(source.path) for source in SOURCES if (root / source.path).exists())
    if args.report:
        if args.check:
            console.print("--check compares the page with the recorded reports: leave out --from")
            return 2
        source = source_of(Path(args.report))
        what = source.record(Path(args.report), root / source.path, args.name)
        console.print(f"recorded {args.report} ({what}) in {root / source.path}", highlight=False)
    current = page_path.read_text()
    wanted = render_page(root, current, str(page_path))
    if args.check:
        if current == wanted:
            console.print(f"{page_path} shows the figures of {recorded}")
            return 0
        diff = list(
            difflib.unified_diff(
                current.splitlines(), wanted.splitlines(), str(page_path), str(recorded), lineterm=""
            )
        )
        console.print("\n".join(diff[:_DIFF_LINES]), markup=False, highlight=False)
        console.print(
            f"[bold red]{page_path} is stale:[/] run `fleetdb bench-doc` and commit it", highlight=False
        )
        return 1
    page_path.write_text(wanted)
    console.print(f"wrote {page_path}" + (" (unchanged)" if current == wanted else ""), highlight=False)
    return 0
