"""How figures are taken: medians of repeats, measured side by side."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed_ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def median_ms(action: Callable[[], object], repeats: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        action()
    return statistics.median(timed_ms(action) for _ in range(repeats))


def interleaved_medians(
    first: Callable[[int], object], second: Callable[[int], object], rounds: int
) -> tuple[float, float]:
    """Median per-round time of two actions run alternately, so drift in machine load hits both alike."""
    a: list[float] = []
    b: list[float] = []
    for round_no in range(rounds):
        a.append(timed_ms(lambda r=round_no: first(r)))  # type: ignore[misc]
        b.append(timed_ms(lambda r=round_no: second(r)))  # type: ignore[misc]
    return statistics.median(a), statistics.median(b)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
