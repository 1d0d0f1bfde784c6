"""Every link between the repository's pages resolves: a relative link names a file that exists, and
its ``#anchor`` (or a page's own ``#anchor``) names a heading of that page, spelled as GitHub spells
heading anchors. A heading renamed or a page moved fails here, not in a reader's browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PAGES = sorted(
    path.relative_to(REPO).as_posix()
    for path in [REPO / "README.md", *(REPO / "docs").rglob("*.md"), *(REPO / "examples").rglob("*.md")]
)
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(number, line) outside fenced code blocks."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            yield number, line


def anchor(heading: str) -> str:
    """GitHub's anchor of a heading: markup dropped, lower case, punctuation gone, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"<[^>]+>", "", text).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for _, line in _lines(page.read_text()):
        match = _HEADING.match(line)
        if not match:
            continue
        slug = anchor(match[1])
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def links(page: Path) -> Iterator[tuple[int, str]]:
    for number, line in _lines(page.read_text()):
        for match in _LINK.finditer(re.sub(r"`[^`]*`", "", line)):
            target = match[1]
            if not re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, mailto: … are not ours to check
                yield number, target


def test_the_anchor_is_githubs() -> None:
    assert anchor("Bookings vs maintenance (RENT-MAINTENANCE-EXCLUSION)") == (
        "bookings-vs-maintenance-rent-maintenance-exclusion"
    )
    assert anchor("`fleet.vehicle_guards`: guard rows") == "fleetvehicle_guards-guard-rows"
    assert anchor("Rules that read other rows hold at every isolation level") == (
        "rules-that-read-other-rows-hold-at-every-isolation-level"
    )


@pytest.mark.parametrize("page", PAGES)
def test_every_link_of_a_page_resolves(page: str) -> None:
    source = REPO / page
    broken = []
    for number, target in links(source):
        path, _, fragment = target.partition("#")
        destination = (source.parent / path).resolve() if path else source
        if not destination.exists():
            broken.append(f"{page}:{number}: {target}: no such file")
        elif fragment and destination.suffix == ".md" and fragment not in anchors(destination):
            broken.append(f"{page}:{number}: {target}: no heading with that anchor")
    assert broken == [], "\n".join(broken)
