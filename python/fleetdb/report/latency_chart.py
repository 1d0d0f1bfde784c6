"""Application latency over the online rehearsal as an SVG: p50, p99 and the slowest operation per time
bucket on a log scale, every sqitch step shaded where it ran (red outline: over budget), the windows
without a deploy named along the top, failed operations as red ticks along the bottom.

Written by hand rather than with a plotting library: the picture is a few lines and rectangles, and
matplotlib (with numpy) would be the largest dependency fleetdb has, for one chart.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from fleetdb.rehearsal.online_model import OK, OnlineReport, percentile

WIDTH, HEIGHT = 1000, 380
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 40, 56
PHASE_COLOURS = {"deploy": "#cfe8cf", "revert": "#f6dcc0", "redeploy": "#cfe0f3"}
LINES = (("p50", "#1f77b4", 0.50), ("p99", "#e6550d", 0.99))


def _buckets(report: OnlineReport, count: int) -> tuple[float, float, list[tuple[float, list[float]]]]:
    ops = report.operations
    start = min(op.scheduled for op in ops)
    end = max(op.ended for op in ops)
    size = max((end - start) / count, 0.25)
    buckets: dict[int, list[float]] = {}
    for op in ops:
        buckets.setdefault(int((op.scheduled - start) / size), []).append(op.latency * 1000)
    return start, end, [(start + (i + 0.5) * size, values) for i, values in sorted(buckets.items())]


def latency_svg(report: OnlineReport) -> str:
    if not report.operations:
        return _svg(['<text x="20" y="40">no operation was run</text>'])
    start, end, buckets = _buckets(report, 240)
    slowest = max(max(values) for _, values in buckets)
    top = 10 ** math.ceil(math.log10(max(slowest, report.budget.max_blocked * 1000, 10)))
    bottom = 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(t: float) -> float:
        return LEFT + (t - start) / max(end - start, 1e-9) * plot_w

    def y(ms: float) -> float:
        ms = min(max(ms, bottom), top)
        return (
            TOP
            + plot_h
            - (math.log10(ms) - math.log10(bottom)) / (math.log10(top) - math.log10(bottom)) * plot_h
        )

    parts: list[str] = []
    for number, step in enumerate(report.steps, 1):
        x0, x1 = x(step.start), max(x(step.end), x(step.start) + 1.5)
        outline = "" if step.ok else ' stroke="#d62728" stroke-width="1.5"'
        title = f"{number}. {step.phase} {step.change}: {step.seconds:.1f}s" + (
            "" if step.ok else " — over budget: " + "; ".join(step.over_budget)
        )
        parts.append(
            f'<rect x="{x0:.1f}" y="{TOP}" width="{x1 - x0:.1f}" height="{plot_h}" '
            f'fill="{PHASE_COLOURS.get(step.phase, "#eee")}"{outline}><title>{escape(title)}</title></rect>'
        )
        parts.append(
            f'<text x="{(x0 + x1) / 2:.1f}" y="{TOP - 4}" font-size="9" text-anchor="middle" '
            f'fill="{"#d62728" if not step.ok else "#555"}">{number}</text>'
        )
    for window in report.windows:
        parts.append(
            f'<text x="{(x(window.start) + x(window.end)) / 2:.1f}" y="{TOP + 12}" font-size="10" '
            f'text-anchor="middle" fill="#777">{escape(window.name)}</text>'
        )
    exponent = 0
    while 10**exponent <= top:
        value = 10**exponent
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end">'
            f"{_ms(value)}</text>"
        )
        exponent += 1
    budget = report.budget.max_blocked * 1000
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(budget):.1f}" y2="{y(budget):.1f}" '
        f'stroke="#d62728" stroke-dasharray="4 3"/>'
        f'<text x="{WIDTH - RIGHT - 2}" y="{y(budget) - 3:.1f}" font-size="10" text-anchor="end" '
        f'fill="#d62728">blocked budget {budget:.0f} ms</text>'
    )
    slow = " ".join(f"{x(t):.1f},{y(max(values)):.1f}" for t, values in buckets)
    parts.append(f'<polyline points="{slow}" fill="none" stroke="#999" stroke-width="0.8"/>')
    for _, colour, fraction in LINES:
        points = " ".join(f"{x(t):.1f},{y(percentile(values, fraction) or 0):.1f}" for t, values in buckets)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
    for op in report.operations:
        if op.outcome != OK:
            title = escape(f"{op.kind}: SQLSTATE {op.sqlstate}: {op.error}")
            parts.append(
                f'<line x1="{x(op.ended):.1f}" x2="{x(op.ended):.1f}" y1="{TOP + plot_h}" '
                f'y2="{TOP + plot_h - 10}" stroke="#d62728" stroke-width="1.5"><title>{title}</title></line>'
            )
    seconds = end - start
    tick = _tick(seconds)
    t = 0.0
    while t <= seconds:
        parts.append(
            f'<text x="{x(start + t):.1f}" y="{TOP + plot_h + 16}" font-size="11" '
            f'text-anchor="middle">{t:.0f}s</text>'
        )
        t += tick
    parts.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#888"/>')
    parts += _legend(TOP + plot_h + 36)
    parts.append(
        f'<text x="{LEFT}" y="16" font-size="13" font-weight="bold">Application latency during the online '
        f"rehearsal from {escape(report.from_tag)} ({len(report.operations):,} operations, "
        f"{report.sessions} sessions, {report.rate:g}/s offered)</text>"
    )
    return _svg(parts)


def _legend(row: float) -> list[str]:
    items = [(name, colour, "line") for name, colour, _ in LINES]
    items += [("slowest", "#999", "line"), ("failed operation", "#d62728", "tick")]
    items += [(phase, colour, "box") for phase, colour in PHASE_COLOURS.items()]
    items += [("over budget", "#d62728", "outline")]
    parts = []
    cursor = LEFT
    for name, colour, kind in items:
        box = f'<rect x="{cursor}" y="{row - 6}" width="18" height="10" '
        shape = {
            "line": f'<line x1="{cursor}" x2="{cursor + 18}" y1="{row}" y2="{row}" stroke="{colour}" ',
            "tick": f'<line x1="{cursor + 9}" x2="{cursor + 9}" y1="{row - 6}" y2="{row + 4}" ',
            "box": f'{box}fill="{colour}" ',
            "outline": f'{box}fill="none" stroke="{colour}" ',
        }[kind]
        if kind == "tick":
            shape += f'stroke="{colour}" '
        parts.append(shape + 'stroke-width="2"/>' if kind in ("line", "tick") else shape + "/>")
        parts.append(f'<text x="{cursor + 22}" y="{row + 4}" font-size="11">{escape(name)}</text>')
        cursor += 30 + 7 * len(name)
    return parts


def _tick(seconds: float) -> float:
    for step in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600):
        if seconds / step <= 12:
            return float(step)
    return 7200.0


def _ms(value: float) -> str:
    return f"{value / 1000:g} s" if value >= 1000 else f"{value:g} ms"


def _svg(parts: list[str]) -> str:
    body = "\n".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif">\n'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>\n{body}\n</svg>\n'
    )
