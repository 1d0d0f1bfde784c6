"""Mutation operators over a parsed SQL statement (pglast's AST of PostgreSQL's own parser).

``edits(root)`` walks the statement and yields every single-site edit an operator can make: where (a path
from the root), which operator, the site before and after, and the node that replaces it. ``apply``
puts one edit in place and deparses the statement; the tree is restored afterwards, so one parse serves
all of a statement's mutants.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pglast import ast
from pglast.enums import A_Expr_Kind, BoolExprType, LockClauseStrength
from pglast.stream import RawStream

Path = tuple[str | int, ...]

# Each relational operator and the near miss a programmer writes instead.
_FLIPS = {
    "<": "<=",
    "<=": "<",
    ">": ">=",
    ">=": ">",
    "=": "<>",
    "<>": "=",
    "&&": "@>",
    "@>": "&&",
    "<@": "&&",
}
_FLIPPED_KINDS = (A_Expr_Kind.AEXPR_OP, A_Expr_Kind.AEXPR_OP_ANY, A_Expr_Kind.AEXPR_OP_ALL)
# FOR UPDATE -> FOR SHARE -> none; FOR NO KEY UPDATE -> FOR KEY SHARE -> none.
_WEAKER_LOCK = {
    LockClauseStrength.LCS_FORUPDATE: LockClauseStrength.LCS_FORSHARE,
    LockClauseStrength.LCS_FORNOKEYUPDATE: LockClauseStrength.LCS_FORKEYSHARE,
}
_LOCK_WORDS = {
    LockClauseStrength.LCS_FORUPDATE: "FOR UPDATE",
    LockClauseStrength.LCS_FORNOKEYUPDATE: "FOR NO KEY UPDATE",
    LockClauseStrength.LCS_FORSHARE: "FOR SHARE",
    LockClauseStrength.LCS_FORKEYSHARE: "FOR KEY SHARE",
}
_BOUND_SWAP = {"lower": "upper", "upper": "lower"}

FLIP = "flip relational operator"
DROP_CONJUNCT = "drop conjunct"
DROP_DISJUNCT = "drop disjunct"
DROP_NOT = "drop negation"
DROP_ELEMENT = "drop list element"
NEGATE_IN = "negate IN"
WEAKEN_LOCK = "weaken lock"
CONSTANT = "constant by one"
SWAP_BOUND = "swap range bound"
SWAP_INSERT_COLUMNS = "swap insert columns"


@dataclass(frozen=True)
class Edit:
    path: Path
    operator: str
    before: str
    after: str
    replacement: Any


def deparse(node: Any) -> str:
    return str(RawStream()(node))


def snippet(node: Any) -> str:
    text = " ".join(deparse(node).split())
    return text if len(text) <= 160 else text[:157] + "..."


def walk(node: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every AST node under ``node`` with its path (attribute names and tuple indexes)."""
    if isinstance(node, tuple):
        for index, item in enumerate(node):
            yield from walk(item, (*path, index))
        return
    if not isinstance(node, ast.Node):
        return
    yield path, node
    cls: Any = type(node)
    for name in cls.__slots__:
        yield from walk(getattr(node, name), (*path, name))


def get(root: Any, path: Path) -> Any:
    for step in path:
        root = root[step] if isinstance(step, int) else getattr(root, step)
    return root


def _put(obj: Any, path: Path, new: Any) -> Any:
    if not path:
        return new
    step, rest = path[0], path[1:]
    if isinstance(obj, tuple):
        assert isinstance(step, int)
        items = list(obj)
        items[step] = _put(obj[step], rest, new)
        return tuple(items)
    assert isinstance(step, str)
    setattr(obj, step, _put(getattr(obj, step), rest, new))
    return obj


def apply(root: Any, edit: Edit) -> str:
    """The statement with ``edit`` in place, deparsed; ``root`` is left as it was."""
    original = get(root, edit.path)
    _put(root, edit.path, edit.replacement)
    try:
        return deparse(root)
    finally:
        _put(root, edit.path, original)


def _edit(path: Path, operator: str, node: Any, replacement: Any) -> Edit:
    return Edit(path, operator, snippet(node), snippet(replacement), replacement)


def with_changes(node: Any, **changes: Any) -> Any:
    clone = copy.deepcopy(node)
    for name, value in changes.items():
        setattr(clone, name, value)
    return clone


def edits(root: Any, insert_column_types: dict[str, dict[str, str]] | None = None) -> Iterator[Edit]:
    """Every single-site edit of the operators above. ``insert_column_types``: table -> column -> type,
    for swapping two same-typed values of an INSERT (only asked for in trigger functions)."""
    for path, node in walk(root):
        yield from _node_edits(path, node, bool(path) and path[-1] == "limitCount")
        if insert_column_types is not None and isinstance(node, ast.InsertStmt):
            yield from _insert_swaps(path, node, insert_column_types)


