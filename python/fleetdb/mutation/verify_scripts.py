"""Verify-script mutants: every object and property a verify script claims to check, altered or removed
one at a time in a deployed database, must make that verify script fail.

A verify script claims what its ``shared.assert_*`` calls name (deploy/shared_assertions.sql): a table's
owner, comment, each column and its comment, no extra column; each constraint and its deferrability;
each index and its uniqueness; each trigger, enabled, calling its function; a function's owner, security,
search_path and closed EXECUTE; a role's exact privileges on a table; a schema's owner and comment. A
``DO`` block claims the definition of every constraint of the change it names: each semantic mutant of
that constraint must fail it. Each mutation runs in a transaction that is rolled back, so one database
serves every claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import psycopg
from pglast import ast, parse_sql
from psycopg import sql

from fleetdb.catalog.snapshot import CatalogSnapshot
from fleetdb.mutation.semantic import constraint_mutants
from fleetdb.project import Project

Verdict = Literal["detected", "missed", "not applied"]
_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")


@dataclass(frozen=True)
class Claim:
    change: str
    check: str  # the assertion and its object, e.g. "assert_grants(rental.rentals, fleetdb_app)"
    property: str  # what the mutation breaks, e.g. "column status"
    statements: tuple[str, ...]


@dataclass(frozen=True)
class ClaimResult:
    change: str
    check: str
    property: str
    verdict: Verdict
    detail: str


def _t(statement: sql.Composable) -> str:
    return statement.as_string(None)


def _q(name: str) -> sql.Identifier:
    return sql.Identifier(*name.split("."))


def _constant(node: Any) -> Any:
    if isinstance(node, ast.String):
        return node.sval
    if isinstance(node, ast.A_Const):
        value = node.val
        if isinstance(value, ast.String):
            return value.sval
        if isinstance(value, ast.Boolean):
            return bool(value.boolval)
        return None
    if isinstance(node, ast.A_ArrayExpr):
        return [_constant(e) for e in node.elements or ()]
    if isinstance(node, ast.TypeCast):
        return _constant(node.arg)
    return None


def _calls(script: str) -> Iterator[tuple[str, list[Any], dict[str, Any]]]:
    """The ``shared.assert_*`` calls of a verify script: name, positional and named arguments."""
    for raw in parse_sql(script):
        stmt: Any = raw.stmt
        if not isinstance(stmt, ast.SelectStmt):
            continue
        targets: tuple[Any, ...] = stmt.targetList or ()
        for target in targets:
            call: Any = target.val
            if not isinstance(call, ast.FuncCall):
                continue
            name = ".".join(s.sval for s in call.funcname or ())
            if not name.startswith("shared.assert_"):
                continue
            positional: list[Any] = []
            named: dict[str, Any] = {}
            for argument in call.args or ():
                if isinstance(argument, ast.NamedArgExpr):
                    named[str(argument.name)] = _constant(argument.arg)
                else:
                    positional.append(_constant(argument))
            yield name.removeprefix("shared."), positional, named


def _do_blocks(script: str) -> list[str]:
    blocks = []
    for raw in parse_sql(script):
        stmt: Any = raw.stmt
        if isinstance(stmt, ast.DoStmt):
            blocks += [str(_constant(arg.arg)) for arg in stmt.args or () if arg.defname == "as"]
    return blocks


def verify_statements(script: str) -> list[str]:
    """The script's statements without its BEGIN and ROLLBACK: they run inside the mutant's transaction."""
    statements = []
    for raw in parse_sql(script):
        if isinstance(raw.stmt, ast.TransactionStmt):
            continue
        start = int(raw.stmt_location or 0)
        end = start + int(raw.stmt_len) if raw.stmt_len else len(script)
        statements.append(script[start:end])
    return statements


def _table_claims(change: str, table: str, columns: list[str], is_view: bool) -> Iterator[Claim]:
    check = f"assert_table({table})"
    owner = sql.SQL("ALTER TABLE {} OWNER TO CURRENT_USER").format(_q(table))
    yield Claim(change, check, "owner", (_t(owner),))
    kind = sql.SQL("VIEW" if is_view else "TABLE")
    yield Claim(change, check, "comment", (_t(sql.SQL("COMMENT ON {} {} IS NULL").format(kind, _q(table))),))
    if not is_view:  # a view's columns come from its query: renaming one checks both directions
        extra = sql.SQL("ALTER TABLE {} ADD COLUMN fleetdb_mutant_extra integer").format(_q(table))
        yield Claim(change, check, "no extra column", (_t(extra),))
    for column in columns:
        name = column.split(" ", 1)[0]
        renamed = sql.SQL("ALTER TABLE {} RENAME COLUMN {} TO fleetdb_mutant_renamed").format(
            _q(table), sql.Identifier(name)
        )
        yield Claim(change, check, f"column {name}", (_t(renamed),))
        comment = sql.SQL("COMMENT ON COLUMN {} IS NULL").format(sql.Identifier(*table.split("."), name))
        yield Claim(change, check, f"comment of column {name}", (_t(comment),))


def _constraint_claims(
    change: str, table: str, names: list[str], deferred: list[str], snapshot: CatalogSnapshot
) -> Iterator[Claim]:
    check = f"assert_constraints({table})"
    for name in names:
        props = snapshot.get("constraint", f"{table}.{name}")
        if props is not None and props["type"] == "trigger":
            drop = sql.SQL("DROP TRIGGER {} ON {}").format(sql.Identifier(name), _q(table))
        else:
            drop = sql.SQL("ALTER TABLE {} DROP CONSTRAINT {} CASCADE").format(
                _q(table), sql.Identifier(name)
            )
        yield Claim(change, check, f"constraint {name}", (_t(drop),))
        if props is not None and props["type"] == "foreign key":
            words = "NOT DEFERRABLE" if name in deferred else "DEFERRABLE INITIALLY DEFERRED"
            flip = sql.SQL("ALTER TABLE {} ALTER CONSTRAINT {} " + words).format(
                _q(table), sql.Identifier(name)
            )
            yield Claim(change, check, f"deferrability of {name}", (_t(flip),))


def _index_claims(
    change: str, table: str, names: list[str], unique: list[str], snapshot: CatalogSnapshot
) -> Iterator[Claim]:
    check = f"assert_indexes({table})"
    schema = table.split(".")[0]
    for name in names:
        props = snapshot.get("index", f"{schema}.{name}")
        if props is not None and props["constraint_name"]:  # the index of a key: dropped with it
            drop = _t(
                sql.SQL("ALTER TABLE {} DROP CONSTRAINT {} CASCADE").format(_q(table), sql.Identifier(name))
            )
            yield Claim(change, check, f"index {name}", (drop,))
            continue
        drop = _t(sql.SQL("DROP INDEX {}").format(sql.Identifier(schema, name)))
        yield Claim(change, check, f"index {name}", (drop,))
        if props is not None and props["method"] == "btree":  # only btree indexes can be unique
            definition = str(props["definition"])
            flipped = (
                definition.replace("CREATE UNIQUE INDEX", "CREATE INDEX", 1)
                if name in unique
                else definition.replace("CREATE INDEX", "CREATE UNIQUE INDEX", 1)
            )
            yield Claim(change, check, f"uniqueness of {name}", (drop, flipped))


def _trigger_claims(change: str, table: str, triggers: list[str]) -> Iterator[Claim]:
    check = f"assert_triggers({table})"
    for entry in triggers:
        name = entry.split(":", 1)[0]
        drop = sql.SQL("DROP TRIGGER {} ON {}").format(sql.Identifier(name), _q(table))
        yield Claim(change, check, f"trigger {name}", (_t(drop),))
        disable = sql.SQL("ALTER TABLE {} DISABLE TRIGGER {}").format(_q(table), sql.Identifier(name))
        yield Claim(change, check, f"trigger {name} enabled", (_t(disable),))


def _function_claims(change: str, signature: str, definer: bool | None) -> Iterator[Claim]:
    """``definer`` None: the script computes it at run time (accepting either), so security is not claimed."""
    check = f"assert_function({signature})"
    function = sql.SQL(signature)  # a regprocedure literal from the script; ROUTINE: procedures too
    yield Claim(
        change, check, "owner", (_t(sql.SQL("ALTER ROUTINE {} OWNER TO CURRENT_USER").format(function)),)
    )
    if definer is not None:
        flipped = "SECURITY INVOKER" if definer else "SECURITY DEFINER"
        yield Claim(change, check, "security", (_t(sql.SQL("ALTER ROUTINE {} " + flipped).format(function)),))
    if definer:
        reset = sql.SQL("ALTER ROUTINE {} RESET search_path").format(function)
        yield Claim(change, check, "search_path", (_t(reset),))
    grant = sql.SQL("GRANT EXECUTE ON ROUTINE {} TO PUBLIC").format(function)
    yield Claim(change, check, "EXECUTE closed to PUBLIC", (_t(grant),))


def _grant_claims(change: str, table: str, role: str, privileges: str, column: str | None) -> Iterator[Claim]:
    check = f"assert_grants({table}, {role})"
    held = {p for p in privileges.split(",") if p}
    for privilege in _PRIVILEGES:
        verb = "REVOKE {} ON TABLE {} FROM {}" if privilege in held else "GRANT {} ON TABLE {} TO {}"
        statement = sql.SQL(verb).format(sql.SQL(privilege), _q(table), sql.Identifier(role))
        yield Claim(change, check, f"{'has' if privilege in held else 'lacks'} {privilege}", (_t(statement),))
        if column and privilege not in held and privilege in ("SELECT", "INSERT", "UPDATE", "REFERENCES"):
            widened = sql.SQL("GRANT {} ({}) ON TABLE {} TO {}").format(
                sql.SQL(privilege), sql.Identifier(column), _q(table), sql.Identifier(role)
            )
            yield Claim(change, check, f"lacks {privilege} on column {column}", (_t(widened),))


def _schema_claims(change: str, schema: str) -> Iterator[Claim]:
    check = f"assert_schema({schema})"
    s = sql.Identifier(schema)
    yield Claim(change, check, "owner", (_t(sql.SQL("ALTER SCHEMA {} OWNER TO CURRENT_USER").format(s)),))
    yield Claim(change, check, "comment", (_t(sql.SQL("COMMENT ON SCHEMA {} IS NULL").format(s)),))
    yield Claim(
        change,
        check,
        "app has no CREATE",
        (_t(sql.SQL("GRANT CREATE ON SCHEMA {} TO fleetdb_app").format(s)),),
    )
    yield Claim(
        change, check, "PUBLIC has no USAGE", (_t(sql.SQL("GRANT USAGE ON SCHEMA {} TO PUBLIC").format(s)),)
    )


def _do_block_claims(change: str, script: str, snapshot: CatalogSnapshot) -> Iterator[Claim]:
    """A DO block that names a constraint (and its table) claims that it exists; one that reads its
    definition (``pg_get_constraintdef``) claims the definition too: each semantic mutant of it must
    fail the script."""
    for block in _do_blocks(script):
        for key in sorted(snapshot.keys("constraint")):
            table, name = key.rsplit(".", 1)
            if not (re.search(rf"\b{re.escape(name)}\b", block) and table in block):
                continue
            props = snapshot.get("constraint", key) or {}
            drop = sql.SQL("ALTER TABLE {} DROP CONSTRAINT {} CASCADE").format(
                _q(table), sql.Identifier(name)
            )
            yield Claim(change, f"DO block on {name}", "exists", (_t(drop),))
            if "pg_get_constraintdef" in block and props.get("type") != "trigger":
                for mutant in constraint_mutants(snapshot, key):
                    claim = f"{mutant.operator}: {mutant.before} -> {mutant.after}"
                    yield Claim(change, f"DO block on {name}", claim, mutant.statements)


def verify_claims(project: Path, snapshot: CatalogSnapshot, every_column: bool = True) -> list[Claim]:
    """Every claim of every change's current verify script. ``every_column=False``: of the claims made
    once per column (its name, its comment), only the first column's: the sample ``make test`` runs."""
    claims: list[Claim] = []
    # A reworked change appears twice in the plan; its current verify script is the one that runs.
    for change in {c.name: c for c in Project.load(project).changes}.values():
        path = project / "verify" / f"{change.name}.sql"
        if not path.exists():
            continue
        script = path.read_text()
        for name, args, named in _calls(script):
            if args and str(args[0]).startswith("pg_temp."):
                continue  # the script's own probe, made by the script itself
            if not args or any(a is None for a in args):
                continue  # an argument computed at run time: its claim cannot be read from the text
            if name == "assert_table":
                relation = snapshot.get("relation", args[0]) or {}
                claims += _table_claims(change.name, args[0], args[1], relation.get("relkind") == "view")
            elif name == "assert_constraints":
                deferred = named.get("p_deferred", args[2] if len(args) > 2 else []) or []
                claims += _constraint_claims(change.name, args[0], args[1], deferred, snapshot)
            elif name == "assert_indexes":
                unique = named.get("p_unique", args[2] if len(args) > 2 else []) or []
                claims += _index_claims(change.name, args[0], args[1], unique, snapshot)
            elif name == "assert_triggers":
                claims += _trigger_claims(change.name, args[0], args[1])
            elif name == "assert_function":
                given = named.get("p_security_definer", args[1] if len(args) > 1 else False)
                computed = "p_security_definer" in named and given is None
                definer = None if computed else bool(given)
                claims += _function_claims(change.name, args[0], definer)
            elif name == "assert_grants":
                column = _first_column(snapshot, args[0])
                claims += _grant_claims(change.name, args[0], args[1], args[2], column)
            elif name == "assert_schema":
                claims += _schema_claims(change.name, args[0])
        claims += _do_block_claims(change.name, script, snapshot)
    if not every_column:
        claims = _first_column_only(claims)
    return claims


