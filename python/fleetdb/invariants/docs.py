"""``docs/db/invariants.md``, generated from ``catalog.toml``: what the database guarantees and how."""

from __future__ import annotations

from pathlib import Path

from fleetdb.invariants.catalog import Invariant

DOC_PATH = Path("docs/db/invariants.md")
_MODULE_ORDER = ["iam", "fleet", "rental", "maintenance", "accounting", "integration"]


def render_invariants_doc(catalog: list[Invariant]) -> str:
    modules = sorted({inv.module for inv in catalog}, key=lambda m: [*_MODULE_ORDER, m].index(m))
    lines = [
        "# Invariants",
        "",
        "<!-- Generated from python/fleetdb/invariants/catalog.toml by `fleetdb invariants-doc`;"
        " do not edit. -->",
        "",
        "What the database guarantees, and the objects that enforce each rule. Every invariant has",
        'scenarios in `tests/` tagged `@pytest.mark.invariant("ID")`; `fleetdb mutate` removes each',
        "enforcing object in turn and checks that a tagged scenario fails. The test report",
        "(`reports/invariants.md`) shows the results of the last run.",
        "",
        f"{len(catalog)} invariants in {len(modules)} modules.",
    ]
    for module in modules:
        lines += ["", f"## {module}", "", "| id | statement | enforced by |", "|---|---|---|"]
        for inv in (i for i in catalog if i.module == module):
            objects = "<br>".join(f"{obj.describe()}" for obj in inv.enforced_by) or "—"
            lines.append(f"| `{inv.id}` | {inv.statement} | {objects} |")
    return "\n".join(lines) + "\n"
