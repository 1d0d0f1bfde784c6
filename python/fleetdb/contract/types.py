"""Type names as PostgreSQL prints them (``format_type``), so ``int`` and ``integer`` compare equal."""

from __future__ import annotations

import re

_ALIASES = {
    "int": "integer",
    "int4": "integer",
    "int8": "bigint",
    "int2": "smallint",
    "serial": "integer",
    "bigserial": "bigint",
    "bool": "boolean",
    "float8": "double precision",
    "float4": "real",
    "varchar": "character varying",
    "char": "character",
    "bpchar": "character",
    "decimal": "numeric",
    "timestamptz": "timestamp with time zone",
    "timestamp": "timestamp without time zone",
    "timetz": "time with time zone",
    "time": "time without time zone",
}
_SPLIT = re.compile(r"^([a-z_][a-z0-9_ .\"]*?)\s*(\(.*\))?\s*((?:\[\])*)$")


def normalize_type(name: str) -> str:
    """Lower case, single spaces, aliases resolved: ``VARCHAR(20)[]`` → ``character varying(20)[]``."""
    text = " ".join(name.strip().lower().split())
    match = _SPLIT.match(text)
    if not match:
        return text
    base, modifier, arrays = match.group(1), match.group(2) or "", match.group(3)
    if base in ("timestamptz", "timetz") and modifier:
        kind = "timestamp" if base == "timestamptz" else "time"
        return f"{kind}{modifier} with time zone{arrays}"
    return f"{_ALIASES.get(base, base)}{modifier.replace(' ', '')}{arrays}"
