"""The mutation figures of ``docs/benchmarks.md``, rendered from ``docs/bench/mutation.json``: the
checked-in reports of recorded ``fleetdb mutate`` runs (the schema's removal and semantic mutants, the
verify scripts, the harness meta-mutants), each with the run's metadata and one line per mutant.

A campaign is the runs recorded under one name, in order: a survivors rerun after new tests gives a
mutant its last verdict, and the campaign's tables count each mutant once, by that verdict.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleetdb.docs_gen.benchmarks import number
from fleetdb.errors import FleetdbError
from fleetdb.mutation.model import MutationRun, read_run_report
from fleetdb.report import markdown as md

MUTATION_RUNS = Path("docs/bench/mutation.json")
MUTATION_BLOCKS = ("mutation-runs", "mutation-operators", "mutation-harness")
VERDICTS = ("killed", "equivalent", "survived")
# A mutant a recorded campaign lists without running it (the run says why in its detail).
NOT_RUN = "not run"
# The reports fleetdb mutate writes, each recorded as one run of docs/bench/mutation.json.
RUN_REPORTS = ("mutants.json", "harness-mutants.json", "verify-mutants.json")
# What a campaign is called on the page, by the report file its runs wrote.
_REPORT_CAMPAIGN = {"harness-mutants.json": "harness", "verify-mutants.json": "verify scripts"}


@dataclass(frozen=True)
class RecordedRun:
    campaign: str  # "semantic", "removal", "harness", "verify scripts"
    name: str  # "semantic", "semantic survivors rerun", …
    run: MutationRun
    mutants: list[dict[str, Any]]  # id, group (invariant, module or change), operator, outcome, seconds

    def as_dict(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign,
            "name": self.name,
            "run": self.run.as_dict(),
            "mutants": self.mutants,
        }


def read_runs(path: Path) -> list[RecordedRun]:
    try:
        data = json.loads(path.read_text())
        return [
            RecordedRun(r["campaign"], r["name"], MutationRun.from_dict(r["run"]), list(r["mutants"]))
            for r in data["runs"]
        ]
    except FileNotFoundError:
        raise FleetdbError(
            f"no {path}: record a mutation run with `fleetdb bench-doc --from reports/mutants.json`"
        ) from None
    except (ValueError, KeyError, TypeError) as error:
        raise FleetdbError(
            f"{path} is not a record of mutation runs ({type(error).__name__}: {error}): record runs with "
            "`fleetdb bench-doc --from reports/mutants.json`"
        ) from None


def write_runs(path: Path, runs: list[RecordedRun]) -> None:
    """One mutant per line: a new run's diff shows the verdicts that changed."""
    body = ",\n".join(
        "  "
        + json.dumps({**run.as_dict(), "mutants": "@"}, ensure_ascii=False).replace(
            '"@"',
            "[\n" + ",\n".join("    " + json.dumps(m, ensure_ascii=False) for m in run.mutants) + "\n  ]",
        )
        for run in runs
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"runs": [\n' + body + "\n]}\n")


def _entry(raw: dict[str, Any]) -> dict[str, Any]:
    """What the page needs of a report's entry: the mutant, its group and operator, its verdict."""
    if "verdict" in raw:  # a verify-script claim: detected or not
        outcome = "killed" if raw["verdict"] == "detected" else "survived"
        group, operator, ident = (
            raw.get("change", ""),
            raw.get("property", ""),
            ":".join(str(raw.get(k, "")) for k in ("change", "check", "property")),
        )
    else:
        outcome = str(raw["outcome"])
        group = str(raw.get("invariant") or raw.get("module") or "")
        operator, ident = str(raw.get("operator", "")), str(raw["id"])
    return {
        "id": ident,
        "group": group,
        "operator": operator,
        "outcome": outcome,
        "seconds": raw.get("seconds"),
    }


def campaign_of(report: Path, run: MutationRun) -> tuple[str, str]:
    """(campaign, run name) of a report, from the file it is and the arguments it ran with."""
    arguments = run.run.arguments
    campaign = _REPORT_CAMPAIGN.get(report.name)
    if campaign is None:
        kind = arguments[arguments.index("--kind") + 1] if "--kind" in arguments else "all"
        campaign = {"all": "removal and semantic"}.get(kind, kind)
        if "--sample" in arguments:
            campaign += " sample"
    name = campaign + (" survivors rerun" if "--survivors-of" in arguments else "")
    return campaign, name


def record_run(report: Path, recorded: Path) -> str:
    """Add the run of ``report`` to ``recorded`` (a run of the same name is replaced), the runs in the
    order they started (a later run's verdict is a mutant's last); the name it was recorded under."""
    run, entries = read_run_report(report)
    if run is None:
        raise FleetdbError(f"{report} has no run metadata (an older report): rerun the command that wrote it")
    campaign, default = campaign_of(report, run)
    new = RecordedRun(campaign, default, run, [_entry(e) for e in entries])
    earlier = read_runs(recorded) if recorded.exists() else []
    runs = [r for r in earlier if r.name != new.name] + [new]
    write_runs(recorded, sorted(runs, key=lambda r: (r.run.started, r.name)))
    return f"the {new.name} run"


def final_verdicts(runs: list[RecordedRun], campaign: str) -> dict[str, dict[str, Any]]:
    """Each mutant of the campaign by its last verdict."""
    last: dict[str, dict[str, Any]] = {}
    for run in runs:
        if run.campaign == campaign:
            last.update({m["id"]: m for m in run.mutants})
    return last


def _counts(mutants: list[dict[str, Any]]) -> Counter[str]:
    return Counter(m["outcome"] if m["outcome"] in (*VERDICTS, NOT_RUN) else "not applied" for m in mutants)


def _duration(seconds: float) -> str:
    return f"{number(seconds)} s" if seconds < 120 else f"{seconds / 60:.0f} min"


def _runs_table(runs: list[RecordedRun]) -> list[str]:
    rows = []
    for r in runs:
        counts = _counts(r.mutants)
        ran = len(r.mutants) - counts[NOT_RUN]  # a campaign may list mutants it did not run
        rate = ran / r.run.seconds * 60 if r.run.seconds else 0.0
        rows.append(
            [
                md.text(r.name),
                md.code(" ".join(["fleetdb", *r.run.run.arguments])),
                md.text(f"{r.run.started[:16]} to {r.run.run.finished[11:16]} UTC"),
                md.code(r.run.run.commit[:12]),
                str(ran),
                *(str(counts[v]) for v in VERDICTS),
                _duration(r.run.seconds),
                number(rate),
                str(r.run.jobs),
                md.text(r.run.load),
            ]
        )
    header = [
        "run",
        "command",
        "when",
        "commit",
        "mutants",
        *VERDICTS,
        "wall time",
        "per minute",
        "jobs",
        "load",
    ]
    # The machine once (its load at each run's end is the run's own: the load column covers it).
    machines = sorted({re.sub(r"; load average .*$", "", r.run.run.machine) for r in runs})
    return [*md.table(header, rows), "", *(f"Machine: {md.text(m)}" for m in machines)]


def _by(mutants: list[dict[str, Any]], key: str, label: str) -> list[str]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for m in mutants:
        groups.setdefault(str(m[key]), []).append(m)
    order = sorted(groups, key=lambda g: (-len(groups[g]), g))
    total = _counts(mutants)
    shown = (*VERDICTS, NOT_RUN) if total[NOT_RUN] else VERDICTS
    rows = [[md.text(g), str(len(groups[g])), *(str(_counts(groups[g])[v]) for v in shown)] for g in order]
    rows.append([md.bold("all"), md.bold(str(len(mutants))), *(md.bold(str(total[v])) for v in shown)])
    header = [label, "mutants", "killed", "equivalent (listed)", "survived", *shown[len(VERDICTS) :]]
    return md.table(header, rows)


def _kill_line(mutants: list[dict[str, Any]], what: str) -> str:
    counts = _counts(mutants)
    live = len(mutants) - counts["equivalent"] - counts[NOT_RUN]
    rate = 100 * counts["killed"] / live if live else 100.0
    killed = [m["seconds"] for m in mutants if m["outcome"] == "killed" and m.get("seconds")]
    median = f"; a killed mutant took {number(statistics.median(killed))} s (median)" if killed else ""
    unrun = f" ({counts[NOT_RUN]} not run)" if counts[NOT_RUN] else ""
    return (
        f"{what}: {counts['killed']} of {live} non-equivalent mutants killed ({rate:.1f} %){unrun}{median}."
    )


def render_mutation_blocks(path: Path) -> dict[str, str]:
    runs = read_runs(path)
    blocks = {"mutation-runs": "\n".join(_runs_table(runs))}
    semantic = list(final_verdicts(runs, "semantic").values())
    blocks["mutation-operators"] = "\n".join(
        [
            *_by(semantic, "operator", "operator"),
            "",
            _kill_line(semantic, "Semantic mutants, last verdict of each over the recorded semantic runs"),
        ]
        if semantic
        else ["No semantic run is recorded."]
    )
    harness = list(final_verdicts(runs, "harness").values())
    blocks["mutation-harness"] = "\n".join(
        [
            *_by(harness, "group", "module"),
            "",
            _kill_line(harness, "Harness meta-mutants, last verdict of each"),
        ]
        if harness
        else ["No harness run is recorded."]
    )
    return blocks
