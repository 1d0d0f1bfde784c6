"""Table-driven assertion tests: each case is (assertion, arguments after the source, keyword arguments,
fragments the failure text must contain — or ``None`` when the assertion must pass)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from fleetdb.contract import ContractFailure
from fleetdb.contract.core import record_assertions

Case = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any], Sequence[str] | None]


def case_id(case: Case) -> str:
    fn, args, _, fragments = case
    return f"{fn.__name__}-{'fails' if fragments else 'passes'}-{'-'.join(map(str, args))[:60]}"


def run_case(source: Any, case: Case) -> None:
    """Run the case, and check that it counts as one assertion (one TAP line) described in words."""
    fn, args, kwargs, fragments = case
    if fragments is None:
        with record_assertions() as outcomes:
            fn(source, *args, **kwargs)
        assert [o.ok for o in outcomes] == [True]
        assert outcomes[0].description != fn.__name__, "a passing assertion must say what it checked"
        return
    with record_assertions() as outcomes, pytest.raises(ContractFailure) as info:
        fn(source, *args, **kwargs)
    assert [(o.ok, o.description) for o in outcomes] == [(False, info.value.description)]
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in failure text:\n{message}"