def _node_edits(path: Path, node: Any, in_limit: bool) -> Iterator[Edit]:
    if isinstance(node, ast.A_Expr):
        yield from _a_expr_edits(path, node)
    elif isinstance(node, ast.BoolExpr):
        yield from _bool_edits(path, node)
    elif isinstance(node, ast.A_ArrayExpr) and node.elements and len(node.elements) >= 2:
        for index in range(len(node.elements)):
            kept = node.elements[:index] + node.elements[index + 1 :]
            yield _edit(path, DROP_ELEMENT, node, with_changes(node, elements=kept))
    elif isinstance(node, ast.SelectStmt) and node.lockingClause:
        for index, clause in enumerate(node.lockingClause):
            weaker = _WEAKER_LOCK.get(clause.strength)
            words = _LOCK_WORDS.get(clause.strength, "lock")
            if weaker is not None:
                yield Edit((*path, "lockingClause", index), WEAKEN_LOCK, words, _LOCK_WORDS[weaker],
                           with_changes(clause, strength=weaker))  # fmt: skip
            kept = node.lockingClause[:index] + node.lockingClause[index + 1 :]
            yield Edit((*path, "lockingClause"), WEAKEN_LOCK, words, "no lock", kept or None)
    elif isinstance(node, ast.A_Const) and isinstance(node.val, ast.Integer):
        value = int(node.val.ival or 0)
        # LIMIT n+1 under SELECT INTO reads the same first row: only the smaller limit is a mutant.
        for changed in (value - 1,) if in_limit else (value - 1, value + 1):
            yield _edit(path, CONSTANT, node, with_changes(node, val=ast.Integer(ival=changed)))
    elif isinstance(node, ast.FuncCall) and node.funcname:
        name = node.funcname[-1].sval
        if name in _BOUND_SWAP and len(node.args or ()) == 1:
            swapped = (*node.funcname[:-1], ast.String(sval=_BOUND_SWAP[name]))
            yield _edit(path, SWAP_BOUND, node, with_changes(node, funcname=swapped))


def _a_expr_edits(path: Path, node: Any) -> Iterator[Edit]:
    op = node.name[-1].sval if node.name else None
    if node.kind in _FLIPPED_KINDS and op in _FLIPS:
        name = (*node.name[:-1], ast.String(sval=_FLIPS[op]))
        yield _edit(path, FLIP, node, with_changes(node, name=name))
    elif node.kind in (A_Expr_Kind.AEXPR_DISTINCT, A_Expr_Kind.AEXPR_NOT_DISTINCT):
        other = (
            A_Expr_Kind.AEXPR_NOT_DISTINCT
            if node.kind == A_Expr_Kind.AEXPR_DISTINCT
            else A_Expr_Kind.AEXPR_DISTINCT
        )
        yield _edit(path, FLIP, node, with_changes(node, kind=other))
    elif node.kind == A_Expr_Kind.AEXPR_IN and isinstance(node.rexpr, tuple):
        negated = (ast.String(sval="<>" if op == "=" else "="),)
        yield _edit(path, NEGATE_IN, node, with_changes(node, name=negated))
        if len(node.rexpr) >= 2:
            for index in range(len(node.rexpr)):
                kept = node.rexpr[:index] + node.rexpr[index + 1 :]
                yield _edit(path, DROP_ELEMENT, node, with_changes(node, rexpr=kept))


def _bool_edits(path: Path, node: Any) -> Iterator[Edit]:
    args: tuple[Any, ...] = node.args or ()
    if node.boolop == BoolExprType.NOT_EXPR:
        yield _edit(path, DROP_NOT, node, copy.deepcopy(args[0]))
        return
    operator = DROP_CONJUNCT if node.boolop == BoolExprType.AND_EXPR else DROP_DISJUNCT
    for index in range(len(args)):
        kept = args[:index] + args[index + 1 :]
        replacement = copy.deepcopy(kept[0]) if len(kept) == 1 else with_changes(node, args=kept)
        yield Edit(path, operator, snippet(args[index]), f"(without it) {snippet(replacement)}", replacement)


def _insert_swaps(path: Path, node: Any, types: dict[str, dict[str, str]]) -> Iterator[Edit]:
    select = node.selectStmt
    if not (node.cols and isinstance(select, ast.SelectStmt) and select.valuesLists):
        return
    table = f"{node.relation.schemaname}.{node.relation.relname}"
    columns = [target.name for target in node.cols]
    column_types = [types.get(table, {}).get(name) for name in columns]
    for row_index, row in enumerate(select.valuesLists):
        for i in range(len(columns)):
            for j in range(i + 1, len(columns)):
                if column_types[i] is None or column_types[i] != column_types[j] or j >= len(row):
                    continue
                swapped = list(row)
                swapped[i], swapped[j] = row[j], row[i]
                row_path: Path = (*path, "selectStmt", "valuesLists", row_index)
                yield Edit(row_path, SWAP_INSERT_COLUMNS, f"{columns[i]} <-> {columns[j]}",
                           f"{columns[i]} = {snippet(row[j])}, {columns[j]} = {snippet(row[i])}",
                           tuple(swapped))  # fmt: skip
