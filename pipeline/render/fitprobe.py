"""Measuring copies of a copyfitting frame: what a laid-out copy shows, and line balance.

``render/copyfit.py`` lays out copies of a frame at candidate sizes (each a ``Variant``, one
page of a measuring document); ``measure`` reads one copy's overflow and its fitted
elements' lines from the placed boxes (``render/boxes.py``), and ``partition`` finds the
most even lines for words measured ``unbroken``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from pipeline.render.boxes import Placed, Rect
from pipeline.render.fitscan import Fit, Frame
from pipeline.render.fitted import element_lines

TOLERANCE_MM = 0.1
"""Overflow below this is rounding in the layout engine (as in the layout inspection)."""
Variant = tuple[dict[str, float], dict[str, str]]
"""One copy of a frame: size (pt) by element, and replaced content (HTML) by element."""


@dataclass
class Probe:
    """One copy of a frame as laid out: its overflow and its fitted elements' lines."""

    overflow: float
    lines: dict[str, list[tuple[float, str]]]
    """Each fitted element's lines: length (mm) and text."""
    runs: dict[str, list[tuple[float, float]]]
    """Each fitted element's runs of text on its first line: left and right edge (mm)."""
    heights: dict[str, float]
    widths: dict[str, float]

    @property
    def fits(self) -> bool:
        """Nothing overflows the frame beyond ``TOLERANCE_MM``."""
        return self.overflow <= TOLERANCE_MM


def words_of(frame: Frame, fit: Fit) -> str:
    """The content of the fitted element ``fit`` of ``frame``, white space collapsed."""
    return re.sub(r"[ \t\r\n]+", " ", frame.html[fit.inner[0]:fit.inner[1]]).strip()


def unbroken(words: list[str]) -> str:
    """``words`` on one line that cannot break, each in a span of its own (measured apart)."""
    return ('<span style="white-space: nowrap">' + " ".join(f"<span>{w}</span>" for w in words)
            + "</span>")


def apart(frame: Frame) -> dict[str, str]:
    """``unbroken`` content of each element of ``frame`` that balancing could break again.

    Those of several words and no markup.
    """
    found = {}
    for fit in frame.fits:
        raw = words_of(frame, fit)
        if "<" not in raw and " " in raw:
            found[fit.element] = unbroken(raw.split(" "))
    return found


def measure(boxes: list[Placed], rect: Rect | None, blocks: dict[str, Rect],
             frame: Frame) -> Probe:
    """A copy of ``frame`` as laid out on one page (``boxes``: those of the frame)."""
    overflow = 0.0 if rect is not None else float("inf")
    if rect is not None:
        for box in boxes:
            overflow = max(overflow, box.rect.bottom - rect.bottom, box.rect.right - rect.right,
                           rect.y - box.rect.y, rect.x - box.rect.x)
    lines, heights, widths, first = {}, {}, {}, {}
    for fit in frame.fits:
        runs = [b for b in boxes if b.kind == "text" and b.element == fit.element]
        lines[fit.element] = element_lines(runs, frame.name, fit.element)[1]
        top = min((r.rect.y for r in runs), default=0.0)
        first[fit.element] = sorted((r.rect.x, r.rect.right) for r in runs
                                    if abs(r.rect.y - top) < 0.01)
        if runs:
            heights[fit.element] = max(r.rect.bottom for r in runs) - min(r.rect.y for r in runs)
        if fit.element in blocks:
            widths[fit.element] = blocks[fit.element].width
    return Probe(overflow, lines, first, heights, widths)


def partition(words: list[tuple[float, float]], count: int,
               room: float) -> tuple[float, list[tuple[int, int]]] | None:
    """The most even way to set ``words`` in ``count`` lines no wider than ``room``.

    ``words``: where each word starts and ends (mm) on one unbroken line. Its balance
    (shortest / longest line) and the (first, end) word of each line; ``None`` when no way
    fits.
    """
    best: tuple[float, list[tuple[int, int]]] | None = None
    for cuts in combinations(range(1, len(words)), count - 1):
        edges = list(zip((0, *cuts), (*cuts, len(words)), strict=True))
        widths = [words[b - 1][1] - words[a][0] for a, b in edges]
        if max(widths) <= room:
            score = min(widths) / max(widths)
            if best is None or score > best[0]:
                best = (score, edges)
    return best

