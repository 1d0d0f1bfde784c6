"""The online-rehearsal figures of ``docs/benchmarks.md``, rendered from one run's report
(``docs/bench/online.json``, a checked-in copy of the ``reports/online.json`` of one ``make
rehearse-online``): the run and its machine, the windows, a row per change over its three steps, and what
went over budget, was not measured, and what the data checks and the rehearsal itself cost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fleetdb.docs_gen.benchmarks import number
from fleetdb.errors import FleetdbError
from fleetdb.report import markdown as md

ONLINE_RUN = Path("docs/bench/online.json")
BLOCKS = ("online-run", "online-steps", "online-findings")
PHASES = ("deploy", "revert", "redeploy")
TIMES = "\N{MULTIPLICATION SIGN}"
DASH = "\N{EN DASH}"
_KEYS = ("run", "load_average", "steps", "windows", "checks", "cost_seconds", "scale", "seeded_rows")


def read(path: Path) -> dict[str, Any]:
    """The report as JSON; a clear error when it is not one of ``fleetdb rehearse --under-load``."""
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise FleetdbError(f"no online rehearsal report {path}: run `make rehearse-online` first") from None
    except ValueError as error:
        raise FleetdbError(f"{path} is not JSON ({error}): run `make rehearse-online` again") from None
    missing = [key for key in _KEYS if not isinstance(data, dict) or key not in data]
    if missing or not data["run"]:
        raise FleetdbError(
            f"{path} is not a report of `fleetdb rehearse --under-load` with its run (missing: "
            f"{', '.join(missing) or 'run'}): run `make rehearse-online` again"
        )
    return dict(data)


def render_file(path: Path) -> dict[str, str]:
    return render(read(path))


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{number(value)} ms"


def _errors(step: dict[str, Any]) -> int:
    return sum(int(error["count"]) for error in step["errors"])


def _triple(steps: dict[str, dict[str, Any]], cell: Any) -> str:
    """One figure of a change's deploy / revert / redeploy."""
    return " / ".join(str(cell(steps[phase])) if phase in steps else "—" for phase in PHASES)


def render(report: dict[str, Any]) -> dict[str, str]:
    run, load, steps = report["run"], report["load_average"], report["steps"]
    over = [s for s in steps if not s["ok"]]
    failed = sum(int(error["count"]) for w in report["windows"] for error in w["errors"]) + sum(
        _errors(s) for s in steps
    )
    changes = [s["change"] for s in steps if s["phase"] == "deploy"]
    scale = (
        f"Scale {report['scale']}: {report['seeded_rows']:,} seeded rows"
        if report["scale"]
        else "The target's own data"
    )
    load_range = (
        f"{number(load['min'])}{DASH}{number(load['max'])}" if load["min"] is not None else "not sampled"
    )
    lines = [
        f"The run: `fleetdb {' '.join(run['arguments'])}`, {run['started']} to {run['finished']}, at commit "
        f"`{run['commit'][:12]}`{' (with uncommitted changes)' if run['commit'].endswith('-dirty') else ''}; "
        f"{md.text(run['machine'])}. Load average (1 min) during the run: {load_range}.",
        "",
        f"{scale}; {report['sessions']} sessions offered {number(report['rate_per_second'])} operations/s "
        f"through the persistence layer; {report['operations']:,} operations, {failed} failed. "
        f"{len(changes)} changes after `{report['from']}`, {len(steps)} sqitch steps (deploy, revert, "
        f"redeploy): {len(over)} over budget. **{'Passed' if report['ok'] else 'Failed'}.**",
        "",
        *md.table(
            ["window (no deploy)", "seconds", "operations", "p50", "p99", "max", "errors"],
            [
                [
                    md.text(w["name"]),
                    number(w["seconds"]),
                    f"{w['operations']:,}",
                    _ms(w["p50_ms"]),
                    _ms(w["p99_ms"]),
                    _ms(w["max_ms"]),
                    str(sum(int(e["count"]) for e in w["errors"])),
                ]
                for w in report["windows"]
            ],
            "lrrrrrr",
        ),
    ]
    blocks = {"online-run": "\n".join(lines)}
    by_change: dict[str, dict[str, dict[str, Any]]] = {}
    for step in steps:
        by_change.setdefault(step["change"], {})[step["phase"]] = step
    rows = []
    for change in changes:
        mine = by_change[change]
        deploy = mine["deploy"]
        ratio = deploy["p99_ratio"]
        verdicts = {s["phase"] for s in mine.values() if not s["ok"]}
        untouched = sorted({t for s in mine.values() for t in s.get("untouched", [])})
        rows.append(
            [
                md.code(change),
                f"{number(deploy['seconds'])} s",
                _triple(mine, lambda s: number(s["lock_wait_max_ms"])),
                _triple(mine, lambda s: number(s["lock_held_max_ms"])),
                _triple(mine, _errors),
                "—" if ratio is None else f"{number(ratio)}{TIMES} ({md.text(deploy['p99_verdict'])})",
                md.lines(untouched) if untouched else "—",
                md.bold("over budget: " + ", ".join(p for p in PHASES if p in verdicts))
                if verdicts
                else "ok",
            ]
        )
    blocks["online-steps"] = "\n".join(
        md.table(
            [
                "change",
                "deploy (sqitch)",
                "lock wait max ms (deploy / revert / redeploy)",
                "lock held max ms",
                "errors",
                "deploy p99 vs baseline",
                "locked, not exercised",
                "verdict",
            ],
            rows,
            "lrrrrlll",
        )
    )
    blocks["online-findings"] = "\n".join(_findings(report))
    return blocks


