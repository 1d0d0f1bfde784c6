"""Semantic mutants: every enforcing object of ``catalog.toml`` kept, and weakened at one site.

Definitions come from the deployed catalog (the snapshot: ``pg_get_functiondef``, ``pg_get_constraintdef``,
``pg_get_triggerdef``, ``pg_get_indexdef``), are parsed with pglast (PostgreSQL's own parser, for SQL and
PL/pgSQL), changed by one operator at one site (``sql_operators`` and the object-level operators here),
deparsed, and applied to a clone: ``CREATE OR REPLACE FUNCTION``, a constraint dropped and re-added, a
trigger or index dropped and re-created, a grant widened, ``SET search_path`` reset. A trigger's function
is enforcing too, whether or not the catalog names it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pglast import ast, parse_sql
from psycopg import sql

from fleetdb.catalog.snapshot import CatalogSnapshot
from fleetdb.invariants.model import EnforcingObject, Invariant
from fleetdb.mutation import sql_operators as ops
from fleetdb.mutation.model import Mutant
from fleetdb.mutation.plpgsql import Segment, identity, plpgsql_segments, splice, sql_segments
from fleetdb.mutation.removal import find_object

FLIP_DEFERRABLE = "flip deferrable"
NARROW_FOREIGN_KEY = "narrow foreign key"
NARROW_KEY = "narrow key"
FLIP_EXCLUSION_OPERATOR = "flip exclusion operator"
DROP_NORMALISATION = "drop normalisation"
DROP_TRIGGER_EVENT = "drop trigger event"
DROP_UPDATE_OF_COLUMN = "drop UPDATE OF column"
WIDEN_GRANT_PRIVILEGE = "widen grant by a privilege"
WIDEN_GRANT_COLUMN = "widen grant by a column"
DROP_SEARCH_PATH = "drop SET search_path"

# Table privileges a hostile application role could use. REFERENCES is left out: the role cannot create a
# table to point a foreign key from, so granting it changes nothing it can do.
_WIDENED_PRIVILEGES = {"a": "INSERT", "w": "UPDATE", "d": "DELETE", "D": "TRUNCATE", "t": "TRIGGER"}
_COLUMN_PRIVILEGES = ("INSERT", "UPDATE")
_TRIGGER_EVENTS = {4: "INSERT", 8: "DELETE", 16: "UPDATE", 32: "TRUNCATE"}
# An exclusion operator must be commutative: && becomes = (only identical periods conflict).
_EXCLUSION_FLIPS = {"&&": "=", "=": "<>"}


@dataclass
class _Object:
    kind: str
    key: str
    props: Mapping[str, Any]
    invariants: list[str] = field(default_factory=list)

    @property
    def target(self) -> str:
        return f"{self.kind} {self.key}"


def _enforcing_objects(catalog: Iterable[Invariant], snapshot: CatalogSnapshot) -> list[_Object]:
    """Each deployed enforcing object once, with every invariant it enforces; a trigger brings its
    function."""
    found: dict[tuple[str, str], _Object] = {}

    def add(kind: str, key: str, props: Mapping[str, Any], invariant: str) -> None:
        obj = found.setdefault((kind, key), _Object(kind, key, props))
        if invariant not in obj.invariants:
            obj.invariants.append(invariant)

    for invariant in catalog:
        for entry in invariant.enforced_by:
            if entry.kind == "privilege":
                continue
            kind = entry.kind
            located = find_object(snapshot, kind, entry)
            if located is None:
                continue  # the removal mutant reports it
            key, props = located
            if kind == "constraint" and props.get("type") == "trigger":
                trigger = find_object(
                    snapshot, "trigger", EnforcingObject("trigger", entry.name, entry.table)
                )
                if trigger is None:
                    continue
                kind, (key, props) = "trigger", trigger
            add(kind, key, props, invariant.id)
            if kind == "trigger":
                function = snapshot.get("function", f"{props['function']}()")
                if function is not None:
                    add("function", f"{props['function']}()", function, invariant.id)
    return list(found.values())


def _mutant(obj: _Object, edit: ops.Edit, *statements: str) -> Mutant:
    where = obj.key
    return Mutant(
        obj.invariants[0],
        obj.target,
        edit.operator,
        f"{edit.operator} in {where}: {edit.before} -> {edit.after}",
        statements,
        edit.before,
        edit.after,
        tuple(obj.invariants[1:]),
    )


def _text(statement: sql.Composable) -> str:
    return statement.as_string(None)


def _qualified(name: str) -> sql.Identifier:
    return sql.Identifier(*name.split("."))


# ---------------------------------------------------------------- functions


def _column_types(snapshot: CatalogSnapshot) -> dict[str, dict[str, str]]:
    types: dict[str, dict[str, str]] = {}
    for key, props in snapshot.of_kind("column").items():
        types.setdefault(str(props["relation"]), {})[key.rsplit(".", 1)[-1]] = str(props["type"])
    return types


def function_segments(props: Mapping[str, Any]) -> list[Segment]:
    body, definition = str(props["body"]), str(props["definition"])
    if props["language"] == "plpgsql":
        return plpgsql_segments(definition, body)
    if props["language"] == "sql":
        return sql_segments(body)
    return []


def _function_mutants(obj: _Object, column_types: dict[str, dict[str, str]]) -> Iterator[Mutant]:
    props = obj.props
    body, definition = str(props["body"]), str(props["definition"])
    at = definition.index(body)
    # Swapping two values of an INSERT is a mistake made in the trigger functions that write events.
    types = column_types if props["returns"] == "trigger" else None
    for segment in function_segments(props):
        root = segment.tree()
        unchanged = identity(segment)
        for edit in ops.edits(root, types):
            mutated = segment.rebuild(ops.apply(root, edit))
            if mutated == unchanged:
                continue
            new_body = splice(body, segment, mutated)
            yield _mutant(obj, edit, definition[:at] + new_body + definition[at + len(body) :])
    if any(str(setting).startswith("search_path=") for setting in props.get("config") or ()):
        signature = sql.SQL("{}({})").format(
            sql.Identifier(props["schema"], props["name"]), sql.SQL(props["argument_types"])
        )
        reset = _text(sql.SQL("ALTER FUNCTION {} RESET search_path").format(signature))
        setting = next(s for s in props["config"] if str(s).startswith("search_path="))
        yield _mutant(
            obj, ops.Edit((), DROP_SEARCH_PATH, f"SET {setting}", "(default search_path)", None), reset
        )


# ---------------------------------------------------------------- constraints


def _unique_column_sets(snapshot: CatalogSnapshot, table: str) -> set[tuple[str, ...]]:
    return {
        tuple(props["columns"] or ())
        for _, props in snapshot.where("constraint", table=table)
        if props["type"] in ("primary key", "unique")
    }


def _constraint_edits(
    constraint: Any, props: Mapping[str, Any], snapshot: CatalogSnapshot
) -> Iterator[ops.Edit]:
    path: ops.Path = ("cmds", 0, "def_")
    kind = props["type"]
    if kind in ("primary key", "unique", "foreign key", "exclusion"):
        deferred = not constraint.deferrable
        words = "DEFERRABLE INITIALLY DEFERRED" if deferred else "NOT DEFERRABLE"
        before = "NOT DEFERRABLE" if deferred else "DEFERRABLE"
        flipped = ops.with_changes(constraint, deferrable=deferred, initdeferred=deferred)
        yield ops.Edit(path, FLIP_DEFERRABLE, before, words, flipped)
    if kind == "foreign key" and len(constraint.fk_attrs or ()) >= 2:
        referenced = _unique_column_sets(snapshot, str(props["references"]))
        for index in range(len(constraint.fk_attrs)):
            fk = constraint.fk_attrs[:index] + constraint.fk_attrs[index + 1 :]
            pk = constraint.pk_attrs[:index] + constraint.pk_attrs[index + 1 :]
            if tuple(s.sval for s in pk) not in referenced:
                continue  # no key to point at: PostgreSQL would refuse it
            narrowed = ops.with_changes(constraint, fk_attrs=fk, pk_attrs=pk)
            dropped = f"{constraint.fk_attrs[index].sval} -> {constraint.pk_attrs[index].sval}"
            yield ops.Edit(path, NARROW_FOREIGN_KEY, dropped, "(column pair removed)", narrowed)
    if kind in ("primary key", "unique") and len(constraint.keys or ()) >= 2:
        for index in range(len(constraint.keys)):
            keys = constraint.keys[:index] + constraint.keys[index + 1 :]
            yield ops.Edit(path, NARROW_KEY, constraint.keys[index].sval, "(key column removed)",
                           ops.with_changes(constraint, keys=keys))  # fmt: skip
    if kind == "exclusion":
        for index, (element, operator) in enumerate(constraint.exclusions or ()):
            flipped_op = _EXCLUSION_FLIPS.get(operator[-1].sval)
            if flipped_op is None:
                continue
            pairs = list(constraint.exclusions)
            pairs[index] = (element, (ast.String(sval=flipped_op),))
            before, after = f"{element.name} WITH {operator[-1].sval}", f"{element.name} WITH {flipped_op}"
            flipped = ops.with_changes(constraint, exclusions=tuple(pairs))
            yield ops.Edit(path, FLIP_EXCLUSION_OPERATOR, before, after, flipped)


def _constraint_mutants(obj: _Object, snapshot: CatalogSnapshot) -> Iterator[Mutant]:
    props = obj.props
    table, name = str(props["table"]), str(props["name"])
    add = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(_qualified(table), sql.Identifier(name))
    root: Any = parse_sql(_text(add) + str(props["definition"]))[0].stmt
    constraint = root.cmds[0].def_
    if props["type"] in ("check", "foreign key"):
        # NOT VALID: the clone's rows are not re-checked; every new row is, which is what scenarios test.
        constraint.skip_validation, constraint.initially_valid = True, False
    drop = _text(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(_qualified(table), sql.Identifier(name)))
    unchanged = ops.deparse(root)
    for edit in [*ops.edits(root), *_constraint_edits(constraint, props, snapshot)]:
        mutated = ops.apply(root, edit)
        if mutated != unchanged:
            yield _mutant(obj, edit, drop, mutated)


# ---------------------------------------------------------------- indexes and triggers


def _index_mutants(obj: _Object) -> Iterator[Mutant]:
    root: Any = parse_sql(str(obj.props["definition"]))[0].stmt
    drop = _text(sql.SQL("DROP INDEX {}").format(_qualified(obj.key)))
    # lower() and upper() of text are both a case-folding: no bound swap in an index.
    edits = [edit for edit in ops.edits(root) if edit.operator != ops.SWAP_BOUND]
    params = root.indexParams or ()
    for index, element in enumerate(params):
        if len(params) >= 2:
            kept = params[:index] + params[index + 1 :]
            edits.append(
                ops.Edit(("indexParams",), NARROW_KEY, ops.snippet(element), "(key column removed)", kept)
            )
        call: Any = element.expr
        arguments: tuple[Any, ...] = tuple(call.args or ()) if isinstance(call, ast.FuncCall) else ()
        if len(arguments) == 1:
            argument = arguments[0]
            plain = ops.with_changes(element, expr=argument)
            if isinstance(argument, ast.ColumnRef):
                fields: Any = argument.fields
                plain = ops.with_changes(element, expr=None, name=fields[-1].sval)
            edits.append(ops.Edit(("indexParams", index), DROP_NORMALISATION, ops.snippet(element.expr),
                                  ops.snippet(argument), plain))  # fmt: skip
    unchanged = ops.deparse(root)
    for edit in edits:
        mutated = ops.apply(root, edit)
        if mutated != unchanged:
            yield _mutant(obj, edit, drop, mutated)


def _trigger_edits(root: Any) -> Iterator[ops.Edit]:
    events = [bit for bit in _TRIGGER_EVENTS if root.events & bit]
    if len(events) >= 2:
        for bit in events:
            yield ops.Edit(
                ("events",), DROP_TRIGGER_EVENT, _TRIGGER_EVENTS[bit], "(event removed)", root.events & ~bit
            )
    columns = root.columns or ()
    if len(columns) >= 2:
        for index in range(len(columns)):
            kept = columns[:index] + columns[index + 1 :]
            yield ops.Edit(("columns",), DROP_UPDATE_OF_COLUMN, columns[index].sval, "(column removed)", kept)
    if root.isconstraint:
        deferred = not root.deferrable
        words = "DEFERRABLE INITIALLY DEFERRED" if deferred else "NOT DEFERRABLE"
        before = "NOT DEFERRABLE" if deferred else "DEFERRABLE"
        yield ops.Edit(("deferrable",), FLIP_DEFERRABLE, before, words, deferred)


def _trigger_mutants(obj: _Object) -> Iterator[Mutant]:
    props = obj.props
    root: Any = parse_sql(str(props["definition"]))[0].stmt
    drop = _text(
        sql.SQL("DROP TRIGGER {} ON {}").format(sql.Identifier(props["name"]), _qualified(props["table"]))
    )
    unchanged = ops.deparse(root)
    for edit in [*ops.edits(root), *_trigger_edits(root)]:
        if edit.operator == FLIP_DEFERRABLE:
            # deferrable and initially deferred move together
            original = (root.deferrable, root.initdeferred)
            root.deferrable = root.initdeferred = bool(edit.replacement)
            mutated = ops.deparse(root)
            root.deferrable, root.initdeferred = original
        else:
            mutated = ops.apply(root, edit)
        if mutated != unchanged:
            yield _mutant(obj, edit, drop, mutated)


# ---------------------------------------------------------------- grants


def _grant_mutants(
    catalog: list[Invariant], snapshot: CatalogSnapshot, objects: list[_Object]
) -> Iterator[Mutant]:
    """Each table an invariant's objects sit on, and each role the catalog forbids privileges to: one
    more privilege on the table, or one more column of a privilege the role lacks."""
    tables: dict[str, list[str]] = {}
    roles: set[str] = set()
    forbidden: set[tuple[str, str, str]] = set()

    def enforce(table: str, invariant: str) -> None:
        ids = tables.setdefault(table, [])
        if invariant not in ids:
            ids.append(invariant)

    for obj in objects:
        if obj.kind != "function" and obj.props.get("table"):
            for invariant_id in obj.invariants:
                enforce(str(obj.props["table"]), invariant_id)
    for invariant in catalog:
        for entry in invariant.enforced_by:
            if entry.kind == "privilege" and entry.table and entry.role and entry.privilege:
                roles.add(entry.role)
                forbidden.add((entry.table, entry.role, entry.privilege.upper()))
                if "." in entry.table and "(" not in entry.table:
                    enforce(entry.table, invariant.id)
    columns = _columns_by_table(snapshot)
    for table, invariants in sorted(tables.items()):
        relation = snapshot.get("relation", table)
        if relation is None:
            continue
        obj = _Object("relation", table, relation, invariants)
        for role in sorted(roles):
            held = _held(relation.get("acl") or (), role)
            for letter, privilege in _WIDENED_PRIVILEGES.items():
                if letter in held or (table, role, privilege) in forbidden:
                    continue  # held already, or a removal mutant grants it
                grant = sql.SQL("GRANT {} ON TABLE {} TO {}").format(
                    sql.SQL(privilege), _qualified(table), sql.Identifier(role)
                )
                before, after = f"{role}: no {privilege}", f"GRANT {privilege} TO {role}"
                edit = ops.Edit((), WIDEN_GRANT_PRIVILEGE, before, after, None)
                yield _mutant(obj, edit, _text(grant))
            for privilege in _COLUMN_PRIVILEGES:
                letter = {"INSERT": "a", "UPDATE": "w"}[privilege]
                if letter in held:
                    continue
                column = next(
                    (c for c, acl in columns.get(table, []) if letter not in _held(acl, role)), None
                )
                if column is None:
                    continue
                grant = sql.SQL("GRANT {} ({}) ON TABLE {} TO {}").format(
                    sql.SQL(privilege), sql.Identifier(column), _qualified(table), sql.Identifier(role)
                )
                before, after = (
                    f"{role}: no {privilege} ({column})",
                    f"GRANT {privilege} ({column}) TO {role}",
                )
                edit = ops.Edit((), WIDEN_GRANT_COLUMN, before, after, None)
                yield _mutant(obj, edit, _text(grant))


def _held(acl: Iterable[str], role: str) -> str:
    """The privilege letters ``role`` holds in an ACL (``role=arw/owner`` items)."""
    letters = ""
    for item in acl:
        grantee, _, rest = str(item).partition("=")
        if grantee == role:
            letters += rest.split("/", 1)[0]
    return letters


def _columns_by_table(snapshot: CatalogSnapshot) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    columns: dict[str, list[tuple[int, str, tuple[str, ...]]]] = {}
    for key, props in snapshot.of_kind("column").items():
        columns.setdefault(str(props["relation"]), []).append(
            (int(props["position"]), key.rsplit(".", 1)[-1], tuple(props.get("acl") or ()))
        )
    return {table: [(name, acl) for _, name, acl in sorted(cols)] for table, cols in columns.items()}


# ---------------------------------------------------------------- all of them


def semantic_mutants(catalog: list[Invariant], snapshot: CatalogSnapshot) -> list[Mutant]:
    """Every semantic mutant of every enforcing object, in catalog order; ``snapshot`` needs the kinds
    relation, column, constraint, index, trigger and function."""
    objects = _enforcing_objects(catalog, snapshot)
    column_types = _column_types(snapshot)
    mutants: list[Mutant] = []
    for obj in objects:
        if obj.kind == "function":
            mutants += _function_mutants(obj, column_types)
        elif obj.kind == "constraint":
            mutants += _constraint_mutants(obj, snapshot)
        elif obj.kind == "index":
            mutants += _index_mutants(obj)
        elif obj.kind == "trigger":
            mutants += _trigger_mutants(obj)
    mutants += _grant_mutants(catalog, snapshot, objects)
    unique: dict[tuple[str, ...], Mutant] = {}
    for mutant in mutants:
        unique.setdefault(mutant.statements, mutant)  # two sites can deparse to one change
    return list(unique.values())


def constraint_mutants(snapshot: CatalogSnapshot, key: str) -> list[Mutant]:
    """The semantic mutants of one deployed constraint (the verify-script mutants use them)."""
    props = snapshot.get("constraint", key)
    if props is None or props["type"] == "trigger":
        return []
    return list(_constraint_mutants(_Object("constraint", key, props, ["-"]), snapshot))
