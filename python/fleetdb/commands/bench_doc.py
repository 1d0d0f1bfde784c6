"""``fleetdb bench-doc``: write the figures of docs/benchmarks.md from one run's report (--check: only
compare, exit 1 when the page does not show exactly that run's figures)."""

from __future__ import annotations

import argparse
import difflib
import shutil
from pathlib import Path
from typing import Any

from fleetdb.bench.model import read_report
from fleetdb.commands.common import parent_parser, refuse_target
from fleetdb.docs_gen.benchmarks import BENCH_PAGE, BENCH_RUN, fill_page, render_blocks
from fleetdb.project import find_root
from fleetdb.report.console import make_console

_DIFF_LINES = 40

SUMMARY = "write the figures of docs/benchmarks.md from one run's report"
DESCRIPTION = (
    "Write the generated blocks of docs/benchmarks.md (the run, the figures table, the read paths and the "
    "seeding) from docs/bench/bench.json, the checked-in report of one `make bench`. --from REPORT first "
    "copies that report (reports/bench.json of a new run) to docs/bench/bench.json. With --check, write "
    "nothing and exit 1 when the page does not show exactly the figures of the checked-in report."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "bench-doc", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser(target=False)]
    )
    parser.add_argument("--from", dest="report", metavar="REPORT", help="a run's bench.json to record first")
    parser.add_argument("--check", action="store_true", help="exit 1 when the page is stale")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    refuse_target(args, "it writes the page from a run's report alone")
    console = make_console()
    root = find_root(args.project)
    recorded, page_path = root / BENCH_RUN, root / BENCH_PAGE
    if args.report:
        if args.check:
            console.print("--check compares the page with the recorded report: leave out --from")
            return 2
        read_report(Path(args.report))  # a clear error before anything is replaced
        recorded.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(args.report, recorded)
        console.print(f"recorded {args.report} as {recorded}", highlight=False)
    run_info, rows = read_report(recorded)
    current = page_path.read_text()
    wanted = fill_page(current, render_blocks(run_info, rows), str(page_path))
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
