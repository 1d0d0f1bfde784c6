"""``fleetdb bench-doc``: write the figures of docs/benchmarks.md from the checked-in reports of the runs
they come from (``fleetdb.docs_gen.figures``: the bench, the online rehearsal, …); --from records a new
run's report first; --check only compares, exit 1 when the page does not show exactly those figures."""

from __future__ import annotations

import argparse
import difflib
import shutil
from pathlib import Path
from typing import Any

from fleetdb.commands.common import parent_parser, refuse_target
from fleetdb.docs_gen.benchmarks import BENCH_PAGE, fill_page
from fleetdb.docs_gen.figures import SOURCES, render_all, source_of
from fleetdb.project import find_root
from fleetdb.report.console import make_console

_DIFF_LINES = 40

SUMMARY = "write the figures of docs/benchmarks.md from the checked-in reports of their runs"
DESCRIPTION = (
    "Write the generated blocks of docs/benchmarks.md from the checked-in report of each kind of run: "
    + "; ".join(f"{s.recorded} ({s.command}: {', '.join(s.blocks)})" for s in SOURCES)
    + ". --from REPORT (repeatable) first copies a new run's report (reports/bench.json, "
    "reports/online.json, …; recognised by its file name) over the checked-in one; a report of fleetdb "
    "mutate (reports/mutants.json, harness-mutants.json, verify-mutants.json) is added to "
    "docs/bench/mutation.json as one run, replacing the earlier run of the same name (the kind, and "
    "'survivors rerun' when it ran --survivors-of). With --check, write "
    "nothing and exit 1 when the page does not show exactly the figures of the checked-in reports."
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "bench-doc", help=SUMMARY, description=DESCRIPTION, parents=[parent_parser(target=False)]
    )
    parser.add_argument(
        "--from",
        dest="reports",
        action="append",
        default=[],
        metavar="REPORT",
        help="a run's report to record first (bench.json, online.json, …; repeatable)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when the page is stale")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    refuse_target(args, "it writes the page from a run's report alone")
    console = make_console()
    root = find_root(args.project)
    page_path = root / BENCH_PAGE
    if args.reports and args.check:
        console.print("--check compares the page with the recorded reports: leave out --from")
        return 2
    for report in map(Path, args.reports):
        source = source_of(report)
        recorded = root / source.recorded
        recorded.parent.mkdir(parents=True, exist_ok=True)
        if source.record is not None:  # one run among others in the record
            what = source.record(report, recorded)
            console.print(f"recorded {report} ({what}) in {recorded}", highlight=False)
            continue
        source.render(report)  # a clear error before anything is replaced
        if report.resolve() != recorded.resolve():  # --from the recorded report itself: nothing to copy
            shutil.copyfile(report, recorded)
        console.print(f"recorded {report} as {recorded}", highlight=False)
    blocks, origins = render_all(root)
    current = page_path.read_text()
    wanted = fill_page(current, blocks, str(page_path), origins)
    if args.check:
        if current == wanted:
            names = ", ".join(str(root / source.recorded) for source in SOURCES)
            console.print(f"{page_path} shows the figures of {names}")
            return 0
        diff = list(
            difflib.unified_diff(
                current.splitlines(), wanted.splitlines(), str(page_path), "the recorded reports", lineterm=""
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
