"""Table-driven assertion tests: each case is (assertion, arguments after the source, keyword arguments,
fragments the failure text must contain — or ``None`` when the assertion must pass)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from fleetdb.contract import ContractFailure

Case = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any], Sequence[str] | None]


def case_id(case: Case) -> str:
    fn, args, _, fragments = case
    return f"{fn.__name__}-{'fails' if fragments else 'passes'}-{'-'.join(map(str, args))[:60]}"


def run_case(source: Any, case: Case) -> None:
    fn, args, kwargs, fragments = case
    if fragments is None:
        fn(source, *args, **kwargs)
        return
    with pytest.raises(ContractFailure) as info:
        fn(source, *args, **kwargs)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in failure text:\n{message}"
