"""TAP version 13 with YAML diagnostics: the contract results in the format ``prove`` and every TAP
harness read. ``render_tap`` writes a stream of ``TapResult``s; the pytest plugin
``fleetdb.plugins.tap`` (``-p fleetdb.plugins.tap --tap FILE``) collects them from a test run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Characters a double-quoted scalar spells as escapes both YAML and TAP::Parser::YAMLish::Reader decode.
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]')
# A line a literal block ("|") keeps exactly: TAP::Parser ends the block at an empty line (its reader
# strips the indent and gets nothing), takes leading tabs as indentation and reads no escapes in it.
_BLOCK_LINE = re.compile(r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*\S$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class TapResult:
    description: str
    ok: bool
    diagnostics: Mapping[str, str] = field(default_factory=dict)
    skip: str | None = None


def _description(text: str) -> str:
    # A bare '#' would start a directive (SKIP/TODO); newlines would end the test line.
    text = _CONTROL.sub("\ufffd", " ".join(text.split()))
    return text.replace("\\", "\\\\").replace("#", "\\#")


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar on one line, whatever ``value`` holds."""
    return '"' + _SPECIAL.sub(lambda m: _ESCAPES.get(m[0]) or _escape(m[0]), value) + '"'


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _yaml_scalar(value: str) -> list[str]:
    lines = value.split("\n")
    if len(lines) > 1 and not lines[0][:1].isspace() and all(_BLOCK_LINE.match(line) for line in lines):
        return ["|", *(f"  {line}" for line in lines)]  # TAP::Parser reads "|", not "|-"
    return [_quoted(value)]


def _yaml(diagnostics: Mapping[str, str]) -> list[str]:
    lines = ["  ---"]
    for key, value in diagnostics.items():
        name = key if _PLAIN_KEY.match(key) else _quoted(key)
        first, *rest = _yaml_scalar(str(value))
        lines.append(f"  {name}: {first}")
        lines.extend(f"  {line}" for line in rest)
    lines.append("  ...")
    return lines


def render_tap(results: Iterable[TapResult]) -> str:
    results = list(results)
    lines = ["TAP version 13", f"1..{len(results)}"]
    for number, result in enumerate(results, start=1):
        status = "ok" if result.ok or result.skip is not None else "not ok"
        line = f"{status} {number} - {_description(result.description)}"
        if result.skip is not None:
            line += f" # SKIP {_description(result.skip)}"
        lines.append(line)
        if result.diagnostics and not result.ok:
            lines.extend(_yaml(result.diagnostics))
    return "\n".join(lines) + "\n"