def _findings(report: dict[str, Any]) -> list[str]:
    steps = report["steps"]
    lines: list[str] = []
    for step in steps:
        if step["ok"]:
            continue
        lines.append(f"- {step['phase']} of `{step['change']}`: " + md.text("; ".join(step["over_budget"])))
        if step["error"]:
            lines.append(f"  - sqitch failed: {md.text(' '.join(step['error'].split())[:300])}")
        for cause in step["causes"]:
            if cause["statement"]:
                lines.append(f"  - statement: {md.code(cause['statement'][:300])}")
            lines.append(f"  - lock: {md.text(cause['lock'])}; hint: {md.text(cause['hint'])}")
    if not lines:
        lines.append("- No step went over budget.")
    gaps = sorted({t for s in steps for t in s.get("untouched", [])})
    lines.append(
        "- Tables a step locked that no application operation of its phase touches: "
        + (", ".join(md.code(t) for t in gaps) if gaps else "none (every locked table was exercised).")
    )
    few = sum(1 for s in steps if s.get("p99_verdict", "").startswith("too few"))
    spread = sum(1 for s in steps if s.get("p99_verdict") == "within the windows' own spread")
    lines.append(
        f"- p99 not judged for {few} of {len(steps)} steps (fewer than "
        f"{report['budget'].get('min_p99_operations', '—')} operations while they ran); {spread} step(s) "
        "above the ratio but within the windows' own spread."
    )
    for check in report["checks"]:
        problems = [*check["lost"], *check["violations"], *check["catalog_diff"]]
        state = "intact" if check["ok"] else md.bold("not intact") + ": " + md.text("; ".join(problems)[:300])
        lines.append(
            f"- Data after the {check['after']}: {check['rows_checked']:,} rows of {check['tables_checked']} "
            f"released tables, every invariant"
            + ("" if check["after"] == "deploy" else ", the catalog")
            + f": {state} ({number(check['seconds'])} s)."
        )
    cost = report["cost_seconds"]
    if cost:
        lines.append(
            f"- The rehearsal's own cost: {number(sum(cost.values()))} s in all: "
            + ", ".join(f"{md.text(name)} {number(seconds)} s" for name, seconds in cost.items())
            + "."
        )
    return lines
