"""Composition: how much of each panel is left empty, and how a job's lines end.

A panel is an element marked ``data-frame`` (a leaflet panel, a poster's middle band, a
schedule's list). Its empty share is the part of its height below the bottom of the last
text or image placed in it: a leaflet panel half empty looks unfinished to a designer
(issue 16: the sample must leave no panel more than ``MAX_EMPTY_SHARE`` empty).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.diagnostics import Diagnostic
from pipeline.render.boxes import Line, Placed, Rect
from pipeline.render.keep import hyphenated

MAX_EMPTY_SHARE = 0.35
"""The most of a panel's height that may stay empty below its content (issue 16 item 5;
a designer's judgement, not a printing standard)."""
UNMEASURED_FRAMES = frozenset({"footer", "funding", "sender", "rows"})
"""Frames left out: footers whose content sits at their foot by design (funding block,
sender line), and an attendance sheet's rows, which are room for handwriting."""


@dataclass(frozen=True)
class Panel:
    """One panel's composition: how much of its height is left empty.

    ``empty`` is the share (0–1) of ``height_mm`` left empty below its content, ``gap`` the
    largest share left empty between two of its elements (the text above it: ``above``).
    """

    page: int
    frame: str
    height_mm: float
    empty: float
    gap: float = 0.0
    above: str = ""


def panels(boxes: list[Placed], frame_rects: dict[tuple[int, str], Rect]) -> list[Panel]:
    """The empty share below the last element of every framed panel, and its largest gap.

    By page and frame; the gap is the largest empty band between elements (a panel whose
    last element is pinned to its foot can still be half empty in the middle).

    Frames with nothing placed in them and those of ``UNMEASURED_FRAMES`` are left out;
    a panel taller than its content by less than 0.1 mm counts as full.
    """
    placed: dict[tuple[int, str], list[Placed]] = {}
    for box in boxes:
        if box.frame is not None and not box.may_bleed:
            placed.setdefault((box.page, box.frame), []).append(box)
    found = []
    for (page, frame), rect in sorted(frame_rects.items()):
        inside = placed.get((page, frame))
        if frame in UNMEASURED_FRAMES or not inside or rect.height <= 0:
            continue
        gap, above, reached = 0.0, "", None
        for box in sorted(inside, key=lambda b: b.rect.y):
            if reached is not None and box.rect.y - reached.rect.bottom > gap:
                gap, above = box.rect.y - reached.rect.bottom, reached.text or reached.element
            if reached is None or box.rect.bottom > reached.rect.bottom:
                reached = box
        assert reached is not None
        below = max(0.0, rect.bottom - reached.rect.bottom)
        found.append(Panel(page, frame, rect.height, round(below / rect.height, 3),
                           round(gap / rect.height, 3), above.strip()))
    return found


SHORT_WORD = re.compile(r"(?:^|[\s\u00a0])([^\W\d_]{1,2})$")
"""A line that ends with a word of one or two letters (no punctuation after it)."""


def measures(lines: list[Line], boxes: list[Placed], frame_rects: dict[tuple[int, str], Rect],
             findings: list[Diagnostic]) -> dict[str, Any]:
    """The layout measures of a job's typography report (``typography.Typography`` fields).

    ``collisions``: the job's ``layout-ink-collision`` findings; ``short_word_line_ends``:
    lines ending with a one- or two-letter word; ``hyphenated_lines``: lines ending with a
    word broken by a hyphen (``render.keep.hyphenated``); ``empty_share``: each panel's
    empty share (``panels``), keyed ``frame`` (with `` p2`` after it from the second page
    on).
    """
    return {
        "collisions": sum(d.code == "layout-ink-collision" for d in findings),
        "short_word_line_ends": sum(bool(SHORT_WORD.search(line.text.rstrip()))
                                    for line in lines),
        "hyphenated_lines": sum(hyphenated(line) for line in lines),
        "empty_share": {p.frame + (f" p{p.page}" if p.page > 1 else ""): p.empty
                        for p in panels(boxes, frame_rects)},
    }
