"""Functions: existence by name and argument types, return type, volatility, security, search_path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.core import CatalogSource, assertion, catalog, check, describe, fail, qualify
from fleetdb.contract.types import normalize_type


def signature(function: str, args: Sequence[str] | None) -> str:
    return function if args is None else f"{function}({', '.join(args)})"


def _matches(snap: CatalogSnapshot, function: str, args: Sequence[str] | None) -> list[Mapping[str, Any]]:
    schema, name = qualify(function)
    found = [obj for _, obj in snap.where("function", schema=schema, name=name)]
    if args is None:
        return found
    want = [normalize_type(arg) for arg in args]
    return [obj for obj in found if _arg_types(obj) == want]


def _arg_types(obj: Mapping[str, Any]) -> list[str]:
    text = str(obj["argument_types"])
    return [normalize_type(arg) for arg in text.split(", ")] if text else []


def _overloads(snap: CatalogSnapshot, function: str) -> list[str]:
    schema, name = qualify(function)
    return sorted(
        f"{name}({obj['argument_types']})" for _, obj in snap.where("function", schema=schema, name=name)
    )


def _one(source: CatalogSource, function: str, args: Sequence[str] | None, desc: str) -> Mapping[str, Any]:
    """The function the assertion is about; a missing or ambiguous one fails the assertion itself."""
    snap = catalog(source)
    found = _matches(snap, function, args)
    if len(found) == 1:
        return found[0]
    sig = signature(function, args)
    have = (
        f"overloads {_overloads(snap, function)}"
        if found or _overloads(snap, function)
        else "no such function"
    )
    want = f"function {sig}" if not found else f"one function {sig}: give the argument types"
    fail(f"function {sig}", desc, have, want)


@assertion
def has_function(
    source: CatalogSource, function: str, args: Sequence[str] | None = None, description: str | None = None
) -> None:
    snap = catalog(source)
    sig = signature(function, args)
    desc = describe(description, f"Function {sig} should exist")
    if not _matches(snap, function, args):
        fail(
            f"function {sig}",
            desc,
            f"overloads {_overloads(snap, function)}",
            f"function {sig}",
        )


@assertion
def hasnt_function(
    source: CatalogSource, function: str, args: Sequence[str] | None = None, description: str | None = None
) -> None:
    sig = signature(function, args)
    desc = describe(description, f"Function {sig} should not exist")
    if _matches(catalog(source), function, args):
        fail(
            f"function {sig}",
            desc,
            f"function {sig} exists",
            f"no function {sig}",
        )


@assertion
def function_returns(
    source: CatalogSource,
    function: str,
    args: Sequence[str] | None,
    returns: str,
    description: str | None = None,
) -> None:
    sig = signature(function, args)
    desc = describe(description, f"Function {sig} should return {returns}")
    obj = _one(source, function, args, desc)
    have = str(obj["returns"])
    check(normalize_type(have) == normalize_type(returns), f"function {sig}", desc, have, returns)


@assertion
def function_lang_is(
    source: CatalogSource,
    function: str,
    args: Sequence[str] | None,
    language: str,
    description: str | None = None,
) -> None:
    sig = signature(function, args)
    desc = describe(description, f"Function {sig} should be written in {language}")
    obj = _one(source, function, args, desc)
    check(obj["language"] == language, f"function {sig}", desc, obj["language"], language)


@assertion
def volatility_is(
    source: CatalogSource,
    function: str,
    args: Sequence[str] | None,
    volatility: str,
    description: str | None = None,
) -> None:
    sig = signature(function, args)
    want = volatility.lower()
    desc = describe(description, f"Function {sig} should be {want}")
    obj = _one(source, function, args, desc)
    check(obj["volatility"] == want, f"function {sig}", desc, obj["volatility"], want)


def _definer(source: CatalogSource, function: str, args: Sequence[str] | None, want: bool, desc: str) -> None:
    obj = _one(source, function, args, desc)
    label = {True: "SECURITY DEFINER", False: "SECURITY INVOKER"}
    sig = signature(function, args)
    check(
        obj["security_definer"] == want,
        f"function {sig}",
        desc,
        label[bool(obj["security_definer"])],
        label[want],
    )


@assertion
def is_definer(
    source: CatalogSource, function: str, args: Sequence[str] | None = None, description: str | None = None
) -> None:
    sig = signature(function, args)
    _definer(
        source, function, args, True, describe(description, f"Function {sig} should be security definer")
    )


@assertion
def isnt_definer(
    source: CatalogSource, function: str, args: Sequence[str] | None = None, description: str | None = None
) -> None:
    sig = signature(function, args)
    _definer(
        source, function, args, False, describe(description, f"Function {sig} should not be security definer")
    )


@assertion
def is_strict(
    source: CatalogSource, function: str, args: Sequence[str] | None = None, description: str | None = None
) -> None:
    sig = signature(function, args)
    desc = describe(description, f"Function {sig} should be strict")
    obj = _one(source, function, args, desc)
    check(bool(obj["strict"]), f"function {sig}", desc, "CALLED ON NULL INPUT", "STRICT")


@assertion
def function_search_path_is(
    source: CatalogSource,
    function: str,
    args: Sequence[str] | None,
    search_path: str | None,
    description: str | None = None,
) -> None:
    """The function's own ``SET search_path`` (``None``: it has none and runs with the caller's)."""
    sig = signature(function, args)
    desc = describe(description, f"Function {sig} should run with search_path {search_path}")
    obj = _one(source, function, args, desc)
    have = next((c.split("=", 1)[1] for c in obj["config"] or () if c.startswith("search_path=")), None)
    check(_path(have) == _path(search_path), f"function {sig}", desc, have, search_path)


def _path(path: str | None) -> str | None:
    return None if path is None else ", ".join(part.strip() for part in path.split(","))