def _first_column_only(claims: list[Claim]) -> list[Claim]:
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for claim in claims:
        per_column = re.match(r"(column|comment of column) ", claim.property)
        if per_column:
            key = (claim.change, claim.check, per_column.group(1))
            if key in seen:
                continue
            seen.add(key)
        kept.append(claim)
    return kept


def _first_column(snapshot: CatalogSnapshot, table: str) -> str | None:
    columns = [(props["position"], key) for key, props in snapshot.where("column", relation=table)]
    return min(columns)[1].rsplit(".", 1)[-1] if columns else None


def check_claims(conn: psycopg.Connection[Any], project: Path, claims: list[Claim]) -> list[ClaimResult]:
    """Apply each claim's mutation and run its verify script, in a transaction rolled back after; the
    verify must raise. ``conn`` is a superuser's, on a deployed database with nothing else to do."""
    scripts: dict[str, str] = {}
    results = []
    for claim in claims:
        # One round trip for the whole script (no parameters: the simple query protocol runs them all).
        script = scripts.setdefault(
            claim.change,
            ";\n".join(verify_statements((project / "verify" / f"{claim.change}.sql").read_text())),
        )
        verdict: Verdict = "missed"
        detail = "the verify script still passes"
        with conn.transaction(force_rollback=True):
            try:
                with conn.transaction():
                    for statement in claim.statements:
                        conn.execute(statement.encode())
            except psycopg.Error as error:
                verdict, detail = "not applied", f"{error.sqlstate}: {str(error).splitlines()[0]}"
            else:
                try:
                    with conn.transaction():
                        conn.execute(script.encode())
                except psycopg.Error as error:
                    verdict, detail = "detected", str(error).splitlines()[0]
        results.append(ClaimResult(claim.change, claim.check, claim.property, verdict, detail))
    return results


def results_as_dicts(results: list[ClaimResult]) -> list[dict[str, Any]]:
    return [asdict(r) for r in results]
