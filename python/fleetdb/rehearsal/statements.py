"""The statements of a deploy script, the locks they take, and what to write instead when one of them
made the application wait.

When an application statement waits on the deploy, ``pg_stat_activity`` shows what the deploy runs at
that moment, not the statement that took the lock (a script can lock a table and go on to something
slow). ``culprit`` finds, in the change's script, the first statement that takes a lock on the waited-on
table in a mode that conflicts with what the application asked for. Statements are recognised by
their leading keywords: enough to name the kind of DDL and its table, not a parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# pg_locks' mode names, weakest first, and the modes each one conflicts with (PostgreSQL's table of
# conflicting lock modes, "Explicit Locking").
MODES = (
    "AccessShareLock",
    "RowShareLock",
    "RowExclusiveLock",
    "ShareUpdateExclusiveLock",
    "ShareLock",
    "ShareRowExclusiveLock",
    "ExclusiveLock",
    "AccessExclusiveLock",
)
_CONFLICTS = {
    "AccessShareLock": {"AccessExclusiveLock"},
    "RowShareLock": {"ExclusiveLock", "AccessExclusiveLock"},
    "RowExclusiveLock": {"ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"},
    "ShareUpdateExclusiveLock": set(MODES[3:]),
    "ShareLock": {"RowExclusiveLock", *MODES[3:4], *MODES[5:]},
    "ShareRowExclusiveLock": set(MODES[2:]),
    "ExclusiveLock": set(MODES[1:]),
    "AccessExclusiveLock": set(MODES),
}


def conflicts(requested: str, held: str) -> bool:
    return held in _CONFLICTS.get(requested, set(MODES))


# -- splitting a script ---------------------------------------------------------------------------------
_TOKEN = re.compile(
    r"""(?P<dollar>\$(?P<tag>[A-Za-z_][A-Za-z0-9_]*)?\$)   # $$ or $tag$ opens a dollar-quoted string
      | (?P<line>--[^\n]*)                                   # a comment to the end of the line
      | (?P<block>/\*.*?\*/)                                 # a block comment
      | (?P<quote>'(?:[^']|'')*')                            # a string literal
      | (?P<ident>"(?:[^"]|"")*")                            # a quoted identifier
      | (?P<end>;)""",
    re.VERBOSE | re.DOTALL,
)
_META = re.compile(r"^[ \t]*\\.*$", re.MULTILINE)  # psql meta-commands (\set, \ir, \gexec) are not SQL


def split_statements(script: str) -> list[str]:
    """The SQL statements of a psql script, comments and meta-commands left out, each on one line."""
    text = _META.sub("", script)
    statements: list[str] = []
    current: list[str] = []
    position = 0
    while True:
        match = _TOKEN.search(text, position)
        if match is None:
            current.append(text[position:])
            break
        current.append(text[position : match.start()])
        if match["dollar"]:
            close = text.find(match["dollar"], match.end())
            close = len(text) if close < 0 else close + len(match["dollar"])
            current.append(text[match.start() : close])
            position = close
            continue
        if match["end"]:
            statements.append("".join(current))
            current = []
        elif match["quote"] or match["ident"]:
            current.append(match[0])
        position = match.end()
    statements.append("".join(current))
    return [" ".join(s.split()) for s in statements if s.strip()]


# -- what a statement locks -----------------------------------------------------------------------------
_NAME = r'((?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)(?:\.(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*))?)'
_INDEX = re.compile(
    rf"^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?P<concurrently>CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?"
    rf"(?:{_NAME}\s+)?ON\s+(?:ONLY\s+)?(?P<table>{_NAME})",
    re.IGNORECASE,
)
_ALTER = re.compile(
    rf"^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?P<table>{_NAME})\s+(?P<rest>.*)$", re.IGNORECASE
)
_LOCK = re.compile(
    rf"^LOCK\s+(?:TABLE\s+)?(?:ONLY\s+)?(?P<tables>{_NAME}(?:\s*,\s*{_NAME})*)"
    r"(?:\s+IN\s+(?P<mode>[A-Z ]+?)\s+MODE)?",
    re.IGNORECASE,
)
_WRITE = re.compile(
    rf"^(?:UPDATE\s+(?:ONLY\s+)?|DELETE\s+FROM\s+(?:ONLY\s+)?|INSERT\s+INTO\s+)(?P<table>{_NAME})",
    re.IGNORECASE,
)
_TRIGGER = re.compile(
    rf"^CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+.*?\sON\s+(?P<table>{_NAME})", re.IGNORECASE
)
_WHOLE = re.compile(
    rf"^(?:TRUNCATE|DROP\s+TABLE|VACUUM\s+FULL|CLUSTER)\s+(?:TABLE\s+)?(?:IF\s+EXISTS\s+)?(?P<table>{_NAME})",
    re.IGNORECASE,
)
# Defaults that are evaluated per row: ADD COLUMN with one of these rewrites the table.
_VOLATILE = re.compile(
    r"\b(clock_timestamp|random|gen_random_uuid|uuid_generate_v4|uuid_v7|nextval|timeofday)\s*\(",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ScriptStatement:
    text: str
    kind: str  # "create index", "add constraint", "add column", "alter column type", "validate", "lock",
    # "write", "trigger", "rewrite", "alter table", "other"
    tables: tuple[str, ...]
    mode: str | None  # the table lock it takes; None when unknown (a CALL, a DO block)


def read_statement(text: str) -> ScriptStatement:
    if match := _INDEX.match(text):
        mode = "ShareUpdateExclusiveLock" if match["concurrently"] else "ShareLock"
        return ScriptStatement(text, "create index", (match["table"],), mode)
    if match := _ALTER.match(text):
        return _alter(text, match["table"], match["rest"])
    if match := _LOCK.match(text):
        tables = tuple(t.strip() for t in match["tables"].split(","))
        mode = "".join(word.capitalize() for word in (match["mode"] or "ACCESS EXCLUSIVE").split()) + "Lock"
        return ScriptStatement(text, "lock", tables, mode if mode in MODES else "AccessExclusiveLock")
    if match := _WRITE.match(text):
        return ScriptStatement(text, "write", (match["table"],), "RowExclusiveLock")
    if match := _TRIGGER.match(text):
        return ScriptStatement(text, "trigger", (match["table"],), "ShareRowExclusiveLock")
    if match := _WHOLE.match(text):
        return ScriptStatement(text, "rewrite", (match["table"],), "AccessExclusiveLock")
    return ScriptStatement(text, "other", (), None)


def _alter(text: str, table: str, rest: str) -> ScriptStatement:
    upper = rest.upper()
    if re.fullmatch(r"VALIDATE\s+CONSTRAINT\s+\S+", upper.strip()):
        return ScriptStatement(text, "validate", (table,), "ShareUpdateExclusiveLock")
    if re.search(r"\bADD\s+(?:COLUMN\s+)?(?!CONSTRAINT\b)", upper) and re.search(r"\bDEFAULT\b", upper):
        kind = "add column" if _VOLATILE.search(rest) else "alter table"
        return ScriptStatement(text, kind, (table,), "AccessExclusiveLock")
    if re.search(r"\bALTER\s+(?:COLUMN\s+)?\S+\s+(?:SET\s+DATA\s+)?TYPE\b", upper):
        return ScriptStatement(text, "alter column type", (table,), "AccessExclusiveLock")
    constraint = r"\bADD\s+(?:CONSTRAINT\s+\S+\s+)?(?:CHECK|FOREIGN\s+KEY|UNIQUE|PRIMARY\s+KEY|EXCLUDE)\b"
    validated = "NOT VALID" not in upper or re.search(r"\b(UNIQUE|PRIMARY\s+KEY|EXCLUDE)\b", upper)
    if re.search(constraint, upper) and validated:
        return ScriptStatement(text, "add constraint", (table,), "AccessExclusiveLock")
    return ScriptStatement(text, "alter table", (table,), "AccessExclusiveLock")


def locked_tables(script: str) -> set[str]:
    """The schema-qualified tables the statements of ``script`` lock, as regclass prints them (a
    table named without its schema is left out: its schema depends on the search_path)."""
    found = set()
    for statement in map(read_statement, split_statements(script)):
        if statement.mode is None:
            continue
        for table in statement.tables:
            name = table.replace('"', "")
            if "." in name:
                found.add(name.lower() if table == name else name)
    return found


def _same_table(name: str, obj: str) -> bool:
    """``name`` as a script writes it and ``obj`` as regclass prints it: equal, or equal without the
    schema when either leaves it out."""
    a, b = name.replace('"', "").lower(), obj.replace('"', "").lower()
    if "." in a and "." in b:
        return a == b
    return a.split(".")[-1] == b.split(".")[-1]


def culprit(script: str, obj: str, requested: str) -> ScriptStatement | None:
    """The first statement of ``script`` that locks ``obj`` in a mode conflicting with ``requested``;
    failing that, the first statement that names it (a CALL of a helper, say)."""
    statements = [read_statement(text) for text in split_statements(script)]
    for statement in statements:
        locks = statement.mode and any(_same_table(t, obj) for t in statement.tables)
        if locks and (not requested or conflicts(requested, str(statement.mode))):
            return statement
    short = obj.split(".")[-1].lower()
    for statement in statements:
        if statement.kind not in ("write",) and short in statement.text.lower():
            return statement
    return None


# -- what to do instead ---------------------------------------------------------------------------------
HINTS = {
    "create index": (
        "build the index with CREATE INDEX CONCURRENTLY in a change of its own whose deploy script has no "
        "BEGIN/COMMIT (sqitch then runs it outside a transaction): writes go on while it builds"
    ),
    "add constraint": (
        "add the constraint NOT VALID (a moment of lock, no scan), then ALTER TABLE … VALIDATE CONSTRAINT "
        "in a later statement: the scan runs under SHARE UPDATE EXCLUSIVE and reads and writes go on"
    ),
    "add column": (
        "add the column without a volatile default (no default, or a constant one: neither rewrites the "
        "table), fill it in batches of a few thousand rows per transaction, then SET DEFAULT for new rows"
    ),
    "alter column type": (
        "expand and contract: add a column of the new type, fill it in batches, move readers and writers "
        "to it, drop the old column in a later release"
    ),
    "rewrite": "do not rewrite a table that holds rows while the application runs: copy in batches instead",
    "lock": (
        "hold the lock for less: do the work that needs no lock first (a backfill in batches), then lock "
        "only to catch up the rows written meanwhile, with SET lock_timeout and a retry"
    ),
    "write": (
        "batch the backfill: a few thousand rows per transaction (by key range), each committed, so no "
        "row stays locked for long"
    ),
    "deadlock": (
        "take one table per transaction (a deploy with no BEGIN/COMMIT, one statement or CALL per table): "
        "a deadlock needs a transaction that holds one table while it waits for another, and an "
        "application statement locks the tables in its own order (its row first, then the tables its "
        "foreign keys and triggers read)"
    ),
}
LOCK_TIMEOUT_HINT = (
    "SET lock_timeout (e.g. '1s') at the top of the script and deploy again when it times out: a deploy "
    "that waits for a strong lock makes every later statement on the table queue behind it"
)


def hint_for(statement: ScriptStatement | None, rewritten: bool, queued: bool) -> str:
    """What to write instead of ``statement``; ``rewritten``: the step rewrote the table it locked;
    ``queued``: the deploy itself waited for its lock, with the application queued behind it."""
    parts: list[str] = []
    kind = statement.kind if statement else ("rewrite" if rewritten else None)
    if kind == "alter table" and rewritten:
        kind = "add column"
    if kind in HINTS:
        parts.append(HINTS[kind])
    if queued or not parts:
        parts.append(LOCK_TIMEOUT_HINT)
    return "; ".join(parts)
